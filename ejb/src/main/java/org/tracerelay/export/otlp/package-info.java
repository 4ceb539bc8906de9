/**
 * The OTLP encoder and its HTTP and gRPC channels, shared by every OpenTelemetry-speaking
 * provider, and provider {@code otlp} (any collector) itself. Imports {@code export}, {@code
 * export.http}, {@code export.span}, {@code outbox} and the ground floor.
 */
package org.tracerelay.export.otlp;
