"""The server's memory: what it holds (resident set of the server and its parse workers), the budget it may hold
for every visitor together, handing freed memory back to the system, and dropping closed sessions on time.

One session may hold ``ui.state.MEMORY_BUDGET_BYTES`` and one parse worker ``cxkit.limits``; the server as a
whole may hold ``server_budget()`` bytes: by default half of the machine's memory, or what
``CXKIT_SERVER_MEMORY_SHARE`` (a fraction, e.g. ``0.4``) or ``CXKIT_SERVER_MEMORY_MB`` (megabytes) says.
A new upload that would take the server over it is refused with a message (views/page_data.py).
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import ctypes
import gc
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from streamlit.logger import get_logger
from streamlit.runtime.session_manager import SessionInfo, SessionStorage

DEFAULT_SHARE = 0.5
SHARE_ENV = "CXKIT_SERVER_MEMORY_SHARE"
BYTES_ENV = "CXKIT_SERVER_MEMORY_MB"
# what reading a file adds to the server beyond its bytes, as a multiple of its size (a CSV's table in memory is
# typically 1–2× the file; the frames arrive from the parse worker slice by slice): checked before reading
READ_EXPANSION = 3
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_PROC = Path("/proc")
_LOGGER = get_logger("cxkit.memory")  # Streamlit's handler and level (server.logLevel)


def process_rss(pid: int | str = "self") -> int:
    """Resident bytes of this process (or of process ``pid``) from ``/proc/PID/statm``; 0 when it is gone."""
    try:
        return int((_PROC / str(pid) / "statm").read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _children() -> dict[int, list[int]]:
    """Every process's children, from ``/proc/*/stat`` (the parent is the 4th field, after the command's ')')."""
    tree: dict[int, list[int]] = {}
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            parent = int(stat[stat.rindex(")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def server_rss() -> int:
    """Resident bytes of this process and of every process it started (the fork server and the parse workers)."""
    total = process_rss()
    tree = _children()
    stack = list(tree.get(os.getpid(), []))
    while stack:
        pid = stack.pop()
        total += process_rss(pid)
        stack.extend(tree.get(pid, []))
    return total


def machine_bytes() -> int:
    """The machine's memory (``MemTotal``), or 0 when unknown."""
    try:
        for line in (_PROC / "meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


@dataclass(frozen=True)
class Budget:
    """What the whole server may hold: ``bytes``, stated as ``share`` of the machine (``None`` when set in MB)."""

    bytes: int
    share: float | None


def server_budget(environ: dict[str, str] | None = None, total: int | None = None) -> Budget:
    """The server-wide budget: ``CXKIT_SERVER_MEMORY_MB`` megabytes, else ``CXKIT_SERVER_MEMORY_SHARE`` (default
    0.5) of the machine's memory. A setting that is not a positive number is ignored (the default applies)."""
    env = os.environ if environ is None else environ
    with contextlib.suppress(ValueError):
        megabytes = float(env.get(BYTES_ENV, "") or "nan")
        if megabytes > 0:
            return Budget(int(megabytes * 2**20), None)
    share = DEFAULT_SHARE
    with contextlib.suppress(ValueError):
        chosen = float(env.get(SHARE_ENV, "") or "nan")
        if 0 < chosen <= 1:
            share = chosen
    machine = machine_bytes() if total is None else total
    return Budget(int(machine * share), share) if machine else Budget(8 * 2**30, None)


def would_exceed(new_bytes: int, budget: Budget | None = None, held: int | None = None) -> bool:
    """Whether reading a file of ``new_bytes`` (``READ_EXPANSION`` times its size once read) would take the
    server over its budget, given what it ``held`` now (default: measured)."""
    budget = server_budget() if budget is None else budget
    held = server_rss() if held is None else held
    return held + READ_EXPANSION * new_bytes > budget.bytes


def over_budget(budget: Budget | None = None, held: int | None = None) -> bool:
    """Whether the server holds more than its budget now."""
    budget = server_budget() if budget is None else budget
    return (server_rss() if held is None else held) > budget.bytes


_libc: Any = None


def trim() -> bool:
    """Collect Python's garbage and ask glibc to give every free page of every arena back to the system
    (``malloc_trim(0)``). Returns False where there is no glibc."""
    global _libc
    gc.collect()
    if _libc is None:
        try:
            _libc = ctypes.CDLL("libc.so.6")
            _libc.malloc_trim.argtypes = [ctypes.c_size_t]
        except (OSError, AttributeError):
            _libc = False
    if not _libc:
        return False
    _libc.malloc_trim(0)
    return True


_M_ARENA_MAX = -8  # mallopt's parameter for MALLOC_ARENA_MAX
ARENAS = 2


def limit_arenas(arenas: int = ARENAS, environ: dict[str, str] | None = None) -> bool:
    """Let glibc's malloc use at most ``arenas`` arenas (``mallopt(M_ARENA_MAX)``, as ``MALLOC_ARENA_MAX`` does
    at a process's start), unless ``MALLOC_ARENA_MAX`` is set already. By default glibc gives threads up to eight
    arenas per core, and the server's threads (one per running session) left freed memory spread over many
    arenas; with two, the measured server held less after the same visits (scripts/measure_memory.py). Called by
    the launcher before the server starts its threads. Returns whether the limit was set."""
    return _mallopt("MALLOC_ARENA_MAX", _M_ARENA_MAX, arenas, environ)


def _mallopt(variable: str, parameter: int, value: int, environ: dict[str, str] | None) -> bool:
    """``mallopt(parameter, value)`` unless the environment sets glibc's ``variable`` for it already (the
    operator's choice wins); False where there is no glibc."""
    env = os.environ if environ is None else environ
    if env.get(variable):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    return bool(libc.mallopt(parameter, value))


_M_MMAP_THRESHOLD = -3  # mallopt's parameter for MALLOC_MMAP_THRESHOLD_
MMAP_THRESHOLD = 1 << 20


def fix_mmap_threshold(threshold: int = MMAP_THRESHOLD, environ: dict[str, str] | None = None) -> bool:
    """Have glibc's malloc serve every allocation of ``threshold`` bytes or more with its own ``mmap`` (given back
    to the system the moment it is freed), unless ``MALLOC_MMAP_THRESHOLD_`` is set already. By default the
    threshold moves up to the size of the largest block freed (up to 32 MB), so once a visitor's upload (a
    ``bytes`` of some megabytes) was freed, the next ones came from the arenas' heaps, where they stayed as
    fragments: under plain ``streamlit run`` (whose arenas were made before ``app.py`` could limit them) ten
    upload-and-close cycles left the server 110-180 MB larger; with a fixed threshold, as with the launcher's
    early ``limit_arenas``, about what it held before. Unlike the arena limit, this works whenever it is set.
    Returns whether it was set."""
    return _mallopt("MALLOC_MMAP_THRESHOLD_", _M_MMAP_THRESHOLD, threshold, environ)


class ReapingSessionStorage(SessionStorage):
    """Streamlit's store of disconnected sessions (kept ``ttl_seconds`` for a reconnect), that really ends them.

    Streamlit 1.67's ``MemorySessionStorage`` forgets an expired session only when something else is written to
    it, and then without ``AppSession.shutdown()``: the session's state, its uploaded files (kept by Streamlit's
    upload manager under the session's id) and its dataframes stayed in the server for good. This store checks
    for expired sessions every few seconds on the server's event loop, shuts each one down (as closing it does),
    then collects the garbage and trims the allocator (``trim``) so that the memory goes back to the system.
    """

    def __init__(self, maxsize: int = 128, ttl_seconds: float = 120,
                 on_reaped: Callable[[int], None] | None = None) -> None:
        self._ttl = float(ttl_seconds)
        self._maxsize = maxsize
        self._sessions: OrderedDict[str, tuple[float, SessionInfo]] = OrderedDict()
        self._lock = threading.Lock()
        self._scheduled = False
        self._on_reaped = on_reaped
        self.reaped = 0

    @property
    def check_every(self) -> float:
        return max(1.0, min(10.0, self._ttl / 4))

    def get(self, session_id: str) -> SessionInfo | None:
        self._schedule()
        self.reap()
        with self._lock:
            entry = self._sessions.get(session_id)
        return entry[1] if entry is not None else None

    def save(self, session_info: SessionInfo) -> None:
        self._schedule()
        evicted: builtins.list[SessionInfo] = []
        with self._lock:
            self._sessions[session_info.session.id] = (time.monotonic() + self._ttl, session_info)
            self._sessions.move_to_end(session_info.session.id)
            while len(self._sessions) > self._maxsize:
                evicted.append(self._sessions.popitem(last=False)[1][1])
        self._end(evicted)
        self.reap()

    def delete(self, session_id: str) -> None:
        """Take a session out without ending it (Streamlit resumes it, or ends it itself); gone already is fine."""
        with self._lock:
            self._sessions.pop(session_id, None)

    def list(self) -> builtins.list[SessionInfo]:
        self.reap()
        with self._lock:
            return [info for _, info in self._sessions.values()]

    def reap(self) -> int:
        """End the sessions whose time is up; returns how many."""
        now = time.monotonic()
        with self._lock:
            expired = [key for key, (deadline, _) in self._sessions.items() if deadline <= now]
            ended = [self._sessions.pop(key)[1] for key in expired]
        self._end(ended)
        return len(ended)

    def _end(self, sessions: builtins.list[SessionInfo]) -> None:
        for info in sessions:
            with contextlib.suppress(Exception):  # a session that cannot shut down must not stop the others
                info.session.shutdown()
        if sessions:
            self.reaped += len(sessions)
            count = len(sessions)
            del sessions[:]
            before = process_rss()
            trim()
            _LOGGER.info("ended %d closed session(s) after their %g s for a reconnect; server RSS %.0f -> %.0f MB",
                         count, self._ttl, before / 2**20, process_rss() / 2**20)
            if self._on_reaped is not None:
                self._on_reaped(self.reaped)

    def _schedule(self) -> None:
        """Start the periodic check on the running event loop (the server's), once."""
        if self._scheduled:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._scheduled = True

        def tick() -> None:
            with contextlib.suppress(Exception):
                self.reap()
            loop.call_later(self.check_every, tick)

        loop.call_later(self.check_every, tick)


def adopt_running_server() -> bool:
    """Under plain ``streamlit run app.py`` (no launcher), give the running server a ``ReapingSessionStorage``
    in place of the store it started with, keeping the sessions it holds; called by ``app.py``. Returns whether
    it did (not again, not under the launcher, not outside a server: AppTest, a notebook).

    Streamlit has no setting for its session store, so this reaches into its session manager's one attribute; if
    a later Streamlit moves it, nothing changes (the launcher's way, ``install_session_reaper``, still works)."""
    try:
        from streamlit import config
        from streamlit.runtime import Runtime

        if not Runtime.exists():
            return False
        manager = Runtime.instance()._session_mgr  # no public way to choose the store
        storage = getattr(manager, "_session_storage", None)
        if storage is None or isinstance(storage, ReapingSessionStorage) or not hasattr(storage, "list"):
            return False
        reaping = ReapingSessionStorage(ttl_seconds=float(config.get_option("server.disconnectedSessionTTL")))
        for info in storage.list():
            reaping.save(info)
        setattr(manager, "_session_storage", reaping)  # noqa: B010
    except Exception:  # a Streamlit that changed: keep its own store
        return False
    limit_arenas()  # from now on (the launcher does it before the server's threads start)
    fix_mmap_threshold()
    return True


def install_session_reaper() -> None:
    """Make the Streamlit server (created after this call) keep its disconnected sessions in a
    ``ReapingSessionStorage``: ``streamlit run``'s server takes the name it imported, ``st.App``'s imports it
    from its module when it starts."""
    from streamlit.runtime import memory_session_storage
    from streamlit.web.server import server

    setattr(server, "MemorySessionStorage", ReapingSessionStorage)  # noqa: B010
    setattr(memory_session_storage, "MemorySessionStorage", ReapingSessionStorage)  # noqa: B010
