/**
 * Every provider id with its config model: the one place that lists the providers. Imports the
 * provider packages; nothing under {@code export} imports it.
 */
package org.tracerelay.export.registry;
