/**
 * The one outbound HTTP client of every exporter, the outbound-address guard and HTTP status to
 * outcome mapping. Shared by the providers; imports {@code export}, {@code outbox} and the ground
 * floor.
 */
package org.tracerelay.export.http;
