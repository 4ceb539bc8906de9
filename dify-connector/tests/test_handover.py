import json

import httpx
import pytest

import standin_seed
from conftest import TENANT
from dify_connector import counters
from dify_connector.handover import DELIVERED, GONE, REJECTED, task_id_for
from dify_connector.relay import RelayUnavailable

PHOENIX = {"api_key": "phx-secret-4242", "project": "weather", "endpoint": "https://phoenix.example"}


def _exists(dify, info):
    return dify.storage.exists(dify.task_path(info["app_id"], info["file_id"]))


def test_workflow_run_goes_over_with_its_node_executions_and_the_file_goes_after_the_202(dify, relay, handover, app_id):
    standin_seed.add_app(app_id, TENANT, "phoenix", PHOENIX)
    run_id = "1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"
    data = standin_seed.task_data("WorkflowTraceInfo", app_id, TENANT, run_id)
    node_ids = standin_seed.add_run_nodes(app_id, TENANT, data["trace_info"]["workflow_id"], run_id, count=3)
    info = standin_seed.write_task(data)

    assert handover.run(info) == DELIVERED

    [[item]] = relay.intake()
    assert item["task_id"] == task_id_for(app_id, info["file_id"])
    assert item["app_id"] == app_id and item["tenant_id"] == TENANT
    assert item["trace_info_type"] == "WorkflowTraceInfo"
    nodes = item["trace_info"]["node_executions"]
    assert [n["node_execution_id"] for n in nodes] == node_ids
    llm = nodes[1]
    assert llm["workflow_run_id"] == run_id and llm["tenant_id"] == TENANT
    assert llm["node_type"] == "llm" and llm["status"] == "succeeded" and llm["index"] == 2
    assert llm["total_tokens"] == 15 and llm["prompt_tokens"] == 10 and llm["completion_tokens"] == 5
    assert llm["total_price"] == pytest.approx(0.0001) and llm["currency"] == "USD"
    assert llm["model_name"] == "gpt-4o-mini" and llm["node_inputs"] == {"city": "Berlin"}
    assert llm["start_time"].startswith("2026-11-30T10:15:31")
    assert not _exists(dify, info)
    assert counters.snapshot(dify.redis)["handed_over"] == 1


@pytest.mark.parametrize("answer", [
    lambda r: (_ for _ in ()).throw(httpx.ConnectError("connection refused")),
    lambda r: httpx.Response(503),
    lambda r: httpx.Response(401, json={"code": "unauthorized"}),
])
def test_a_relay_it_cannot_reach_keeps_the_file_for_the_retry(dify, relay, handover, app_id, answer):
    standin_seed.add_app(app_id, TENANT)
    info = standin_seed.write_task(standin_seed.task_data("MessageTraceInfo", app_id, TENANT))
    relay.intake_answer = answer

    with pytest.raises(RelayUnavailable):
        handover.run(info)

    assert _exists(dify, info)
    assert counters.snapshot(dify.redis)["handed_over"] == 0


def test_429_passes_its_retry_after_on(dify, relay, handover, app_id):
    standin_seed.add_app(app_id, TENANT)
    info = standin_seed.write_task(standin_seed.task_data("ToolTraceInfo", app_id, TENANT))
    relay.intake_answer = lambda r: httpx.Response(429, headers={"Retry-After": "60"}, json={"code": "rate_limited"})

    with pytest.raises(RelayUnavailable) as refused:
        handover.run(info)

    assert refused.value.retry_after == 60.0
    assert _exists(dify, info)


def test_a_refused_payload_is_kept_aside_with_its_reason_and_counted(dify, relay, handover, app_id):
    standin_seed.add_app(app_id, TENANT)
    info = standin_seed.write_task(standin_seed.task_data("ModerationTraceInfo", app_id, TENANT))
    original = dify.storage.load(dify.task_path(app_id, info["file_id"]))
    relay.intake_answer = lambda r: httpx.Response(400, json={
        "code": "invalid_trace_task", "detail": "1 invalid item",
        "errors": [{"path": "items[0].trace_info.flagged", "message": "must be a boolean"}]})

    assert handover.run(info) == REJECTED

    kept = json.loads(dify.storage.load(f"rejected/ops_trace/{app_id}/{info['file_id']}.json"))
    assert kept["reason"]["code"] == "invalid_trace_task"
    assert kept["reason"]["errors"][0]["path"] == "items[0].trace_info.flagged"
    assert kept["task_file"].encode() == original
    assert not _exists(dify, info)
    assert counters.snapshot(dify.redis)["rejected"] == 1
    assert int(dify.redis.get(f"FAILED_OPS_TRACE_{app_id}")) == 1


def test_an_unreadable_file_is_kept_aside_without_asking_the_relay(dify, relay, handover, app_id):
    info = {"app_id": app_id, "file_id": "0b1c2d3e-0000-4000-8000-000000000001"}
    dify.save(dify.task_path(app_id, info["file_id"]), b"{not json")

    assert handover.run(info) == REJECTED

    kept = json.loads(dify.storage.load(f"rejected/ops_trace/{app_id}/{info['file_id']}.json"))
    assert kept["reason"]["code"] == "unreadable_task_file"
    assert relay.intake() == []


def test_a_redelivered_task_carries_the_same_task_id_and_a_gone_file_is_done(dify, relay, handover, app_id):
    standin_seed.add_app(app_id, TENANT)
    info = standin_seed.write_task(standin_seed.task_data("GenerateNameTraceInfo", app_id, TENANT))
    relay.intake_answer = lambda r: httpx.Response(503)
    with pytest.raises(RelayUnavailable):
        handover.run(info)
    relay.intake_answer = lambda r: httpx.Response(202, json={"accepted": 1})

    assert handover.run(info) == DELIVERED
    assert handover.run(info) == GONE

    first, second = relay.intake()
    assert first[0]["task_id"] == second[0]["task_id"] == task_id_for(app_id, info["file_id"])
    assert len(relay.intake()) == 2


def test_a_tenant_scoped_task_names_its_tenant(dify, relay, handover):
    data = standin_seed.task_data("PromptGenerationTraceInfo", "", TENANT)
    assert data["app_id"] == f"tenant-{TENANT}"
    info = standin_seed.write_task(data)

    assert handover.run(info) == DELIVERED

    [[item]] = relay.intake()
    assert item["app_id"] == f"tenant-{TENANT}" and item["tenant_id"] == TENANT
    assert relay.admin() == []
