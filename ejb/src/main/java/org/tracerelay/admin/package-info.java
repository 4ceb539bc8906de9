/**
 * The admin use cases behind the JAX-RS resources: apps, trace configs with masking and credential
 * checks, project URLs, tenant key rotation. Imports any package below it.
 */
package org.tracerelay.admin;
