/**
 * Spans and logs of a task in wire-neutral form: the data dictionary's workflow and node spans,
 * deterministic ids, metric snapshots. Shared by the OTLP-speaking providers; imports {@code task}
 * and {@code json}.
 */
package org.tracerelay.export.span;
