/** An app of a tenant, its active provider and tracing switch. Imports nothing of Trace Relay outside {@code domain}. */
package org.tracerelay.domain.app;
