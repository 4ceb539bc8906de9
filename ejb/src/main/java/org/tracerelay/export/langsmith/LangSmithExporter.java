package org.tracerelay.export.langsmith;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tracerelay.export.CheckTimeout;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.Outcomes;
import org.tracerelay.export.ProviderExporter;
import org.tracerelay.export.http.ExportHttp;
import org.tracerelay.export.http.HttpOutcomes;
import org.tracerelay.export.trace.RunTrees;
import org.tracerelay.json.Jsonp;
import org.tracerelay.task.Fields;

/**
 * Provider {@code langsmith}: {@code POST {endpoint}/runs/multipart} ({@link LangSmithMultipart}),
 * the endpoint current SDKs use, with {@code x-api-key} and, for an org-scoped key, {@code
 * X-Tenant-Id}; a server that answers 404 there (one from before multipart ingestion) gets the same
 * runs as {@code POST {endpoint}/runs/batch {"post": [...]}}, as the SDK falls back. At most 100
 * runs and 20 MiB per request, runs in ancestor order. The endpoint keeps its path, so a
 * self-hosted LangSmith under {@code /api/v1} is reached there.
 */
@ApplicationScoped
public class LangSmithExporter extends ProviderExporter {

    static final int MAX_RUNS = 100;
    static final int MAX_BYTES = 20 * 1024 * 1024;
    /** Fixed: every part is JSON text, which has no line break of its own, so no part can hold a boundary line. */
    static final String BOUNDARY = "trace-relay-langsmith-7f3a9c1e5b";

    @Inject
    ExportHttp http;

    @Inject
    @CheckTimeout
    Duration checkTimeout;

    private record Part(String deliveryId, JsonObject run, int bytes) {
    }

    public LangSmithExporter() {
        super(LangSmithConfig.MODEL, "https://smith.langchain.com/");
    }

    @Override
    public Map<String, ExportOutcome> export(Destination destination, List<ExportItem> items) {
        Map<String, ExportOutcome> outcomes = new HashMap<>();
        List<Part> parts = new ArrayList<>();
        for (ExportItem item : items) {
            try {
                List<JsonObject> runs = LangSmithRuns.of(RunTrees.of(item.task(), item.receivedAt()),
                        destination.setting("project"), Fields.object(item.task().traceInfo(), "message_data"));
                outcomes.put(item.deliveryId(), ExportOutcome.delivered());
                for (JsonObject run : runs) {
                    parts.add(new Part(item.deliveryId(), run, run.toString().getBytes(StandardCharsets.UTF_8).length + 1));
                }
            } catch (RuntimeException unmappable) {
                outcomes.put(item.deliveryId(), ExportOutcome.dead("export_failed", unmappable.getClass().getSimpleName()));
            }
        }
        List<Part> request = new ArrayList<>();
        int bytes = 0;
        for (Part p : parts) {
            if (!request.isEmpty() && (request.size() == MAX_RUNS || bytes + p.bytes() > MAX_BYTES)) {
                send(destination, request, outcomes);
                request = new ArrayList<>();
                bytes = 0;
            }
            request.add(p);
            bytes += p.bytes();
        }
        if (!request.isEmpty()) {
            send(destination, request, outcomes);
        }
        return outcomes;
    }

    private void send(Destination d, List<Part> request, Map<String, ExportOutcome> outcomes) {
        List<JsonObject> runs = request.stream().map(Part::run).toList();
        ExportOutcome outcome;
        try {
            ExportHttp.Reply reply = post(d, "/runs/multipart", "multipart/form-data; boundary=" + BOUNDARY,
                    LangSmithMultipart.body(runs, BOUNDARY));
            if (reply.status() == 404) {
                var post = Jsonp.createArrayBuilder();
                runs.forEach(post::add);
                reply = post(d, "/runs/batch", "application/json",
                        Jsonp.createObjectBuilder().add("post", post).build().toString().getBytes(StandardCharsets.UTF_8));
            }
            outcome = HttpOutcomes.vendor(reply.status(), reply.retryAfter());
            if (outcome.isDead() && !outcome.destinationRefused() && request.size() > 1) {
                // Refused as a whole for good: halve until the poison run dies alone.
                int half = request.size() / 2;
                send(d, request.subList(0, half), outcomes);
                send(d, request.subList(half, request.size()), outcomes);
                return;
            }
        } catch (IOException e) {
            outcome = ExportHttp.failure(e);
        }
        for (Part p : request) {
            outcomes.merge(p.deliveryId(), outcome, Outcomes::worse);
        }
    }

    private ExportHttp.Reply post(Destination d, String path, String contentType, byte[] body) throws IOException {
        return http.post(URI.create(endpoint(d) + path), headers(d), contentType, body, null, ExportHttp.Origin.ADMIN);
    }

    /** {@code GET sessions?name=<project>&limit=1}: the key is good when LangSmith answers 2xx. */
    @Override
    public ExportOutcome verify(Destination destination) {
        try {
            ExportHttp.Reply reply = sessions(destination);
            return HttpOutcomes.vendor(reply.status(), reply.retryAfter());
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
    }

    /** {@code {web}/o/{tenant_id}/projects/p/{project_id}} from the project's session record. */
    @Override
    public Optional<String> projectUrl(Destination destination) {
        try {
            ExportHttp.Reply reply = sessions(destination);
            if (!reply.ok() || reply.truncated()) {
                return Optional.empty();
            }
            try (JsonReader r = Jsonp.createReader(new ByteArrayInputStream(reply.body()))) {
                JsonValue v = r.readValue();
                if (v instanceof JsonArray a && !a.isEmpty() && a.get(0) instanceof JsonObject s
                        && s.containsKey("tenant_id") && s.containsKey("id")) {
                    return Optional.of(web(endpoint(destination)) + "/o/" + s.getString("tenant_id") + "/projects/p/" + s.getString("id"));
                }
            }
        } catch (IOException | JsonException | ClassCastException e) {
            // the fallback URL applies
        }
        return Optional.empty();
    }

    private ExportHttp.Reply sessions(Destination d) throws IOException {
        String project = URLEncoder.encode(d.setting("project"), StandardCharsets.UTF_8);
        return http.get(URI.create(endpoint(d) + "/sessions?name=" + project + "&limit=1"), headers(d), checkTimeout,
                ExportHttp.Origin.ADMIN);
    }

    static String endpoint(Destination d) {
        return d.url("endpoint", "https://api.smith.langchain.com");
    }

    /** The web app of an API endpoint: {@code api.} and a trailing {@code /api[/v1]} dropped. */
    static String web(String endpoint) {
        URI u = URI.create(endpoint);
        String host = u.getHost().startsWith("api.") ? u.getHost().substring(4) : u.getHost().replace(".api.", ".");
        return u.getScheme() + "://" + host + (u.getPort() > 0 ? ":" + u.getPort() : "");
    }

    private static Map<String, String> headers(Destination d) {
        Map<String, String> h = new HashMap<>();
        h.put("x-api-key", d.setting("api_key").replaceAll("[\\s\"']", ""));
        String workspace = d.setting("workspace_id");
        if (workspace != null && !workspace.isBlank()) {
            h.put("X-Tenant-Id", workspace.trim());
        }
        return h;
    }
}
