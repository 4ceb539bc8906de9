"""Databricks: mlflow-tracing with the databricks-sdk's auth (a workspace host and token) records one Dify-like trace;
the workspace and the Azure Blob storage behind the signed upload URL are the capture server."""
import os
import re

from capture_server import Capture, arg_or_exit

arg_or_exit()


def created(request):
    info = dict(request["body"]["trace"]["trace_info"])
    # Databricks answers where the trace's artifacts (its spans) live; the client asks for upload credentials there.
    info["tags"] = dict(info.get("tags") or {}, **{"mlflow.artifactLocation":
                                                   "dbfs:/databricks/mlflow-tracking/42/traces/%s/artifacts" % info["trace_id"]})
    return 200, {"trace": {"trace_info": info}}


def credentials(request):
    trace_id = re.match(r"/api/2.0/mlflow/traces/([^/]+)/", request["path"]).group(1)
    return 200, {"credential_info": {"signed_uri": capture.url + "/upload/" + trace_id + "/traces.json?sig=abc",
                                     "type": "AZURE_SAS_URI"}}


capture = Capture([
    ("GET", r"/api/2.0/mlflow/experiments/get", lambda r: (200, {"experiment": {
        "experiment_id": "42", "name": "/Shared/dify", "lifecycle_stage": "active"}})),
    ("POST", r"/api/3.0/mlflow/traces", created),
    ("GET", r"/api/2.0/mlflow/traces/[^/]+/credentials-for-data-upload", credentials),
    ("PUT", r"/upload/.*", lambda r: (201, {})),
])
os.environ.update({"DATABRICKS_HOST": capture.url, "DATABRICKS_TOKEN": "dapi-123", "MLFLOW_TRACKING_URI": "databricks",
                   "MLFLOW_ENABLE_ASYNC_TRACE_LOGGING": "false", "MLFLOW_TRACE_ENABLE_OTLP_DUAL_EXPORT": "false"})

import mlflow  # noqa: E402
from mlflow.entities import SpanType  # noqa: E402

mlflow.set_experiment(experiment_id="42")
with mlflow.start_span(name="message", span_type=SpanType.CHAIN) as root:
    root.set_inputs({"query": "weather?"})
    with mlflow.start_span(name="llm", span_type=SpanType.LLM) as llm:
        llm.set_inputs({"messages": [{"role": "user", "content": "weather?"}]})
        llm.set_attributes({"mlflow.chat.tokenUsage": {"input_tokens": 10, "output_tokens": 20, "total_tokens": 30}})
        llm.set_outputs({"choices": [{"message": {"role": "assistant", "content": "sunny"}}]})
    with mlflow.start_span(name="weather", span_type=SpanType.TOOL) as tool:
        tool.set_inputs({"city": "Paris"})
        tool.set_outputs({"sky": "sunny"})
    try:
        with mlflow.start_span(name="code", span_type=SpanType.CHAIN) as code:
            code.set_inputs({"x": 1})
            raise ZeroDivisionError("division by zero")
    except ZeroDivisionError:
        pass
    root.set_outputs({"answer": "sunny"})
mlflow.flush_trace_async_logging(terminate=True) if hasattr(mlflow, "flush_trace_async_logging") else None
capture.dump()
