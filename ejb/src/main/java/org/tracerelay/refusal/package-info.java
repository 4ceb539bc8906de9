/**
 * Why a request or message is refused: the problem+json refusal with its status and the per-field
 * violations. Imports nothing of Trace Relay.
 */
package org.tracerelay.refusal;
