/** Stored trace tasks (payload sealed) and the messages intake refused. Imports nothing of Trace Relay outside {@code domain}. */
package org.tracerelay.domain.task;
