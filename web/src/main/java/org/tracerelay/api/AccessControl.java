package org.tracerelay.api;

import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.tracerelay.intake.Producer;

/**
 * The role matrix of the contract: no valid token 401, a token without the route's group 403,
 * both as problem+json. Roles come from {@link RolesAllowed} on the method or its class; a route
 * with neither that nor {@link PermitAll} is closed (403): a method someone forgot to annotate
 * must not be open to anyone.
 * <p>
 * A deployment's token ({@link Producer#DEPLOYMENT_GROUP}) may use only the routes that name its
 * group: intake, where each item names its tenant ({@link TenantPerItem}), and the admin writes
 * that mirror an app's settings, for the tenant in {@value #TENANT_HEADER}, one of those it lists.
 * It reads nothing: every other route is 403, and the writes answer it {@code {}}.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class AccessControl implements ContainerRequestFilter, ContainerResponseFilter {

    /** The tenant a deployment's token acts for on an admin route. */
    static final String TENANT_HEADER = "Trace-Relay-Tenant";

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
        if (security.getUserPrincipal() != null && caller.isDeployment()) {
            admitDeployment(request, method, type, allowed);
            return;
        }
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

    private void admitDeployment(ContainerRequestContext request, Method method, Class<?> type, RolesAllowed allowed) {
        Producer deployment;
        try {
            deployment = caller.deployment();
        } catch (Producer.Refused refused) {
            request.abortWith(Problems.of(401, "unauthorized", "The token is refused: " + refused.getMessage() + "."));
            return;
        }
        if (!Arrays.asList(allowed.value()).contains(Producer.DEPLOYMENT_GROUP)) {
            request.abortWith(Problems.of(403, "forbidden",
                    "A deployment's token may only send trace tasks and mirror an app's settings; it reads nothing."));
            return;
        }
        if (method.isAnnotationPresent(TenantPerItem.class) || type != null && type.isAnnotationPresent(TenantPerItem.class)) {
            caller.actAs(deployment, null);
            return;
        }
        String tenant = request.getHeaderString(TENANT_HEADER);
        if (tenant == null || tenant.isBlank()) {
            request.abortWith(Problems.of(400, "tenant_required", "A deployment's token names the tenant it acts for in the "
                    + TENANT_HEADER + " header."));
            return;
        }
        if (!deployment.mayWriteFor(tenant.trim())) {
            request.abortWith(Problems.of(403, "tenant_not_permitted", "The deployment's token does not list this tenant."));
            return;
        }
        caller.actAs(deployment, tenant.trim());
    }

    /** A deployment acting for a tenant gets nothing back but the status: it never reads a config or an app. */
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (caller.isDeploymentActingForTenant() && response.getStatus() / 100 == 2 && response.hasEntity()) {
            response.setEntity("{}", null, MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
