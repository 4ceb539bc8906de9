"""Opik: the opik SDK records one Dify-like trace (an LLM span with usage, a tool span, a failed span), each created
whole (with its end time), so the SDK sends them in its batch creates rather than as later updates."""
import datetime
import os

from capture_server import Capture, arg_or_exit

arg_or_exit()
capture = Capture([
    ("GET", r"/api/is-alive/.*", lambda r: (200, {"healthy": True})),
    ("POST", r"/api/v1/private/(traces|spans)/batch", lambda r: (204, b"")),
])
os.environ.update({"OPIK_URL_OVERRIDE": capture.url + "/api", "OPIK_API_KEY": "opik-key", "OPIK_WORKSPACE": "dify-ws",
                   "OPIK_PROJECT_NAME": "dify", "OPIK_TRACK_DISABLE": "false", "OPIK_CHECK_TLS_CERTIFICATE": "false",
                   "OPIK_FILE_UPLOAD_BACKGROUND_WORKERS": "1", "OPIK_BACKGROUND_WORKERS": "1"})

import opik  # noqa: E402
from opik import id_helpers  # noqa: E402

client = opik.Opik(project_name="dify", workspace="dify-ws", host=capture.url + "/api", api_key="opik-key")
start = datetime.datetime.now(datetime.timezone.utc)
end = start + datetime.timedelta(seconds=2)
trace = client.trace(id=id_helpers.generate_id(start), name="message", start_time=start, input={"query": "weather?"},
                     output={"answer": "sunny"}, metadata={"created_from": "dify"}, tags=["message", "workflow"],
                     thread_id="conv-1", project_name="dify", end_time=end)
trace.span(name="llm", type="llm", start_time=start, input={"messages": [{"role": "user", "content": "weather?"}]},
           output={"answer": "sunny"}, model="gpt-4o", provider="openai",
           usage={"prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30}, total_cost=0.001,
           metadata={"created_from": "dify"}, tags=["llm"], end_time=end)
trace.span(name="weather", type="tool", start_time=start, input={"city": "Paris"}, output={"sky": "sunny"},
           metadata={"created_from": "dify"}, end_time=end)
trace.span(name="code", type="general", start_time=start, input={"x": 1},
           error_info={"exception_type": "error", "message": "division by zero", "traceback": ""}, end_time=end)
client.flush()
client.end()
capture.dump()
