package org.tracerelay.export.http;

import java.nio.charset.StandardCharsets;
import org.tracerelay.export.ExportOutcome;

/**
 * The answer of MLflow's REST API to {@code experiments/get}, which MLflow and Databricks (its
 * hosted form) both serve: the credential check of either provider reads it the same way.
 */
public final class ExperimentCheck {

    private ExperimentCheck() {
    }

    /** @param backend the name the admin sees in the detail, e.g. "MLflow" */
    public static ExportOutcome outcome(ExportHttp.Reply reply, String backend, String experimentId) {
        if (reply.ok()) {
            return ExportOutcome.delivered();
        }
        if (reply.status() == 401 || reply.status() == 403) {
            return ExportOutcome.dead("invalid_credentials", backend + " answered " + reply.status());
        }
        if (reply.status() == 404 || names(reply, "RESOURCE_DOES_NOT_EXIST")) {
            return ExportOutcome.dead("experiment_not_found", backend + " has no experiment " + experimentId);
        }
        return HttpOutcomes.vendor(reply.status(), reply.retryAfter());
    }

    /** Whether MLflow's error body names this error code (a cut body is not read). */
    public static boolean names(ExportHttp.Reply reply, String errorCode) {
        return reply.wholeBody().map(b -> new String(b, StandardCharsets.UTF_8).contains("\"" + errorCode + "\"")).orElse(false);
    }
}
