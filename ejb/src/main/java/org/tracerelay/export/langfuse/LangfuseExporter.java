package org.tracerelay.export.langfuse;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.tracerelay.export.otlp.OtlpHttp;
import org.tracerelay.export.trace.RunTrees;
import org.tracerelay.json.Jsonp;

/**
 * Provider {@code langfuse}. By default ({@code ingestion: otel}) Langfuse's OpenTelemetry endpoint,
 * the only write path a v4 server takes traces and observations on ({@link LangfuseOtel}); with
 * {@code ingestion: legacy} the JSON ingestion API of v2 and v3 servers ({@code POST
 * {host}/api/public/ingestion}, Basic auth), whose 207 answer says which event failed and why, so
 * only that task's delivery fails. Legacy requests stay under 3.5 MB; a task's events never
 * straddle two requests.
 */
@ApplicationScoped
public class LangfuseExporter extends ProviderExporter {

    static final int MAX_REQUEST_BYTES = 3_500_000;
    private static final String JSON = "application/json";

    @Inject
    ExportHttp http;

    @Inject
    OtlpHttp otlp;

    @Inject
    @CheckTimeout
    Duration checkTimeout;

    public LangfuseExporter() {
        super(LangfuseConfig.MODEL, "");
    }

    /** Langfuse's fixed link is its host. */
    @Override
    public String projectHome(Destination destination) {
        String host = destination.setting("host");
        return host == null ? "" : host.endsWith("/") ? host : host + "/";
    }

    @Override
    public Map<String, ExportOutcome> export(Destination destination, List<ExportItem> items) {
        if (!LangfuseConfig.LEGACY.equals(destination.setting("ingestion"))) {
            return LangfuseOtel.send(otlp, destination, auth(destination), items);
        }
        Map<String, ExportOutcome> outcomes = new HashMap<>();
        List<Pending> request = new ArrayList<>();
        int bytes = 0;
        for (ExportItem item : items) {
            Pending p;
            try {
                p = Pending.of(item);
            } catch (RuntimeException unmappable) {
                outcomes.put(item.deliveryId(), ExportOutcome.dead("export_failed", unmappable.getClass().getSimpleName()));
                continue;
            }
            if (p.events().isEmpty()) {
                outcomes.put(item.deliveryId(), ExportOutcome.delivered());
            } else if (p.bytes() > MAX_REQUEST_BYTES) {
                outcomes.put(item.deliveryId(), ExportOutcome.dead("payload_too_large",
                        "the task's events are " + p.bytes() + " bytes, over Langfuse's 3.5 MB batch limit"));
            } else {
                if (bytes + p.bytes() > MAX_REQUEST_BYTES) {
                    outcomes.putAll(send(destination, request));
                    request = new ArrayList<>();
                    bytes = 0;
                }
                request.add(p);
                bytes += p.bytes();
            }
        }
        if (!request.isEmpty()) {
            outcomes.putAll(send(destination, request));
        }
        return outcomes;
    }

    /** One task's events, with their serialized size. */
    record Pending(String deliveryId, List<JsonObject> events, int bytes) {
        static Pending of(ExportItem item) {
            List<JsonObject> events = LangfuseEvents.of(RunTrees.of(item.task(), item.receivedAt()));
            int size = events.stream().mapToInt(e -> e.toString().getBytes(StandardCharsets.UTF_8).length + 1).sum();
            return new Pending(item.deliveryId(), events, size);
        }
    }

