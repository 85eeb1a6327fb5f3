"""The server's memory accounting, its budget, handing freed memory back, and the store that really ends closed
sessions (ui/memory.py)."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
import time
from dataclasses import dataclass, field

import pytest

from tests.conftest import ROOT
from ui import memory

MIB = 2**20


def test_the_budget_is_a_share_of_the_machine_or_a_stated_size() -> None:
    total = 16 * 2**30
    assert memory.server_budget({}, total) == memory.Budget(8 * 2**30, 0.5)
    assert memory.server_budget({"CXKIT_SERVER_MEMORY_SHARE": "0.25"}, total) == memory.Budget(4 * 2**30, 0.25)
    assert memory.server_budget({"CXKIT_SERVER_MEMORY_MB": "3000"}, total) == memory.Budget(3000 * MIB, None)
    # a setting that is no share or no size is ignored: the default applies
    for bad in ({"CXKIT_SERVER_MEMORY_SHARE": "2"}, {"CXKIT_SERVER_MEMORY_SHARE": "half"},
                {"CXKIT_SERVER_MEMORY_MB": "-5", "CXKIT_SERVER_MEMORY_SHARE": "0"}):
        assert memory.server_budget(bad, total) == memory.Budget(8 * 2**30, 0.5), bad
    assert memory.server_budget({}).bytes == memory.machine_bytes() // 2 > 0  # this machine


def test_an_upload_is_refused_when_reading_it_would_take_the_server_over_its_budget() -> None:
    budget = memory.Budget(1000 * MIB, None)
    assert not memory.would_exceed(100 * MIB, budget, held=600 * MIB)  # 600 + 3 × 100 = 900
    assert memory.would_exceed(150 * MIB, budget, held=600 * MIB)  # 600 + 3 × 150 = 1050
    assert not memory.over_budget(budget, held=999 * MIB)
    assert memory.over_budget(budget, held=1001 * MIB)


def test_the_resident_size_counts_this_process_and_the_processes_it_started() -> None:
    before = memory.process_rss()
    block = b"x" * (64 * MIB)  # written, so resident
    assert memory.process_rss() - before >= 56 * MIB
    del block
    child = subprocess.Popen([sys.executable, "-c", "import sys, time; b = b'x' * (96 * 2**20); "
                              "print('ready', flush=True); time.sleep(60)"], stdout=subprocess.PIPE)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
        assert memory.server_rss() - memory.process_rss() >= 90 * MIB
    finally:
        child.kill()
        child.wait()


def test_trim_gives_freed_memory_back_that_free_alone_keeps() -> None:
    gc.collect()
    objects = [bytes(1000) + bytes([i % 256]) for i in range(200_000)]  # ~200 MB in glibc's heap
    kept = objects[::100]  # a few survivors spread over the heap keep it from shrinking by itself
    del objects
    gc.collect()
    before = memory.process_rss()
    assert memory.trim()
    after = memory.process_rss()
    assert before - after >= 100 * MIB, (before / MIB, after / MIB)
    assert len(kept) == 2000


@dataclass
class FakeSession:
    id: str
    shut: list[str] = field(default_factory=list)

    def shutdown(self) -> None:
        self.shut.append(self.id)


@dataclass
class FakeInfo:
    session: FakeSession


def _info(name: str, shut: list[str]) -> FakeInfo:
    return FakeInfo(FakeSession(name, shut))


def test_a_disconnected_session_is_kept_for_a_reconnect_then_shut_down() -> None:
    shut: list[str] = []
    store = memory.ReapingSessionStorage(ttl_seconds=0.3)
    store.save(_info("a", shut))  # type: ignore[arg-type]
    assert store.get("a") is not None  # a reconnect within the TTL finds it
    store.delete("a")  # ... and takes it out (Streamlit's resume), without ending it
    assert shut == []
    store.save(_info("b", shut))  # type: ignore[arg-type]
    time.sleep(0.4)
    assert store.get("b") is None
    assert shut == ["b"] and store.reaped == 1
    assert store.list() == []


def test_the_oldest_session_is_shut_down_when_the_store_is_full() -> None:
    shut: list[str] = []
    store = memory.ReapingSessionStorage(maxsize=2, ttl_seconds=60)
    for name in "abc":
        store.save(_info(name, shut))  # type: ignore[arg-type]
    assert shut == ["a"]
    assert [i.session.id for i in store.list()] == ["b", "c"]


def test_expired_sessions_are_ended_on_the_event_loop_with_nothing_else_happening() -> None:
    """Streamlit's own store forgot an expired session only at the next write: the last visitors' files stayed."""
    shut: list[str] = []
    store = memory.ReapingSessionStorage(ttl_seconds=0.5)
    assert store.check_every == 1.0

    async def serve() -> None:
        store.save(_info("last visitor", shut))  # type: ignore[arg-type]
        await asyncio.sleep(2.5)  # nobody connects, disconnects or reconnects

    asyncio.run(serve())
    assert shut == ["last visitor"]


def test_the_launcher_makes_streamlit_use_the_reaping_store(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.runtime import memory_session_storage
    from streamlit.web.server import server

    monkeypatch.setattr(server, "MemorySessionStorage", memory_session_storage.MemorySessionStorage)
    monkeypatch.setattr(memory_session_storage, "MemorySessionStorage", memory_session_storage.MemorySessionStorage)
    memory.install_session_reaper()
    assert server.MemorySessionStorage is memory.ReapingSessionStorage  # type: ignore[attr-defined]
    assert memory_session_storage.MemorySessionStorage is memory.ReapingSessionStorage


def test_the_data_page_states_the_server_budget_and_refuses_an_upload_over_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import tests.test_app as app_tests
    from tests.conftest import DATA

    at = app_tests.start()
    at.switch_page("views/page_data.py").run()
    assert "The server holds at most" in " ".join(c.value for c in at.caption)
    monkeypatch.setenv(memory.BYTES_ENV, "1")  # a budget of 1 MB: the server is over it, nothing more fits
    app_tests._upload(at, [("freshdesk_es.csv", (DATA / "freshdesk_es.csv").read_bytes())])
    assert not at.session_state["uploads"]
    assert any("Not kept: freshdesk\\_es\\.csv. The server is holding other visitors' files too" in e.value
               for e in at.error), [e.value for e in at.error]
    at.session_state["lang"] = "es"
    at.run()
    assert "El servidor guarda como máximo" in " ".join(c.value for c in at.caption)
    app_tests._upload(at, [("typeform.csv", (DATA / "typeform.csv").read_bytes())])
    assert not at.session_state["uploads"]
    assert any("No se ha guardado: typeform\\.csv. El servidor guarda también los archivos de otros visitantes"
               in e.value for e in at.error), [e.value for e in at.error]


def test_the_parse_workers_frames_are_used_where_they_arrive_not_copied_again() -> None:
    """cxkit.isolated rebuilds each slice over the bytes it received (issue #21: the worker's frames arrived as a
    second copy): the numbers' buffer lies inside the received bytes, and the frame is what was sent."""
    import ctypes
    import io

    import polars as pl

    from cxkit.isolated import _in_place

    sent = pl.DataFrame({"n": range(100_000), "text": [f"fila {i}" for i in range(100_000)],
                         "status": pl.Series(["open", "solved"] * 50_000, dtype=pl.Enum(["open", "solved"]))})
    buffer = io.BytesIO()
    sent.write_ipc(buffer, compression="uncompressed", compat_level=pl.CompatLevel.newest())
    payload = bytearray(buffer.getvalue())
    start = ctypes.addressof((ctypes.c_char * len(payload)).from_buffer(payload))
    frame = _in_place(payload)
    assert frame.equals(sent) and frame.schema == sent.schema
    pointer = frame["n"].to_arrow().buffers()[1].address  # exported without a copy
    assert start <= pointer < start + len(payload)


