package org.tracerelay.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The operator's routes: the group operator alone, with or without a tenant; its tokens reach no tenant's routes. */
class OperatorAccessTest {

    /** A signed-in caller with these groups and claims. */
    static Response filter(Class<?> type, String method, Set<String> groups, Map<String, String> claims, String tenantClaim)
            throws Exception {
        Method m = type.getMethod(method);
        AccessControl control = new AccessControl();
        control.resource = new ResourceInfo() {
            @Override
            public Method getResourceMethod() {
                return m;
            }

            @Override
            public Class<?> getResourceClass() {
                return type;
            }
        };
        Caller caller = new Caller();
        caller.tenantClaim = tenantClaim;
        caller.jwt = (JsonWebToken) Proxy.newProxyInstance(OperatorAccessTest.class.getClassLoader(), new Class<?>[] {JsonWebToken.class},
                (p, call, args) -> switch (call.getName()) {
                    case "getClaim" -> claims.containsKey((String) args[0]) ? Json.createValue(claims.get((String) args[0])) : null;
                    case "getName" -> "someone";
                    default -> null;
                });
        control.caller = caller;
        Principal principal = () -> "someone";
        SecurityContext signedIn = (SecurityContext) Proxy.newProxyInstance(OperatorAccessTest.class.getClassLoader(),
                new Class<?>[] {SecurityContext.class}, (p, call, args) -> switch (call.getName()) {
                    case "isUserInRole" -> groups.contains((String) args[0]);
                    case "getUserPrincipal" -> principal;
                    default -> null;
                });
        AtomicReference<Response> aborted = new AtomicReference<>();
        ContainerRequestContext request = (ContainerRequestContext) Proxy.newProxyInstance(OperatorAccessTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (p, call, args) -> {
                    if (call.getName().equals("abortWith")) {
                        aborted.set((Response) args[0]);
                    }
                    return call.getName().equals("getSecurityContext") ? signedIn : null;
                });
        control.filter(request);
        return aborted.get();
    }

    @Test
    void anOperatorNeedsNoTenantForTheOperatorView() throws Exception {
        assertNull(filter(OperatorResource.class, "status", Set.of("operator"), Map.of(), "tenant_id"));
        assertNull(filter(OperatorResource.class, "status", Set.of("operator"), Map.of("tenant_id", "acme"), "tenant_id"));
    }

    @Test
    void everyOtherGroupIsRefusedTheOperatorView() throws Exception {
        for (String group : new String[] {"viewer", "editor", "producer"}) {
            assertEquals(403, filter(OperatorResource.class, "status", Set.of(group), Map.of("tenant_id", "acme"), "tenant_id").getStatus(), group);
        }
    }

    @Test
    void anOperatorReachesNoTenantsRoutes() throws Exception {
        assertEquals(401, filter(AppListResource.class, "list", Set.of("operator"), Map.of(), "tenant_id").getStatus());
        assertEquals(403, filter(AppListResource.class, "list", Set.of("operator"), Map.of("tenant_id", "acme"), "tenant_id").getStatus());
    }

    @Test
    void theTenantComesFromTheConfiguredClaim() throws Exception {
        Map<String, String> claims = Map.of("org", "acme", "tenant_id", "other");
        assertNull(filter(AppListResource.class, "list", Set.of("viewer"), claims, "org"));
        assertEquals(401, filter(AppListResource.class, "list", Set.of("viewer"), Map.of("tenant_id", "acme"), "org").getStatus(),
                "a token without the configured claim names no tenant");
    }
}
