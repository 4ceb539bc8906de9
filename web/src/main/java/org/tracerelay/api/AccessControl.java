package org.tracerelay.api;

import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The role matrix of the contract: no valid token 401, a token without the route's group 403,
 * both as problem+json. Roles come from {@link RolesAllowed} on the method or its class; a route
 * with neither that nor {@link PermitAll} is closed (403): a method someone forgot to annotate
 * must not be open to anyone.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class AccessControl implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Inject
    Caller caller;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        Class<?> type = resource.getResourceClass();
        if (method.isAnnotationPresent(PermitAll.class) || !method.isAnnotationPresent(RolesAllowed.class)
                && type != null && type.isAnnotationPresent(PermitAll.class)) {
            return;
        }
        RolesAllowed allowed = method.isAnnotationPresent(RolesAllowed.class)
                ? method.getAnnotation(RolesAllowed.class) : type == null ? null : type.getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            request.abortWith(Problems.of(403, "forbidden", "This route has no access rule, so it is closed."));
            return;
        }
        var security = request.getSecurityContext();
        // A route for operators alone reads no tenant's data, so it needs no tenant claim.
        boolean operatorsOnly = Arrays.equals(allowed.value(), new String[] {Caller.OPERATOR});
        if (security.getUserPrincipal() == null || caller.tenantId() == null && !operatorsOnly) {
            request.abortWith(Problems.of(401, "unauthorized", "A bearer token with a tenant_id is required."));
            return;
        }
        if (Arrays.stream(allowed.value()).noneMatch(security::isUserInRole)) {
            request.abortWith(Problems.of(403, "forbidden", "The token's groups do not allow this route."));
        }
    }
}
