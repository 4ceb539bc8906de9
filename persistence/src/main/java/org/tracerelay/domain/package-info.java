/**
 * The JPA entities and their row ids: what Trace Relay stores. Imports nothing of Trace Relay
 * outside {@code domain}.
 */
package org.tracerelay.domain;
