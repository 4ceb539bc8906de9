package org.tracerelay.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
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
                TraceConfigResource.class, TraceTaskResource.class)) {
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
