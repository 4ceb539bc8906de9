package org.tracerelay.export.aliyun;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.tracerelay.export.span.TraceIds;

/**
 * Aliyun's deterministic ids (dify-providers §2.6): the trace id is the UUID of the workflow run
 * or message; a span id is the first 8 bytes of SHA-256 of {@code "<uuid hex>-<span type>"}, so
 * a message span, its llm call and a workflow's message span agree across tasks and retries.
 */
final class AliyunIds {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,32}");
    private static final Pattern UUID_HEX = Pattern.compile("[0-9a-f]{32}");

    private AliyunIds() {
    }

    static byte[] trace(String uuid) {
        return TraceIds.traceId(uuid);
    }

    /** @param type workflow, message, llm, node, suggested_question, tool or dataset_retrieval */
    static byte[] span(String id, String type) {
        return TraceIds.spanId(hex(id) + "-" + type);
    }

    /**
     * The caller's trace, when its external trace id reads as a 128-bit hex number (with or
     * without a UUID's dashes); null otherwise, or when it is zero (no valid trace to link to).
     */
    static byte[] linkedTrace(String externalTraceId) {
        if (externalTraceId == null) {
            return null;
        }
        String h = externalTraceId.trim().toLowerCase(Locale.ROOT);
        if (h.length() == 36 && UUID_HEX.matcher(h.replace("-", "")).matches()) {
            h = h.replace("-", "");
        }
        if (!HEX.matcher(h).matches() || h.chars().allMatch(c -> c == '0')) {
            return null;
        }
        return HexFormat.of().parseHex("0".repeat(32 - h.length()) + h);
    }

    /** A UUID as Python's {@code uuid.hex} writes it; any other id as it is. */
    static String hex(String id) {
        String h = id.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("urn:uuid:")) {
            h = h.substring("urn:uuid:".length());
        }
        if (h.startsWith("{") && h.endsWith("}")) {
            h = h.substring(1, h.length() - 1);
        }
        String plain = h.replace("-", "");
        return UUID_HEX.matcher(plain).matches() ? plain : id;
    }
}
