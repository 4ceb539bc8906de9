package org.tracerelay.export.weave;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.http.ExportHttp;
import org.tracerelay.export.http.HttpOutcomes;
import org.tracerelay.json.Jsonp;
import org.tracerelay.support.LruMaps;
import org.tracerelay.task.Fields;

/**
 * A destination's Weave project id {@code entity/project}. The entity is the config's, or the
 * prefix of a project written {@code entity/project}, or else the API key's default entity from
 * W&B's GraphQL {@code viewer} query. A looked-up entity is cached under the destination, the
 * GraphQL host and a digest of the key, so it never serves another tenant, host or key.
 */
final class WeaveProjects {

    static final String DEFAULT_API = "https://api.wandb.ai";
    private static final byte[] VIEWER_QUERY = "{\"query\":\"query { viewer { entity } }\"}".getBytes(StandardCharsets.UTF_8);

    /** The entity and project, or why they could not be known. */
    record Project(String entity, String name, ExportOutcome failure) {
        String id() {
            return entity + "/" + name;
        }

        boolean known() {
            return failure == null;
        }
    }

    private final ExportHttp http;
    private final Map<String, String> entities = LruMaps.synchronizedLru(4096);

    WeaveProjects(ExportHttp http) {
        this.http = http;
    }

    /** @param timeout of the GraphQL lookup; null for the export timeout */
    Project resolve(Destination d, Duration timeout) {
        String project = d.setting("project").trim();
        int slash = project.indexOf('/');
        if (slash > 0) {
            return new Project(project.substring(0, slash), project.substring(slash + 1), null);
        }
        String entity = d.setting("entity");
        if (entity != null && !entity.isBlank()) {
            return new Project(entity.trim(), project, null);
        }
        String cacheKey = d.key() + "|" + api(d) + "|" + digest(d.setting("api_key"));
        String cached = entities.get(cacheKey);
        if (cached != null) {
            return new Project(cached, project, null);
        }
        try {
            ExportHttp.Reply reply = http.post(URI.create(api(d) + "/graphql"), WeaveExporter.auth(d), "application/json",
                    VIEWER_QUERY, timeout, ExportHttp.Origin.ADMIN);
            if (!reply.ok()) {
                return new Project(null, project, HttpOutcomes.vendor(reply.status(), reply.retryAfter()));
            }
            String found = reply.wholeBody().map(WeaveProjects::viewerEntity).orElse(null);
            if (found == null) {
                return new Project(null, project, ExportOutcome.dead("weave_entity_unknown",
                        "W&B named no default entity for this API key; set entity in the config"));
            }
            entities.put(cacheKey, found);
            return new Project(found, project, null);
        } catch (IOException e) {
            return new Project(null, project, ExportHttp.failure(e));
        }
    }

    static String viewerEntity(byte[] body) {
        try (JsonReader r = Jsonp.createReader(new ByteArrayInputStream(body))) {
            JsonObject viewer = Fields.object(Fields.object(r.readObject(), "data"), "viewer");
            String entity = Fields.text(viewer, "entity");
            return entity == null || entity.isBlank() ? null : entity;
        } catch (JsonException | ClassCastException notJson) {
            return null;
        }
    }

    /** W&B's API host: the self-hosted {@code host}, else api.wandb.ai. */
    static String api(Destination d) {
        return d.url("host", DEFAULT_API);
    }

    static String digest(String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.valueOf(secret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
