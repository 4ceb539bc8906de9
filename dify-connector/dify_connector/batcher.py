"""Posts the tasks that a worker's concurrent Celery tasks hand over together as one batch.

The first task to arrive leads: it waits up to `wait_seconds` (or until `max_items` are there),
posts the batch, and gives each task its own outcome. The relay takes a batch all or nothing, so a
400 naming `items[i]` refuses those items alone and the rest go again; a refusal that names no item
(or a 413) is settled one item at a time.
"""

import re
import threading

from .relay import RelayClient, RelayRefused, RelayUnavailable

_ITEM_PATH = re.compile(r"^items\[(\d+)\]")


class _Entry:
    __slots__ = ("item", "event", "lead", "error")

    def __init__(self, item: dict):
        self.item = item
        self.event = threading.Event()
        self.lead = False
        self.error: Exception | None = None


class Batcher:
    def __init__(self, relay: RelayClient, max_items: int = 100, wait_seconds: float = 0.02):
        self.relay = relay
        self.max_items = max(1, max_items)
        self.wait_seconds = wait_seconds
        self._cond = threading.Condition()
        self._pending: list[_Entry] = []

    def post(self, item: dict) -> None:
        """Returns once the relay has taken the item (202); raises RelayRefused or RelayUnavailable for it."""
        entry = _Entry(item)
        with self._cond:
            self._pending.append(entry)
            if len(self._pending) == 1:
                entry.lead = True
            elif len(self._pending) >= self.max_items:
                self._cond.notify_all()
        if not entry.lead:
            entry.event.wait()
        if entry.lead:
            self._lead(entry)
        if entry.error is not None:
            raise entry.error

    def _lead(self, leader: _Entry) -> None:
        with self._cond:
            self._cond.wait_for(lambda: len(self._pending) >= self.max_items, timeout=self.wait_seconds)
            batch, self._pending = self._pending[: self.max_items], self._pending[self.max_items:]
            if self._pending:
                successor = self._pending[0]
                successor.lead = True
                successor.event.set()
        try:
            self._send(batch)
        finally:
            for entry in batch:
                if entry is not leader:
                    entry.lead = False
                    entry.event.set()

    def _send(self, batch: list[_Entry]) -> None:
        try:
            self.relay.post_tasks([e.item for e in batch])
        except RelayUnavailable as e:
            for entry in batch:
                entry.error = e
        except RelayRefused as refused:
            if len(batch) == 1:
                batch[0].error = refused
                return
            named = self._named(refused)
            if refused.status != 400 or not named:
                for entry in batch:
                    self._send([entry])
                return
            for i, errors in named.items():
                if i < len(batch):
                    batch[i].error = RelayRefused(refused.status, refused.code, refused.detail, errors)
            rest = [entry for i, entry in enumerate(batch) if i not in named]
            if rest:
                self._send(rest)

    @staticmethod
    def _named(refused: RelayRefused) -> dict[int, list]:
        """The refusal's errors per item index, each path renumbered as its item's own (items[0])."""
        named: dict[int, list] = {}
        for error in refused.errors:
            match = _ITEM_PATH.match(str(error.get("path", ""))) if isinstance(error, dict) else None
            if match:
                own = {**error, "path": "items[0]" + error["path"][match.end():]}
                named.setdefault(int(match.group(1)), []).append(own)
        return named
