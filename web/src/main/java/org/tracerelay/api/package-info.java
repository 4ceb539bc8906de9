/**
 * The JAX-RS resources: thin adapters from HTTP to intake and admin, problem+json for refusals.
 * The top of the plan: may import any package.
 */
package org.tracerelay.api;
