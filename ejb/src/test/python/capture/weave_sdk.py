"""Weave: the weave SDK (weave.init, then calls) records one Dify-like trace; W&B's GraphQL and the trace server are the capture server."""
import os

from capture_server import Capture, arg_or_exit

arg_or_exit()


def graphql(request):
    query = request["body"].get("query", "")
    if "UpsertModel" in query:
        name = request["body"]["variables"]["name"]
        return 200, {"data": {"upsertModel": {"model": {"name": name, "description": ""}}}}
    if "query Project" in query:
        return 200, {"data": {"project": None}}
    if "serverInfo" in query:
        return 200, {"data": {"serverInfo": {"frontendHost": ""}}}
    return 200, {"data": {"viewer": {"id": "v-1", "username": "dify", "entity": "dify-team",
                                     "defaultEntity": {"name": "dify-team"}}}}


capture = Capture([
    ("POST", r"/graphql", graphql),
    ("GET", r"/server_info", lambda r: (200, {"min_required_weave_python_version": "0.0.0"})),
    ("POST", r"/(obj|file|table)/create", lambda r: (200, {"digest": "d1", "row_digests": []})),
    ("POST", r"/v2/[^/]+/[^/]+/calls/complete", lambda r: (200, {})),
])
os.environ.update({"WANDB_API_KEY": "wk-1" * 10, "WANDB_BASE_URL": capture.url, "WF_TRACE_SERVER_URL": capture.url,
                   "WEAVE_PRINT_CALL_LINK": "false", "WEAVE_DISABLED": "false", "WANDB_SILENT": "true",
                   "WEAVE_USE_CALLS_COMPLETE": "true", "WEAVE_IMPLICITLY_PATCH_INTEGRATIONS": "false"})

import weave  # noqa: E402

client = weave.init("dify-team/dify-project")
root = client.create_call("message", inputs={"query": "weather?"}, attributes={"user_id": "u-1", "session_id": "conv-1"})
llm = client.create_call("llm", inputs={"messages": [{"role": "user", "content": "weather?"}]}, parent=root)
client.finish_call(llm, output={"model": "gpt-4o", "choices": [{"message": {"role": "assistant", "content": "sunny"}}],
                                "usage": {"prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30}})
tool = client.create_call("weather", inputs={"city": "Paris"}, parent=root)
client.finish_call(tool, output={"sky": "sunny"})
code = client.create_call("code", inputs={"x": 1}, parent=root)
client.finish_call(code, exception=ZeroDivisionError("division by zero"))
client.finish_call(root, output={"answer": "sunny"})
client.flush()
capture.dump()
