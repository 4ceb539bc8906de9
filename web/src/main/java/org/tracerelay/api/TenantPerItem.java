package org.tracerelay.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A route whose items each name their tenant (intake): a deployment's token needs no
 * {@code Trace-Relay-Tenant} header there, and the use case checks each item against its tenants.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TenantPerItem {
}
