/** Enterprise metric totals, the claims' deltas to them, and the lease of the node that publishes them. Imports nothing of Trace Relay outside {@code domain}. */
package org.tracerelay.domain.telemetry;
