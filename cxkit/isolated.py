"""``load_isolated``: ``cxkit.load`` in a worker process with bounded memory and time.

Every visitor's upload would otherwise be read inside the one server process, where a file that slips past the
caps of ``cxkit.limits`` (or a reader's bug) could take all the memory or abort the process for everyone. The
worker is started from a fork server (never by forking the server itself, which has threads), sets its own
address-space limit, and is killed when it runs over its time. The result comes back cheaply: the frames as
Arrow IPC bytes (used in place by the frames rebuilt here, not copied again), the small fields pickled.

A worker needs nothing of its caller's main module (it runs ``cxkit.isolated``'s own function), so it is started
without it: ``multiprocessing`` would otherwise run the caller's main script again in every worker before it
reads anything, and in a Streamlit server that "main module" is whichever page script ran last (the whole app,
its sample data included, in every upload's worker: seconds of work, and under load a worker that never began
reading). The fork server imports cxkit once, so that each worker starts with it imported.
"""

from __future__ import annotations

import dataclasses
import io
import multiprocessing
import multiprocessing.spawn
import os
import pickle
import resource
import signal
import socket
import struct
import time
from collections.abc import Callable, Mapping
from typing import Any

import polars as pl

from cxkit._messages import Lang, message
from cxkit.errors import LoadError
from cxkit.limits import DEFAULT_LIMITS, Limits, limits_in_effect
from cxkit.load import Loaded, RawTable, load, read
from cxkit.schema import Kind

__all__ = ["Progress", "load_isolated", "load_isolated_keeping_table"]

Progress = Callable[[str, int | None], None]
"""Called in the caller's process with a stage and, once known, the rows: ``("starting", None)``,
``("reading", None)`` (the worker started reading), ``("sending", rows)`` (the worker read ``rows`` rows and is
sending them), ``("done", rows)``."""

# signals that end a worker over its memory: the allocator aborts (SIGABRT) when the address-space limit refuses
# an allocation, the kernel's OOM killer sends SIGKILL, and a failed allocation can surface as SIGSEGV or SIGBUS
_MEMORY_SIGNALS = {signal.SIGABRT, signal.SIGKILL, signal.SIGSEGV, signal.SIGBUS}
_LENGTH = struct.Struct("<Q")
_SLICE_ROWS = 200_000
_SOCKET_BUFFER = 4 * 2**20
_NO_MEMORY_FOR_THREAD = 127  # glibc's exit when the limit leaves no room for a new thread's data
# A worker whose address space came this close to its limit and then failed (an exception, a panic of the engine)
# or stopped using CPU for ``_STALL_SECONDS`` ran out of memory: an allocation the limit refused can surface as an
# error of any kind, or, inside polars' streaming engine, as a query that waits forever for a task that died.
_AT_LIMIT_BYTES = 48 * 2**20
_STALL_SECONDS = 3.0
_POLL_SECONDS = 0.5
_CONTEXT = multiprocessing.get_context("forkserver")
# Each worker is forked with cxkit imported, and nothing else: not "__main__", which under Streamlit is the
# app's script (the fork server would run the whole app outside a session, logging a flood of "missing
# ScriptRunContext" and keeping the sample data and pages in the memory every worker copies).
_CONTEXT.set_forkserver_preload(["cxkit.isolated"])
_WORKER = "cxkit load "  # the name of every worker process


def _without_main(get: Callable[[str], dict[str, Any]]) -> Callable[[str], dict[str, Any]]:
    """``multiprocessing.spawn.get_preparation_data`` that leaves the caller's main module out of a cxkit worker's
    preparation (other processes are prepared as before)."""
    def prepare(name: str) -> dict[str, Any]:
        data = get(name)
        if name.startswith(_WORKER):
            data.pop("init_main_from_path", None)
            data.pop("init_main_from_name", None)
        return data
    prepare.__wrapped__ = get  # type: ignore[attr-defined]
    return prepare


if not hasattr(multiprocessing.spawn.get_preparation_data, "__wrapped__"):
    multiprocessing.spawn.get_preparation_data = _without_main(  # type: ignore[assignment]
        multiprocessing.spawn.get_preparation_data)


