package org.tracerelay.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.io.InputStream;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.tracerelay.intake.Producer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Access control fails closed: a route without an access rule answers 403 to everyone. */
class AccessControlTest {

    static class Unannotated {
        @GET
        public String forgotten() {
            return "";
        }

        @PermitAll
        @GET
        public String open() {
            return "";
        }
    }

    /** Runs the filter for {@code method} as a caller without a token; returns what it aborted with. */
    static Response filter(Class<?> type, String method) throws Exception {
        Method m = type.getMethod(method);
        AccessControl control = new AccessControl();
        control.resource = resource(type, m);
        control.caller = new Caller();
        AtomicReference<Response> aborted = new AtomicReference<>();
        SecurityContext anonymous = (SecurityContext) Proxy.newProxyInstance(AccessControlTest.class.getClassLoader(),
                new Class<?>[] {SecurityContext.class}, (p, call, args) -> call.getName().equals("isUserInRole") ? false : null);
        ContainerRequestContext request = (ContainerRequestContext) Proxy.newProxyInstance(AccessControlTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (p, call, args) -> {
                    switch (call.getName()) {
                        case "abortWith" -> aborted.set((Response) args[0]);
                        case "getSecurityContext" -> {
                            return anonymous;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
        control.filter(request);
        return aborted.get();
    }

    /** The filter run for {@code method} with a verified token of these claims and these headers. */
    record Run(Response aborted, Caller caller, AccessControl control) {
    }

    static Run filter(Class<?> type, String method, Class<?>[] params, Map<String, Object> claims, Map<String, String> headers)
            throws Exception {
        Method m = type.getMethod(method, params);
        AccessControl control = new AccessControl();
        control.resource = resource(type, m);
        @SuppressWarnings("unchecked")
        Set<String> groups = new HashSet<>((List<String>) claims.getOrDefault("groups", List.of()));
        Caller caller = new Caller();
        caller.jwt = (JsonWebToken) Proxy.newProxyInstance(AccessControlTest.class.getClassLoader(), new Class<?>[] {JsonWebToken.class},
                (p, call, args) -> switch (call.getName()) {
                    case "getGroups" -> groups;
                    case "getName" -> "it";
                    case "getClaim" -> {
                        Object v = claims.get((String) args[0]);
                        yield v instanceof String text ? Json.createValue(text)
                                : v instanceof List<?> list ? Json.createArrayBuilder(list).build() : v;
                    }
                    default -> null;
                });
        control.caller = caller;
        AtomicReference<Response> aborted = new AtomicReference<>();
        SecurityContext verified = (SecurityContext) Proxy.newProxyInstance(AccessControlTest.class.getClassLoader(),
                new Class<?>[] {SecurityContext.class}, (p, call, args) -> switch (call.getName()) {
                    case "isUserInRole" -> groups.contains((String) args[0]);
                    case "getUserPrincipal" -> (Principal) () -> "it";
                    default -> null;
                });
        ContainerRequestContext request = (ContainerRequestContext) Proxy.newProxyInstance(AccessControlTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (p, call, args) -> switch (call.getName()) {
                    case "abortWith" -> {
                        aborted.set((Response) args[0]);
                        yield null;
                    }
                    case "getSecurityContext" -> verified;
                    case "getHeaderString" -> headers.get((String) args[0]);
                    default -> null;
                });
        control.filter(request);
        return new Run(aborted.get(), caller, control);
    }

    private static final Map<String, Object> DIFY = Map.of("groups", List.of("deployment"), "deployment_id", "dify-prod",
            "tenant_ids", List.of("acme", "globex"));
    private static final Class<?>[] BODY = {JsonObject.class};
    private static final Class<?>[] INTAKE = {InputStream.class, Long.class, String.class, String.class, String.class};

    @Test
    void aDeploymentMayMirrorSettingsOnlyForATenantItsTokenLists() throws Exception {
        Map<String, String> acme = Map.of("Trace-Relay-Tenant", "acme");
        for (Run allowed : List.of(filter(AppResource.class, "register", BODY, DIFY, acme),
                filter(AppResource.class, "switchTracing", BODY, DIFY, acme),
                filter(TraceConfigResource.class, "create", BODY, DIFY, acme),
                filter(TraceConfigResource.class, "update", BODY, DIFY, acme))) {
            assertNull(allowed.aborted());
            assertEquals("acme", allowed.caller().tenantId(), "the writes act for the header's tenant");
        }
        Run other = filter(AppResource.class, "register", BODY, DIFY, Map.of("Trace-Relay-Tenant", "initech"));
        assertEquals(403, other.aborted().getStatus());
        assertTrue(other.aborted().getEntity().toString().contains("\"tenant_not_permitted\""));
        Run none = filter(TraceConfigResource.class, "create", BODY, DIFY, Map.of());
        assertEquals(400, none.aborted().getStatus());
        assertTrue(none.aborted().getEntity().toString().contains("\"tenant_required\""));
    }

    @Test
    void aDeploymentReadsNothing() throws Exception {
        Map<String, String> acme = Map.of("Trace-Relay-Tenant", "acme");
        List<String> open = new ArrayList<>();
        for (Class<?> type : List.of(AppResource.class, AppListResource.class, DeliveryResource.class, TenantKeyResource.class,
                TraceConfigResource.class)) {
            for (Method m : type.getDeclaredMethods()) {
                if (!isRoute(m)) {
                    continue;
                }
                Response aborted = filter(type, m.getName(), m.getParameterTypes(), DIFY, acme).aborted();
                if (aborted == null) {
                    open.add(type.getSimpleName() + "." + m.getName());
                } else {
                    assertEquals(403, aborted.getStatus(), type.getSimpleName() + "." + m.getName());
                }
                if (m.isAnnotationPresent(GET.class) || m.isAnnotationPresent(DELETE.class)) {
                    assertNotNull(aborted, "a deployment never reads or deletes: " + type.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertEquals(Set.of("AppResource.register", "AppResource.switchTracing", "TraceConfigResource.create",
                "TraceConfigResource.update"), Set.copyOf(open), "the only routes a deployment may call besides intake");
    }

    @Test
    void aDeploymentsWriteAnswersNoConfig() throws Exception {
        Run run = filter(TraceConfigResource.class, "create", BODY, DIFY, Map.of("Trace-Relay-Tenant", "acme"));
        AtomicReference<Object> entity = new AtomicReference<>("{\"tracing_config\":{\"api_key\":\"sk-***\"}}");
        ContainerResponseContext response = (ContainerResponseContext) Proxy.newProxyInstance(AccessControlTest.class.getClassLoader(),
                new Class<?>[] {ContainerResponseContext.class}, (p, call, args) -> switch (call.getName()) {
                    case "getStatus" -> 201;
                    case "hasEntity" -> entity.get() != null;
                    case "setEntity" -> {
                        entity.set(args[0]);
                        yield null;
                    }
                    default -> null;
                });
        run.control().filter(null, response);
        assertEquals("{}", entity.get());
    }

    @Test
    void aDeploymentSendsTasksWithoutNamingATenantAndATenantsTokenNeverActsAsOne() throws Exception {
        Run intake = filter(TraceTaskResource.class, "accept", INTAKE, DIFY, Map.of());
        assertNull(intake.aborted());
        assertEquals(Set.of("acme", "globex"), intake.caller().producer().tenants());
        assertTrue(intake.caller().producer().isDeployment());

        Map<String, Object> tenantAsDeployment = Map.of("groups", List.of("deployment", "producer", "editor"), "tenant_id", "acme",
                "deployment_id", "dify-prod", "tenant_ids", List.of("acme", "globex"));
        assertEquals(401, filter(TraceTaskResource.class, "accept", INTAKE, tenantAsDeployment, Map.of()).aborted().getStatus());
        assertEquals(401, filter(AppResource.class, "read", new Class<?>[0], tenantAsDeployment,
                Map.of("Trace-Relay-Tenant", "globex")).aborted().getStatus());
        Map<String, Object> noTenants = Map.of("groups", List.of("deployment"), "deployment_id", "dify-prod", "tenant_ids", List.of());
        assertEquals(401, filter(TraceTaskResource.class, "accept", INTAKE, noTenants, Map.of()).aborted().getStatus());

        Run tenant = filter(TraceTaskResource.class, "accept", INTAKE, Map.of("groups", List.of("producer"), "tenant_id", "acme"),
                Map.of("Trace-Relay-Tenant", "globex"));
        assertNull(tenant.aborted());
        assertEquals(Producer.tenant("acme"), tenant.caller().producer(), "a tenant's token ignores the header");
    }

    private static boolean isRoute(Method m) {
        return m.isAnnotationPresent(GET.class) || m.isAnnotationPresent(POST.class) || m.isAnnotationPresent(PUT.class)
                || m.isAnnotationPresent(PATCH.class) || m.isAnnotationPresent(DELETE.class);
    }

    static ResourceInfo resource(Class<?> type, Method m) {
        return new ResourceInfo() {
            @Override
            public Method getResourceMethod() {
                return m;
            }

            @Override
            public Class<?> getResourceClass() {
                return type;
            }
        };
    }

    @Test
    void aRouteWithoutAnAccessRuleIsClosed() throws Exception {
        assertEquals(403, filter(Unannotated.class, "forgotten").getStatus());
        assertNull(filter(Unannotated.class, "open"), "PermitAll opens a route on purpose");
    }

    @Test
    void aRouteWithRolesAsksForAToken() throws Exception {
        assertEquals(401, filter(TenantKeyResource.class, "rotate").getStatus());
    }

    @Test
    void everyRouteOfTheApiHasAnAccessRule() {
        for (Class<?> type : List.of(AppResource.class, AppListResource.class, DeliveryResource.class, TenantKeyResource.class,
                TraceConfigResource.class, TraceTaskResource.class, OperatorResource.class, ConsoleSignInResource.class)) {
            for (Method m : type.getDeclaredMethods()) {
                boolean route = m.isAnnotationPresent(GET.class) || m.isAnnotationPresent(POST.class) || m.isAnnotationPresent(PUT.class)
                        || m.isAnnotationPresent(PATCH.class) || m.isAnnotationPresent(DELETE.class);
                if (route) {
                    assertTrue(m.isAnnotationPresent(RolesAllowed.class) || type.isAnnotationPresent(RolesAllowed.class)
                            || m.isAnnotationPresent(PermitAll.class), type.getSimpleName() + "." + m.getName());
                }
            }
        }
    }
}
