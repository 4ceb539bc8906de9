/**
 * OpenInference spans and their OTLP request, shared by the Arize and Phoenix providers. Imports
 * the shared export packages.
 */
package org.tracerelay.export.openinference;
