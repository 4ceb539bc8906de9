"""Trace Relay's HTTP API as the connector uses it: intake of trace tasks and the admin writes a
deployment credential may make (README "Interfaces relied on")."""

import json
from dataclasses import dataclass, field

import httpx

from .redaction import scrub
from .settings import Settings

INTAKE = "/api/v1/trace-tasks"
TENANT_HEADER = "Trace-Relay-Tenant"
# Statuses that say the payload itself is wrong: it is kept aside, never retried.
REFUSING = {400, 413, 422}


class RelayUnavailable(Exception):
    """The relay could not take the request now (down, 5xx, 429, a credential it does not accept yet)."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(scrub(reason))
        self.retry_after = retry_after


@dataclass
class RelayRefused(Exception):
    """The relay refused the payload (400 and the like): its problem+json, secrets scrubbed."""

    status: int
    code: str
    detail: str
    errors: list = field(default_factory=list)

    def __post_init__(self):
        super().__init__(f"{self.status} {self.code}: {self.detail}")

    def reason(self) -> dict:
        return {"status": self.status, "code": self.code, "detail": self.detail, "errors": self.errors}


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _problem(response: httpx.Response) -> RelayRefused:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    errors = body.get("errors") if isinstance(body.get("errors"), list) else []
    return RelayRefused(
        status=response.status_code,
        code=scrub(str(body.get("code") or f"http_{response.status_code}")),
        detail=scrub(str(body.get("detail") or body.get("title") or ""))[:500],
        errors=json.loads(scrub(json.dumps(errors)))[:50],
    )


class RelayClient:
    def __init__(self, settings: Settings, transport: httpx.BaseTransport | None = None):
        self._client = httpx.Client(
            base_url=settings.relay_url,
            timeout=settings.timeout_seconds,
            headers={"Authorization": f"Bearer {settings.token}"},
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self._client.close()

    def _send(self, method: str, path: str, body=None, tenant: str | None = None) -> httpx.Response:
        headers = {TENANT_HEADER: tenant} if tenant else {}
        try:
            response = self._client.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as e:
            # The exception's text can name the request; only its class and the path are kept.
            raise RelayUnavailable(f"{method} {path}: {type(e).__name__}") from None
        if response.status_code == 429 or response.status_code >= 500:
            raise RelayUnavailable(f"{method} {path}: {response.status_code}", _retry_after(response))
        return response

    def post_tasks(self, items: list[dict]) -> dict:
        """202 with the accepted task ids, or RelayRefused (kept aside), or RelayUnavailable (retried)."""
        response = self._send("POST", INTAKE, items)
        if response.status_code == 202:
            return response.json()
        if response.status_code in REFUSING:
            raise _problem(response)
        # 401/403/404 are the deployment's set-up, not the payload's fault: the task waits for a fix.
        raise RelayUnavailable(f"POST {INTAKE}: {response.status_code} {_problem(response).code}")

    def register_app(self, tenant: str, app_id: str, name: str, mode: str) -> None:
        path = f"/api/v1/apps/{app_id}"
        self._admin_ok(self._send("PUT", path, {"name": name, "mode": mode}, tenant), path)

    def put_trace_config(self, tenant: str, app_id: str, provider: str, config: dict) -> None:
        """Creates the provider's config, or replaces the fields of the one already there."""
        path = f"/api/v1/apps/{app_id}/trace-config"
        body = {"tracing_provider": provider, "tracing_config": config}
        response = self._send("POST", path, body, tenant)
        if response.status_code == 409:
            response = self._send("PATCH", path, body, tenant)
        self._admin_ok(response, path)

    def set_trace(self, tenant: str, app_id: str, enabled: bool, provider: str | None) -> None:
        path = f"/api/v1/apps/{app_id}/trace"
        self._admin_ok(self._send("POST", path, {"enabled": enabled, "tracing_provider": provider}, tenant), path)

    @staticmethod
    def _admin_ok(response: httpx.Response, path: str) -> None:
        if response.status_code in (200, 201, 204):
            return
        if response.status_code in REFUSING or response.status_code == 409:
            raise _problem(response)
        raise RelayUnavailable(f"{path}: {response.status_code} {_problem(response).code}")
