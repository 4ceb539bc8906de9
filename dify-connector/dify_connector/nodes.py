"""A workflow run's node executions, read from Dify's repository, as the relay's envelope takes them
(trace_info.node_executions: the fields of WorkflowNodeTraceInfo)."""

from datetime import datetime, timezone
from decimal import Decimal
from enum import Enum


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()
    if isinstance(value, dict):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _usage(process_data: dict, outputs: dict) -> dict:
    for source in (process_data, outputs):
        usage = source.get("usage") if isinstance(source, dict) else None
        if isinstance(usage, dict):
            return usage
    return {}


def _int(value):
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _float(value):
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def node_execution(node, workflow: dict) -> dict:
    """One node execution (Dify's WorkflowNodeExecution domain object) as an envelope node."""
    metadata = _plain(getattr(node, "metadata", None) or {})
    process_data = _plain(getattr(node, "process_data", None) or {})
    outputs = _plain(getattr(node, "outputs", None) or {})
    inputs = _plain(getattr(node, "inputs", None) or {})
    usage = _usage(process_data, outputs)
    tool_info = metadata.get("tool_info") if isinstance(metadata.get("tool_info"), dict) else {}
    total_tokens = _int(metadata.get("total_tokens"))
    if total_tokens is None:
        total_tokens = _int(usage.get("total_tokens"))
    fields = {
        "workflow_id": workflow.get("workflow_id"),
        "workflow_run_id": workflow.get("workflow_run_id"),
        "tenant_id": workflow.get("tenant_id"),
        "node_execution_id": str(node.id),
        "node_id": node.node_id,
        "node_type": _plain(node.node_type),
        "title": node.title,
        "status": _plain(node.status),
        "error": node.error,
        "elapsed_time": float(node.elapsed_time or 0.0),
        "index": int(node.index),
        "predecessor_node_id": node.predecessor_node_id,
        "total_tokens": total_tokens,
        "total_price": _float(metadata.get("total_price")),
        "currency": metadata.get("currency"),
        "model_provider": process_data.get("model_provider"),
        "model_name": process_data.get("model_name"),
        "prompt_tokens": _int(usage.get("prompt_tokens")),
        "completion_tokens": _int(usage.get("completion_tokens")),
        "tool_name": tool_info.get("tool_name") or tool_info.get("provider_name"),
        "iteration_id": metadata.get("iteration_id"),
        "iteration_index": _int(metadata.get("iteration_index")),
        "loop_id": metadata.get("loop_id"),
        "loop_index": _int(metadata.get("loop_index")),
        "parallel_id": metadata.get("parallel_id"),
        "node_inputs": inputs if isinstance(inputs, dict) else {"value": inputs},
        "node_outputs": outputs if isinstance(outputs, dict) else {"value": outputs},
        "process_data": process_data if isinstance(process_data, dict) else {"value": process_data},
        "invoked_by": workflow.get("invoked_by"),
        "start_time": _plain(getattr(node, "created_at", None)),
        "end_time": _plain(getattr(node, "finished_at", None)),
    }
    return {k: v for k, v in fields.items() if v is not None}