def load_isolated(
    data: bytes,
    name: str,
    *,
    kind: Kind | None = None,
    mapping: Mapping[str, str | None] | None = None,
    sheet: str | int | None = None,
    lang: Lang = "en",
    day_first: bool | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    labels: Mapping[str, Mapping[str, str]] | None = None,
) -> Loaded:
    """``cxkit.load(data, kind, mapping, sheet, name, lang=..., day_first=..., labels=...)`` in a worker process
    bounded by ``limits.memory_bytes`` of address space and ``limits.seconds`` of wall time, with ``limits`` as
    the caps of the readers (``limits.max_file_bytes`` as ``max_bytes``).

    Returns:
        The same ``Loaded`` as ``cxkit.load``.

    Raises:
        LoadError: What ``cxkit.load`` raises, or, when the worker ran over a limit or died, ``worker_memory``,
            ``worker_timeout`` or ``worker_died``, with a message naming the limit and what to do.
    """
    loaded, _table = load_isolated_keeping_table(data, name, kind=kind, mapping=mapping, sheet=sheet, lang=lang,
                                                 day_first=day_first, limits=limits, progress=progress,
                                                 labels=labels, keep_bytes=0)
    return loaded


def load_isolated_keeping_table(
    data: bytes,
    name: str,
    *,
    kind: Kind | None = None,
    mapping: Mapping[str, str | None] | None = None,
    sheet: str | int | None = None,
    lang: Lang = "en",
    day_first: bool | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    labels: Mapping[str, Mapping[str, str]] | None = None,
    keep_bytes: int,
) -> tuple[Loaded, RawTable | None]:
    """``load_isolated``, and the table the worker read (``cxkit.read``'s ``RawTable``) when its cells take at
    most ``keep_bytes`` in memory (else ``None``): ``cxkit.load(table, mapping=...)`` then changes a mapping or
    the language without reading the file again, and without a worker (the table is already bounded).

    Raises:
        LoadError: As ``load_isolated``.
    """
    notify = progress or _ignore
    notify("starting", None)
    request = {"name": name, "kind": kind, "mapping": dict(mapping) if mapping is not None else None,
               "sheet": sheet, "lang": lang, "day_first": day_first, "limits": limits,
               "labels": {c: dict(w) for c, w in labels.items()} if labels else None, "keep_bytes": keep_bytes}
    ours, theirs = socket.socketpair()
    for end in (ours, theirs):  # fewer, larger writes and reads for the file and the frames
        end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _SOCKET_BUFFER)
        end.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _SOCKET_BUFFER)
    worker = _CONTEXT.Process(target=_work, args=(theirs,), name=f"{_WORKER}{name}", daemon=True)
    channel = _Channel(ours, time.monotonic() + limits.seconds)
    try:
        worker.start()
        theirs.close()
        channel.idle = _Stall(worker.pid, limits.memory_bytes).check
        try:
            channel.send(pickle.dumps(request))
            channel.send(data)
            loaded = _receive(channel, notify)
            table: RawTable | None = pickle.loads(channel.receive())[1] if keep_bytes > 0 else None
            return loaded, table
        except (EOFError, BrokenPipeError, ConnectionResetError):  # the worker ended before it answered
            raise _ended(worker, name, lang, limits) from None
        except TimeoutError:
            if worker.pid is not None and _at_limit(worker.pid, limits.memory_bytes):  # stuck at its limit
                raise _memory_error(name, lang, limits) from None
            raise LoadError(message("worker_timeout", lang, name=name, seconds=limits.seconds),
                            code="worker_timeout") from None
        except _OutOfMemory:
            raise _memory_error(name, lang, limits) from None
    finally:
        ours.close()
        if worker.is_alive():
            worker.kill()
        worker.join()


class _OutOfMemory(Exception):
    """The worker said it ran out of memory, or stalled at its limit."""


def _status_bytes(pid: int | str, field: str) -> int | None:
    """A size from ``/proc/<pid>/status`` (``VmPeak``: the most address space the process ever held), in bytes;
    ``None`` where there is no such file (not Linux, or the process has ended)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _at_limit(pid: int | str, limit: int) -> bool:
    """Whether the process's address space ever came within ``_AT_LIMIT_BYTES`` of ``limit``."""
    peak = _status_bytes(pid, "VmPeak")
    return peak is not None and peak >= limit - _AT_LIMIT_BYTES


