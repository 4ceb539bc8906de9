"""Dify's `core.repositories.DifyCoreRepositoryFactory` and the SQLAlchemy node-execution repository's
read (`get_by_workflow_run`), returning Dify's `WorkflowNodeExecution` domain objects."""

import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select


class NodeType(StrEnum):
    START = "start"
    END = "end"
    LLM = "llm"
    TOOL = "tool"
    KNOWLEDGE_RETRIEVAL = "knowledge-retrieval"
    CODE = "code"
    ANSWER = "answer"


class WorkflowNodeExecutionStatus(StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    EXCEPTION = "exception"


class WorkflowNodeExecutionMetadataKey(StrEnum):
    TOTAL_TOKENS = "total_tokens"
    TOTAL_PRICE = "total_price"
    CURRENCY = "currency"
    TOOL_INFO = "tool_info"
    ITERATION_ID = "iteration_id"
    ITERATION_INDEX = "iteration_index"
    LOOP_ID = "loop_id"
    LOOP_INDEX = "loop_index"
    PARALLEL_ID = "parallel_id"


@dataclass
class WorkflowNodeExecution:
    id: str
    node_execution_id: str | None
    workflow_id: str
    workflow_execution_id: str | None
    index: int
    predecessor_node_id: str | None
    node_id: str
    node_type: NodeType
    title: str
    inputs: dict | None
    process_data: dict | None
    outputs: dict | None
    status: WorkflowNodeExecutionStatus
    error: str | None
    elapsed_time: float
    metadata: dict[WorkflowNodeExecutionMetadataKey, Any] = field(default_factory=dict)
    created_at: datetime | None = None
    finished_at: datetime | None = None


def _json(text):
    return json.loads(text) if text else None


class SQLAlchemyWorkflowNodeExecutionRepository:
    def __init__(self, session_factory, user, app_id, triggered_from):
        self._session_factory = session_factory
        self._tenant_id = user.current_tenant_id
        self._app_id = app_id
        self._triggered_from = triggered_from

    def get_by_workflow_run(self, workflow_run_id: str, order_config=None) -> list[WorkflowNodeExecution]:
        from models.workflow import WorkflowNodeExecutionModel as M

        with self._session_factory() as session:
            rows = session.scalars(
                select(M).where(M.workflow_run_id == workflow_run_id, M.tenant_id == self._tenant_id,
                                M.app_id == self._app_id, M.triggered_from == self._triggered_from)
            ).all()
            return [
                WorkflowNodeExecution(
                    id=r.id, node_execution_id=r.node_execution_id, workflow_id=r.workflow_id,
                    workflow_execution_id=r.workflow_run_id, index=r.index,
                    predecessor_node_id=r.predecessor_node_id, node_id=r.node_id, node_type=NodeType(r.node_type),
                    title=r.title, inputs=_json(r.inputs), process_data=_json(r.process_data),
                    outputs=_json(r.outputs), status=WorkflowNodeExecutionStatus(r.status), error=r.error,
                    elapsed_time=r.elapsed_time,
                    metadata={WorkflowNodeExecutionMetadataKey(k): v
                              for k, v in (_json(r.execution_metadata) or {}).items()},
                    created_at=r.created_at, finished_at=r.finished_at,
                )
                for r in rows
            ]


class DifyCoreRepositoryFactory:
    @classmethod
    def create_workflow_node_execution_repository(cls, session_factory, user, app_id, triggered_from):
        return SQLAlchemyWorkflowNodeExecutionRepository(
            session_factory=session_factory, user=user, app_id=app_id, triggered_from=triggered_from)
