/** The relay's nodes as each last reported itself: readiness shared through the database. */
package org.tracerelay.domain.node;
