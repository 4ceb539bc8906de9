/**
 * Provider {@code langfuse}: Langfuse (v4's OpenTelemetry ingestion, or the legacy JSON ingestion
 * API of v2/v3 servers); its config model, mappings and wire calls. Imports the shared export
 * packages, {@code outbox} and the ground floor; never another provider.
 */
package org.tracerelay.export.langfuse;
