"""A local HTTP server that stands in for a vendor while the vendor's own SDK records one trace.

It answers each request from the vendor script's routes (the SDK's start-up calls included), keeps
every request, and prints them as JSON: method, path, query, the headers that matter, the content
type and the decoded body (JSON; OTLP protobuf decoded to spans with hex ids and typed attributes;
multipart parts, each decoded the same way). The Java conformance tests decode what Trace Relay
sends into the same form and compare the two.
"""
import base64
import email.parser
import email.policy
import gzip
import json
import os
import re
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qsl

# Headers a vendor reads; anything else (user agent, sdk versions, connection) is noise here.
KEPT_HEADERS = re.compile(r"^(authorization|content-type|content-encoding|x-api-key|x-tenant-id|"
                          r"x-langfuse-.*|comet-.*|authorization-.*|dd-.*|x-databricks-.*|x-ms-.*|"
                          r"x-wandb-.*|api_key|space_id)$")


class Capture:
    """Serves `routes` on 127.0.0.1 until closed: [(method, path regex, handler(request) -> (status, body))]."""

    def __init__(self, routes):
        self.routes = [(m, re.compile(p), h) for m, p, h in routes]
        self.requests = []
        capture = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                url = urlsplit(self.path)
                request = {"method": self.command, "path": url.path, "query": dict(parse_qsl(url.query)),
                           "headers": {k: v for k, v in headers.items() if KEPT_HEADERS.match(k)},
                           "content_type": (headers.get("content-type") or "").split(";")[0].strip(),
                           "body": decode(headers, raw)}
                capture.requests.append(request)
                status, body = capture.answer(request)
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/x-protobuf" if isinstance(body, bytes) else "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, request):
        for method, path, handler in self.routes:
            if method == request["method"] and path.fullmatch(request["path"]):
                return handler(request)
        return 200, {}

    def dump(self):
        """Prints the captured requests as JSON on stdout (or to $CAPTURE_OUT) and stops the server."""
        self.server.shutdown()
        text = json.dumps(self.requests, indent=1, sort_keys=True, default=str)
        out = os.environ.get("CAPTURE_OUT")
        if out:
            with open(out, "w") as f:
                f.write(text)
        else:
            print(text)


def decode(headers, raw):
    encoding = headers.get("content-encoding", "")
    if encoding == "gzip":
        raw = gzip.decompress(raw)
    elif encoding == "deflate":
        raw = zlib.decompress(raw)
    elif encoding == "zstd":
        import zstandard
        raw = zstandard.ZstdDecompressor().decompressobj().decompress(raw)
    return decode_typed(headers.get("content-type", ""), raw)


def decode_typed(content_type, raw):
    if not raw:
        return None
    kind = content_type.split(";")[0].strip()
    if kind == "application/x-protobuf":
        return otlp_spans(raw)
    if kind == "multipart/form-data":
        return multipart(content_type, raw)
    if kind.endswith("json") or raw[:1] in (b"{", b"["):
        try:
            return json.loads(raw)
        except ValueError:
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(raw).decode()}


def multipart(content_type, raw):
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
    parts = []
    for part in message.iter_parts():
        headers = {k.lower(): v for k, v in part.items()}
        parts.append({"name": part.get_param("name", header="content-disposition"),
                      "content_type": part.get_content_type(),
                      "headers": {k: v for k, v in headers.items() if k not in ("content-disposition", "content-type")},
                      "body": decode_typed(part.get_content_type(), part.get_payload(decode=True))})
    return parts


def otlp_spans(raw):
    """An OTLP trace request as {resource, spans}: ids in hex, attributes as {key: {type, value}}."""
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
    request = ExportTraceServiceRequest()
    request.ParseFromString(raw)
    resources, spans = [], []
    for rs in request.resource_spans:
        resources.append(attributes(rs.resource.attributes))
        for ss in rs.scope_spans:
            for s in ss.spans:
                spans.append({"scope": ss.scope.name, "traceId": s.trace_id.hex(), "spanId": s.span_id.hex(),
                              "parentSpanId": s.parent_span_id.hex(), "name": s.name, "kind": s.kind,
                              "status": {"code": s.status.code, "message": s.status.message},
                              "attributes": attributes(s.attributes)})
    return {"resources": resources, "spans": spans}


def attributes(kvs):
    out = {}
    for kv in kvs:
        which = kv.value.WhichOneof("value")
        value = getattr(kv.value, which) if which else None
        if which == "array_value":
            value = [getattr(v, v.WhichOneof("value")) for v in value.values]
        elif which == "kvlist_value":
            value = None
        out[kv.key] = {"type": which or "empty", "value": value}
    return out


def arg_or_exit():
    """The vendor scripts take no arguments; CAPTURE_OUT names the output file."""
    if len(sys.argv) > 1:
        sys.exit("usage: CAPTURE_OUT=file python %s" % sys.argv[0])
