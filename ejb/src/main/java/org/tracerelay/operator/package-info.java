/**
 * The operator's view of the relay itself, across tenants and nodes: each node's readiness (every
 * node writes its own row; a row that stops moving is a silent node), the backlog of each tenant
 * against its quota, the breaker of each destination, the dead-letter count. Counts and states
 * only: no payload, no config, no secret. Beside {@code admin}: imports any package below it.
 */
package org.tracerelay.operator;
