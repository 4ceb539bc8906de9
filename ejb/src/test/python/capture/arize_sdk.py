"""Arize / OpenInference: arize-otel's register() over OTLP/HTTP, with OpenInference's own attribute helpers, records one Dify-like trace."""
from capture_server import Capture, arg_or_exit

arg_or_exit()
capture = Capture([("POST", r"/v1/traces", lambda r: (200, b""))])

from arize.otel import HTTPSpanExporter, SimpleSpanProcessor, TracerProvider, Transport  # noqa: E402
from openinference.instrumentation import (  # noqa: E402
    get_input_attributes, get_llm_attributes, get_output_attributes, get_span_kind_attributes, get_tool_attributes,
    using_attributes)
from opentelemetry.trace import Status, StatusCode  # noqa: E402

# arize-otel's own pieces, as register() assembles them; register() itself cannot print the HTTP
# exporter's details with this opentelemetry-exporter pin (it reads a private field that moved).
endpoint = capture.url + "/v1/traces"
provider = TracerProvider(space_id="U3BhY2U6MQ==", api_key="ak-1", project_name="dify", endpoint=endpoint,
                          transport=Transport.HTTP, verbose=False)
provider.add_span_processor(SimpleSpanProcessor(span_exporter=HTTPSpanExporter(
    space_id="U3BhY2U6MQ==", api_key="ak-1", endpoint=endpoint)))
tracer = provider.get_tracer("capture")

with using_attributes(session_id="conv-1", user_id="u-1", metadata={"app_id": "app-1"}, tags=["message", "workflow"]):
    with tracer.start_as_current_span("message", attributes={**get_span_kind_attributes("chain"),
                                                             **get_input_attributes({"query": "weather?"}),
                                                             **get_output_attributes({"answer": "sunny"})}):
        with tracer.start_as_current_span("llm", attributes={
                **get_span_kind_attributes("llm"), **get_input_attributes("weather?"), **get_output_attributes("sunny"),
                **get_llm_attributes(provider="openai", model_name="gpt-4o",
                                     input_messages=[{"role": "user", "content": "weather?"}],
                                     output_messages=[{"role": "assistant", "content": "sunny"}],
                                     token_count={"prompt": 10, "completion": 20, "total": 30})}):
            pass
        with tracer.start_as_current_span("weather", attributes={
                **get_span_kind_attributes("tool"), **get_input_attributes({"city": "Paris"}),
                **get_output_attributes({"sky": "sunny"}),
                **get_tool_attributes(name="weather", parameters={"city": "Paris"})}):
            pass
        with tracer.start_as_current_span("code", attributes={**get_span_kind_attributes("chain"),
                                                              **get_input_attributes({"x": 1})}) as failed:
            failed.set_status(Status(StatusCode.ERROR, "division by zero"))
            failed.record_exception(ZeroDivisionError("division by zero"))
provider.force_flush()
provider.shutdown()
capture.dump()
