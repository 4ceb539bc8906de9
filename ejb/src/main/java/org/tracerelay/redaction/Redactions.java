package org.tracerelay.redaction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.tracerelay.crypto.Pseudonyms;
import org.tracerelay.task.TaskEnvelope;

/** Redacts tasks for one destination with the rules in force for each task's tenant. */
@ApplicationScoped
public class Redactions {

    @Inject
    RedactionPolicies policies;

    @Inject
    Pseudonyms pseudonyms;

    /** One batch's redaction: the rules are read once per tenant in the batch. */
    public Batch forBatch(String destination) {
        return new Batch(destination);
    }

    /** What a destination would receive under the given rules (the preview), for the tenant. */
    public Redacted preview(String tenant, RedactionRules rules, TaskEnvelope task) {
        return new Redactor(rules, v -> pseudonyms.of(tenant, v)).apply(task);
    }

    public final class Batch {
        private final String destination;
        private final Map<String, Redactor> byTenant = new HashMap<>();

        private Batch(String destination) {
            this.destination = destination;
        }

        public String destination() {
            return destination;
        }

        public Redacted apply(String tenant, TaskEnvelope task) {
            Redactor redactor = byTenant.computeIfAbsent(tenant == null ? "" : tenant, t ->
                    new Redactor(policies.inForce(tenant, destination), v -> pseudonyms.of(tenant, v)));
            return redactor.apply(task);
        }
    }
}
