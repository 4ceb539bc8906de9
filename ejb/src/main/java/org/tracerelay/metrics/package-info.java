/**
 * Trace Relay's own metrics (MicroProfile Telemetry). Imports {@code outbox} (backlog figures),
 * {@code export} (the outcome type), {@code health} and the ground floor.
 */
package org.tracerelay.metrics;
