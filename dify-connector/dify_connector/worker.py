"""The ops_trace worker: Dify's Celery app with `process_trace_tasks` (Dify's task name, queue and
signature) handing each task to the relay. Start it with
    celery -A dify_connector.worker.celery worker -Q ops_trace
in a container of Dify's image (its Celery app, broker, storage and database settings)."""

import random

from celery_entrypoint import celery  # Dify's worker app: the `-A` of Dify's own worker entrypoint

from . import counters, redaction
from .batcher import Batcher
from .dify import Dify
from .handover import HandOver
from .relay import RelayClient, RelayUnavailable
from .settings import Settings

TASK_NAME = "tasks.ops_trace_task.process_trace_tasks"
QUEUE = "ops_trace"
log = redaction.logger(__name__)
_handover: HandOver | None = None


def handover() -> HandOver:
    global _handover
    if _handover is None:
        settings = Settings.from_env()
        relay = RelayClient(settings)
        _handover = HandOver(Dify(), relay, Batcher(relay, settings.batch_size, settings.batch_wait_seconds))
    return _handover


def backoff(settings: Settings, retries: int, retry_after: float | None) -> float:
    delay = min(settings.retry_max_seconds, settings.retry_base_seconds * 2 ** min(retries, 16))
    delay *= random.uniform(0.8, 1.2)
    if retry_after is not None:
        delay = max(delay, min(retry_after, 3600.0))
    return delay


def register(app) -> object:
    """Registers the connector's task under Dify's name, replacing Dify's own in this worker."""
    app.tasks.pop(TASK_NAME, None)
    settings = Settings.from_env()

    @app.task(name=TASK_NAME, bind=True, queue=QUEUE, acks_late=True, reject_on_worker_lost=True,
              max_retries=settings.max_retries)
    def process_trace_tasks(self, file_info):
        h = handover()
        try:
            return h.run(file_info)
        except Exception as e:
            # Whatever stopped it (the relay away, Dify's database or storage), the file stays and
            # the task comes back; the error is passed on by class and scrubbed text only.
            retry_after = e.retry_after if isinstance(e, RelayUnavailable) else None
            if not isinstance(e, RelayUnavailable):
                log.exception("handing over %s failed", file_info.get("file_id"))
                e = RelayUnavailable(f"{type(e).__name__}: {e}")
            h.dify.redis.incr(counters.RETRIED)
            countdown = backoff(settings, self.request.retries, retry_after)
            log.warning("task %s not handed over (%s); retry %d in %.1f s, file kept",
                        file_info.get("file_id"), e, self.request.retries + 1, countdown)
            raise self.retry(exc=e, countdown=countdown) from None
        finally:
            h.dify.end_session()

    return process_trace_tasks


process_trace_tasks = register(celery)
