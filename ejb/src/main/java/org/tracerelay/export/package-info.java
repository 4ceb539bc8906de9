/**
 * The export contract, shared by every destination: the destination and export items, the
 * outcome of each item ({@link org.tracerelay.export.ExportOutcome}), the exporter SPI
 * ({@link org.tracerelay.export.TraceExporter}; {@link org.tracerelay.export.TracingProvider} and
 * its base {@link org.tracerelay.export.ProviderExporter} for a provider an admin configures;
 * {@link org.tracerelay.export.DeploymentDestination} for one the operator configures for every
 * task), the first-claims event, bisection, outcome combination, the check timeout and the
 * provider config model types. Each provider lives in a package of its own below this one and
 * registers itself by being a CDI bean. Imports the ground floor only; never a provider package.
 */
package org.tracerelay.export;
