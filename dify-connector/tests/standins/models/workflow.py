"""Dify's `workflow_node_executions` table and `WorkflowNodeExecutionTriggeredFrom`."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from extensions.ext_database import db


class WorkflowNodeExecutionTriggeredFrom(StrEnum):
    SINGLE_STEP = "single-step"
    WORKFLOW_RUN = "workflow-run"


class WorkflowNodeExecutionModel(db.Model):
    __tablename__ = "workflow_node_executions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(36))
    app_id: Mapped[str] = mapped_column(String(36))
    workflow_id: Mapped[str] = mapped_column(String(36))
    triggered_from: Mapped[str] = mapped_column(String(255))
    workflow_run_id: Mapped[str | None] = mapped_column(String(36), index=True)
    index: Mapped[int] = mapped_column(Integer)
    predecessor_node_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    node_execution_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    node_id: Mapped[str] = mapped_column(String(255))
    node_type: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255))
    inputs: Mapped[str | None] = mapped_column(Text, nullable=True)
    process_data: Mapped[str | None] = mapped_column(Text, nullable=True)
    outputs: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    elapsed_time: Mapped[float] = mapped_column(Float)
    execution_metadata: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