def test_the_arena_limit_is_set_unless_the_environment_sets_it() -> None:
    assert not memory.limit_arenas(environ={"MALLOC_ARENA_MAX": "4"})
    assert memory.limit_arenas(environ={})  # glibc accepts it (mallopt returns 1)


_MMAPPED = """
import ctypes, sys
from tests.conftest import ROOT
from ui import memory
class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]
libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = MallInfo2
if sys.argv[1] == "fixed":
    assert memory.fix_mmap_threshold(environ={})
big = bytes(20 * 2**20)
del big  # glibc's moving threshold now rises to 20 MB
before = libc.mallinfo2().hblks
upload = bytes(4 * 2**20)  # a visitor's file
print(libc.mallinfo2().hblks - before)
"""


@pytest.mark.parametrize(("how", "mapped"), [("moving", 0), ("fixed", 1)])
def test_a_large_block_is_mapped_on_its_own_once_the_threshold_is_fixed(how: str, mapped: int) -> None:
    """Once a large block was freed, glibc's moving threshold serves the next uploads from the arenas' heaps
    (where freed memory stays as fragments); with the threshold fixed, each gets its own mapping, given back to
    the system when it is freed."""
    import subprocess
    import sys

    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("MALLOC_")}
    env["PYTHONPATH"] = str(ROOT)
    run = subprocess.run([sys.executable, "-c", _MMAPPED, how], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout.strip()) == mapped


def test_the_mmap_threshold_is_set_unless_the_environment_sets_it() -> None:
    assert not memory.fix_mmap_threshold(environ={"MALLOC_MMAP_THRESHOLD_": "65536"})
