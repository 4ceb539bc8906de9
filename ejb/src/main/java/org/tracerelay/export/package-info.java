/**
 * What every destination shares: the destination, export items, the exporter contract, bisection,
 * outcome combination and the provider config model types. Each provider lives in a package of its
 * own below this one. Imports {@code outbox} and the ground floor; never a provider package.
 */
package org.tracerelay.export;
