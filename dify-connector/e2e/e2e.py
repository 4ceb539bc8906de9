"""End to end (README "Testing"): a real Celery worker on a real Redis running the connector, Dify-
shaped task files on local storage (the ten types), and a relay started by bin/run exporting to a
local OTLP collector. Checks: every task delivered (workflow runs with their node spans), the relay
stopped for a minute mid-run with nothing lost, a poison payload kept aside with its reason, a
redelivered Celery task stored once. Prints the hand-over rate. Run it through e2e/run (the lock)."""

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from harness import ROOT, Harness, dev_token

CONNECTOR = Path(__file__).resolve().parents[1]
WORK = CONNECTOR / "target" / "e2e"
REDIS_PORT = int(os.environ.get("E2E_REDIS_PORT", "16379"))
COLLECTOR_PORT = int(os.environ.get("E2E_COLLECTOR_PORT", "14319"))
RELAY = "http://127.0.0.1:8080"
PER_TYPE = int(os.environ.get("E2E_PER_TYPE", "3"))
RATE_TASKS = int(os.environ.get("E2E_RATE_TASKS", "500"))
DOWN_SECONDS = int(os.environ.get("E2E_DOWN_SECONDS", "60"))

shutil.rmtree(WORK, ignore_errors=True)
WORK.mkdir(parents=True)
h = Harness(WORK, REDIS_PORT, RELAY)
os.environ.update({"TRACE_RELAY_RETRY_BASE_SECONDS": "1", "TRACE_RELAY_RETRY_MAX_SECONDS": "8"})
log, start, stop, wait_for = h.log, h.start, h.stop, h.wait_for


