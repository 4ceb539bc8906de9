package org.tracerelay.export.enterprise;

import java.util.Arrays;
import java.util.Optional;

/** The counters (data dictionary §6) and histograms (§7) with their names and units. */
public enum Instrument {

    TOKENS_TOTAL("dify.tokens.total", "{token}", Kind.COUNTER, "Total tokens consumed"),
    TOKENS_INPUT("dify.tokens.input", "{token}", Kind.COUNTER, "Input (prompt) tokens"),
    TOKENS_OUTPUT("dify.tokens.output", "{token}", Kind.COUNTER, "Output (completion) tokens"),
    REQUESTS_TOTAL("dify.requests.total", "{request}", Kind.COUNTER, "Total number of operations"),
    ERRORS_TOTAL("dify.errors.total", "{error}", Kind.COUNTER, "Total number of failed operations"),
    FEEDBACK_TOTAL("dify.feedback.total", "{feedback}", Kind.COUNTER, "User feedback"),
    DATASET_RETRIEVALS_TOTAL("dify.dataset.retrievals.total", "{retrieval}", Kind.COUNTER, "Retrievals per dataset"),
    APP_CREATED_TOTAL("dify.app.created.total", "{app}", Kind.COUNTER, "Applications created"),
    APP_UPDATED_TOTAL("dify.app.updated.total", "{app}", Kind.COUNTER, "Applications updated"),
    APP_DELETED_TOTAL("dify.app.deleted.total", "{app}", Kind.COUNTER, "Applications deleted"),
    WORKFLOW_DURATION("dify.workflow.duration", "s", Kind.HISTOGRAM, "Workflow run duration"),
    NODE_DURATION("dify.node.duration", "s", Kind.HISTOGRAM, "Node execution duration"),
    MESSAGE_DURATION("dify.message.duration", "s", Kind.HISTOGRAM, "Message duration"),
    MESSAGE_TIME_TO_FIRST_TOKEN("dify.message.time_to_first_token", "s", Kind.HISTOGRAM, "Time to first token"),
    TOOL_DURATION("dify.tool.duration", "s", Kind.HISTOGRAM, "Tool execution duration"),
    PROMPT_GENERATION_DURATION("dify.prompt_generation.duration", "s", Kind.HISTOGRAM, "Prompt generation duration");

    public enum Kind { COUNTER, HISTOGRAM }

    /** The OpenTelemetry SDK's default explicit bounds, as Dify's exporters use them; upper-inclusive. */
    public static final double[] BOUNDS = {0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000};

    private final String metricName;
    private final String unit;
    private final Kind kind;
    private final String description;

    Instrument(String metricName, String unit, Kind kind, String description) {
        this.metricName = metricName;
        this.unit = unit;
        this.kind = kind;
        this.description = description;
    }

    public String metricName() { return metricName; }
    public String unit() { return unit; }
    public Kind kind() { return kind; }
    public String description() { return description; }

    public static Optional<Instrument> named(String metricName) {
        return Arrays.stream(values()).filter(i -> i.metricName.equals(metricName)).findFirst();
    }

    /** Index of the bucket a value falls in: the first bound it does not exceed, else the overflow bucket. */
    public static int bucketOf(double value) {
        for (int i = 0; i < BOUNDS.length; i++) {
            if (value <= BOUNDS[i]) {
                return i;
            }
        }
        return BOUNDS.length;
    }
}
