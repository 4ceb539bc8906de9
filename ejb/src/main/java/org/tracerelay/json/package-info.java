/**
 * One JSON-P provider for the whole relay, and JSON text read into it by Jackson's streaming
 * parser, within bounds checked token by token where the text comes from outside. Imports nothing
 * of Trace Relay.
 */
package org.tracerelay.json;