def http(method: str, path: str, token: str, body=None, tenant: str | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(RELAY + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                                              **({"Trace-Relay-Tenant": tenant} if tenant else {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def start_relay() -> subprocess.Popen:
    # Short relay-side retries: an export cut off by the stop comes back in seconds, not minutes.
    p = start("relay", [str(ROOT / "bin" / "run")], {"TRACE_OUTBOUND_ALLOW": "127.0.0.0/8",
                                                    "TRACE_RETRY_INITIAL": "PT1S", "TRACE_RETRY_MAX": "PT5S"})
    wait_for("the relay to answer", lambda: urllib.request.urlopen("http://127.0.0.1:9990/health/ready",
                                                                   timeout=2).status == 200, 300)
    return p


def main() -> None:
    redis = h.start_redis()
    start("collector", [str(ROOT / "bin" / "collector"), str(COLLECTOR_PORT)])
    relay = start_relay()
    log("relay up")

    # One deployment credential for two tenants (workspaces); viewers only to check the outcome.
    tenants = [f"e2e-{uuid.uuid4().hex[:8]}" for _ in range(2)]
    token = dev_token("--deployment", f"dify-e2e-{uuid.uuid4().hex[:6]}", ",".join(tenants))
    viewers = {t: dev_token(t, "viewer") for t in tenants}
    status, _ = http("GET", "/api/v1/apps", token, tenant=tenants[0])
    assert status == 403, f"a deployment token must read nothing, got {status}"

    import redis as redis_py
    import standin_seed
    from celery_entrypoint import celery

    standin_seed.reset()
    secret = f"e2e-phoenix-{uuid.uuid4().hex}"
    apps = {}
    for tenant in tenants:
        app_id = str(uuid.uuid4())
        apps[app_id] = tenant
        standin_seed.add_app(app_id, tenant, "phoenix", {"api_key": secret, "project": "e2e",
                                                         "endpoint": f"http://127.0.0.1:{COLLECTOR_PORT}"})
    worker = h.start_worker(token)
    broker = redis_py.Redis.from_url(os.environ["REDIS_URL"])

    expected: dict[str, tuple[str, str | None, str]] = {}  # task_id -> (type, app_id or None, storage path)
    runs: dict[str, list[str]] = {}  # workflow run id -> node execution ids
    from dify_connector.handover import task_id_for

    def make(type_: str, app_id: str, tenant: str) -> dict:
        run_id = str(uuid.uuid4()) if type_ == "WorkflowTraceInfo" else None
        data = standin_seed.task_data(type_, app_id, tenant, run_id)
        if run_id:
            runs[run_id] = standin_seed.add_run_nodes(app_id, tenant, data["trace_info"]["workflow_id"], run_id)
        info = standin_seed.write_task(data)
        path = f"ops_trace/{info['app_id']}/{info['file_id']}.json"
        expected[task_id_for(info["app_id"], info["file_id"])] = (type_, None if type_.startswith("Prompt") else app_id,
                                                                  path)
        return info

    def pending() -> int:
        return h.pending(path for *_, path in expected.values())

    # 1. Every type, each app, PER_TYPE times (the first tasks also carry each app's settings over).
    for info in [make(t, a, tn) for _ in range(PER_TYPE) for a, tn in apps.items() for t in standin_seed.TYPES]:
        standin_seed.dispatch(celery, info)
    wait_for("the first tasks to be handed over", lambda: pending() == 0, 120)
    # The hand-over rate, files to 202, on the warmed-up worker.
    batch = [make(standin_seed.TYPES[i % 10], *list(apps.items())[i % len(apps)]) for i in range(RATE_TASKS)]
    began = time.time()
    for info in batch:
        standin_seed.dispatch(celery, info)
    paths = [f"ops_trace/{i['app_id']}/{i['file_id']}.json" for i in batch]
    wait_for("the rate batch to be handed over", lambda: h.pending(paths) == 0, 300)
    rate = len(batch) / (time.time() - began)
    log(f"{len(batch)} tasks handed over at {rate:.1f} tasks/s")

    # 2. The relay stopped for a minute mid-run: tasks keep coming, nothing is lost.
    stream = [make(t, a, tn) for a, tn in apps.items() for t in standin_seed.TYPES]
    for info in stream[: len(stream) // 2]:
        standin_seed.dispatch(celery, info)
    stop(relay)
    log("relay stopped")
    down_began = time.time()
    for info in stream[len(stream) // 2:]:
        standin_seed.dispatch(celery, info)
    while time.time() - down_began < DOWN_SECONDS:
        time.sleep(2)
    waiting = pending()
    log(f"relay down for {time.time() - down_began:.0f} s, {waiting} task files waiting in storage")
    assert waiting > 0, "tasks sent while the relay was down should wait"
    relay = start_relay()
    log("relay restarted")
    wait_for("the waiting tasks to be handed over", lambda: pending() == 0, 180)

    # 3. A poison payload: kept aside with the relay's reason, counted.
    app_id, tenant = next(iter(apps.items()))
    poison = standin_seed.task_data("MessageTraceInfo", app_id, tenant)
    poison["trace_info"]["message_tokens"] = "many"
    poison_info = standin_seed.write_task(poison)
    standin_seed.dispatch(celery, poison_info)
    kept = WORK / "storage" / "rejected" / "ops_trace" / app_id / f"{poison_info['file_id']}.json"
    wait_for("the poison payload to be kept aside", kept.exists, 60)
    reason = json.loads(kept.read_text())["reason"]
    assert reason["status"] == 400 and reason["code"] == "invalid_trace_task", reason
    assert any("message_tokens" in e.get("path", "") for e in reason["errors"]), reason
    log(f"poison payload kept aside: {reason['code']} {reason['errors'][0]}")

    # 4. A redelivered Celery task (its message twice at once, and once more after the 202 as when a
    # worker dies before acknowledging): stored once.
    again = make("ToolTraceInfo", app_id, tenant)
    again_path = WORK / "storage" / "ops_trace" / again["app_id"] / f"{again['file_id']}.json"
    again_bytes = again_path.read_bytes()
    standin_seed.dispatch(celery, again)
    standin_seed.dispatch(celery, again)
    wait_for("the redelivered task", lambda: not again_path.exists(), 60)
    again_path.write_bytes(again_bytes)
    standin_seed.dispatch(celery, again)
    wait_for("the third delivery", lambda: not again_path.exists(), 60)
    again_id = task_id_for(again["app_id"], again["file_id"])

    # Every task's deliveries at the relay, each once, delivered to the collector.
    def deliveries(app: str) -> list[dict]:
        status, body = http("GET", f"/api/v1/apps/{app}/deliveries?limit=1000", viewers[apps[app]])
        assert status == 200, (status, body)
        return body["deliveries"]

    not_delivered: list = []

    def all_delivered() -> bool:
        by_task: dict[str, list[dict]] = {}
        for app in apps:
            for d in deliveries(app):
                by_task.setdefault(d["task_id"], []).append(d)
        want = [t for t, (_, app, _) in expected.items() if app]
        not_delivered[:] = [(t, expected[t][0], [(d["status"], d.get("last_code"), d.get("last_error"))
                                                 for d in by_task.get(t, [])])
                            for t in want if not by_task.get(t) or any(d["status"] != "delivered" for d in by_task[t])]
        return not not_delivered

    try:
        wait_for("every task delivered", all_delivered, 240)
    except AssertionError:
        raise AssertionError(f"{len(not_delivered)} tasks not delivered, e.g. {not_delivered[:5]}") from None
    redelivered = [d for d in deliveries(app_id) if d["task_id"] == again_id]
    assert len(redelivered) == 1, redelivered
    spans = (WORK / "collector.log").read_text()
    missing = []
    for run_id, node_ids in runs.items():
        trace = uuid.UUID(run_id).hex
        for node_id in node_ids:
            import hashlib

            span = hashlib.sha256(node_id.encode()).hexdigest()[:16]
            if f"trace={trace} span={span}" not in spans:
                missing.append((run_id, node_id))
    assert not missing, f"node spans missing at the collector: {missing[:5]}"
    assert secret not in (WORK / "worker.log").read_text(), "the decrypted secret reached the worker's log"

    counts = {k.decode(): int(v) for k, v in zip(
        [b"handed_over", b"rejected", b"retried", b"config_refused"],
        broker.mget([f"trace_relay_connector:{k}" for k in ("handed_over", "rejected", "retried",
                                                            "config_refused")])) if v is not None}
    lost = sum(1 for *_, path in expected.values() if (WORK / "storage" / path).exists())
    log(f"counters {counts}; workflow runs {len(runs)} with {sum(map(len, runs.values()))} node spans; lost: {lost}")
    assert lost == 0
    (CONNECTOR / "target" / "e2e-report.json").write_text(json.dumps(
        {"handover_tasks_per_second": round(rate, 1), "tasks": len(expected), "lost": lost,
         "relay_down_seconds": DOWN_SECONDS, "counters": counts}))
    print(f"E2E: {len(expected)} tasks, hand-over {rate:.1f} tasks/s, relay down {DOWN_SECONDS} s, lost 0")
    print("4 passed, 0 failed")
    stop(worker)
    stop(relay)
    stop(redis)


if __name__ == "__main__":
    try:
        main()
    finally:
        h.stop_all()
