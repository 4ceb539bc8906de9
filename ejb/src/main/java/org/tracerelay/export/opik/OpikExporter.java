package org.tracerelay.export.opik;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.export.BatchBisection;
import org.tracerelay.export.CheckTimeout;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.ProviderExporter;
import org.tracerelay.export.http.ExportHttp;
import org.tracerelay.export.http.HttpOutcomes;
import org.tracerelay.json.Jsonp;

/**
 * Provider {@code opik}: Opik's REST API at the configured {@code url} (ending in {@code /api/}):
 * {@code POST v1/private/traces/batch} then {@code POST v1/private/spans/batch}, at most 1000
 * objects and about 5 MB per request, with the raw key in {@code authorization} and the
 * workspace in {@code Comet-Workspace}. Opik answers a batch as a whole, so a request refused for
 * good is bisected until the poison task dies alone; ids are upserted, so a resent half does no harm.
 * Ids embed the tasks' times, moved forward for a task older than Opik's id window takes
 * ({@link OpikIdWindow}); such a moved resend first deletes the trace under its earlier ids.
 */
@ApplicationScoped
public class OpikExporter extends ProviderExporter {

    static final String DEFAULT_URL = "https://www.comet.com/opik/api/";
    static final String DEFAULT_PROJECT = "Default Project";
    static final int MAX_OBJECTS = 1000;
    static final int MAX_BYTES = 5_000_000;
    private static final String JSON = "application/json";

    @Inject
    ExportHttp http;

    @Inject
    @CheckTimeout
    Duration checkTimeout;

    /** The narrowest id window Opik servers use; an operator whose servers take more may widen it. */
    @Inject
    @ConfigProperty(name = "trace.export.opik.id-window", defaultValue = "PT12H")
    Duration idWindow = Duration.ofHours(12);

    Clock clock = Clock.systemUTC();

    /** One task's traces and spans, with their serialized sizes. */
    record Pending(ExportItem item, List<Sized> traces, List<Sized> spans, List<String> earlierTraceIds) {
        int objects() {
            return Math.max(traces.size(), spans.size());
        }

        int bytes() {
            return traces.stream().mapToInt(Sized::bytes).sum() + spans.stream().mapToInt(Sized::bytes).sum();
        }
    }

    record Sized(JsonObject object, int bytes) {
        static List<Sized> of(List<JsonObject> objects) {
            return objects.stream().map(o -> new Sized(o, o.toString().getBytes(StandardCharsets.UTF_8).length + 1)).toList();
        }
    }

    public OpikExporter() {
        super(OpikConfig.MODEL, "https://www.comet.com/opik/");
    }

    @Override
    public Map<String, ExportOutcome> export(Destination destination, List<ExportItem> items) {
        Map<String, ExportOutcome> outcomes = new HashMap<>();
        Map<String, Pending> pending = new LinkedHashMap<>();
        OpikIdWindow window = new OpikIdWindow(clock.instant(), idWindow);
        for (ExportItem item : items) {
            OpikTraces.Objects objects;
            try {
                objects = OpikTraces.of(item.task(), item.receivedAt(), project(destination), window);
            } catch (RuntimeException unmappable) {
                outcomes.put(item.deliveryId(), ExportOutcome.dead("export_failed", unmappable.getClass().getSimpleName()));
                continue;
            }
            Pending p = new Pending(item, Sized.of(objects.traces()), Sized.of(objects.spans()), objects.earlierTraceIds());
            if (objects.isEmpty()) {
                outcomes.put(item.deliveryId(), ExportOutcome.delivered());
            } else if (oversized(p)) {
                outcomes.put(item.deliveryId(), ExportOutcome.dead("payload_too_large",
                        "a trace or span of the task is over Opik's " + MAX_BYTES + " byte request limit"));
            } else {
                pending.put(item.deliveryId(), p);
            }
        }
        // Tasks packed into groups that fit one traces request and one spans request; a bigger task goes alone.
        List<ExportItem> group = new ArrayList<>();
        int objects = 0;
        int bytes = 0;
        for (Pending p : pending.values()) {
            if (!group.isEmpty() && (objects + p.objects() > MAX_OBJECTS || bytes + p.bytes() > MAX_BYTES)) {
                outcomes.putAll(BatchBisection.send(group, g -> send(destination, g, pending)));
                group = new ArrayList<>();
                objects = 0;
                bytes = 0;
            }
            group.add(p.item());
            objects += p.objects();
            bytes += p.bytes();
        }
        if (!group.isEmpty()) {
            outcomes.putAll(BatchBisection.send(group, g -> send(destination, g, pending)));
        }
        return outcomes;
    }

    private static boolean oversized(Pending p) {
        return p.traces().stream().anyMatch(s -> s.bytes() > MAX_BYTES) || p.spans().stream().anyMatch(s -> s.bytes() > MAX_BYTES);
    }

