/**
 * Spans and logs of a task in wire-neutral form: the data dictionary's workflow and node spans,
 * deterministic ids, metric snapshots. Shared by the OTLP-speaking providers; imports {@code
 * export.trace} (the run tree it is built from), {@code task}, {@code json} and {@code support}.
 */
package org.tracerelay.export.span;
