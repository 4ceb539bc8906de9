package org.tracerelay.export.weave;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.http.ExportHttp;
import org.tracerelay.export.http.HttpOutcomes;
import org.tracerelay.json.Jsonp;
import org.tracerelay.support.LruMaps;
import org.tracerelay.task.Fields;

/**
 * Makes sure the W&B project exists before calls go to it, as the Weave SDK does at
 * {@code weave.init}: W&B's GraphQL {@code project(name, entityName)} first (creating needs more
 * rights than reading), and only when there is none {@code upsertModel}, which creates it. The
 * trace server never creates a project; it answers 403 "Project not found". The project W&B names
 * back is the one calls go to. A project found is remembered under the destination, the GraphQL
 * host, the key's digest and the project id; the memory only saves requests, since creating is
 * idempotent and every node may do it once.
 */
final class WeaveProjectCreator {

    private static final String PROJECT_QUERY = "query Project($name: String!, $entityName: String!) "
            + "{ project(name: $name, entityName: $entityName) { name } }";
    private static final String UPSERT_MUTATION = "mutation UpsertModel($name: String!, $entity: String!) "
            + "{ upsertModel(input: { name: $name, entityName: $entity }) { model { name } } }";

    private final ExportHttp http;
    private final Map<String, String> ensured = LruMaps.synchronizedLru(4096);

    WeaveProjectCreator(ExportHttp http) {
        this.http = http;
    }

    /**
     * The project as W&B names it once it exists, or why it could not be made to exist.
     *
     * @param timeout of each GraphQL request; null for the export timeout
     */
    WeaveProjects.Project ensure(Destination d, WeaveProjects.Project project, Duration timeout) {
        String key = cacheKey(d, project);
        String known = ensured.get(key);
        if (known != null) {
            return new WeaveProjects.Project(project.entity(), known, null);
        }
        try {
            Answer found = graphql(d, PROJECT_QUERY, Map.of("name", project.name(), "entityName", project.entity()), timeout);
            if (found.failure() != null) {
                return new WeaveProjects.Project(project.entity(), project.name(), found.failure());
            }
            String name = name(found.data(), "project");
            if (name == null) {
                Answer created = graphql(d, UPSERT_MUTATION, Map.of("name", project.name(), "entity", project.entity()), timeout);
                if (created.failure() != null) {
                    return new WeaveProjects.Project(project.entity(), project.name(), created.failure());
                }
                name = name(Fields.object(created.data(), "upsertModel"), "model");
                if (name == null) {
                    return new WeaveProjects.Project(project.entity(), project.name(), ExportOutcome.dead("weave_project_unavailable",
                            "W&B neither has nor created the project " + project.id() + created.errorText()));
                }
            }
            ensured.put(key, name);
            return new WeaveProjects.Project(project.entity(), name, null);
        } catch (IOException e) {
            return new WeaveProjects.Project(project.entity(), project.name(), ExportHttp.failure(e));
        }
    }

    /** The trace server said the project is gone (deleted since): the next export ensures it again. */
    void forget(Destination d) {
        String prefix = d.key() + "|";
        synchronized (ensured) {
            ensured.keySet().removeIf(k -> k.startsWith(prefix));
        }
    }

    /** A GraphQL answer: its {@code data}, the first error's message, or the outcome of a refused request. */
    private record Answer(JsonObject data, String error, ExportOutcome failure) {
        String errorText() {
            return error == null ? "" : ": " + error;
        }
    }

    private Answer graphql(Destination d, String query, Map<String, String> variables, Duration timeout) throws IOException {
        var vars = Jsonp.createObjectBuilder();
        variables.forEach(vars::add);
        byte[] body = Jsonp.createObjectBuilder().add("query", query).add("variables", vars).build().toString()
                .getBytes(StandardCharsets.UTF_8);
        ExportHttp.Reply reply = http.post(URI.create(WeaveProjects.api(d) + "/graphql"), WeaveExporter.auth(d), "application/json",
                body, timeout, ExportHttp.Origin.ADMIN);
        if (!reply.ok()) {
            return new Answer(null, null, HttpOutcomes.vendor(reply.status(), reply.retryAfter()));
        }
        byte[] whole = reply.wholeBody().orElse(new byte[0]);
        try (JsonReader r = Jsonp.createReader(new ByteArrayInputStream(whole))) {
            JsonObject answer = r.readObject();
            JsonObject data = answer.get("data") instanceof JsonObject o ? o : null;
            String error = null;
            if (answer.get("errors") instanceof JsonArray errors && !errors.isEmpty()
                    && errors.get(0) instanceof JsonObject first) {
                error = clip(Fields.text(first, "message"));
            }
            if (data == null) {
                // no data at all: the request was refused as a whole (a permission, a bad entity)
                return new Answer(null, error, ExportOutcome.dead("weave_project_unavailable",
                        "W&B answered no project data" + (error == null ? "" : ": " + error)));
            }
            return new Answer(data, error, null);
        } catch (JsonException | ClassCastException unreadable) {
            return new Answer(null, null, ExportOutcome.retry("weave_project_unreadable", "W&B's GraphQL answer was not JSON", null));
        }
    }

    private static String name(JsonObject parent, String field) {
        JsonObject o = parent == null || !(parent.get(field) instanceof JsonObject x) ? null : x;
        String name = o == null ? null : Fields.text(o, "name");
        return name == null || name.isBlank() ? null : name;
    }

    private static String cacheKey(Destination d, WeaveProjects.Project project) {
        return d.key() + "|" + WeaveProjects.api(d) + "|" + WeaveProjects.digest(d.setting("api_key")) + "|" + project.id();
    }

    private static String clip(String message) {
        return message == null || message.length() <= 200 ? message : message.substring(0, 200);
    }
}
