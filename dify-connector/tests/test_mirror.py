import json
import logging

import httpx

import standin_seed
from conftest import TENANT
from dify_connector import counters
from dify_connector.handover import DELIVERED
from dify_connector.mirror import SettingsMirror

LANGFUSE = {"public_key": "pk-lf-1234abcd", "secret_key": "sk-lf-9876zyxw", "host": "https://langfuse.example",
            "project_key": "proj-1"}


def _calls(relay):
    return [(r.method, r.url.path, json.loads(r.content) if r.content else None, r.headers.get("Trace-Relay-Tenant"))
            for r in relay.admin()]


def test_the_first_task_of_an_app_carries_its_settings_over_decrypted_and_mapped(dify, relay, handover, app_id):
    standin_seed.add_app(app_id, TENANT, "langfuse", LANGFUSE, name="Support bot", mode="advanced-chat")
    info = standin_seed.write_task(standin_seed.task_data("MessageTraceInfo", app_id, TENANT))

    assert handover.run(info) == DELIVERED

    assert _calls(relay) == [
        ("PUT", f"/api/v1/apps/{app_id}", {"name": "Support bot", "mode": "advanced-chat"}, TENANT),
        ("POST", f"/api/v1/apps/{app_id}/trace-config",
         {"tracing_provider": "langfuse", "tracing_config": {
             "public_key": "pk-lf-1234abcd", "secret_key": "sk-lf-9876zyxw", "host": "https://langfuse.example"}},
         TENANT),
        ("POST", f"/api/v1/apps/{app_id}/trace", {"enabled": True, "tracing_provider": "langfuse"}, TENANT),
    ]
    # Settings go before the task, so the task finds its app registered.
    assert relay.requests[-1].url.path == "/api/v1/trace-tasks"


def test_settings_go_again_only_when_difys_row_changes(dify, relay, handover, app_id):
    standin_seed.add_app(app_id, TENANT, "langfuse", LANGFUSE)
    for _ in range(3):
        handover.run(standin_seed.write_task(standin_seed.task_data("ToolTraceInfo", app_id, TENANT)))
    assert len(relay.admin()) == 3

    standin_seed.update_config(app_id, TENANT, "langfuse", {**LANGFUSE, "secret_key": "sk-lf-rotated-5555"})
    relay.admin_answer = lambda r: httpx.Response(409 if r.method == "POST" and r.url.path.endswith("trace-config")
                                                  else 200)
    handover.run(standin_seed.write_task(standin_seed.task_data("ToolTraceInfo", app_id, TENANT)))

    methods = [(m, p.rsplit("/", 1)[-1]) for m, p, _, _ in _calls(relay)[3:]]
    assert methods == [("PUT", app_id), ("POST", "trace-config"), ("PATCH", "trace-config"), ("POST", "trace")]
    assert _calls(relay)[5][2]["tracing_config"]["secret_key"] == "sk-lf-rotated-5555"
    assert len(relay.intake()) == 4


def test_the_relay_away_while_mirroring_leaves_the_settings_to_the_next_task(dify, relay, handover, app_id):
    standin_seed.add_app(app_id, TENANT, "langfuse", LANGFUSE)
    relay.admin_answer = lambda r: httpx.Response(503)
    mirror = SettingsMirror(dify, handover.relay)
    app = dify.app(app_id)
    try:
        mirror.ensure(app)
    except Exception:
        pass
    relay.admin_answer = lambda r: httpx.Response(200)

    assert mirror.ensure(app) is True
    assert mirror.ensure(app) is False


def test_a_refused_config_is_counted_and_the_tasks_still_go(dify, relay, handover, app_id):
    standin_seed.add_app(app_id, TENANT, "langfuse", LANGFUSE)
    relay.admin_answer = lambda r: httpx.Response(400, json={"code": "tracing_config_verification_failed"}) \
        if r.url.path.endswith("trace-config") else httpx.Response(200)

    assert handover.run(standin_seed.write_task(standin_seed.task_data("ToolTraceInfo", app_id, TENANT))) == DELIVERED
    assert counters.snapshot(dify.redis)["config_refused"] == 1
    handover.run(standin_seed.write_task(standin_seed.task_data("ToolTraceInfo", app_id, TENANT)))
    assert counters.snapshot(dify.redis)["config_refused"] == 1


