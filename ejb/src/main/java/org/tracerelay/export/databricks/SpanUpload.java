package org.tracerelay.export.databricks;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.http.ExportHttp;
import org.tracerelay.export.http.HttpOutcomes;
import org.tracerelay.json.Jsonp;

/**
 * The spans' upload to the storage a trace's {@code credential_info} names, in the form its
 * {@code type} asks for, as MLflow's own clients do: one PUT for S3 and GCS signed URLs; one PUT
 * with {@code x-ms-blob-type: BlockBlob} for an Azure Blob SAS URI; create, append and flush for
 * an Azure Data Lake Storage Gen2 SAS URI. The URL is its own credential: no Authorization header
 * goes with it.
 */
record SpanUpload(Type type, URI uri, Map<String, String> headers) {

    static final String JSON = "application/json";
    /** Headers the HTTP client sets itself and refuses from the caller. */
    private static final Set<String> CLIENT_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade");

    /** MLflow's {@code ArtifactCredentialType}; an absent type is a plain signed URL. */
    enum Type {
        AWS_PRESIGNED_URL, GCP_SIGNED_URL, AZURE_SAS_URI, AZURE_ADLS_GEN2_SAS_URI;

        static Optional<Type> of(String name) {
            if (name == null || name.isEmpty()) {
                return Optional.of(AWS_PRESIGNED_URL);
            }
            try {
                return Optional.of(valueOf(name));
            } catch (IllegalArgumentException unknown) {
                return Optional.empty();
            }
        }
    }

    /** The answer of {@code credentials-for-data-upload}; empty when unreadable or of a storage type not known. */
    static Optional<SpanUpload> of(ExportHttp.Reply reply) {
        Optional<byte[]> body = reply.wholeBody();
        if (body.isEmpty()) {
            return Optional.empty();
        }
        try (JsonReader r = Jsonp.createReader(new ByteArrayInputStream(body.get()))) {
            JsonValue info = r.readObject().get("credential_info");
            if (!(info instanceof JsonObject ci) || !(ci.get("signed_uri") instanceof JsonString uri)) {
                return Optional.empty();
            }
            Optional<Type> type = Type.of(ci.get("type") instanceof JsonString t ? t.getString() : null);
            if (type.isEmpty()) {
                return Optional.empty();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            if (ci.get("headers") instanceof JsonArray list) {
                for (JsonValue h : list) {
                    if (h instanceof JsonObject o && o.get("name") instanceof JsonString n && o.get("value") instanceof JsonString v
                            && !CLIENT_HEADERS.contains(n.getString().toLowerCase(Locale.ROOT))
                            && !"authorization".equalsIgnoreCase(n.getString())) {
                        headers.put(n.getString(), v.getString());
                    }
                }
            }
            URI signed = URI.create(uri.getString());
            return signed.getScheme() == null || signed.getHost() == null ? Optional.empty()
                    : Optional.of(new SpanUpload(type.get(), signed, headers));
        } catch (JsonException | IllegalArgumentException | IllegalStateException | ClassCastException unreadable) {
            return Optional.empty();
        }
    }

    /** Uploads the spans document; the outcome of the first step that failed, else delivered. */
    ExportOutcome send(ExportHttp http, byte[] spans) throws IOException {
        return switch (type) {
            case AZURE_SAS_URI -> {
                Map<String, String> h = new LinkedHashMap<>(headers);
                h.keySet().removeIf(n -> n.equalsIgnoreCase("x-ms-blob-type"));
                h.put("x-ms-blob-type", "BlockBlob");
                yield outcome(http.put(uri, h, JSON, spans, null, ExportHttp.Origin.ADMIN));
            }
            case AZURE_ADLS_GEN2_SAS_URI -> adls(http, spans);
            default -> outcome(http.put(uri, headers, JSON, spans, null, ExportHttp.Origin.ADMIN));
        };
    }

    /** ADLS Gen2 takes no blob PUT: create the file, append the bytes at 0, flush at their length. */
    private ExportOutcome adls(ExportHttp http, byte[] spans) throws IOException {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.keySet().removeIf(n -> n.equalsIgnoreCase("x-ms-blob-type"));
        ExportOutcome created = outcome(http.put(with("resource=file"), h, JSON, new byte[0], null, ExportHttp.Origin.ADMIN));
        if (created.kind() != ExportOutcome.Kind.DELIVERED) {
            return created;
        }
        ExportOutcome appended = outcome(http.patch(with("action=append&position=0"), h, JSON, spans, null,
                ExportHttp.Origin.ADMIN));
        if (appended.kind() != ExportOutcome.Kind.DELIVERED) {
            return appended;
        }
        return outcome(http.patch(with("action=flush&position=" + spans.length), h, null, new byte[0], null,
                ExportHttp.Origin.ADMIN));
    }

    /** The SAS URL with more query parameters; its own (the signature) stay as they are. */
    URI with(String parameters) {
        String u = uri.toString();
        int hash = u.indexOf('#');
        String base = hash < 0 ? u : u.substring(0, hash);
        return URI.create(base + (uri.getRawQuery() == null ? "?" : "&") + parameters);
    }

    private static ExportOutcome outcome(ExportHttp.Reply reply) {
        if (reply.status() == 401 || reply.status() == 403) {
            // an expired or refused signature: the next attempt asks for a new URL
            return ExportOutcome.retry("upload_refused", "the signed upload URL was refused (" + reply.status() + ")", null);
        }
        return HttpOutcomes.vendor(reply.status(), reply.retryAfter());
    }
}
