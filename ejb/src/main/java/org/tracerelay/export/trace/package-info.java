/**
 * Provider-neutral run trees (message, workflow, node, LLM, tool, retrieval) as Dify's provider
 * integrations shape them, for the JSON vendor APIs. Imports {@code task} and {@code json}.
 */
package org.tracerelay.export.trace;
