/** Tenant data keys, wrapped by the master key. Imports nothing of Trace Relay outside {@code domain}. */
package org.tracerelay.domain.tenant;
