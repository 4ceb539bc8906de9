package org.tracerelay.config;

import org.tracerelay.export.Destination;

/**
 * A destination ready to export to, and the tenant whose app it belongs to ({@code null} for a
 * deployment-wide destination): the drain sends a task only with its own tenant's config.
 */
public record OpenDestination(Destination destination, String tenantId) {

    /** Whether a task stored under {@code taskTenant} may go to this destination. */
    public boolean takes(String taskTenant) {
        return tenantId == null || tenantId.equals(taskTenant);
    }
}
