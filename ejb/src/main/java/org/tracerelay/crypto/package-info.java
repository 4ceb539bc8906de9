/**
 * Envelope encryption: the master key, tenant data keys and their rotation, and sealing of
 * payloads and secrets. Imports {@code domain} and {@code support}.
 */
package org.tracerelay.crypto;
