import json
import threading

import httpx
import pytest

from conftest import FakeRelay
from dify_connector.batcher import Batcher
from dify_connector.relay import RelayClient, RelayRefused, RelayUnavailable
from dify_connector.settings import Settings


def _post_all(batcher: Batcher, count: int) -> dict[int, Exception | None]:
    outcomes: dict[int, Exception | None] = {}
    start = threading.Barrier(count)

    def one(i):
        start.wait()
        try:
            batcher.post({"task_id": str(i)})
            outcomes[i] = None
        except Exception as e:
            outcomes[i] = e

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    return outcomes


@pytest.fixture
def fake():
    return FakeRelay()


def _batcher(fake, max_items=100, wait=0.2):
    return Batcher(RelayClient(Settings.from_env(), transport=httpx.MockTransport(fake.handler)), max_items, wait)


def test_tasks_handed_over_together_go_in_one_request(fake):
    outcomes = _post_all(_batcher(fake), 8)

    assert outcomes == {i: None for i in range(8)}
    assert sorted(int(item["task_id"]) for batch in fake.intake() for item in batch) == list(range(8))
    assert len(fake.intake()) < 8


def test_a_batch_is_never_larger_than_its_limit(fake):
    outcomes = _post_all(_batcher(fake, max_items=3), 10)

    assert all(v is None for v in outcomes.values()) and len(outcomes) == 10
    assert max(len(b) for b in fake.intake()) <= 3
    assert sum(len(b) for b in fake.intake()) == 10


def test_a_refusal_naming_items_refuses_those_alone_and_the_rest_go_again(fake):
    def answer(request):
        items = json.loads(request.content)
        bad = [i for i, item in enumerate(items) if item["task_id"] in ("2", "5")]
        if bad:
            return httpx.Response(400, json={"code": "invalid_trace_task", "errors": [
                {"path": f"items[{i}].trace_info.flagged", "message": "must be a boolean"} for i in bad]})
        return httpx.Response(202, json={"accepted": len(items)})

    fake.intake_answer = answer
    outcomes = _post_all(_batcher(fake), 8)

    refused = {i: e for i, e in outcomes.items() if e is not None}
    assert set(refused) == {2, 5}
    assert all(isinstance(e, RelayRefused) and e.errors == [{"path": "items[0].trace_info.flagged",
                                                               "message": "must be a boolean"}]
               for e in refused.values())
    last = fake.intake()[-1]
    assert {i["task_id"] for i in last} == {"0", "1", "3", "4", "6", "7"}


def test_a_refusal_naming_no_item_is_settled_one_at_a_time(fake):
    fake.intake_answer = lambda r: httpx.Response(413, json={"code": "payload_too_large"}) \
        if len(json.loads(r.content)) > 1 else httpx.Response(202, json={"accepted": 1})

    outcomes = _post_all(_batcher(fake), 4)

    assert outcomes == {i: None for i in range(4)}
    assert [len(b) for b in fake.intake()][-4:] == [1, 1, 1, 1]


def test_the_relay_away_fails_every_task_of_the_batch(fake):
    fake.intake_answer = lambda r: httpx.Response(503)

    outcomes = _post_all(_batcher(fake), 5)

    assert all(isinstance(e, RelayUnavailable) for e in outcomes.values()) and len(outcomes) == 5
