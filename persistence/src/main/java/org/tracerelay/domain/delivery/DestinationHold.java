package org.tracerelay.domain.delivery;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A destination no node sends to before {@code openUntil}: its breaker, shared through the database. */
@Entity
@Table(name = "destination_hold")
@NamedQuery(name = DestinationHold.OPEN_COUNT, query = "select count(h) from DestinationHold h where h.openUntil > :now")
public class DestinationHold {

    public static final String OPEN_COUNT = "DestinationHold.openCount";

    @Id
    private String destination;

    private int failures;

    @Column(name = "open_until", nullable = false)
    private Instant openUntil;

    @Column(nullable = false)
    private String reason;

    protected DestinationHold() {
    }

    public DestinationHold(String destination) {
        this.destination = destination;
    }

    public void hold(int failures, Instant openUntil, String reason) {
        this.failures = failures;
        this.openUntil = openUntil;
        this.reason = reason.length() > 64 ? reason.substring(0, 64) : reason;
    }

    public String getDestination() { return destination; }
    public int getFailures() { return failures; }
    public Instant getOpenUntil() { return openUntil; }
    public String getReason() { return reason; }
}
