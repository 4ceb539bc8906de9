package org.tracerelay.export.enterprise;

import jakarta.json.JsonObject;
import org.tracerelay.task.Fields;
import org.tracerelay.task.TaskEnvelope;

/**
 * Tenant and app of a task. The tenant the relay stamped on the task (from the caller's token
 * or the app's owner) wins over whatever the payload says.
 */
final class Context {

    private Context() {
    }

    static String tenant(TaskEnvelope task) {
        JsonObject info = task.traceInfo();
        return Fields.first(task.tenantId(), Fields.text(info, "tenant_id"), Fields.text(Fields.object(info, "metadata"), "tenant_id"));
    }

    static String app(TaskEnvelope task) {
        JsonObject info = task.traceInfo();
        return Fields.first(task.appId(), Fields.text(info, "app_id"), Fields.text(Fields.object(info, "metadata"), "app_id"));
    }
}
