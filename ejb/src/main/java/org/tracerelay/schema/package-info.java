/**
 * Brings the database schema to this build's version (Flyway) before anything else runs. Imports
 * nothing of Trace Relay.
 */
package org.tracerelay.schema;
