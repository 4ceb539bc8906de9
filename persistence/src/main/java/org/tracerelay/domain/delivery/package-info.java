/** One delivery per task and destination, and its state machine (pending, delivered, dead). Imports nothing of Trace Relay outside {@code domain}. */
package org.tracerelay.domain.delivery;
