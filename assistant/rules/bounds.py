"""`Bounds`: a number field's plausible range, written in the field's annotation.

The rules' types are plain dataclasses; pydantic, when it checks untrusted data into them, reads
each `Bounds` through `__get_pydantic_core_schema__` (so the range lands in the JSON Schema too),
and `assistant.rules.codec`'s quick check reads the same object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema


class Bounds:
    __slots__ = ("ge", "gt", "le")

    def __init__(
        self, *, ge: float | None = None, gt: float | None = None, le: float | None = None
    ) -> None:
        self.ge, self.gt, self.le = ge, gt, le

    def admits(self, value: float) -> bool:
        return (
            (self.ge is None or value >= self.ge)
            and (self.gt is None or value > self.gt)
            and (self.le is None or value <= self.le)
        )

    def __get_pydantic_core_schema__(
        self, source: type[float], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        schema = handler(source)  # the number's own schema, to which the limits are added
        limits = cast(dict[str, float], schema)
        for key in ("ge", "gt", "le"):
            limit = getattr(self, key)
            if limit is not None:
                limits[key] = limit
        return schema
