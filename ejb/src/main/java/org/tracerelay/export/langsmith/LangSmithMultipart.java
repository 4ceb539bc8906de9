package org.tracerelay.export.langsmith;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.tracerelay.json.Jsonp;

/**
 * Runs as the multipart/form-data body of {@code POST /runs/multipart}, the form current LangSmith
 * SDKs send (langsmith 0.14): per run a part {@code post.<id>} with the run's own fields, then one
 * JSON part {@code post.<id>.<field>} for each of its large fields, which the server stores apart.
 */
final class LangSmithMultipart {

    static final Set<String> OWN_PARTS = Set.of("inputs", "outputs", "events", "extra", "error", "serialized");

    private LangSmithMultipart() {
    }

    static byte[] body(List<JsonObject> runs, String boundary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JsonObject run : runs) {
            String name = "post." + run.getString("id");
            JsonObjectBuilder head = Jsonp.createObjectBuilder();
            run.forEach((k, v) -> {
                if (!OWN_PARTS.contains(k)) {
                    head.add(k, v);
                }
            });
            part(out, boundary, name, head.build());
            for (String field : List.of("inputs", "outputs", "events", "extra", "error", "serialized")) {
                JsonValue v = run.get(field);
                if (v != null && v != JsonValue.NULL) {
                    part(out, boundary, name + "." + field, v);
                }
            }
        }
        write(out, "--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    private static void part(ByteArrayOutputStream out, String boundary, String name, JsonValue value) {
        byte[] json = value.toString().getBytes(StandardCharsets.UTF_8);
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + json.length + "\r\n\r\n");
        out.writeBytes(json);
        write(out, "\r\n");
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
