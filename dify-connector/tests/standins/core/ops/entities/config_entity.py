"""Dify's `core.ops.entities.config_entity` constants."""

OPS_FILE_PATH = "ops_trace/"
OPS_TRACE_FAILED_KEY = "FAILED_OPS_TRACE"
