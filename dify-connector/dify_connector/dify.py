"""The only module that touches Dify's code: its storage, Redis, database models, encrypter and
node-execution repository, imported from Dify's own modules (in Dify's image; the stand-ins in the
tests follow the same interfaces). Each call is listed in README "Interfaces relied on"."""

import inspect
import json
from dataclasses import dataclass


@dataclass(frozen=True)
class DifyApp:
    id: str
    tenant_id: str
    name: str
    mode: str
    created_by: str | None
    tracing: dict  # apps.tracing: {"enabled": bool, "tracing_provider": str | None}


@dataclass(frozen=True)
class TraceConfigRow:
    provider: str
    config: dict  # as stored: secrets encrypted with the tenant's key
    updated_at: str


class Dify:
    def __init__(self):
        from core.ops.entities.config_entity import OPS_FILE_PATH, OPS_TRACE_FAILED_KEY
        from extensions.ext_redis import redis_client
        from extensions.ext_storage import storage

        self.storage = storage
        self.redis = redis_client
        self.ops_file_path = OPS_FILE_PATH
        self.failed_key = OPS_TRACE_FAILED_KEY

    # Storage -----------------------------------------------------------------------------------
    def task_path(self, storage_id: str, file_id: str) -> str:
        return f"{self.ops_file_path}{storage_id}/{file_id}.json"

    def load(self, path: str) -> bytes | None:
        """The file's bytes, or None when it is gone (an earlier delivery of the same task took it)."""
        if not self.storage.exists(path):
            return None
        return self.storage.load(path)

    def save(self, path: str, data: bytes) -> None:
        self.storage.save(path, data)

    def delete(self, path: str) -> None:
        self.storage.delete(path)

    # Database ----------------------------------------------------------------------------------
    def app(self, app_id: str) -> DifyApp | None:
        from extensions.ext_database import db
        from models.model import App

        row = db.session.get(App, app_id)
        if row is None:
            return None
        tracing = row.tracing
        tracing = json.loads(tracing) if isinstance(tracing, str) and tracing else (tracing or {})
        return DifyApp(
            id=str(row.id),
            tenant_id=str(row.tenant_id),
            name=row.name or "",
            mode=str(getattr(row.mode, "value", row.mode) or ""),
            created_by=str(row.created_by) if row.created_by else None,
            tracing=tracing,
        )

    def trace_configs(self, app_id: str) -> list[TraceConfigRow]:
        from sqlalchemy import select

        from extensions.ext_database import db
        from models.model import TraceAppConfig

        rows = db.session.scalars(
            select(TraceAppConfig).where(TraceAppConfig.app_id == app_id).order_by(TraceAppConfig.tracing_provider)
        ).all()
        return [
            TraceConfigRow(r.tracing_provider, dict(r.tracing_config or {}), str(r.updated_at))
            for r in rows
            if r.tracing_provider and getattr(r, "is_active", True)
        ]

    def traced_app_ids(self) -> list[str]:
        """Every app with a tracing config row, for the one-shot import."""
        from sqlalchemy import select

        from extensions.ext_database import db
        from models.model import TraceAppConfig

        return [str(a) for a in db.session.scalars(select(TraceAppConfig.app_id).distinct()).all()]

    def end_session(self) -> None:
        """Closes the task's database session, so the next task reads rows as they are then."""
        from extensions.ext_database import db

        db.session.remove()

    def decrypt(self, tenant_id: str, provider: str, config: dict) -> dict:
        from core.ops.ops_trace_manager import OpsTraceManager

        return dict(OpsTraceManager.decrypt_tracing_config(tenant_id, provider, config))

    def node_executions(self, app: DifyApp, workflow_run_id: str) -> list:
        """The run's node executions through Dify's repository, as its own providers read them."""
        from sqlalchemy.orm import sessionmaker

        from core.repositories import DifyCoreRepositoryFactory
        from extensions.ext_database import db
        from models import Account, WorkflowNodeExecutionTriggeredFrom

        user = db.session.get(Account, app.created_by) if app.created_by else None
        if user is None:
            raise LookupError(f"app {app.id} has no creator account to read its node executions as")
        if hasattr(user, "set_tenant_id"):
            user.set_tenant_id(app.tenant_id)
        create = DifyCoreRepositoryFactory.create_workflow_node_execution_repository
        kwargs = dict(
            session_factory=sessionmaker(bind=db.engine, expire_on_commit=False),
            user=user,
            app_id=app.id,
            triggered_from=WorkflowNodeExecutionTriggeredFrom.WORKFLOW_RUN,
        )
        if "tenant_id" in inspect.signature(create).parameters:
            kwargs["tenant_id"] = app.tenant_id
        repository = create(**kwargs)
        if hasattr(repository, "get_by_workflow_execution"):
            nodes = repository.get_by_workflow_execution(workflow_execution_id=workflow_run_id)
        else:
            nodes = repository.get_by_workflow_run(workflow_run_id=workflow_run_id)
        return sorted(nodes, key=lambda n: (n.index, str(n.id)))
