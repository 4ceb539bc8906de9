package org.tracerelay.export.langfuse;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import org.tracerelay.export.FakeBackend;
import org.tracerelay.export.otlp.OtlpHttp;
import org.tracerelay.json.Jsonp;

/**
 * How a self-hosted Langfuse v4 in its default write mode answers: the project list, 200 on the
 * OTLP endpoint, and on the legacy ingestion API a 207 whose every trace, span and generation
 * event failed with 400 (scores still taken).
 */
final class LangfuseV4 {

    private static final Set<String> REFUSED = Set.of("trace-create", "span-create", "span-update", "generation-create",
            "generation-update", "event-create");

    private LangfuseV4() {
    }

    /** The exporter as the tests wire it: the shared HTTP client for both paths, a short check timeout. */
    static LangfuseExporter exporter() {
        LangfuseExporter exporter = new LangfuseExporter();
        exporter.http = FakeBackend.http();
        exporter.otlp = new OtlpHttp(exporter.http);
        exporter.checkTimeout = Duration.ofSeconds(2);
        return exporter;
    }

    static Function<FakeBackend.Request, FakeBackend.Answer> server() {
        return r -> {
            if (r.target().startsWith("/api/public/projects")) {
                return FakeBackend.Answer.json(200, "{\"data\":[{\"id\":\"proj-1\",\"name\":\"dify\"}]}");
            }
            if (r.target().startsWith(LangfuseOtel.PATH)) {
                return FakeBackend.Answer.of(200, "");
            }
            if (r.target().startsWith("/api/public/ingestion")) {
                var successes = Jsonp.createArrayBuilder();
                var errors = Jsonp.createArrayBuilder();
                try (var reader = Jsonp.createReader(new StringReader(r.text()))) {
                    for (JsonValue v : reader.readObject().getJsonArray("batch")) {
                        JsonObject e = v.asJsonObject();
                        if (REFUSED.contains(e.getString("type"))) {
                            errors.add(Jsonp.createObjectBuilder().add("id", e.getString("id")).add("status", 400)
                                    .add("message", "Langfuse v4 ingests traces and observations via OpenTelemetry only"));
                        } else {
                            successes.add(Jsonp.createObjectBuilder().add("id", e.getString("id")).add("status", 201));
                        }
                    }
                }
                return FakeBackend.Answer.json(207, Jsonp.createObjectBuilder().add("successes", successes).add("errors", errors).build().toString());
            }
            return FakeBackend.Answer.of(404, "");
        };
    }
}
