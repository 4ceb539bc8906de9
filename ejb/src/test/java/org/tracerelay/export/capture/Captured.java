package org.tracerelay.export.capture;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.tracerelay.export.FakeBackend;
import org.tracerelay.json.Jsonp;

/**
 * What Trace Relay sent to a {@link FakeBackend}, decoded into the form the capture server gives
 * the SDK's requests (capture_server.py): method, path, query, the headers that matter, content
 * type, and the body as JSON, OTLP spans (hex ids, typed attributes) or multipart parts.
 */
public final class Captured {

    /** The same list as capture_server.py's KEPT_HEADERS. */
    static final Pattern KEPT_HEADERS = Pattern.compile("^(authorization|content-type|content-encoding|x-api-key|x-tenant-id|"
            + "x-langfuse-.*|comet-.*|authorization-.*|dd-.*|x-databricks-.*|x-ms-.*|x-wandb-.*|api_key|space_id)$");
    private static final HexFormat HEX = HexFormat.of();

    private Captured() {
    }

    public static List<JsonObject> of(List<FakeBackend.Request> requests) {
        return requests.stream().map(Captured::of).toList();
    }

    public static JsonObject of(FakeBackend.Request r) {
        URI uri = URI.create(r.target());
        JsonObjectBuilder query = Jsonp.createObjectBuilder();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.add(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        JsonObjectBuilder headers = Jsonp.createObjectBuilder();
        r.headers().forEach((k, v) -> {
            if (KEPT_HEADERS.matcher(k).matches()) {
                headers.add(k, v);
            }
        });
        String contentType = r.headers().getOrDefault("content-type", "");
        byte[] body = r.body();
        if ("gzip".equals(r.headers().get("content-encoding"))) {
            body = gunzip(body);
        }
        return Jsonp.createObjectBuilder().add("method", r.method()).add("path", uri.getRawPath()).add("query", query)
                .add("headers", headers).add("content_type", contentType.split(";")[0].trim())
                .add("body", body(contentType, body)).build();
    }

    static JsonValue body(String contentType, byte[] raw) {
        if (raw == null || raw.length == 0) {
            return JsonValue.NULL;
        }
        String kind = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (kind.equals("application/x-protobuf")) {
            return otlpSpans(raw);
        }
        if (kind.equals("multipart/form-data")) {
            return multipart(contentType, raw);
        }
        if (kind.endsWith("json") || raw[0] == '{' || raw[0] == '[') {
            try (var reader = Jsonp.createReader(new ByteArrayInputStream(raw))) {
                return reader.readValue();
            } catch (JsonException notJson) {
                // text below
            }
        }
        return Jsonp.createValue(new String(raw, StandardCharsets.UTF_8));
    }

    static JsonObject otlpSpans(byte[] raw) {
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(raw);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not an OTLP trace request: " + e.getMessage());
        }
        JsonArrayBuilder resources = Jsonp.createArrayBuilder();
        JsonArrayBuilder spans = Jsonp.createArrayBuilder();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            resources.add(attributes(rs.getResource()));
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span s : ss.getSpansList()) {
                    spans.add(Jsonp.createObjectBuilder().add("scope", ss.getScope().getName())
                            .add("traceId", HEX.formatHex(s.getTraceId().toByteArray()))
                            .add("spanId", HEX.formatHex(s.getSpanId().toByteArray()))
                            .add("parentSpanId", HEX.formatHex(s.getParentSpanId().toByteArray()))
                            .add("name", s.getName()).add("kind", s.getKindValue())
                            .add("status", Jsonp.createObjectBuilder().add("code", s.getStatus().getCodeValue())
                                    .add("message", s.getStatus().getMessage()))
                            .add("attributes", attributes(s.getAttributesList())));
                }
            }
        }
        return Jsonp.createObjectBuilder().add("resources", resources).add("spans", spans).build();
    }

    private static JsonObject attributes(Resource resource) {
        return attributes(resource.getAttributesList());
    }

    private static JsonObject attributes(List<KeyValue> kvs) {
        JsonObjectBuilder out = Jsonp.createObjectBuilder();
        for (KeyValue kv : kvs) {
            AnyValue v = kv.getValue();
            JsonObjectBuilder typed = Jsonp.createObjectBuilder();
            switch (v.getValueCase()) {
                case STRING_VALUE -> typed.add("type", "string_value").add("value", v.getStringValue());
                case BOOL_VALUE -> typed.add("type", "bool_value").add("value", v.getBoolValue());
                case INT_VALUE -> typed.add("type", "int_value").add("value", v.getIntValue());
                case DOUBLE_VALUE -> typed.add("type", "double_value").add("value", v.getDoubleValue());
                case ARRAY_VALUE -> {
                    JsonArrayBuilder a = Jsonp.createArrayBuilder();
                    v.getArrayValue().getValuesList().forEach(e -> a.add(e.getStringValue()));
                    typed.add("type", "array_value").add("value", a);
                }
                default -> typed.add("type", v.getValueCase() == AnyValue.ValueCase.VALUE_NOT_SET ? "empty"
                        : v.getValueCase().name().toLowerCase(Locale.ROOT)).add("value", JsonValue.NULL);
            }
            out.add(kv.getKey(), typed);
        }
        return out.build();
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");

    /** Multipart/form-data parts as {name, content_type, headers, body}, each body decoded like a request's. */
    static JsonValue multipart(String contentType, byte[] raw) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw new AssertionError("multipart without a boundary: " + contentType);
        }
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        JsonArrayBuilder parts = Jsonp.createArrayBuilder();
        List<byte[]> chunks = split(raw, delimiter);
        for (byte[] chunk : chunks.subList(1, chunks.size())) {
            String text = new String(chunk, StandardCharsets.ISO_8859_1);
            if (text.startsWith("--")) {
                break;
            }
            int headerEnd = text.indexOf("\r\n\r\n");
            String head = text.substring(2, headerEnd);
            byte[] content = Arrays.copyOfRange(chunk, headerEnd + 4, chunk.length - 2);
            JsonObjectBuilder headers = Jsonp.createObjectBuilder();
            String name = null;
            String type = "text/plain";
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (key.equals("content-disposition")) {
                    Matcher n = NAME.matcher(value);
                    name = n.find() ? n.group(1) : null;
                } else if (key.equals("content-type")) {
                    type = value;
                } else {
                    headers.add(key, value);
                }
            }
            JsonObjectBuilder part = Jsonp.createObjectBuilder().add("content_type", type.split(";")[0].trim())
                    .add("headers", headers).add("body", body(type, content));
            part.add("name", name == null ? JsonValue.NULL : Jsonp.createValue(name));
            parts.add(part);
        }
        return parts.build();
    }

    private static List<byte[]> split(byte[] raw, byte[] delimiter) {
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i + delimiter.length <= raw.length; i++) {
            if (Arrays.equals(raw, i, i + delimiter.length, delimiter, 0, delimiter.length)) {
                out.add(Arrays.copyOfRange(raw, from, i));
                from = i + delimiter.length;
                i = from - 1;
            }
        }
        out.add(Arrays.copyOfRange(raw, from, raw.length));
        return out;
    }

    private static byte[] gunzip(byte[] body) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The first captured request with this method whose path matches. */
    public static JsonObject request(List<JsonObject> captured, String method, String pathRegex) {
        return captured.stream().filter(r -> r.getString("method").equals(method) && r.getString("path").matches(pathRegex))
                .findFirst().orElseThrow(() -> new AssertionError("no " + method + " " + pathRegex + " among "
                        + captured.stream().map(r -> r.getString("method") + " " + r.getString("path")).toList()));
    }

    /** Every captured request's OTLP spans, in order. */
    public static List<JsonObject> spans(List<JsonObject> captured) {
        return captured.stream().map(r -> r.get("body")).filter(b -> b instanceof JsonObject o && o.containsKey("spans"))
                .flatMap(b -> b.asJsonObject().getJsonArray("spans").getValuesAs(JsonValue::asJsonObject).stream()).toList();
    }

}
