/**
 * Provider {@code datadog}: Datadog LLM Observability (OTLP/HTTP with GenAI attributes); its
 * config model, mapping and wire calls. Imports the shared export packages, {@code outbox} and the
 * ground floor; never another provider.
 */
package org.tracerelay.export.datadog;
