/**
 * The admin use cases behind the JAX-RS resources: apps, trace configs (their validation,
 * credential check and masked view; storage and secrets are {@code config}'s), project URLs.
 * Imports any package below it; never {@code crypto}.
 */
package org.tracerelay.admin;
