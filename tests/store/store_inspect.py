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
            row[0]
            for row in lite.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
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
