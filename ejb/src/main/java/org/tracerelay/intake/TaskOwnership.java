package org.tracerelay.intake;

import java.util.List;
import org.tracerelay.refusal.Violation;
import org.tracerelay.task.TaskEnvelope;

/**
 * Whose a task is, the rule REST and JMS share: a tenant's task is its token's tenant's, and a
 * deployment's task is the tenant it names, one of those its token lists; either way an app it
 * names must be that tenant's. A task that breaks it refuses the whole request or message.
 */
final class TaskOwnership {

    /** Whether {@code tenant} owns the app {@code appId} (as the caller read the apps). */
    @FunctionalInterface
    interface AppOwners {
        boolean owns(String tenant, String appId);
    }

    private TaskOwnership() {
    }

    /** The tenant the producer's task is written for, or null when it may not say (see {@link #check}). */
    static String tenantOf(Producer producer, TaskEnvelope task) {
        if (producer.isDeployment()) {
            return producer.mayWriteFor(task.tenantId()) ? task.tenantId() : null;
        }
        return task.tenantId() == null || task.tenantId().equals(producer.tenant()) ? producer.tenant() : null;
    }

    /** Why the producer may not send this task (the item at {@code path}), or null when it may. */
    static Violation check(Producer producer, TaskEnvelope task, String path, AppOwners owners) {
        String tenant = tenantOf(producer, task);
        if (tenant == null) {
            return new Violation(path + ".tenant_id", !producer.isDeployment() ? "does not match the producer token's tenant"
                    : task.tenantId() == null ? "is required: a deployment's task names its tenant (tenant_id, or app_id tenant-<tenant_id>)"
                    : "is not one of the tenants the deployment token lists");
        }
        if (task.appId() != null && !owners.owns(tenant, task.appId())) {
            return new Violation(path + ".app_id", "no such app for this tenant");
        }
        return null;
    }

    /** The tasks of a message stamped with their tenants, or the reasons it is refused added to {@code violations}. */
    static List<TaskEnvelope> stamped(Producer producer, List<TaskEnvelope> tasks, AppOwners owners, List<Violation> violations) {
        List<TaskEnvelope> stamped = new java.util.ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            TaskEnvelope task = tasks.get(i);
            Violation v = check(producer, task, "items[" + i + "]", owners);
            if (v != null) {
                violations.add(v);
            } else {
                stamped.add(task.withTenant(tenantOf(producer, task)));
            }
        }
        return stamped;
    }
}
