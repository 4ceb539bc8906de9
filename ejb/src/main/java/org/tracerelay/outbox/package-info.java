/**
 * The outbox, end to end: the apps' routing facts read at intake ({@code AppRoutes}), task and
 * delivery rows written at routing, claims and the drain's lag they read ({@code DrainLag}, which
 * intake paces by), outcomes and the retry policy, redrive, backlog figures, an app's activity
 * (backlog and finished per minute) and purge, and the route key the rows carry. Imports
 * {@code export} (the outcome type) and the ground floor ({@code task}, {@code crypto},
 * {@code domain}, ...); fires {@link org.tracerelay.export.FirstClaims} and {@link
 * org.tracerelay.outbox.DeliveriesStored} instead of calling anything above it.
 */
package org.tracerelay.outbox;
