/**
 * Provider {@code otlp}: any OpenTelemetry collector over OTLP/HTTP, on the shared encoder and
 * transport of {@code export.otlp}. Imports {@code export}, {@code export.otlp}, {@code
 * export.span} and the ground floor.
 */
package org.tracerelay.export.collector;
