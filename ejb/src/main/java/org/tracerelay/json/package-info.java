/**
 * One JSON-P provider for the whole relay. Imports nothing of Trace Relay.
 */
package org.tracerelay.json;
