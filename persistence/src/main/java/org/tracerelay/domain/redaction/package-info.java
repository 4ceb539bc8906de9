/** Tenants' redaction rules per destination, stored as JSON with a version per change. */
package org.tracerelay.domain.redaction;
