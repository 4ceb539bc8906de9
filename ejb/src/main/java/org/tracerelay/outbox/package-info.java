/**
 * The outbox, end to end: task and delivery rows written at routing, claims, outcomes and the
 * retry policy, redrive, backlog figures, an app's activity (backlog and finished per minute) and purge,
 * and the route key the rows carry. Imports the
 * ground floor ({@code task}, {@code crypto}, {@code domain}, ...); fires {@link
 * org.tracerelay.outbox.FirstClaims} and {@link org.tracerelay.outbox.DeliveriesStored} instead of
 * calling anything above it.
 */
package org.tracerelay.outbox;
