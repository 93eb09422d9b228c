"""Reading a store's raw tables behind its back, for tests that must see every row."""

from __future__ import annotations

import sqlite3


def table_texts(url: str) -> dict[str, str]:
    """Every table of the store at `url`, its rows rendered as one text, by table name."""
    if url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(url) as connection:
            tables = [
                row[0]
                for row in connection.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema()"
                )
            ]
            return {
                table: "\n".join(
                    str(row[0]) for row in connection.execute(f'SELECT t::text FROM "{table}" t')
                )
                for table in tables
            }
    lite = sqlite3.connect(url)
    try:
        tables = [
            row[0] for row in lite.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {
            table: "\n".join(repr(row) for row in lite.execute(f'SELECT * FROM "{table}"'))
            for table in tables
        }
    finally:
        lite.close()


def execute(url: str, statement: str) -> None:
    """Run one statement on the store's database directly."""
    if url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(statement.encode())
        return
    lite = sqlite3.connect(url)
    try:
        lite.execute(statement)
        lite.commit()
    finally:
        lite.close()


def with_pg_setting(url: str, name: str, value: str) -> str:
    """A PostgreSQL URL whose sessions start with `SET name = value` (kept with its options)."""
    from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query["options"] = f"{query.get('options', '')} -c{name}={value}".strip()
    # quote, not quote_plus: libpq reads %20 as a space but keeps a `+` as it is.
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote)))


def without_server_flush(url: str) -> str:
    """For kill and race trials: clients are killed or race, never the PostgreSQL server, so
    whether the server has flushed its WAL to disk is not under test; skipping that flush keeps
    the trials fast. A SQLite path is returned as is: there the client process is the database."""
    if not url.startswith("postgresql://"):
        return url
    return with_pg_setting(url, "synchronous_commit", "off")
