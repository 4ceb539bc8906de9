"""Dify's `models.account.Account` (the app creator the node-execution repository reads as)."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from extensions.ext_database import db


class Account(db.Model):
    __tablename__ = "accounts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))

    _current_tenant_id = None  # set per use, not a column

    def set_tenant_id(self, tenant_id: str) -> None:
        self._current_tenant_id = tenant_id

    @property
    def current_tenant_id(self) -> str | None:
        return self._current_tenant_id
