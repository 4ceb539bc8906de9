package org.tracerelay.domain.task;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A trace task as received, kept until every delivery of it has ended. Inserted by the intake
 * as a JDBC batch (the ejb module's OutboxRows); read and purged through this entity.
 */
@Entity
@Table(name = "trace_task")
public class TraceTask {

    public enum Source { REST, JMS }

    /** ROUTED: deliveries were written; NO_DESTINATION: nothing to send it to (tracing off). */
    public enum Routing { ROUTED, NO_DESTINATION }

    /** Time ordered (RowIds): new rows are appended, whatever the client's task ids look like. */
    @Id
    private String id;

    @Column(name = "task_id", nullable = false)
    private String taskId;

    @Column(name = "tenant_id")
    private String tenantId;

    @Column(name = "app_id")
    private String appId;

    @Column(name = "trace_info_type", nullable = false)
    private String traceInfoType;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Source source;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Routing routing;

    /** The envelope JSON, sealed (encrypted) by the application layer. */
    @Column(nullable = false)
    private String payload;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    protected TraceTask() {
    }

    public String getTaskId() { return taskId; }
    public String getTenantId() { return tenantId; }
    public String getAppId() { return appId; }
    public String getTraceInfoType() { return traceInfoType; }
    public Source getSource() { return source; }
    public Routing getRouting() { return routing; }
    public String getPayload() { return payload; }
    public Instant getReceivedAt() { return receivedAt; }
}
