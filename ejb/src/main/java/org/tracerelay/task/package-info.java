/**
 * The task model on the ground floor: a trace task's envelope, its types and field rules as Dify's
 * payload models define them, the request context, and validation. Imports only {@code refusal},
 * {@code json} and {@code support}.
 */
package org.tracerelay.task;
