"""Shared fixtures: a store URL for each backend, each test in its own SQLite file or its own
PostgreSQL schema, so tests run in parallel and leave nothing behind."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

DEFAULT_TEST_POSTGRES = "postgresql://127.0.0.1:5432/test"


def with_search_path(url: str, schema: str) -> str:
    """The URL with `search_path` set to `schema`, so every table the store makes lands there."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "options"]
    query.append(("options", f"-csearch_path={schema}"))
    return urlunsplit(parts._replace(query=urlencode(query)))


@pytest.fixture(scope="session")
def _postgres_server() -> tuple[str | None, str]:
    """The server's URL, or None and why it cannot be reached."""
    url = os.environ.get("BONEGUIDE_TEST_POSTGRES", DEFAULT_TEST_POSTGRES)
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception as error:  # any failure to connect means "no server" to the suite
        reason = f"PostgreSQL at {url} is unreachable: {' '.join(str(error).split())}"
        if os.environ.get("BONEGUIDE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason} (BONEGUIDE_REQUIRE_POSTGRES=1)")
        return None, reason
    return url, ""


@pytest.fixture
def postgres_url(_postgres_server: tuple[str | None, str]) -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped after the test."""
    server, reason = _postgres_server
    if server is None:
        pytest.skip(reason)
    import psycopg

    schema = f"test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield with_search_path(server, schema)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def sqlite_path(tmp_path: Path) -> str:
    return str(tmp_path / "data" / "boneguide.db")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each backend in turn: a SQLite file in tmp_path, then a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "data" / "boneguide.db")
    url: str = request.getfixturevalue("postgres_url")
    return url
