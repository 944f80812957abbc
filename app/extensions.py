"""Flask extensions, created unbound; `create_app` binds them to an app."""

from __future__ import annotations

import sqlite3

from flask import Flask
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints: Alembic can then drop and alter them on SQLite and
# PostgreSQL alike, and autogenerate compares them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base shared by every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# A request's objects keep the values it committed: a page rendered after a
# save reads them from memory instead of loading each row again.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)


def init_limiter(app: Flask) -> None:
    """Bind the rate limiter; limits live on the routes that need them
    (`@limiter.limit`), counted in RATELIMIT_STORAGE_URI."""
    limiter.init_app(app)


@event.listens_for(Engine, "connect")
def _enforce_sqlite_foreign_keys(dbapi_connection: object, connection_record: object) -> None:
    """SQLite ignores foreign keys (and ON DELETE CASCADE) unless asked per connection.

    Write-ahead logging lets readers go on while one worker writes, and with
    synchronous=NORMAL a commit no longer waits for a disk flush (an fsync was
    most of a saved step's time); a commit survives a crash of the app, and
    the file stays consistent even after a power cut.
    """
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
