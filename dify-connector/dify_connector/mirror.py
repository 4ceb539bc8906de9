"""Carries an app's tracing settings from Dify over to the relay: its registration under its Dify
tenant, each provider's config (decrypted here, inside Dify's process, sealed by the relay) and the
enabled provider. Done when the app's first task arrives and again whenever Dify's rows change."""

import hashlib
import json
import threading

from . import counters, redaction
from .dify import Dify, DifyApp, TraceConfigRow
from .providers import UnsupportedProvider, relay_config, relay_provider
from .relay import RelayClient, RelayRefused

FINGERPRINT_KEY = counters.PREFIX + "settings:"
log = redaction.logger(__name__)


def fingerprint(app: DifyApp, rows: list[TraceConfigRow]) -> str:
    """A hash of what is mirrored, as Dify stores it (secrets still encrypted), so checking costs no decryption."""
    state = {
        "tenant": app.tenant_id, "name": app.name, "mode": app.mode, "tracing": app.tracing,
        "rows": [[r.provider, r.config, r.updated_at] for r in rows],
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()


class SettingsMirror:
    def __init__(self, dify: Dify, relay: RelayClient):
        self.dify = dify
        self.relay = relay
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def ensure(self, app: DifyApp) -> bool:
        """Mirrors the app when its rows differ from the last mirrored ones; True when it did."""
        rows = self.dify.trace_configs(app.id)
        current = fingerprint(app, rows)
        key = FINGERPRINT_KEY + app.id
        if self._stored(key) == current:
            return False
        # One mirror per app at a time in this worker: a task that finds it under way waits for it,
        # so none of its tasks reaches the relay before the app's tracing is switched on.
        with self._lock_for(app.id):
            if self._stored(key) == current:
                return False
            self.mirror(app, rows)
            self.dify.redis.set(key, current)
        return True

    def _lock_for(self, app_id: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(app_id, threading.Lock())

    def _stored(self, key: str) -> str | None:
        stored = self.dify.redis.get(key)
        return stored.decode() if isinstance(stored, bytes) else stored

    def mirror(self, app: DifyApp, rows: list[TraceConfigRow]) -> None:
        # A refusal is counted and logged by code and left until Dify's row changes; the relay being
        # away raises RelayUnavailable, so the fingerprint is not stored and the next task tries again.
        try:
            self.relay.register_app(app.tenant_id, app.id, app.name or app.id, app.mode or "workflow")
        except RelayRefused as e:
            # The id is another tenant's at the relay (409): its tasks will be refused and kept aside.
            self._refused(app, "registration", e.code)
            return
        for row in rows:
            self._config(app, row)
        enabled = bool(app.tracing.get("enabled"))
        try:
            provider = relay_provider(app.tracing.get("tracing_provider"))
        except UnsupportedProvider as e:
            self._refused(app, "trace", str(e))
            enabled, provider = False, None
        try:
            self.relay.set_trace(app.tenant_id, app.id, enabled, provider)
        except RelayRefused as e:
            self._refused(app, "trace", e.code)
        log.info("mirrored tracing settings of app %s (tenant %s, %d configs, enabled=%s, provider=%s)",
                 app.id, app.tenant_id, len(rows), enabled, provider)

    def _config(self, app: DifyApp, row: TraceConfigRow) -> None:
        try:
            decrypted = self.dify.decrypt(app.tenant_id, row.provider, row.config)
            # Whatever decryption changed is a secret; known before anything can log or raise it.
            redaction.register(*(v for k, v in decrypted.items() if row.config.get(k) != v))
            provider, config = relay_config(row.provider, decrypted)
        except UnsupportedProvider as e:
            self._refused(app, row.provider, str(e))
            return
        try:
            self.relay.put_trace_config(app.tenant_id, app.id, provider, config)
        except RelayRefused as e:
            self._refused(app, row.provider, f"{e.code}: {e.detail}")

    def _refused(self, app: DifyApp, what: str, reason: str) -> None:
        self.dify.redis.incr(counters.CONFIG_REFUSED)
        log.warning("the relay did not take %s of app %s: %s", what, app.id, reason)

    def import_all(self) -> tuple[int, int]:
        """Mirrors every app of the deployment that has a tracing config; (mirrored, missing apps)."""
        mirrored = missing = 0
        for app_id in self.dify.traced_app_ids():
            app = self.dify.app(app_id)
            if app is None:
                missing += 1
                continue
            rows = self.dify.trace_configs(app.id)
            self.mirror(app, rows)
            self.dify.redis.set(FINGERPRINT_KEY + app.id, fingerprint(app, rows))
            mirrored += 1
        return mirrored, missing
