/**
 * MicroProfile Health checks (in the EAR's library jar, where WildFly registers them). Imports
 * {@code domain}.
 */
package org.tracerelay.health;
