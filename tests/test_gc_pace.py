"""kb/serve/gc_pace.py: Python's collector runs between serve's rebuilds, not during them."""

from __future__ import annotations

import gc
import time

from kb.serve.gc_pace import Collector


def test_a_rebuild_is_collected_after_it_and_frozen() -> None:
    collector = Collector(idle=0.05)
    try:
        collector.building()
        cycle: list = []
        cycle.append(cycle)  # garbage only a collection frees
        del cycle
        collector.built()
        time.sleep(0.3)
        assert gc.get_freeze_count() > 0
        assert gc.collect() == 0  # nothing was left for later
    finally:
        gc.unfreeze()


def test_no_collection_starts_while_a_rebuild_runs() -> None:
    collector = Collector(idle=0.05)
    try:
        collector.built()
        collector.building()  # the next save came first: no pass during it
        time.sleep(0.2)
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
