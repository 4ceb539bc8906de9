/**
 * The OTLP encoder and its HTTP and gRPC channels, shared by every OpenTelemetry-speaking
 * provider; no provider lives here. Imports {@code export}, {@code export.http}, {@code
 * export.span} and the ground floor.
 */
package org.tracerelay.export.otlp;
