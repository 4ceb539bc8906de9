"""Not a Dify module: puts Dify-shaped rows and task files in the stand-ins, as Dify's API process
would (tests, e2e and bench). Task files come from the relay's Dify worker samples."""

import json
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from core.ops.entities.config_entity import OPS_FILE_PATH
from core.ops.ops_trace_manager import OpsTraceManager
from extensions.ext_database import db
from extensions.ext_storage import storage

SAMPLES = Path(__file__).resolve().parents[3] / "integration-tests/src/test/resources/dify-worker"
TYPES = ["WorkflowTraceInfo", "WorkflowNodeTraceInfo", "DraftNodeExecutionTrace", "MessageTraceInfo",
         "ModerationTraceInfo", "SuggestedQuestionTraceInfo", "DatasetRetrievalTraceInfo", "ToolTraceInfo",
         "GenerateNameTraceInfo", "PromptGenerationTraceInfo"]
SAMPLE_RUN_ID = "7b2e9c4a-5d1f-4a3b-8e6c-9f0a1b2c3d4e"
TASK_NAME = "tasks.ops_trace_task.process_trace_tasks"


def reset() -> None:
    from extensions.ext_database import Base

    db.session.remove()
    Base.metadata.drop_all(db.engine)
    db.create_all()


def add_app(app_id: str, tenant_id: str, provider: str | None = None, config: dict | None = None,
            enabled: bool = True, name: str = "Weather", mode: str = "workflow") -> None:
    """An app, its creator, and (with a provider) its trace_app_config row with secrets encrypted."""
    from models import Account, App, TraceAppConfig

    account_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"account/{app_id}"))
    if db.session.get(Account, account_id) is None:
        db.session.add(Account(id=account_id, name="creator"))
    tracing = json.dumps({"enabled": enabled, "tracing_provider": provider}) if provider else None
    db.session.add(App(id=app_id, tenant_id=tenant_id, name=name, mode=mode, created_by=account_id, tracing=tracing))
    if provider:
        db.session.add(TraceAppConfig(
            id=str(uuid.uuid4()), app_id=app_id, tracing_provider=provider,
            tracing_config=OpsTraceManager.encrypt_tracing_config(tenant_id, provider, config or {})))
    db.session.commit()


def update_config(app_id: str, tenant_id: str, provider: str, config: dict) -> None:
    from sqlalchemy import select

    from models import TraceAppConfig

    row = db.session.scalars(select(TraceAppConfig).where(TraceAppConfig.app_id == app_id,
                                                          TraceAppConfig.tracing_provider == provider)).one()
    row.tracing_config = OpsTraceManager.encrypt_tracing_config(tenant_id, provider, config)
    row.updated_at = datetime.now(timezone.utc).replace(tzinfo=None)
    db.session.commit()


def add_run_nodes(app_id: str, tenant_id: str, workflow_id: str, run_id: str, count: int = 3) -> list[str]:
    """A run's node executions (start, llm ..., end) as Dify's workflow engine records them."""
    from models import WorkflowNodeExecutionModel

    start = datetime(2026, 11, 30, 10, 15, 30)
    ids = []
    kinds = ["start"] + ["llm"] * (count - 2) + ["end"] if count >= 2 else ["llm"]
    for i, kind in enumerate(kinds):
        node_id = str(uuid.uuid4())
        ids.append(node_id)
        llm = kind == "llm"
        db.session.add(WorkflowNodeExecutionModel(
            id=node_id, tenant_id=tenant_id, app_id=app_id, workflow_id=workflow_id, triggered_from="workflow-run",
            workflow_run_id=run_id, index=i + 1, predecessor_node_id=None if i == 0 else f"node-{i}",
            node_execution_id=f"exec-{i + 1}", node_id=f"node-{i + 1}", node_type=kind, title=kind.upper(),
            inputs=json.dumps({"city": "Berlin"}),
            process_data=json.dumps({"model_provider": "langgenius/openai/openai", "model_name": "gpt-4o-mini",
                                     "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})
            if llm else None,
            outputs=json.dumps({"text": "4 °C"}), status="succeeded", error=None, elapsed_time=0.5,
            execution_metadata=json.dumps({"total_tokens": 15, "total_price": "0.0001", "currency": "USD"})
            if llm else None,
            created_at=start + timedelta(seconds=i), finished_at=start + timedelta(seconds=i, milliseconds=500)))
    db.session.commit()
    return ids


def task_data(trace_info_type: str, app_id: str, tenant_id: str, run_id: str | None = None) -> dict:
    """Dify's TaskData for one type, as the API process writes it (workflow runs carry no nodes)."""
    text = (SAMPLES / f"{trace_info_type}.json").read_text()
    text = text.replace("{{app_id}}", app_id).replace("{{tenant_id}}", tenant_id)
    if run_id:
        text = text.replace(SAMPLE_RUN_ID, run_id)
    data = json.loads(text)
    data["trace_info"].pop("node_executions", None)
    return data


def storage_id(data: dict) -> str:
    return data["app_id"]


def write_task(data: dict) -> dict:
    """Writes the file where Dify writes it; returns the file_info Dify's API puts on the queue."""
    file_id = str(uuid.uuid4())
    storage.save(f"{OPS_FILE_PATH}{data['app_id']}/{file_id}.json", json.dumps(data).encode("utf-8"))
    return {"file_id": file_id, "app_id": data["app_id"]}


def dispatch(celery_app, file_info: dict) -> None:
    """`process_trace_tasks.delay(file_info)` as Dify's API sends it: by name, to queue ops_trace."""
    celery_app.send_task(TASK_NAME, args=[file_info], queue="ops_trace")
