package org.tracerelay.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.tracerelay.admin.Apps;
import org.tracerelay.domain.delivery.Delivery;
import org.tracerelay.domain.delivery.DeliveryStatus;
import org.tracerelay.json.Jsonp;
import org.tracerelay.outbox.AppActivity;
import org.tracerelay.outbox.AppDeliveries;
import org.tracerelay.refusal.Refusal;
import org.tracerelay.refusal.Violation;

/**
 * {@code GET /api/v1/apps/{app_id}/deliveries[?status=dead&offset=&limit=]}: where an app's tasks
 * stand; {@code .../deliveries/activity}: its backlog per destination and finished deliveries per minute.
 */
@Path("apps/{app_id}/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    @Inject
    Caller caller;

    @Inject
    Apps apps;

    @Inject
    AppDeliveries deliveries;

    @Inject
    AppActivity activity;

    @GET
    @RolesAllowed({"viewer", "editor"})
    public String list(@PathParam("app_id") String appId, @QueryParam("status") String status,
                       @QueryParam("limit") @DefaultValue("100") int limit,
                       @QueryParam("offset") @DefaultValue("0") int offset) {
        apps.find(caller.tenantId(), appId);
        JsonArrayBuilder out = Jsonp.createArrayBuilder();
        for (Delivery d : deliveries.forApp(caller.tenantId(), appId, parse(status), Math.max(0, offset),
                Math.max(1, Math.min(limit, 1000)))) {
            JsonObjectBuilder b = Jsonp.createObjectBuilder()
                    .add("id", d.getId())
                    .add("task_id", d.getTaskId())
                    .add("destination", d.getDestination())
                    .add("provider", d.getProvider())
                    .add("status", d.getStatus().name().toLowerCase(Locale.ROOT))
                    .add("attempts", d.getAttempts())
                    .add("created_at", d.getCreatedAt().toString());
            text(b, "last_code", d.getLastCode());
            text(b, "last_error", d.getLastError());
            time(b, "next_attempt_at", d.getStatus() == DeliveryStatus.PENDING ? d.getNextAttemptAt() : null);
            time(b, "finished_at", d.getFinishedAt());
            out.add(b);
        }
        return Jsonp.createObjectBuilder().add("deliveries", out).build().toString();
    }

    /**
     * The app's backlog per destination ({@code waiting}, of them {@code retrying} after a failed
     * attempt, {@code oldest_created_at}) and, for each of the last 60 minutes, how many of its
     * deliveries finished {@code delivered} and {@code dead}.
     */
    @GET
    @Path("activity")
    @RolesAllowed({"viewer", "editor"})
    public String activity(@PathParam("app_id") String appId) {
        apps.find(caller.tenantId(), appId);
        Instant now = Instant.now();
        JsonArrayBuilder backlog = Jsonp.createArrayBuilder();
        for (AppActivity.Backlog b : activity.backlog(caller.tenantId(), appId)) {
            JsonObjectBuilder o = Jsonp.createObjectBuilder().add("destination", b.destination()).add("provider", b.provider())
                    .add("waiting", b.waiting()).add("retrying", b.retrying());
            time(o, "oldest_created_at", b.oldest());
            backlog.add(o);
        }
        JsonArrayBuilder minutes = Jsonp.createArrayBuilder();
        for (AppActivity.Minute m : activity.perMinute(caller.tenantId(), appId, 60, now)) {
            minutes.add(Jsonp.createObjectBuilder().add("minute", m.start().toString())
                    .add("delivered", m.delivered()).add("retried", m.retried()).add("dead", m.dead()));
        }
        return Jsonp.createObjectBuilder().add("now", now.toString()).add("backlog", backlog).add("per_minute", minutes)
                .build().toString();
    }

    /**
     * Redrive: {@code {"delivery_ids": [...]}} (at most 1000) for some dead deliveries, {@code {}}
     * for the app's oldest dead ones, at most {@code limit} (1 to 1000, default 1000) per call;
     * {@code remaining} says how many dead ones are left for the next call.
     */
    @POST
    @Path("redrive")
    @RolesAllowed("editor")
    @Consumes(MediaType.APPLICATION_JSON)
    public String redrive(@PathParam("app_id") String appId, String body) {
        apps.find(caller.tenantId(), appId);
        JsonObject request = redriveRequest(body);
        List<String> ids = deliveryIds(request);
        AppDeliveries.Redriven done = deliveries.redrive(caller.tenantId(), appId, ids, limit(request));
        return Jsonp.createObjectBuilder().add("redriven", done.redriven()).add("remaining", done.remaining()).build().toString();
    }

    private static final int MAX_PAGE = 1000;

    /** {@code {}}, {@code {"delivery_ids": [...]}} or {@code {"limit": n}}; anything else is the caller's mistake. */
    private static JsonObject redriveRequest(String body) {
        if (body == null || body.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (var reader = Jsonp.createReader(new java.io.StringReader(body))) {
            if (reader.readValue() instanceof JsonObject o) {
                return o;
            }
        } catch (jakarta.json.JsonException e) {
            // answered below, like any other body that is not an object
        }
        throw invalidRedrive("", "the body must be a JSON object");
    }

    private static List<String> deliveryIds(JsonObject request) {
        JsonValue ids = request.get("delivery_ids");
        if (ids == null || ids == JsonValue.NULL) {
            return List.of();
        }
        if (!(ids instanceof JsonArray a) || !a.stream().allMatch(v -> v instanceof JsonString) || a.size() > MAX_PAGE) {
            throw invalidRedrive("delivery_ids", "must be an array of at most " + MAX_PAGE + " delivery ids");
        }
        return a.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static int limit(JsonObject request) {
        JsonValue v = request.get("limit");
        if (v == null || v == JsonValue.NULL) {
            return MAX_PAGE;
        }
        if (!(v instanceof jakarta.json.JsonNumber n) || !n.isIntegral() || n.intValue() < 1 || n.intValue() > MAX_PAGE) {
            throw invalidRedrive("limit", "must be an integer from 1 to " + MAX_PAGE);
        }
        return n.intValue();
    }

    private static Refusal invalidRedrive(String path, String message) {
        return new Refusal(400, "invalid_request",
                "The body must be {}, {\"delivery_ids\": [\"...\"]} or {\"limit\": n}.", List.of(new Violation(path, message)));
    }

    private static DeliveryStatus parse(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return DeliveryStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "invalid_request", "status must be pending, delivered or dead.",
                    List.of(new Violation("status", "unknown status")));
        }
    }

    private static void text(JsonObjectBuilder b, String key, String value) {
        if (value == null) {
            b.addNull(key);
        } else {
            b.add(key, value);
        }
    }

    private static void time(JsonObjectBuilder b, String key, Instant value) {
        text(b, key, value == null ? null : value.toString());
    }
}
