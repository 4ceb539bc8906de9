/**
 * The admin console's server side: only the response headers of its static files (the page
 * itself is plain ES modules under {@code webapp/console}, talking to the public admin API).
 * Imports nothing of the relay.
 */
package org.tracerelay.console;