def test_import_mirrors_every_traced_app_of_the_deployment(dify, relay, handover):
    apps = {"11111111-1111-4111-8111-111111111111": ("tenant-a", "phoenix"),
            "22222222-2222-4222-8222-222222222222": ("tenant-b", "langfuse")}
    for app_id, (tenant, provider) in apps.items():
        standin_seed.add_app(app_id, tenant, provider, LANGFUSE if provider == "langfuse" else
                             {"api_key": "phx-key-0001", "project": "p", "endpoint": "https://phoenix.example"})
    standin_seed.add_app("33333333-3333-4333-8333-333333333333", "tenant-a")  # no tracing: not imported

    assert SettingsMirror(dify, handover.relay).import_all() == (2, 0)

    registered = {(p.rsplit("/", 1)[-1], t) for m, p, _, t in _calls(relay) if m == "PUT"}
    assert registered == {(a, t) for a, (t, _) in apps.items()}
    # Already mirrored: the first task of each app sends no settings again.
    before = len(relay.admin())
    handover.run(standin_seed.write_task(standin_seed.task_data("ToolTraceInfo", *next(
        (a, t) for a, (t, _) in apps.items()))))
    assert len(relay.admin()) == before


def test_no_secret_reaches_logs_files_counters_or_errors(dify, relay, handover, app_id, caplog, tmp_path):
    secrets = ["pk-lf-1234abcd", "sk-lf-9876zyxw"]
    standin_seed.add_app(app_id, TENANT, "langfuse", LANGFUSE)
    sent = []

    def echo(code):
        # A relay that (against its contract) echoes what it got, in its detail and errors.
        def answer(request):
            sent.append(request.content.decode())
            return httpx.Response(400, json={"code": code, "detail": f"bad: {sent[0]}",
                                             "errors": [{"path": "x", "message": sent[0]}]})
        return answer

    config_refusal = echo("invalid_tracing_config")
    relay.admin_answer = lambda r: config_refusal(r) if r.url.path.endswith("trace-config") else httpx.Response(200)
    relay.intake_answer = echo("invalid_trace_task")
    caplog.set_level(logging.DEBUG)
    info = standin_seed.write_task(standin_seed.task_data("ToolTraceInfo", app_id, TENANT))

    handover.run(info)

    assert any(s in sent[0] for s in secrets)  # the echo did carry them
    logged = caplog.text
    assert "invalid_tracing_config" in logged
    stored = b"".join(p.read_bytes() for p in (tmp_path / "storage").rglob("*") if p.is_file()).decode()
    assert "invalid_trace_task" in stored and "bad: " in stored
    redis_values = json.dumps({k.decode(): str(dify.redis.get(k)) for k in dify.redis.keys("*")
                               if dify.redis.type(k) == b"string"})
    for secret in secrets:
        assert secret not in logged
        assert secret not in stored
        assert secret not in redis_values


def test_an_app_id_another_tenant_holds_is_counted_and_its_task_kept_aside(dify, relay, handover, app_id):
    standin_seed.add_app(app_id, TENANT, "langfuse", LANGFUSE)
    relay.admin_answer = lambda r: httpx.Response(409, json={"code": "app_id_not_available"})
    relay.intake_answer = lambda r: httpx.Response(400, json={
        "code": "invalid_trace_task", "errors": [{"path": "items[0].app_id", "message": "no such app for this tenant"}]})

    assert handover.run(standin_seed.write_task(standin_seed.task_data("ToolTraceInfo", app_id, TENANT))) == "rejected"

    assert [r.method for r in relay.admin()] == ["PUT"]
    assert counters.snapshot(dify.redis)["config_refused"] == 1
    assert counters.snapshot(dify.redis)["rejected"] == 1


def test_tasks_of_an_app_being_mirrored_wait_until_its_tracing_is_on(dify, relay, handover, app_id):
    import threading
    import time

    standin_seed.add_app(app_id, TENANT, "langfuse", LANGFUSE)
    registered = []

    def admin(request):
        time.sleep(0.1)  # the relay verifying the credentials
        if request.method == "PUT":
            registered.append(request)
            return httpx.Response(201 if len(registered) == 1 else 409, json={"code": "app_id_not_available"})
        return httpx.Response(201 if request.method == "POST" else 200)

    relay.admin_answer = admin
    infos = [standin_seed.write_task(standin_seed.task_data("ToolTraceInfo", app_id, TENANT)) for _ in range(4)]
    threads = [threading.Thread(target=handover.run, args=(info,)) for info in infos]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)

    paths = [r.url.path for r in relay.requests]
    switched_on = paths.index(f"/api/v1/apps/{app_id}/trace")
    assert all(i > switched_on for i, p in enumerate(paths) if p == "/api/v1/trace-tasks")
    assert len(registered) == 1 and sum(len(b) for b in relay.intake()) == 4
