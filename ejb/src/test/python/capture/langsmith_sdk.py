"""LangSmith: the langsmith SDK records one Dify-like run tree against a self-hosted LangSmith under a path
prefix (/api/v1) with an org-scoped key (workspace id -> X-Tenant-Id). /info says whether the server takes
multipart (it does by default); LANGSMITH_CAPTURE_MULTIPART=false answers as a server without it, so the SDK sends /runs/batch."""
import os

from capture_server import Capture, arg_or_exit

arg_or_exit()
multipart = os.environ.get("LANGSMITH_CAPTURE_MULTIPART", "true") == "true"
info = {"version": "0.12.0", "license_expiration_time": None,
        "batch_ingest_config": {"use_multipart_endpoint": multipart, "scale_up_qsize_trigger": 1000,
                                "scale_up_nthreads_limit": 16, "scale_down_nempty_trigger": 4, "size_limit": 100,
                                "size_limit_bytes": 20971520},
        "instance_flags": {"zstd_compression_enabled": False}}
capture = Capture([
    ("GET", r"/api/v1/info", lambda r: (200, info)),
    ("POST", r"/api/v1/runs/(batch|multipart)", lambda r: (202, {})),
])
os.environ.update({"LANGSMITH_TRACING": "true", "LANGSMITH_ENDPOINT": capture.url + "/api/v1",
                   "LANGSMITH_API_KEY": "lsv2_sk_key", "LANGSMITH_WORKSPACE_ID": "ws-1", "LANGSMITH_PROJECT": "dify"})

from langsmith import Client  # noqa: E402
from langsmith.run_trees import RunTree  # noqa: E402

client = Client()
root = RunTree(name="message", run_type="chain", inputs={"query": "weather?"}, client=client, project_name="dify",
               tags=["message", "workflow"], extra={"metadata": {"user_id": "u-1", "conversation_id": "conv-1"}})
root.post()
llm = root.create_child(name="llm", run_type="llm", inputs={"messages": [{"role": "user", "content": "weather?"}]},
                        extra={"metadata": {"ls_model_name": "gpt-4o", "ls_provider": "openai"}})
llm.post()
llm.end(outputs={"generations": [{"text": "sunny"}],
                 "usage_metadata": {"input_tokens": 10, "output_tokens": 20, "total_tokens": 30}})
llm.patch()
tool = root.create_child(name="weather", run_type="tool", inputs={"city": "Paris"})
tool.post()
tool.end(error="division by zero")
tool.patch()
root.end(outputs={"answer": "sunny"})
root.patch()
client.flush()
capture.dump()
