package org.tracerelay.redaction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import org.tracerelay.crypto.Sealing;
import org.tracerelay.domain.task.TraceTask;
import org.tracerelay.json.JsonText;
import org.tracerelay.task.TaskEnvelope;

/** A stored task of the tenant, opened, for the preview: only the caller's tenant's rows are read. */
@ApplicationScoped
public class StoredTasks {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Inject
    Sealing sealing;

    /** The latest stored task with this id; empty when the tenant has none or its shape is unknown. */
    public Optional<TaskEnvelope> find(String tenant, String taskId) {
        return em.createQuery("select t from TraceTask t where t.tenantId = :tenant and t.taskId = :taskId"
                        + " order by t.receivedAt desc", TraceTask.class)
                .setParameter("tenant", tenant).setParameter("taskId", taskId).setMaxResults(1)
                .getResultStream().findFirst()
                .flatMap(t -> TaskEnvelope.fromStored(JsonText.parse(
                        sealing.openPayload(t.getTenantId(), t.getTaskId(), t.getPayload())).asJsonObject()));
    }
}
