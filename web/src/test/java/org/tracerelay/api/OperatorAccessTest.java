package org.tracerelay.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The operator's routes: the group operator alone, with or without a tenant; its tokens reach no tenant's routes. */
class OperatorAccessTest {

    private static final Class<?>[] NONE = {};

    private static Response filter(Class<?> type, String method, Map<String, Object> claims) throws Exception {
        return AccessControlTest.filter(type, method, NONE, claims, Map.of()).aborted();
    }

    @Test
    void anOperatorNeedsNoTenantForTheOperatorView() throws Exception {
        assertNull(filter(OperatorResource.class, "status", Map.of("groups", List.of("operator"))));
        assertNull(filter(OperatorResource.class, "status", Map.of("groups", List.of("operator"), "tenant_id", "acme")));
    }

    @Test
    void everyOtherGroupIsRefusedTheOperatorView() throws Exception {
        for (String group : new String[] {"viewer", "editor", "producer"}) {
            assertEquals(403, filter(OperatorResource.class, "status", Map.of("groups", List.of(group), "tenant_id", "acme")).getStatus(),
                    group);
        }
    }

    @Test
    void anOperatorReachesNoTenantsRoutes() throws Exception {
        assertEquals(401, filter(AppListResource.class, "list", Map.of("groups", List.of("operator"))).getStatus());
        assertEquals(403, filter(AppListResource.class, "list", Map.of("groups", List.of("operator"), "tenant_id", "acme")).getStatus());
    }

    @Test
    void theTenantComesFromTheConfiguredClaim() {
        assertEquals("acme", caller("org", Map.of("org", "acme", "tenant_id", "other")).tenantId());
        assertNull(caller("org", Map.of("tenant_id", "acme")).tenantId(), "a token without the configured claim names no tenant");
        assertEquals("acme", caller("tenant_id", Map.of("tenant_id", "acme")).tenantId());
    }

    private static Caller caller(String tenantClaim, Map<String, String> claims) {
        Caller caller = new Caller();
        caller.tenantClaim = tenantClaim;
        caller.jwt = (JsonWebToken) Proxy.newProxyInstance(OperatorAccessTest.class.getClassLoader(), new Class<?>[] {JsonWebToken.class},
                (p, call, args) -> switch (call.getName()) {
                    case "getClaim" -> claims.containsKey((String) args[0]) ? Json.createValue(claims.get((String) args[0])) : null;
                    case "getGroups" -> Set.of("viewer");
                    default -> null;
                });
        return caller;
    }
}
