package org.tracerelay.export.enterprise;

import java.util.List;
import org.tracerelay.task.Fields;

/** The three token counters with their shared label set (§6.1); only positive counts are added. */
final class Tokens {

    private Tokens() {
    }

    /** @param nodeType set only for operation_type node_execution, where it is a label */
    static void add(List<Measurement> out, String tenant, String app, String operationType, String provider,
                    String model, String nodeType, Long total, Long input, Long output) {
        add(out, Instrument.TOKENS_TOTAL, total, tenant, app, operationType, provider, model, nodeType);
        add(out, Instrument.TOKENS_INPUT, input, tenant, app, operationType, provider, model, nodeType);
        add(out, Instrument.TOKENS_OUTPUT, output, tenant, app, operationType, provider, model, nodeType);
    }

    private static void add(List<Measurement> out, Instrument instrument, Long value, String tenant, String app,
                            String operationType, String provider, String model, String nodeType) {
        if (!Fields.positive(value)) {
            return;
        }
        if (nodeType != null) {
            out.add(Measurement.of(instrument, value, "tenant_id", tenant, "app_id", app, "operation_type",
                    operationType, "model_provider", provider, "model_name", model, "node_type", nodeType));
        } else {
            out.add(Measurement.of(instrument, value, "tenant_id", tenant, "app_id", app, "operation_type",
                    operationType, "model_provider", provider, "model_name", model));
        }
    }
}
