/**
 * The providers an admin can configure, as their packages declare themselves (one CDI bean each
 * implementing {@link org.tracerelay.export.TracingProvider}); no provider is named here. Imports
 * {@code export}; nothing under {@code export} imports it.
 */
package org.tracerelay.export.registry;
