"""Datadog: ddtrace's LLM Observability SDK (agentless) records one Dify-like trace. It sends its own JSON span
events to the LLM Observability intake, not OTLP; the conformance test compares their meaning with the relay's
OpenTelemetry GenAI spans, as Datadog's OpenTelemetry mapping reads them."""
import os

from capture_server import Capture, arg_or_exit

arg_or_exit()
capture = Capture([("POST", r"/api/v2/llmobs", lambda r: (202, {}))])
os.environ.update({"DD_LLMOBS_OVERRIDE_ORIGIN": capture.url, "DD_API_KEY": "dd-key-1", "DD_SITE": "datadoghq.com",
                   "DD_TRACE_ENABLED": "false", "DD_INSTRUMENTATION_TELEMETRY_ENABLED": "false",
                   "DD_REMOTE_CONFIGURATION_ENABLED": "false", "DD_LLMOBS_AGENTLESS_ENABLED": "true"})

from ddtrace.llmobs import LLMObs  # noqa: E402

LLMObs.enable(ml_app="weather-bot", agentless_enabled=True, site="datadoghq.com", api_key="dd-key-1",
              integrations_enabled=False)
with LLMObs.workflow(name="message", session_id="conv-1") as root:
    LLMObs.annotate(span=root, input_data={"query": "weather?"}, output_data={"answer": "sunny"})
    with LLMObs.llm(name="llm", model_name="gpt-4o", model_provider="openai") as llm:
        LLMObs.annotate(span=llm, input_data=[{"role": "user", "content": "weather?"}],
                        output_data=[{"role": "assistant", "content": "sunny"}],
                        metrics={"input_tokens": 10, "output_tokens": 20, "total_tokens": 30})
    with LLMObs.tool(name="weather") as tool:
        LLMObs.annotate(span=tool, input_data={"city": "Paris"}, output_data={"sky": "sunny"})
    try:
        with LLMObs.task(name="code") as code:
            LLMObs.annotate(span=code, input_data={"x": 1})
            raise ZeroDivisionError("division by zero")
    except ZeroDivisionError:
        pass
LLMObs.flush()
LLMObs.disable()
capture.dump()
