"""Compiled theme templates, kept across ``mkdocs serve`` rebuilds.

MkDocs makes a new Jinja environment on every rebuild and so compiles
Material's templates again each time: about a second of every rebuild. A
bytecode cache in memory skips that; Jinja keys it by each template's source,
so an edited template is compiled again.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.store.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