def _cpu_ticks(pid: int) -> int | None:
    """The CPU time the process used (user + system, in clock ticks), or ``None``."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return None


class _Stall:
    """Told while the caller waits for the worker: raises ``_OutOfMemory`` once the worker has reached its
    address-space limit and used no CPU for ``_STALL_SECONDS`` (an engine waiting forever for a task the limit
    killed), rather than letting the visitor wait out the whole time limit for a misleading "took too long"."""

    def __init__(self, pid: int | None, limit: int) -> None:
        self.pid, self.limit = pid, limit
        self.ticks: int | None = None
        self.since = time.monotonic()

    def check(self) -> None:
        if self.pid is None:
            return
        ticks, now = _cpu_ticks(self.pid), time.monotonic()
        if ticks is None or ticks != self.ticks:
            self.ticks, self.since = ticks, now
            return
        if now - self.since >= _STALL_SECONDS and _at_limit(self.pid, self.limit):
            raise _OutOfMemory


def _ignore(stage: str, rows: int | None) -> None:
    """No progress wanted."""


class _Channel:
    """Messages over a socket, each its length then its bytes, read straight into one buffer (a multiprocessing
    ``Connection`` copies a large message twice more); every wait ends at ``deadline`` with ``TimeoutError``."""

    def __init__(self, sock: socket.socket, deadline: float = float("inf")) -> None:
        self.sock = sock
        self.deadline = deadline
        self.idle: Callable[[], None] | None = None  # told every ``_POLL_SECONDS`` a read waits

    def send(self, payload: bytes | memoryview) -> None:
        self._wait()
        self.sock.sendall(_LENGTH.pack(len(payload)))
        self._wait()
        self.sock.sendall(payload)

    def receive(self) -> bytearray:
        size = _LENGTH.unpack(self._read_exactly(_LENGTH.size))[0]
        return self._read_exactly(size)

    def _read_exactly(self, size: int) -> bytearray:
        buffer = bytearray(size)
        view = memoryview(buffer)
        got = 0
        while got < size:
            self._wait()
            if self.idle is not None:  # wake up every _POLL_SECONDS to look at the worker
                self.sock.settimeout(min(self.sock.gettimeout() or _POLL_SECONDS, _POLL_SECONDS))
            try:
                count = self.sock.recv_into(view[got:], min(size - got, 1 << 22))
            except TimeoutError:  # nothing read (a read that times out takes no bytes)
                if self.idle is None:
                    raise
                self.idle()  # the next _wait ends at the deadline
                continue
            if count == 0:
                raise EOFError("the worker closed its end")
            got += count
        return buffer

    def _wait(self) -> None:
        if self.deadline == float("inf"):
            self.sock.settimeout(None)
        else:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            self.sock.settimeout(remaining)


def _receive(channel: _Channel, notify: Progress) -> Loaded:
    """Read the worker's messages until its result or its error."""
    while True:
        kind, *values = pickle.loads(channel.receive())
        if kind == "stage":
            notify(values[0], values[1])
        elif kind == "error":
            raise LoadError(values[0], code=values[1])
        elif kind == "memory":
            raise _OutOfMemory
        elif kind == "result":
            loaded = _receive_frames(channel, values[0], values[1])
            notify("done", loaded.frame.height)
            return loaded


def _ended(worker: Any, name: str, lang: Lang, limits: Limits) -> LoadError:
    """The error for a worker that ended without an answer: over its memory when a signal ended it."""
    worker.join(timeout=5)
    code = worker.exitcode
    if code is not None and ((code < 0 and -code in _MEMORY_SIGNALS) or code == _NO_MEMORY_FOR_THREAD):
        return _memory_error(name, lang, limits)
    detail = f"exit code {code}" if code is None or code >= 0 else f"signal {signal.Signals(-code).name}"
    return LoadError(message("worker_died", lang, name=name, detail=detail), code="worker_died")


def _memory_error(name: str, lang: Lang, limits: Limits) -> LoadError:
    return LoadError(message("worker_memory", lang, name=name, limit_mb=limits.memory_bytes / 2**20),
                     code="worker_memory")


# ------------------------------------------------------------------------------------------ the worker


