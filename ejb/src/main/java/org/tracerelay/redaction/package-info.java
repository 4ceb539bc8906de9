/**
 * Redaction per destination: the rules a tenant sets for what leaves for one backend (dropped and
 * allowed fields, masked value shapes, keyed hashes of identifiers, content off), how they apply
 * to a task on its way out, and where they are stored. The drain applies them once per task and
 * destination, before any exporter maps the task; the stored task stays whole.
 */
package org.tracerelay.redaction;
