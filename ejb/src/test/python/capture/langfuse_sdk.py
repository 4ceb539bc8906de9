"""Langfuse: the langfuse SDK (v4 ingestion: OTLP/HTTP to /api/public/otel/v1/traces) records one Dify-like trace."""
import os

from capture_server import Capture, arg_or_exit

arg_or_exit()
capture = Capture([
    ("GET", r"/api/public/projects", lambda r: (200, {"data": [{"id": "p-1", "name": "dify", "organization": {"id": "o-1", "name": "org"}, "metadata": {}}]})),
    ("POST", r"/api/public/otel/v1/traces", lambda r: (200, b"")),
])
os.environ["LANGFUSE_TRACING_ENVIRONMENT"] = "default"

from langfuse import Langfuse, propagate_attributes  # noqa: E402

langfuse = Langfuse(public_key="pk-lf", secret_key="sk-lf", base_url=capture.url, flush_at=100, flush_interval=30)
assert langfuse.auth_check()
trace_id = Langfuse.create_trace_id(seed="5b5d6f5e-8e7a-4a43-9c1d-0a8f5c3e2b10")
with propagate_attributes(user_id="u-1", session_id="conv-1", tags=["message", "workflow"],
                          metadata={"app_id": "app-1"}, trace_name="message"):
    with langfuse.start_as_current_observation(name="message", as_type="span", trace_context={"trace_id": trace_id},
                                               input={"query": "weather?"}, output={"answer": "sunny"},
                                               metadata={"conversation_id": "conv-1"}):
        with langfuse.start_as_current_observation(name="llm", as_type="generation", model="gpt-4o",
                                                   input=[{"role": "user", "content": "weather?"}],
                                                   output=[{"role": "assistant", "content": "sunny"}],
                                                   usage_details={"input": 10, "output": 20, "total": 30},
                                                   cost_details={"total": 0.001}):
            pass
        with langfuse.start_as_current_observation(name="weather", as_type="tool", input={"city": "Paris"},
                                                   output={"sky": "sunny"}):
            pass
        with langfuse.start_as_current_observation(name="code", as_type="span", level="ERROR",
                                                   status_message="division by zero", input={"x": 1}):
            pass
langfuse.flush()
langfuse.shutdown()
capture.dump()
