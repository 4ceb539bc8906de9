package org.tracerelay.domain.telemetry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A job only one node may run at a time, held by whoever renewed it last before it ran out. */
@Entity
@Table(name = "telemetry_lease")
@NamedQuery(name = TelemetryLease.ACQUIRE, query = """
        update TelemetryLease l set l.owner = :owner, l.leaseUntil = :until
        where l.name = :name and (l.owner = :owner or l.owner is null or l.leaseUntil < :now)""")
// A turn, not a renewal: once taken, no node (the taker included) gets the next before it runs out.
@NamedQuery(name = TelemetryLease.TAKE_TURN, query = """
        update TelemetryLease l set l.owner = :owner, l.leaseUntil = :until
        where l.name = :name and (l.leaseUntil is null or l.leaseUntil < :now)""")
public class TelemetryLease {

    public static final String ACQUIRE = "TelemetryLease.acquire";
    public static final String TAKE_TURN = "TelemetryLease.takeTurn";
    public static final String METRICS = "metrics";
    public static final String RETENTION = "retention";

    @Id
    private String name;

    private String owner;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    protected TelemetryLease() {
    }

    public String getName() { return name; }
    public String getOwner() { return owner; }
    public Instant getLeaseUntil() { return leaseUntil; }
}
