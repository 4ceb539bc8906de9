"""Dify's `celery_entrypoint.celery` (the worker's Celery app, Redis broker, JSON)."""

import os

from celery import Celery

celery = Celery("dify", broker=os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/1"))
celery.conf.update(task_serializer="json", accept_content=["json"], broker_connection_retry_on_startup=True,
                   worker_hijack_root_logger=False)
