/**
 * Provider {@code langsmith}: LangSmith (its runs API, multipart or batch); its config model,
 * mapping and wire calls. Imports the shared export packages, {@code outbox} and the ground floor;
 * never another provider.
 */
package org.tracerelay.export.langsmith;
