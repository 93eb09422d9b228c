"""Versioned schema migrations, as ordered SQL per backend, applied when a store is opened.

Migration N (1-based) brings the schema to version N. Append new migrations; never edit one that
has shipped, because databases in the field already ran it.
"""

from __future__ import annotations

# Both backends keep the same tables and columns so one set of queries serves both. PostgreSQL
# gets its native types (JSONB, TIMESTAMPTZ, BOOLEAN); SQLite keeps JSON and ISO-8601 UTC text,
# which sorts and compares correctly as text.
SQLITE: tuple[str, ...] = (
    """
    CREATE TABLE conversations (
        conversation_id TEXT PRIMARY KEY,
        patient_id TEXT,
        channel TEXT NOT NULL,
        state TEXT NOT NULL,
        data TEXT NOT NULL,
        finished INTEGER NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX conversations_patient ON conversations (patient_id, updated_at);
    CREATE INDEX conversations_updated ON conversations (updated_at);
    CREATE TABLE turns (
        conversation_id TEXT NOT NULL REFERENCES conversations (conversation_id),
        seq INTEGER NOT NULL,
        user_text TEXT NOT NULL,
        replies TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq)
    );
    CREATE TABLE patients (
        patient_id TEXT PRIMARY KEY,
        conversation_id TEXT,
        facts TEXT,
        assessment TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX patients_updated ON patients (updated_at);
    CREATE TABLE assessments (
        id INTEGER PRIMARY KEY,
        patient_id TEXT NOT NULL,
        conversation_id TEXT,
        facts TEXT NOT NULL,
        assessment TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX assessments_patient ON assessments (patient_id, id);
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        patient_id TEXT,
        action TEXT NOT NULL
    );
    CREATE INDEX audit_patient ON audit (patient_id, id);
    CREATE TABLE unanswered (
        question_key TEXT PRIMARY KEY,
        question TEXT NOT NULL,
        channel TEXT NOT NULL,
        count INTEGER NOT NULL,
        first_asked TEXT NOT NULL,
        last_asked TEXT NOT NULL
    );
    """,
    # 2: event ids claimed by one of several bot replicas sharing the store
    """
    CREATE TABLE claimed_events (
        event_key TEXT PRIMARY KEY,
        claimed_at TEXT NOT NULL
    );
    CREATE INDEX claimed_events_at ON claimed_events (claimed_at);
    """,
    # 3: erasure. Each unanswered question asked in a conversation is linked to it, so purging a
    # patient finds their words; the store's own secret keys the hashes that stand for an erased
    # patient in the audit log and in `erased`, which refuses any later write naming them.
    """
    CREATE TABLE unanswered_asks (
        question_key TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        asked_at TEXT NOT NULL
    );
    CREATE INDEX unanswered_asks_conversation ON unanswered_asks (conversation_id);
    CREATE TABLE store_secret (
        name TEXT PRIMARY KEY,
        secret TEXT NOT NULL
    );
    INSERT INTO store_secret (name, secret) VALUES ('erasure', lower(hex(randomblob(32))));
    CREATE TABLE erased (
        digest TEXT PRIMARY KEY,
        erased_at TEXT NOT NULL
    )
    """,
)

POSTGRES: tuple[str, ...] = (
    """
    CREATE TABLE conversations (
        conversation_id TEXT PRIMARY KEY,
        patient_id TEXT,
        channel TEXT NOT NULL,
        state TEXT NOT NULL,
        data JSONB NOT NULL,
        finished BOOLEAN NOT NULL,
        version INTEGER NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX conversations_patient ON conversations (patient_id, updated_at);
    CREATE INDEX conversations_updated ON conversations (updated_at);
    CREATE TABLE turns (
        conversation_id TEXT NOT NULL REFERENCES conversations (conversation_id),
        seq INTEGER NOT NULL,
        user_text TEXT NOT NULL,
        replies JSONB NOT NULL,
        at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (conversation_id, seq)
    );
    CREATE TABLE patients (
        patient_id TEXT PRIMARY KEY,
        conversation_id TEXT,
        facts JSONB,
        assessment JSONB,
        updated_at TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX patients_updated ON patients (updated_at);
    CREATE TABLE assessments (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        patient_id TEXT NOT NULL,
        conversation_id TEXT,
        facts JSONB NOT NULL,
        assessment JSONB NOT NULL,
        at TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX assessments_patient ON assessments (patient_id, id);
    CREATE TABLE audit (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at TIMESTAMPTZ NOT NULL,
        actor TEXT NOT NULL,
        patient_id TEXT,
        action TEXT NOT NULL
    );
    CREATE INDEX audit_patient ON audit (patient_id, id);
    CREATE TABLE unanswered (
        question_key TEXT PRIMARY KEY,
        question TEXT NOT NULL,
        channel TEXT NOT NULL,
        count INTEGER NOT NULL,
        first_asked TIMESTAMPTZ NOT NULL,
        last_asked TIMESTAMPTZ NOT NULL
    );
    """,
    # 2: event ids claimed by one of several bot replicas sharing the store
    """
    CREATE TABLE claimed_events (
        event_key TEXT PRIMARY KEY,
        claimed_at TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX claimed_events_at ON claimed_events (claimed_at);
    """,
    # 3: erasure, as for SQLite. gen_random_uuid() draws from the server's strong random source.
    """
    CREATE TABLE unanswered_asks (
        question_key TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        asked_at TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX unanswered_asks_conversation ON unanswered_asks (conversation_id);
    CREATE TABLE store_secret (
        name TEXT PRIMARY KEY,
        secret TEXT NOT NULL
    );
    INSERT INTO store_secret (name, secret)
        VALUES ('erasure', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
    CREATE TABLE erased (
        digest TEXT PRIMARY KEY,
        erased_at TIMESTAMPTZ NOT NULL
    )
    """,
)

VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"


def statements(script: str) -> list[str]:
    """Split a migration into statements (our migrations hold no semicolons inside literals)."""
    return [part.strip() for part in script.split(";") if part.strip()]
