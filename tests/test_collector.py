import gc

from assistant import collector


def test_paused_restores_the_collector_and_freezes_what_start_up_built():
    was = gc.isenabled()
    gc.unfreeze()  # what an earlier test's start-up may have frozen
    gc.enable()
    try:
        with collector.paused():
            assert not gc.isenabled()
            built = [[n] for n in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(built)
    finally:
        gc.unfreeze()
        if not was:
            gc.disable()


def test_paused_leaves_a_disabled_collector_disabled():
    was = gc.isenabled()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.unfreeze()
        if was:
            gc.enable()


def test_settle_sets_start_up_aside_and_turns_the_collector_on():
    was = gc.isenabled()
    gc.unfreeze()
    gc.disable()
    try:
        collector.settle()
        assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        if not was:
            gc.disable()