def _work(sock: socket.socket) -> None:
    """The worker: bound its own memory, load, and send back the stages and the result (or the error)."""
    channel = _Channel(sock)
    request = pickle.loads(channel.receive())
    limits: Limits = request["limits"]
    limit = limits.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    data = channel.receive()  # load takes the bytearray as it is
    channel.send(pickle.dumps(("stage", "reading", None)))
    try:
        with limits_in_effect(limits):
            table = read(data, name=request["name"], sheet=request["sheet"], max_bytes=limits.max_file_bytes,
                         lang=request["lang"]) if request["keep_bytes"] > 0 else data
            loaded = load(table, request["kind"], request["mapping"], request["sheet"], request["name"],
                          lang=request["lang"], day_first=request["day_first"], max_bytes=limits.max_file_bytes,
                          labels=request["labels"])
        del data
        channel.send(pickle.dumps(("stage", "sending", loaded.frame.height)))
        small, frames = _split(loaded)
    except LoadError as error:
        # load's last line of defence wraps what it did not expect: a refused allocation surfaces as a
        # MemoryError, or as any error (a panic of polars' engine) once the worker has reached its limit
        if isinstance(error.__cause__, MemoryError) or (error.code == "internal" and _at_limit("self", limit)):
            channel.send(pickle.dumps(("memory",)))
        else:
            channel.send(pickle.dumps(("error", str(error), error.code)))
        return
    except MemoryError:
        channel.send(pickle.dumps(("memory",)))
        return
    except BaseException:  # a panic of polars' engine is a BaseException, out of load's reach
        if not _at_limit("self", limit):
            raise
        channel.send(pickle.dumps(("memory",)))
        return
    channel.send(pickle.dumps(("result", small, {field: len(parts) for field, parts in frames.items()})))
    for parts in frames.values():
        for part in parts:
            channel.send(_ipc(part))
    if request["keep_bytes"] > 0:
        assert isinstance(table, RawTable)
        size = table.frame.estimated_size() + sum(s.estimated_size() for s in table.typed.values())
        channel.send(pickle.dumps(("table", table if size <= request["keep_bytes"] else None)))
    sock.close()
    os._exit(0)  # nothing to tidy: skip the interpreter's slow teardown of a large heap


def _split(loaded: Loaded) -> tuple[dict[str, Any], dict[str, list[pl.DataFrame]]]:
    """The small fields (pickled with the message) and each frame in slices of ``_SLICE_ROWS`` rows, so that
    the worker writes one slice while the caller reads the one before."""
    small: dict[str, Any] = {}
    frames: dict[str, list[pl.DataFrame]] = {}
    for spec in dataclasses.fields(loaded):
        value = getattr(loaded, spec.name)
        if isinstance(value, pl.DataFrame):
            frames[spec.name] = [value.slice(start, _SLICE_ROWS) for start in range(0, max(value.height, 1),
                                                                                    _SLICE_ROWS)]
        else:
            small[spec.name] = value
    return small, frames


def _ipc(frame: pl.DataFrame) -> memoryview:
    """A frame as Arrow IPC bytes, uncompressed, with string views kept as they are (no copy of the text), seen
    where they were written (``getvalue`` would copy them once more)."""
    buffer = io.BytesIO()
    frame.write_ipc(buffer, compression="uncompressed", compat_level=pl.CompatLevel.newest())
    return buffer.getbuffer()


def _in_place(payload: bytearray) -> pl.DataFrame:
    """A frame over the received Arrow IPC bytes, without copying them: pyarrow reads the file's buffers where they
    are and polars takes them over the Arrow C data interface, so the frame's columns point into ``payload`` (kept
    alive as long as they are). ``pl.read_ipc(io.BytesIO(payload))`` copied every slice twice more (into the
    ``BytesIO``, then into new columns): a reading peaked at about twice the table it brought back."""
    import pyarrow as pa  # type: ignore[import-untyped]

    frame = pl.from_arrow(pa.ipc.open_file(pa.py_buffer(payload)).read_all(), rechunk=False)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _receive_frames(channel: _Channel, small: dict[str, Any], slices: dict[str, int]) -> Loaded:
    """Read each frame's slices as the worker sends them and rebuild the ``Loaded`` (one copy of the data: the
    bytes received, which the frames use in place)."""
    fields: dict[str, Any] = dict(small)
    for field, count in slices.items():
        parts = [_in_place(channel.receive()) for _ in range(count)]
        fields[field] = pl.concat(parts, rechunk=False) if len(parts) > 1 else parts[0]
    return Loaded(**fields)
