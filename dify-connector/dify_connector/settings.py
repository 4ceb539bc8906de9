"""The connector's settings, from the environment (the worker container's)."""

import os
from dataclasses import dataclass


def _float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def _int(name: str, default: int | None) -> int | None:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


@dataclass(frozen=True)
class Settings:
    relay_url: str
    token: str
    timeout_seconds: float = 30.0
    retry_base_seconds: float = 5.0
    retry_max_seconds: float = 300.0
    # None: retry for as long as the relay is away; the file stays in Dify's storage meanwhile.
    max_retries: int | None = None
    batch_size: int = 100
    batch_wait_seconds: float = 0.02

    @staticmethod
    def from_env() -> "Settings":
        url = os.environ.get("TRACE_RELAY_URL", "").strip().rstrip("/")
        token = os.environ.get("TRACE_RELAY_TOKEN", "").strip()
        if not url or not token:
            raise RuntimeError("set TRACE_RELAY_URL and TRACE_RELAY_TOKEN (the deployment credential)")
        return Settings(
            relay_url=url,
            token=token,
            timeout_seconds=_float("TRACE_RELAY_TIMEOUT_SECONDS", 30.0),
            retry_base_seconds=_float("TRACE_RELAY_RETRY_BASE_SECONDS", 5.0),
            retry_max_seconds=_float("TRACE_RELAY_RETRY_MAX_SECONDS", 300.0),
            max_retries=_int("TRACE_RELAY_MAX_RETRIES", None),
            batch_size=_int("TRACE_RELAY_BATCH_SIZE", 100) or 100,
            batch_wait_seconds=_float("TRACE_RELAY_BATCH_WAIT_MS", 20.0) / 1000.0,
        )
