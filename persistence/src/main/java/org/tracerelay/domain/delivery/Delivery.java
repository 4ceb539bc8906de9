package org.tracerelay.domain.delivery;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Tasks on their way to one destination: the outbox row written with them (inserted by the intake
 * as a JDBC batch, the ejb module's OutboxRows), claimed by a drain under a row lock, and finished
 * as delivered or dead. A row stands for one task, or for a parcel of {@link #getParcelItems()}
 * tasks of one message (its {@code taskRowId} is then the parcel's key) until the parcel is split.
 */
@Entity
@Table(name = "delivery")
@NamedQuery(name = Delivery.DEAD_OF_APP, query = """
        select d from Delivery d where d.tenantId = :tenantId and d.appId = :appId
          and d.status = org.tracerelay.domain.delivery.DeliveryStatus.DEAD order by d.createdAt""")
// A parcel counts its items.
@NamedQuery(name = Delivery.BACKLOG, query = """
        select coalesce(sum(coalesce(d.parcelItems, 1)), 0), min(d.createdAt) from Delivery d
        where d.status = org.tracerelay.domain.delivery.DeliveryStatus.PENDING""")
// The order by repeats the constant columns so that it is a prefix of delivery_drain_idx: the
// index is read in order, with no sort of every due row.
@NamedQuery(name = Delivery.NEXT_DESTINATION_WITH_WORK, query = """
        select d.destination from Delivery d
        where d.status = org.tracerelay.domain.delivery.DeliveryStatus.PENDING and d.destination > :after
        order by d.status, d.destination""")
@NamedQuery(name = Delivery.MARK_DELIVERED, query = """
        update Delivery d set d.status = org.tracerelay.domain.delivery.DeliveryStatus.DELIVERED,
          d.attempts = d.attempts + 1, d.finishedAt = :now, d.lastCode = null, d.lastError = null
        where d.id in :ids""")
public class Delivery {

    public static final String NEXT_DESTINATION_WITH_WORK = "Delivery.nextDestinationWithWork";
    public static final String DEAD_OF_APP = "Delivery.deadOfApp";
    public static final String BACKLOG = "Delivery.backlog";
    public static final String MARK_DELIVERED = "Delivery.markDelivered";

    private static final int ERROR_LENGTH = 1000;

    @Id
    private String id;

    @Column(name = "task_id", nullable = false)
    private String taskId;

    /** The key of the task's row: task ids are unique per tenant only. */
    @Column(name = "task_row_id")
    private String taskRowId;

    /** The tenant that stored the task; every admin query filters on it. */
    @Column(name = "tenant_id")
    private String tenantId;

    @Column(name = "app_id")
    private String appId;

    @Column(nullable = false)
    private String destination;

    @Column(nullable = false)
    private String provider;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private DeliveryStatus status;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;

    @Column(name = "last_code")
    private String lastCode;

    @Column(name = "last_error", length = ERROR_LENGTH)
    private String lastError;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "retry_since")
    private Instant retrySince;

    /** How many tasks of one parcel this row stands for; null for a row of one task. */
    @Column(name = "parcel_items")
    private Integer parcelItems;

    protected Delivery() {
    }

    /** A delivery as routing writes it (with JDBC, for speed): pending and due at once. */
    public static Delivery pending(String id, String taskId, String taskRowId, String tenantId, String appId,
                                   String destination, String provider, Instant now) {
        Delivery d = new Delivery();
        d.id = id;
        d.taskId = taskId;
        d.taskRowId = taskRowId;
        d.tenantId = tenantId;
        d.appId = appId;
        d.destination = destination;
        d.provider = provider;
        d.status = DeliveryStatus.PENDING;
        d.nextAttemptAt = now;
        d.createdAt = now;
        return d;
    }

    /** A parcel's delivery as routing writes it: its task id and task row id columns name the parcel. */
    public static Delivery pendingParcel(String id, String parcelId, int items, String tenantId, String appId,
                                         String destination, String provider, Instant now) {
        Delivery d = pending(id, parcelId, parcelId, tenantId, appId, destination, provider, now);
        d.parcelItems = items;
        return d;
    }

    /**
     * The row of item {@code index} of this parcel's row, when the items part ways: named after
     * the parcel's row and the item's place (as the deliveries list showed it), with the parcel's
     * attempts, age and retry budget, for the task {@code taskId} under {@code taskRowId}.
     */
    public Delivery item(int index, String taskId, String taskRowId) {
        Delivery d = pending(itemId(id, index), taskId, taskRowId, tenantId, appId, destination, provider, createdAt);
        d.status = status;
        d.attempts = attempts;
        d.nextAttemptAt = nextAttemptAt;
        d.retrySince = retrySince;
        d.lastCode = lastCode;
        d.lastError = lastError;
        d.finishedAt = finishedAt;
        return d;
    }

    /** The id item {@code index} of the parcel row {@code parcelDeliveryId} is known by. */
    public static String itemId(String parcelDeliveryId, int index) {
        return parcelDeliveryId + ":" + index;
    }

    /** The key of item {@code index} of the parcel {@code parcelId}: its task row's id. */
    public static String taskRowIdOf(String parcelId, int index) {
        return parcelId + ":" + index;
    }

    public void delivered(Instant now) {
        finish(DeliveryStatus.DELIVERED, null, null, now);
    }

    /**
     * Counts an attempt, when its outcome is recorded. The claiming transaction holds the row
     * lock until then, so no in-flight state is written: a node that dies mid-batch leaves it due.
     */
    public void claim() {
        this.attempts++;
    }

    /**
     * Whether no drain has claimed this delivery yet. Attempts only grow (a redrive keeps them),
     * so this is true exactly once; the enterprise metrics count a task at that moment.
     */
    public boolean isFirstClaim() {
        return attempts == 0;
    }

    public void retryAt(Instant next, String code, String error) {
        this.status = DeliveryStatus.PENDING;
        this.nextAttemptAt = next;
        this.lastCode = code;
        this.lastError = clip(error);
    }

    /** Back in line at its old place: the destination was down, not this delivery. */
    public void release(String code, String error) {
        this.status = DeliveryStatus.PENDING;
        this.lastCode = code;
        this.lastError = clip(error);
    }

    public void dead(String code, String error, Instant now) {
        finish(DeliveryStatus.DEAD, code, error, now);
    }

    /** A dead delivery goes back in line with a fresh retry budget (an operator's redrive). */
    public boolean redrive(Instant now) {
        if (status != DeliveryStatus.DEAD) {
            return false;
        }
        this.status = DeliveryStatus.PENDING;
        this.nextAttemptAt = now;
        this.retrySince = now;
        this.finishedAt = null;
        return true;
    }

    /** Where the retry budget is counted from. */
    public Instant retryBudgetStart() {
        return retrySince != null ? retrySince : createdAt;
    }

    private void finish(DeliveryStatus finalStatus, String code, String error, Instant now) {
        this.status = finalStatus;
        this.lastCode = code;
        this.lastError = clip(error);
        this.finishedAt = now;
    }

    private static String clip(String error) {
        return error == null || error.length() <= ERROR_LENGTH ? error : error.substring(0, ERROR_LENGTH);
    }

    public String getId() { return id; }
    public String getTaskId() { return taskId; }
    public String getTaskRowId() { return taskRowId; }
    public String getTenantId() { return tenantId; }
    public String getAppId() { return appId; }
    public String getDestination() { return destination; }
    public String getProvider() { return provider; }
    public DeliveryStatus getStatus() { return status; }
    public int getAttempts() { return attempts; }
    public Instant getNextAttemptAt() { return nextAttemptAt; }
    public String getLastCode() { return lastCode; }
    public String getLastError() { return lastError; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getFinishedAt() { return finishedAt; }
    public Integer getParcelItems() { return parcelItems; }
    public boolean isParcel() { return parcelItems != null; }
}
