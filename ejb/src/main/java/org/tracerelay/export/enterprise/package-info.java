/**
 * The enterprise OpenTelemetry collector as a destination: the data dictionary's spans, logs and
 * exactly-once metric totals (counted on the outbox's first claims). Imports the shared export
 * packages, {@code outbox} and the ground floor; no other provider.
 */
package org.tracerelay.export.enterprise;
