"""Dify's `models.model.App` and `models.model.TraceAppConfig` (the columns the connector reads)."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from extensions.ext_database import db


class App(db.Model):
    __tablename__ = "apps"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(255))
    mode: Mapped[str] = mapped_column(String(255))
    created_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    tracing: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON text: {"enabled", "tracing_provider"}


class TraceAppConfig(db.Model):
    __tablename__ = "trace_app_config"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    app_id: Mapped[str] = mapped_column(String(36), index=True)
    tracing_provider: Mapped[str | None] = mapped_column(String(255), nullable=True)
    tracing_config = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp(),
                                                 onupdate=func.current_timestamp())
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
