import httpx
import pytest
from celery import Celery
from celery.exceptions import Retry

import standin_seed
from conftest import TENANT
from dify_connector import counters, worker
from dify_connector.relay import RelayUnavailable
from dify_connector.settings import Settings


@pytest.fixture
def app():
    return Celery("dify-test", broker="memory://")


def test_the_task_takes_difys_name_queue_and_signature_over_difys_own(app):
    @app.task(name=worker.TASK_NAME, queue="ops_trace", bind=True)
    def process_trace_tasks(self, file_info):  # Dify's own, as its worker would have it
        return "dify"

    task = worker.register(app)

    assert app.tasks[worker.TASK_NAME] is task
    assert task.queue == "ops_trace" and task.acks_late and task.reject_on_worker_lost
    assert task.__wrapped__.__code__.co_varnames[:2] == ("self", "file_info")


def test_default_module_registers_on_difys_celery_app():
    from celery_entrypoint import celery

    assert celery.tasks[worker.TASK_NAME] is worker.process_trace_tasks


def test_a_task_the_relay_cannot_take_is_retried_with_its_file_kept_then_delivered(
        app, dify, relay, handover, app_id, monkeypatch):
    monkeypatch.setenv("TRACE_RELAY_MAX_RETRIES", "2")
    monkeypatch.setattr(worker, "_handover", handover)
    task = worker.register(app)
    standin_seed.add_app(app_id, TENANT)
    info = standin_seed.write_task(standin_seed.task_data("MessageTraceInfo", app_id, TENANT))
    relay.intake_answer = lambda r: httpx.Response(503)

    # Eager: Celery raises Retry where a worker would schedule the next attempt.
    with pytest.raises(Retry):
        task.apply(args=[info], throw=True)

    assert dify.storage.exists(dify.task_path(app_id, info["file_id"]))
    assert counters.snapshot(dify.redis)["retried"] >= 1
    relay.intake_answer = lambda r: httpx.Response(202, json={"accepted": 1})
    assert task.apply(args=[info]).get() == "delivered"
    assert not dify.storage.exists(dify.task_path(app_id, info["file_id"]))


def test_any_other_failure_is_retried_too_with_its_text_scrubbed(app, dify, relay, handover, app_id, monkeypatch):
    monkeypatch.setenv("TRACE_RELAY_MAX_RETRIES", "0")
    monkeypatch.setattr(worker, "_handover", handover)
    task = worker.register(app)
    info = standin_seed.write_task(standin_seed.task_data("MessageTraceInfo", app_id, TENANT))
    from dify_connector import redaction

    redaction.register("db-password-77")
    monkeypatch.setattr(handover.dify, "app", lambda _: (_ for _ in ()).throw(OSError("db-password-77 refused")))

    with pytest.raises(RelayUnavailable) as failed:
        task.apply(args=[info], throw=True)

    assert "OSError" in str(failed.value) and "db-password-77" not in str(failed.value)
    assert dify.storage.exists(dify.task_path(app_id, info["file_id"]))


def test_backoff_grows_to_its_cap_and_honours_retry_after():
    s = Settings(relay_url="http://r", token="t", retry_base_seconds=2, retry_max_seconds=30)
    assert 1.6 <= worker.backoff(s, 0, None) <= 2.4
    assert 6.4 <= worker.backoff(s, 2, None) <= 9.6
    assert 24 <= worker.backoff(s, 10, None) <= 36
    assert worker.backoff(s, 0, 60) == 60
