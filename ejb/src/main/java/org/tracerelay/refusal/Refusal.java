package org.tracerelay.refusal;

import jakarta.ejb.ApplicationException;
import java.util.List;

/** A refusal of an admin or intake request: HTTP status, machine code, safe detail, field errors. */
@ApplicationException(rollback = true)
public class Refusal extends RuntimeException {

    private final int status;
    private final String code;
    private final transient List<Violation> violations;
    private final long retryAfterSeconds;

    public Refusal(int status, String code, String detail, List<Violation> violations) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.violations = List.copyOf(violations);
        this.retryAfterSeconds = 0;
    }

    private Refusal(String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = 429;
        this.code = "rate_limited";
        this.violations = List.of();
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429 with a Retry-After: intake is saturated or the tenant sends faster than its rate. */
    public static Refusal rateLimited(String detail, long retryAfterSeconds) {
        return new Refusal(detail, retryAfterSeconds);
    }

    public Refusal(int status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    public static Refusal appNotFound() {
        return new Refusal(404, "app_not_found", "App not found.");
    }

    public int status() { return status; }
    public String code() { return code; }
    public List<Violation> violations() { return violations; }
    public long retryAfterSeconds() { return retryAfterSeconds; }
}
