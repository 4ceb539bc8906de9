package org.tracerelay.export.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.tracerelay.export.ExportOutcome;

/**
 * HTTP status to outcome, after the OTLP/HTTP spec: 429, 502, 503 and 504 are retryable (with
 * Retry-After when given), every other failure is permanent. The remote body is never kept.
 */
public final class HttpOutcomes {

    private HttpOutcomes() {
    }

    public static ExportOutcome of(int status, String retryAfter) {
        if (status >= 200 && status < 300) {
            return ExportOutcome.delivered();
        }
        String code = "http_" + status;
        return switch (status) {
            case 429, 502, 503, 504 -> ExportOutcome.retry(code, "backend answered " + status, retryAfter(retryAfter));
            default -> ExportOutcome.dead(code, "backend answered " + status);
        };
    }

    /**
     * For vendor JSON APIs (Langfuse, LangSmith): 408, 429 and every 5xx are worth another try
     * (their 500s are mostly transient); other 4xx are permanent.
     */
    public static ExportOutcome vendor(int status, String retryAfter) {
        if (status >= 200 && status < 300) {
            return ExportOutcome.delivered();
        }
        String code = "http_" + status;
        if (status == 408 || status == 429 || status >= 500) {
            return ExportOutcome.retry(code, "backend answered " + status, retryAfter(retryAfter));
        }
        return ExportOutcome.dead(code, "backend answered " + status);
    }

    /** Delta-seconds or an HTTP-date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
