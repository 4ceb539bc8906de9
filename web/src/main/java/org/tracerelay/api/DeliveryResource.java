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
import org.tracerelay.outbox.AppDeliveries;
import org.tracerelay.refusal.Refusal;
import org.tracerelay.refusal.Violation;

/** {@code GET /api/v1/apps/{app_id}/deliveries[?status=dead]}: where an app's tasks stand. */
@Path("apps/{app_id}/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    @Inject
    Caller caller;

    @Inject
    Apps apps;

    @Inject
    AppDeliveries deliveries;

    @GET
    @RolesAllowed({"viewer", "editor"})
    public String list(@PathParam("app_id") String appId, @QueryParam("status") String status,
                       @QueryParam("limit") @DefaultValue("100") int limit) {
        apps.find(caller.tenantId(), appId);
        JsonArrayBuilder out = Jsonp.createArrayBuilder();
        for (Delivery d : deliveries.forApp(caller.tenantId(), appId, parse(status), Math.max(1, Math.min(limit, 1000)))) {
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

    /** Redrive: {@code {"delivery_ids": [...]}} for some dead deliveries, {@code {}} for all of the app's. */
    @POST
    @Path("redrive")
    @RolesAllowed("editor")
    @Consumes(MediaType.APPLICATION_JSON)
    public String redrive(@PathParam("app_id") String appId, String body) {
        apps.find(caller.tenantId(), appId);
        List<String> ids = deliveryIds(body);
        return Jsonp.createObjectBuilder().add("redriven", deliveries.redrive(caller.tenantId(), appId, ids)).build().toString();
    }

    /** {@code {}} or {@code {"delivery_ids": ["...", ...]}}; anything else is the caller's mistake. */
    private static List<String> deliveryIds(String body) {
        Refusal invalid = new Refusal(400, "invalid_request", "The body must be {} or {\"delivery_ids\": [\"...\"]}.",
                List.of(new Violation("delivery_ids", "must be an array of delivery ids")));
        if (body == null || body.isBlank()) {
            return List.of();
        }
        JsonValue root;
        try (var reader = Jsonp.createReader(new java.io.StringReader(body))) {
            root = reader.readValue();
        } catch (jakarta.json.JsonException e) {
            throw invalid;
        }
        if (!(root instanceof JsonObject o)) {
            throw invalid;
        }
        JsonValue ids = o.get("delivery_ids");
        if (ids == null || ids == JsonValue.NULL) {
            return List.of();
        }
        if (!(ids instanceof JsonArray a) || !a.stream().allMatch(v -> v instanceof JsonString)) {
            throw invalid;
        }
        return a.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
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
