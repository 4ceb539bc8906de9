package org.tracerelay.export.trace;

/** Token counts (or, for Dify's suggested questions in Langfuse, characters) and cost of an LLM call. */
public record Usage(Long input, Long output, Long total, Double totalCost, String unit) {

    public static Usage tokens(Long input, Long output, Long total, Double totalCost) {
        if (input == null && output == null && total == null) {
            return null;
        }
        return new Usage(input, output, total, totalCost, "TOKENS");
    }
}
