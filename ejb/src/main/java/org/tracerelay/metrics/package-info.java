/**
 * Trace Relay's own metrics (MicroProfile Telemetry). Imports {@code outbox} and the ground floor.
 */
package org.tracerelay.metrics;
