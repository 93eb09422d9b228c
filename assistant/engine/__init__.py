"""The dialog engine: `Engine.handle(conversation_id, text) -> list[Reply]` for every channel.

`Engine` is imported lazily so that channels importing only the reply types stay light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.engine.engine import Engine

__all__ = ["Engine"]


def __getattr__(name: str) -> type[Engine]:
    if name == "Engine":
        from assistant.engine.engine import Engine  # lazy: any engine module loads without it

        return Engine
    raise AttributeError(name)
