/**
 * The drain: an EJB timer finds destinations with work, each drains on the managed executor behind
 * its own circuit breaker, claiming from the outbox, exporting and recording outcomes. Imports
 * {@code config} (opened destinations), {@code outbox}, {@code export}, {@code metrics} and the
 * ground floor; never {@code intake}.
 */
package org.tracerelay.delivery;