    private Map<String, ExportOutcome> send(Destination d, List<Pending> request) {
        var batch = Jsonp.createArrayBuilder();
        Map<String, String> deliveryOfEvent = new HashMap<>();
        for (Pending p : request) {
            for (JsonObject e : p.events()) {
                batch.add(e);
                deliveryOfEvent.put(e.getString("id"), p.deliveryId());
            }
        }
        byte[] body = Jsonp.createObjectBuilder().add("batch", batch).build().toString().getBytes(StandardCharsets.UTF_8);
        Map<String, ExportOutcome> outcomes = new LinkedHashMap<>();
        ExportHttp.Reply reply;
        try {
            reply = http.post(URI.create(host(d) + "/api/public/ingestion"), auth(d), JSON, body, null, ExportHttp.Origin.ADMIN);
        } catch (IOException e) {
            request.forEach(p -> outcomes.put(p.deliveryId(), ExportHttp.failure(e)));
            return outcomes;
        }
        ExportOutcome whole = HttpOutcomes.vendor(reply.status(), reply.retryAfter());
        if (whole.isDead() && !whole.destinationRefused() && request.size() > 1) {
            // Refused as a whole for good: halve until the poison task dies alone.
            int half = request.size() / 2;
            outcomes.putAll(send(d, request.subList(0, half)));
            outcomes.putAll(send(d, request.subList(half, request.size())));
            return outcomes;
        }
        request.forEach(p -> outcomes.put(p.deliveryId(), whole));
        if (reply.ok()) {
            // 200 or 207: each event has its own answer; a failed event fails only its task. An answer
            // cut at the size cap names no event: the status stands for all.
            for (JsonValue error : reply.wholeBody().map(LangfuseExporter::errors).orElse(JsonValue.EMPTY_JSON_ARRAY)) {
                JsonObject err = error.asJsonObject();
                String delivery = deliveryOfEvent.get(err.getString("id", ""));
                if (delivery != null) {
                    outcomes.merge(delivery, eventFailure(err), Outcomes::worse);
                }
            }
        }
        return outcomes;
    }

    static ExportOutcome eventFailure(JsonObject error) {
        int status = error.getInt("status", 500);
        String reason = error.getString("message", error.containsKey("error") ? String.valueOf(error.get("error")) : "no reason given");
        String detail = "langfuse refused event " + error.getString("id", "?") + " (" + status + "): " + Outcomes.clip(reason, 200);
        return status == 429 || status >= 500 ? ExportOutcome.retry("langfuse_" + status, detail, null)
                : ExportOutcome.dead("langfuse_" + status, detail);
    }

    private static JsonArray errors(byte[] body) {
        if (body == null || body.length == 0) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        try (JsonReader r = Jsonp.createReader(new ByteArrayInputStream(body))) {
            JsonValue v = r.readObject().get("errors");
            return v instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
        } catch (JsonException | ClassCastException notJson) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
    }

    /** {@code GET /api/public/projects}: the keys are good when they see at least one project. */
    @Override
    public ExportOutcome verify(Destination destination) {
        try {
            ExportHttp.Reply reply = projects(destination, checkTimeout);
            if (!reply.ok()) {
                return HttpOutcomes.vendor(reply.status(), reply.retryAfter());
            }
            if (reply.truncated()) {
                // Cut at the size cap, the list cannot be read; the 2xx alone says the keys were taken.
                return ExportOutcome.delivered();
            }
            return firstProjectId(reply.body()).isPresent() ? ExportOutcome.delivered()
                    : ExportOutcome.dead("invalid_credentials", "no project found for the given credentials");
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
    }

    @Override
    public Optional<String> projectUrl(Destination destination) {
        try {
            ExportHttp.Reply reply = projects(destination, checkTimeout);
            return reply.ok() ? reply.wholeBody().flatMap(LangfuseExporter::firstProjectId).map(id -> host(destination) + "/project/" + id)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private ExportHttp.Reply projects(Destination d, Duration timeout) throws IOException {
        return http.get(URI.create(host(d) + "/api/public/projects"), auth(d), timeout, ExportHttp.Origin.ADMIN);
    }

    static Optional<String> firstProjectId(byte[] body) {
        try (JsonReader r = Jsonp.createReader(new ByteArrayInputStream(body))) {
            JsonValue data = r.readObject().get("data");
            if (data instanceof JsonArray a && !a.isEmpty() && a.get(0) instanceof JsonObject first) {
                return Optional.ofNullable(first.getString("id", null));
            }
        } catch (JsonException | ClassCastException notJson) {
            // an unreadable answer knows no project
        }
        return Optional.empty();
    }

    static String host(Destination d) {
        return d.url("host", "https://api.langfuse.com");
    }

    private static Map<String, String> auth(Destination d) {
        String pair = d.setting("public_key") + ":" + d.setting("secret_key");
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
}
