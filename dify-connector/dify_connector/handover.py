"""One trace task from Dify's storage to the relay: load the TaskData file, add a workflow run's node
executions, post it (in a batch with the tasks the worker's other threads hand over at the same
time), and delete the file only once the relay has answered 202."""

import json
import uuid
from datetime import datetime, timezone

from . import counters, redaction
from .dify import Dify
from .mirror import SettingsMirror
from .nodes import node_execution
from .batcher import Batcher
from .relay import RelayClient, RelayRefused

TENANT_PREFIX = "tenant-"
REJECTED_PATH = "rejected/"
# Fixed, so every worker derives the same task id for a file: a redelivered task is stored once.
TASK_ID_NAMESPACE = uuid.UUID("6f2a7c1e-4b1d-5e2f-9a3c-8d7e6f5a4b3c")
log = redaction.logger(__name__)

DELIVERED, REJECTED, GONE = "delivered", "rejected", "gone"


def task_id_for(storage_id: str, file_id: str) -> str:
    return str(uuid.uuid5(TASK_ID_NAMESPACE, f"{storage_id}/{file_id}"))


class HandOver:
    def __init__(self, dify: Dify, relay: RelayClient, batcher: Batcher | None = None):
        self.dify = dify
        self.relay = relay
        self.batcher = batcher or Batcher(relay)
        self.mirror = SettingsMirror(dify, relay)

    def run(self, file_info: dict) -> str:
        storage_id, file_id = str(file_info.get("app_id")), str(file_info.get("file_id"))
        path = self.dify.task_path(storage_id, file_id)
        data = self.dify.load(path)
        if data is None:
            log.info("task file %s is gone: already handed over", path)
            return GONE
        try:
            task = json.loads(data)
            if not isinstance(task, dict):
                raise ValueError("not a JSON object")
        except ValueError as e:
            self._keep_aside(storage_id, file_id, path, data, {"code": "unreadable_task_file", "detail": str(e)})
            return REJECTED
        item = self.envelope(storage_id, file_id, task)
        try:
            self.batcher.post(item)
        except RelayRefused as e:
            self._keep_aside(storage_id, file_id, path, data, e.reason())
            return REJECTED
        self.dify.delete(path)
        self.dify.redis.incr(counters.HANDED_OVER)
        return DELIVERED

    def envelope(self, storage_id: str, file_id: str, task: dict) -> dict:
        """The relay's envelope for Dify's TaskData: its three fields, the task id and the tenant."""
        info = task.get("trace_info")
        item = {
            "task_id": task_id_for(storage_id, file_id),
            "app_id": storage_id,
            "trace_info_type": task.get("trace_info_type"),
            "trace_info": info,
        }
        if storage_id.startswith(TENANT_PREFIX):
            item["tenant_id"] = storage_id[len(TENANT_PREFIX):]
            return item
        app = self.dify.app(storage_id)
        if app is None:
            # A deleted app: the payload's own tenant, which the relay checks against the credential.
            tenant = (info or {}).get("tenant_id") or ((info or {}).get("metadata") or {}).get("tenant_id")
            if tenant:
                item["tenant_id"] = tenant
            return item
        item["tenant_id"] = app.tenant_id
        self.mirror.ensure(app)
        if task.get("trace_info_type") == "WorkflowTraceInfo" and isinstance(info, dict) \
                and "node_executions" not in info and info.get("workflow_run_id"):
            nodes = self.dify.node_executions(app, info["workflow_run_id"])
            info["node_executions"] = [node_execution(n, info) for n in nodes]
        return item

    def _keep_aside(self, storage_id: str, file_id: str, path: str, data: bytes, reason: dict) -> None:
        """A payload the relay refuses stays in storage beside its reason, counted where Dify counts failures."""
        kept = {
            "reason": reason,
            "rejected_at": datetime.now(timezone.utc).isoformat(),
            "storage_id": storage_id,
            "file_id": file_id,
            "task_file": data.decode("utf-8", errors="replace"),
        }
        self.dify.save(f"{REJECTED_PATH}{path}", json.dumps(kept).encode("utf-8"))
        self.dify.delete(path)
        self.dify.redis.incr(counters.REJECTED)
        self.dify.redis.incr(f"{self.dify.failed_key}_{storage_id}")
        log.warning("the relay refused task file %s (%s); kept at %s%s", path, reason.get("code"), REJECTED_PATH, path)
