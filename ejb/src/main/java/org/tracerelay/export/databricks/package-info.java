/**
 * Provider {@code databricks}: Databricks-managed MLflow; its config model, mapping and wire
 * calls. Imports the shared export packages, {@code outbox} and the ground floor; never another
 * provider.
 */
package org.tracerelay.export.databricks;
