/**
 * Stored provider configs: their lookup, sealing and opening (the one place a stored secret is
 * opened), the masked merge of an update, host binding, re-sealing after a tenant key rotation,
 * and the opened destination the drain exports to. Imports {@code export} (config models,
 * {@code Destination}), {@code outbox.RouteKey} and the ground floor; imported by {@code admin}
 * and {@code delivery}.
 */
package org.tracerelay.config;
