import json
import os
import tempfile
import uuid

import fakeredis
import httpx
import pytest

# Before the stand-ins are imported: their database and storage live in a temporary folder.
_tmp = tempfile.mkdtemp(prefix="dify-connector-tests-")
os.environ.setdefault("DIFY_STANDIN_DB_URL", f"sqlite:///{_tmp}/dify.db")
os.environ.setdefault("TRACE_RELAY_URL", "http://relay.test")
os.environ.setdefault("TRACE_RELAY_TOKEN", "deployment-token")

import standin_seed  # noqa: E402
from dify_connector.dify import Dify  # noqa: E402
from dify_connector.handover import HandOver  # noqa: E402
from dify_connector.relay import RelayClient  # noqa: E402
from dify_connector.settings import Settings  # noqa: E402

TENANT = "7d0c5b3a-1f2e-4a6b-9c8d-0e1f2a3b4c5d"


class FakeRelay:
    """The relay's HTTP API as an httpx transport: records every request, answers from a script."""

    def __init__(self):
        self.requests: list[httpx.Request] = []
        self.intake_answer = lambda request: httpx.Response(
            202, json={"accepted": len(json.loads(request.content)),
                       "task_ids": [i["task_id"] for i in json.loads(request.content)]})
        self.admin_answer = lambda request: httpx.Response(201 if request.method in ("PUT", "POST") else 200)

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/api/v1/trace-tasks":
            return self.intake_answer(request)
        return self.admin_answer(request)

    def intake(self) -> list[list[dict]]:
        return [json.loads(r.content) for r in self.requests if r.url.path == "/api/v1/trace-tasks"]

    def admin(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path != "/api/v1/trace-tasks"]


@pytest.fixture
def dify(tmp_path, monkeypatch):
    monkeypatch.setenv("DIFY_STANDIN_STORAGE", str(tmp_path / "storage"))
    import extensions.ext_redis

    monkeypatch.setattr(extensions.ext_redis, "redis_client", fakeredis.FakeRedis())
    standin_seed.reset()
    return Dify()


@pytest.fixture
def relay():
    return FakeRelay()


@pytest.fixture
def handover(dify, relay):
    client = RelayClient(Settings.from_env(), transport=httpx.MockTransport(relay.handler))
    return HandOver(dify, client)


@pytest.fixture
def app_id():
    return str(uuid.uuid4())
