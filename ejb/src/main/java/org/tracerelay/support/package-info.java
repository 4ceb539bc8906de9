/**
 * Small utilities without a domain (bounded maps, per-thread digests). Imports nothing of Trace Relay.
 */
package org.tracerelay.support;
