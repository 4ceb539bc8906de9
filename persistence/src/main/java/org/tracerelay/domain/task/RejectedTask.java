package org.tracerelay.domain.task;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A JMS message that was not a valid trace task. The body itself goes to the dead-letter
 * queue; here only why, so that no payload content lands in a plain table.
 */
@Entity
@Table(name = "rejected_task")
public class RejectedTask {

    @Id
    private String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TraceTask.Source source;

    @Column(name = "message_id")
    private String messageId;

    @Column(nullable = false, length = 4000)
    private String reason;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    protected RejectedTask() {
    }

    public RejectedTask(TraceTask.Source source, String messageId, String reason, Instant receivedAt) {
        this.id = UUID.randomUUID().toString();
        this.source = source;
        this.messageId = messageId;
        this.reason = reason.length() > 4000 ? reason.substring(0, 4000) : reason;
        this.receivedAt = receivedAt;
    }

    public String getId() { return id; }
    public TraceTask.Source getSource() { return source; }
    public String getMessageId() { return messageId; }
    public String getReason() { return reason; }
    public Instant getReceivedAt() { return receivedAt; }
}