    /** Traces first, so Opik never holds spans of a trace it does not know; the first refusal stands for the group. */
    private ExportOutcome send(Destination d, List<ExportItem> group, Map<String, Pending> pending) {
        List<Sized> traces = new ArrayList<>();
        List<Sized> spans = new ArrayList<>();
        List<String> earlier = new ArrayList<>();
        for (ExportItem item : group) {
            traces.addAll(pending.get(item.deliveryId()).traces());
            spans.addAll(pending.get(item.deliveryId()).spans());
            earlier.addAll(pending.get(item.deliveryId()).earlierTraceIds());
        }
        // A moved resend first deletes what an earlier attempt may have left (Opik deletes a trace's spans with it).
        ExportOutcome outcome = earlier.isEmpty() ? ExportOutcome.delivered() : deleteTraces(d, earlier);
        if (outcome.kind() == ExportOutcome.Kind.DELIVERED) {
            outcome = sendChunks(d, "v1/private/traces/batch", "traces", traces);
        }
        return outcome.kind() == ExportOutcome.Kind.DELIVERED ? sendChunks(d, "v1/private/spans/batch", "spans", spans) : outcome;
    }

    private ExportOutcome sendChunks(Destination d, String path, String field, List<Sized> objects) {
        List<Sized> chunk = new ArrayList<>();
        int bytes = 0;
        for (Sized s : objects) {
            if (!chunk.isEmpty() && (chunk.size() == MAX_OBJECTS || bytes + s.bytes() > MAX_BYTES)) {
                ExportOutcome outcome = post(d, path, field, chunk);
                if (outcome.kind() != ExportOutcome.Kind.DELIVERED) {
                    return outcome;
                }
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(s);
            bytes += s.bytes();
        }
        return chunk.isEmpty() ? ExportOutcome.delivered() : post(d, path, field, chunk);
    }

    private ExportOutcome deleteTraces(Destination d, List<String> ids) {
        var array = Jsonp.createArrayBuilder();
        ids.forEach(array::add);
        byte[] body = Jsonp.createObjectBuilder().add("ids", array).build().toString().getBytes(StandardCharsets.UTF_8);
        try {
            ExportHttp.Reply reply = http.post(URI.create(base(d) + "v1/private/traces/delete"), headers(d), JSON, body, null,
                    ExportHttp.Origin.ADMIN);
            return HttpOutcomes.vendor(reply.status(), reply.retryAfter());
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
    }

    private ExportOutcome post(Destination d, String path, String field, List<Sized> chunk) {
        var array = Jsonp.createArrayBuilder();
        chunk.forEach(s -> array.add(s.object()));
        byte[] body = Jsonp.createObjectBuilder().add(field, array).build().toString().getBytes(StandardCharsets.UTF_8);
        try {
            ExportHttp.Reply reply = http.post(URI.create(base(d) + path), headers(d), JSON, body, null, ExportHttp.Origin.ADMIN);
            return HttpOutcomes.vendor(reply.status(), reply.retryAfter());
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
    }

    /** {@code GET v1/private/projects?size=1}: the key and workspace are good when Opik answers 2xx. */
    @Override
    public ExportOutcome verify(Destination destination) {
        try {
            ExportHttp.Reply reply = http.get(URI.create(base(destination) + "v1/private/projects?size=1"), headers(destination),
                    checkTimeout, ExportHttp.Origin.ADMIN);
            return HttpOutcomes.vendor(reply.status(), reply.retryAfter());
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
    }

    /**
     * {@code {url without "api/"}{workspace}/redirect/projects?name=<project>}. The workspace
     * "default" (or none) is the key's own workspace, whose real name Opik tells at
     * {@code v1/private/auth/workspace}; a self-hosted Opik without that answer keeps "default".
     */
    @Override
    public Optional<String> projectUrl(Destination destination) {
        String base = base(destination);
        String web = base.substring(0, base.length() - "api/".length());
        String workspace = workspace(destination);
        if ("default".equals(workspace)) {
            workspace = workspaceName(destination).orElse(workspace);
        }
        return Optional.of(web + workspace + "/redirect/projects?name=" + URLEncoder.encode(project(destination), StandardCharsets.UTF_8)
                .replace("+", "%20"));
    }

    private Optional<String> workspaceName(Destination d) {
        try {
            ExportHttp.Reply reply = http.get(URI.create(base(d) + "v1/private/auth/workspace"), headers(d), checkTimeout,
                    ExportHttp.Origin.ADMIN);
            if (!reply.ok() || reply.truncated()) {
                return Optional.empty();
            }
            try (JsonReader r = Jsonp.createReader(new ByteArrayInputStream(reply.body()))) {
                String name = r.readObject().getString("workspace_name", "");
                return name.isBlank() || name.contains("/") ? Optional.empty() : Optional.of(name);
            }
        } catch (IOException | JsonException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** The configured URL, which the config model keeps ending in {@code /api/}. */
    static String base(Destination d) {
        return d.url("url", DEFAULT_URL) + "/";
    }

    static String project(Destination d) {
        String p = d.setting("project");
        return p == null || p.isBlank() ? DEFAULT_PROJECT : p.trim();
    }

    static String workspace(Destination d) {
        String w = d.setting("workspace");
        return w == null || w.isBlank() ? "default" : w.trim();
    }

    /** The raw key, no "Bearer", only when there is one (a self-hosted Opik needs none). */
    private static Map<String, String> headers(Destination d) {
        Map<String, String> h = new HashMap<>();
        String key = d.setting("api_key");
        if (key != null && !key.isBlank()) {
            h.put("authorization", key.trim());
        }
        h.put("Comet-Workspace", workspace(d));
        return h;
    }
}
