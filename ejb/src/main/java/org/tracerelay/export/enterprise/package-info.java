/**
 * The enterprise OpenTelemetry collector, a deployment-wide destination that plugs in like a
 * provider ({@code EnterpriseTelemetry} is its {@code export.DeploymentDestination}): the data
 * dictionary's spans, logs and exactly-once metric totals (counted on {@code export.FirstClaims}).
 * Imports the shared export packages and the ground floor; never {@code outbox} nor another provider.
 */
package org.tracerelay.export.enterprise;
