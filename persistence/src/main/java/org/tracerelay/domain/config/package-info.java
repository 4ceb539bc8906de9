/** An app's stored config per provider, secrets sealed. Imports nothing of Trace Relay outside {@code domain}. */
package org.tracerelay.domain.config;
