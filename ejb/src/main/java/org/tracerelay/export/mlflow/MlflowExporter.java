package org.tracerelay.export.mlflow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tracerelay.export.BatchBisection;
import org.tracerelay.export.CheckTimeout;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.ProviderExporter;
import org.tracerelay.export.http.ExperimentCheck;
import org.tracerelay.export.http.ExportHttp;
import org.tracerelay.export.otlp.OtlpHttp;
import org.tracerelay.export.otlp.OtlpSignal;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.export.trace.RunTrees;

/**
 * Provider {@code mlflow}: OTLP/HTTP protobuf to {@code {tracking_uri}/v1/traces} (MLflow 3.6+
 * with a SQL backend store), the experiment in header {@code x-mlflow-experiment-id}, Basic auth
 * when a username is set. The check asks the tracking server for the experiment.
 */
@ApplicationScoped
public class MlflowExporter extends ProviderExporter {

    static final String EXPERIMENT_HEADER = "x-mlflow-experiment-id";

    @Inject
    OtlpHttp otlp;

    @Inject
    ExportHttp http;

    @Inject
    @CheckTimeout
    Duration checkTimeout;

    public MlflowExporter() {
        super(MlflowConfig.MODEL, "http://localhost:5000/");
    }

    /** Wired by hand instead of by CDI: the shared HTTP client, OTLP over it, the check's timeout. */
    public MlflowExporter(ExportHttp http, Duration checkTimeout) {
        this();
        this.http = http;
        this.otlp = new OtlpHttp(http);
        this.checkTimeout = checkTimeout;
    }

    /**
     * One request per batch. MLflow answers 400 to a request without spans, so a part whose tasks
     * map to none (app and feedback events) is delivered without one; MLflow answers 422 when it
     * cannot store a span, and a refused batch is bisected down to the poison item.
     */
    @Override
    public Map<String, ExportOutcome> export(Destination d, List<ExportItem> items) {
        URI endpoint = OtlpSignal.TRACES.endpoint(trackingUri(d));
        Map<String, String> headers = headers(d);
        return BatchBisection.send(items, part -> {
            List<SpanRecord> spans = new ArrayList<>();
            for (ExportItem item : part) {
                spans.addAll(MlflowSpans.of(RunTrees.of(item.task(), item.receivedAt())));
            }
            if (spans.isEmpty()) {
                return ExportOutcome.delivered();
            }
            return otlp.send(endpoint, headers, OtlpSignal.TRACES, MlflowSpans.request(spans));
        });
    }

    /**
     * {@code GET api/2.0/mlflow/experiments/get}: 200 is a working config; 401/403 refuse the
     * credentials; 404 or {@code RESOURCE_DOES_NOT_EXIST} mean the experiment is not there.
     */
    @Override
    public ExportOutcome verify(Destination d) {
        URI uri = URI.create(trackingUri(d) + "/api/2.0/mlflow/experiments/get?experiment_id="
                + URLEncoder.encode(experimentId(d), StandardCharsets.UTF_8));
        ExportHttp.Reply reply;
        try {
            reply = http.get(uri, auth(d), checkTimeout, ExportHttp.Origin.ADMIN);
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
        return ExperimentCheck.outcome(reply, "MLflow", experimentId(d));
    }

    @Override
    public Optional<String> projectUrl(Destination d) {
        return Optional.of(trackingUri(d) + "/#/experiments/" + experimentId(d) + "/traces");
    }

    static String trackingUri(Destination d) {
        return d.url("tracking_uri", "http://localhost:5000");
    }

    static String experimentId(Destination d) {
        String id = d.setting("experiment_id");
        return id == null || id.isBlank() ? "0" : id.trim();
    }

    static Map<String, String> headers(Destination d) {
        Map<String, String> h = new LinkedHashMap<>(auth(d));
        h.put(EXPERIMENT_HEADER, experimentId(d));
        return h;
    }

    /** MLflow's basic-auth app: {@code MLFLOW_TRACKING_USERNAME} / {@code MLFLOW_TRACKING_PASSWORD} as Basic. */
    static Map<String, String> auth(Destination d) {
        String user = d.setting("username");
        if (user == null || user.isBlank()) {
            return Map.of();
        }
        String password = d.setting("password") == null ? "" : d.setting("password");
        String token = Base64.getEncoder().encodeToString((user.trim() + ":" + password).getBytes(StandardCharsets.UTF_8));
        return Map.of("Authorization", "Basic " + token);
    }

    /** MLflow's REST errors name their kind in {@code error_code}; the body is read, never kept. */
}
