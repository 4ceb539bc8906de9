/**
 * Small utilities without a domain (bounded maps). Imports nothing of Trace Relay.
 */
package org.tracerelay.support;
