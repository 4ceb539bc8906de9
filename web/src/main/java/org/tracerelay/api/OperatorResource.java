package org.tracerelay.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Locale;
import org.tracerelay.json.Jsonp;
import org.tracerelay.operator.BreakerState;
import org.tracerelay.operator.NodeState;
import org.tracerelay.operator.OperatorOverview;
import org.tracerelay.operator.TenantLoad;

/** {@code GET /api/v1/operator/status}: the relay's own state, for the group {@code operator} alone. */
@Path("operator")
@Produces(MediaType.APPLICATION_JSON)
public class OperatorResource {

    @Inject
    OperatorOverview overview;

    @GET
    @Path("status")
    @RolesAllowed(Caller.OPERATOR)
    public String status() {
        OperatorOverview.Overview o = overview.now();
        JsonArrayBuilder nodes = Jsonp.createArrayBuilder();
        for (NodeState n : o.nodes()) {
            nodes.add(Jsonp.createObjectBuilder().add("node", n.node()).add("status", name(n.status()))
                    .add("detail", n.detail()).add("checked_at", n.checkedAt().toString()));
        }
        JsonArrayBuilder tenants = Jsonp.createArrayBuilder();
        for (TenantLoad t : o.tenants()) {
            tenants.add(Jsonp.createObjectBuilder().add("tenant_id", t.tenant()).add("waiting", t.waiting())
                    .add("quota", t.quota()).add("at_quota", t.atQuota()));
        }
        JsonArrayBuilder destinations = Jsonp.createArrayBuilder();
        for (BreakerState b : o.destinations()) {
            JsonObjectBuilder d = Jsonp.createObjectBuilder().add("destination", b.destination()).add("breaker", name(b.state()))
                    .add("failures", b.failures()).add("waiting", b.waiting());
            optional(d, "open_until", b.openUntil());
            if (b.reason() != null) {
                d.add("reason", b.reason());
            }
            destinations.add(d);
        }
        return Jsonp.createObjectBuilder()
                .add("nodes", nodes)
                .add("backlog", Jsonp.createObjectBuilder().add("total_quota", o.quota().total())
                        .add("tenant_quota", o.quota().perTenant()).add("destination_quota", o.quota().perDestination())
                        .add("tenants", tenants))
                .add("destinations", destinations)
                .add("dead_letters", Jsonp.createObjectBuilder().add("count", o.deadLetters()).add("at_least", o.deadLettersCapped()))
                .build().toString();
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static void optional(JsonObjectBuilder b, String name, Instant value) {
        if (value != null) {
            b.add(name, value.toString());
        }
    }
}
