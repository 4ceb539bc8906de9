package org.tracerelay.export;

import java.time.Duration;

/**
 * What became of one item: delivered; retry (after {@code retryAfter} when the backend said so,
 * else per the retry policy); or dead with a machine code. {@code detail} never holds a secret
 * or a remote body.
 */
public record ExportOutcome(Kind kind, String code, String detail, Duration retryAfter) {

    public enum Kind { DELIVERED, RETRY, DEAD }

    private static final ExportOutcome DELIVERED = new ExportOutcome(Kind.DELIVERED, null, null, null);

    public static ExportOutcome delivered() {
        return DELIVERED;
    }

    public static ExportOutcome retry(String code, String detail, Duration retryAfter) {
        return new ExportOutcome(Kind.RETRY, code, detail, retryAfter);
    }

    public static ExportOutcome dead(String code, String detail) {
        return new ExportOutcome(Kind.DEAD, code, detail, null);
    }

    public boolean isDead() {
        return kind == Kind.DEAD;
    }

    /**
     * Dead because the destination refused it as wrongly addressed (401, 403, 404, or gRPC's
     * UNAUTHENTICATED and PERMISSION_DENIED): a problem of the config, not of this item, so a
     * batch is not split over it and the breaker opens.
     */
    public boolean destinationRefused() {
        return isDead() && ("http_401".equals(code) || "http_403".equals(code) || "http_404".equals(code)
                || "grpc_unauthenticated".equals(code) || "grpc_permission_denied".equals(code));
    }
}
