package org.tracerelay.refusal;

/** One reason an envelope is refused, at a JSON path such as {@code items[3].trace_info.index}. */
public record Violation(String path, String message) {
}
