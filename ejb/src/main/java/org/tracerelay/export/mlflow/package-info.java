/**
 * Provider {@code mlflow}: MLflow; its config model, mapping and wire calls. Imports the shared
 * export packages, {@code outbox} and the ground floor; never another provider.
 */
package org.tracerelay.export.mlflow;
