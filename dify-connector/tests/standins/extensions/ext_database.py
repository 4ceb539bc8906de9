"""Dify's `extensions.ext_database.db` (Flask-SQLAlchemy): `db.session` (scoped) and `db.engine`."""

import os

from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, scoped_session, sessionmaker


class Base(DeclarativeBase):
    pass


class _Db:
    Model = Base

    def __init__(self):
        self.engine = create_engine(os.environ.get("DIFY_STANDIN_DB_URL", "sqlite://"))
        self.session = scoped_session(sessionmaker(bind=self.engine))

    def create_all(self) -> None:
        import models  # noqa: F401  the tables are declared there

        Base.metadata.create_all(self.engine)


db = _Db()
