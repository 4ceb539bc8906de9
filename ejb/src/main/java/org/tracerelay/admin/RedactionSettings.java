package org.tracerelay.admin;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import org.tracerelay.domain.redaction.RedactionRuleSet;
import org.tracerelay.export.registry.DeploymentDestinations;
import org.tracerelay.export.registry.Providers;
import org.tracerelay.json.Jsonp;
import org.tracerelay.outbox.RouteKey;
import org.tracerelay.redaction.Redacted;
import org.tracerelay.redaction.RedactionPolicies;
import org.tracerelay.redaction.RedactionRules;
import org.tracerelay.redaction.Redactions;
import org.tracerelay.redaction.StoredTasks;
import org.tracerelay.refusal.Refusal;
import org.tracerelay.task.EnvelopeValidator;
import org.tracerelay.task.TaskEnvelope;

/**
 * A tenant's redaction rules: per destination (an app's provider, {@code provider/app_id}, or the
 * enterprise collector) and the tenant default, and the preview of what a destination would receive.
 */
@Stateless
public class RedactionSettings {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Inject
    Apps apps;

    @Inject
    Providers registry;

    @Inject
    DeploymentDestinations deploymentWide;

    @Inject
    RedactionPolicies policies;

    @Inject
    Redactions redactions;

    @Inject
    StoredTasks stored;

    /** The destination's own rules (null when it has none) and the rules in force for it. */
    public JsonObject read(String tenant, String destination) {
        String key = destinationOf(tenant, destination);
        Optional<RedactionRules> own = policies.stored(tenant, key);
        JsonObjectBuilder out = Jsonp.createObjectBuilder().add("destination", destination);
        own.ifPresentOrElse(r -> out.add("rules", r.toJson()), () -> out.addNull("rules"));
        if (!RedactionRuleSet.TENANT_DEFAULT.equals(key)) {
            Optional<RedactionRules> fallback = own.isPresent() ? own : policies.stored(tenant, RedactionRuleSet.TENANT_DEFAULT);
            out.add("in_force", fallback.map(RedactionRules::toJson).orElse(RedactionRules.NONE.toJson()))
                    .add("source", own.isPresent() ? "destination" : fallback.isPresent() ? "tenant_default" : "none");
        }
        return out.build();
    }

    public JsonObject write(String tenant, String destination, JsonObject rules) {
        String key = destinationOf(tenant, destination);
        policies.store(tenant, key, RedactionRules.read(rules));
        em.flush();
        return read(tenant, destination);
    }

    public void delete(String tenant, String destination) {
        if (!policies.remove(tenant, destinationOf(tenant, destination))) {
            throw new Refusal(404, "redaction_rules_not_found", "No redaction rules for " + destination + ".");
        }
    }

    /**
     * What the destination would receive: {@code task} (a task as intake takes it) or {@code task_id}
     * (a stored task of the tenant), under {@code rules} when given, else the rules in force. Nothing is exported.
     */
    public JsonObject preview(String tenant, String destination, JsonObject body) {
        String key = destinationOf(tenant, destination);
        RedactionRules rules = body.get("rules") instanceof JsonObject submitted ? RedactionRules.read(submitted)
                : policies.inForce(tenant, key);
        TaskEnvelope task = previewTask(tenant, body);
        Redacted r = redactions.preview(tenant, rules, task);
        var counts = Jsonp.createObjectBuilder();
        r.report().counts().forEach(counts::add);
        return Jsonp.createObjectBuilder().add("destination", destination).add("task", r.task().toJson())
                .add("redacted", Jsonp.createObjectBuilder().add("count", r.report().total()).add("rules", counts)).build();
    }

    private TaskEnvelope previewTask(String tenant, JsonObject body) {
        JsonValue pasted = body.get("task");
        if (pasted != null) {
            EnvelopeValidator.Result r = new EnvelopeValidator().validate(pasted, "task", "00000000-0000-4000-8000-000000000000");
            if (!r.violations().isEmpty()) {
                throw new Refusal(400, "invalid_trace_task", "The task to preview is not valid.", r.violations());
            }
            return r.envelope().withTenant(tenant);
        }
        String taskId = body.getString("task_id", null);
        if (taskId == null) {
            throw new Refusal(400, "invalid_preview", "Give a task or a task_id to preview.");
        }
        return stored.find(tenant, taskId)
                .orElseThrow(() -> new Refusal(404, "trace_task_not_found", "No stored task " + taskId + "."));
    }

    /** The stored key of a destination the tenant may set rules for: its own apps' providers, the collector, or its default. */
    private String destinationOf(String tenant, String destination) {
        if (destination == null || destination.isBlank()) {
            throw new Refusal(400, "invalid_destination", "Name a destination: provider/app_id, enterprise or default.");
        }
        if (destination.equals("default")) {
            return RedactionRuleSet.TENANT_DEFAULT;
        }
        if (deploymentWide.names(destination)) {
            return destination;
        }
        RouteKey route = RouteKey.parse(destination);
        if (!route.ofApp() || !registry.isKnown(route.provider())) {
            throw new Refusal(400, "invalid_destination", "Unknown destination " + destination + ".");
        }
        apps.find(tenant, route.appId());
        return route.value();
    }
}
