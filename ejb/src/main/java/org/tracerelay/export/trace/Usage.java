package org.tracerelay.export.trace;

import jakarta.json.JsonObjectBuilder;
import org.tracerelay.json.Jsonp;

/** Token counts (or, for Dify's suggested questions in Langfuse, characters) and cost of an LLM call. */
public record Usage(Long input, Long output, Long total, Double totalCost, String unit) {

    public static Usage tokens(Long input, Long output, Long total, Double totalCost) {
        if (input == null && output == null && total == null) {
            return null;
        }
        return new Usage(input, output, total, totalCost, "TOKENS");
    }

    /**
     * The counts as the JSON block backends take, the input and output under the backend's own
     * names and the total as {@code total_tokens}; a count Dify did not give is left out.
     */
    public JsonObjectBuilder counts(String inputName, String outputName) {
        JsonObjectBuilder u = Jsonp.createObjectBuilder();
        if (input != null) {
            u.add(inputName, input);
        }
        if (output != null) {
            u.add(outputName, output);
        }
        if (total != null) {
            u.add("total_tokens", total);
        }
        return u;
    }
}
