"""``load_isolated``: ``cxkit.load`` in a worker process with bounded memory and time.

Every visitor's upload would otherwise be read inside the one server process, where a file that slips past the
caps of ``cxkit.limits`` (or a reader's bug) could take all the memory or abort the process for everyone. The
worker is started from a fork server (never by forking the server itself, which has threads), sets its own
address-space limit, and is killed when it runs over its time. The result comes back cheaply: the frames as
Arrow IPC bytes, the small fields pickled.

As with any ``multiprocessing`` program that does not fork, a script that calls ``load_isolated`` must start its
work under ``if __name__ == "__main__":`` (the fork server imports the main module once, so that each worker
starts with it and with cxkit already imported).
"""

from __future__ import annotations

import dataclasses
import io
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from typing import Any

import polars as pl

from cxkit._messages import Lang, message
from cxkit.errors import LoadError
from cxkit.limits import DEFAULT_LIMITS, Limits, limits_in_effect
from cxkit.load import Loaded, load
from cxkit.schema import Kind

__all__ = ["Progress", "load_isolated"]

Progress = Callable[[str, int | None], None]
"""Called in the caller's process with a stage and, once known, the rows: ``("starting", None)``,
``("reading", None)`` (the worker started reading), ``("sending", rows)`` (the worker read ``rows`` rows and is
sending them), ``("done", rows)``."""

# signals that end a worker over its memory: the allocator aborts (SIGABRT) when the address-space limit refuses
# an allocation, the kernel's OOM killer sends SIGKILL, and a failed allocation can surface as SIGSEGV or SIGBUS
_MEMORY_SIGNALS = {signal.SIGABRT, signal.SIGKILL, signal.SIGSEGV, signal.SIGBUS}
_NO_MEMORY_FOR_THREAD = 127  # glibc's exit when the limit leaves no room for a new thread's data
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["__main__", "cxkit.isolated"])  # each worker is forked with cxkit imported


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
) -> Loaded:
    """``cxkit.load(data, kind, mapping, sheet, name, lang=..., day_first=...)`` in a worker process bounded by
    ``limits.memory_bytes`` of address space and ``limits.seconds`` of wall time, with ``limits`` as the caps of
    the readers (``limits.max_file_bytes`` as ``max_bytes``).

    Returns:
        The same ``Loaded`` as ``cxkit.load``.

    Raises:
        LoadError: What ``cxkit.load`` raises, or, when the worker ran over a limit or died, ``worker_memory``,
            ``worker_timeout`` or ``worker_died``, with a message naming the limit and what to do.
    """
    notify = progress or _ignore
    notify("starting", None)
    request = {"name": name, "kind": kind, "mapping": dict(mapping) if mapping is not None else None,
               "sheet": sheet, "lang": lang, "day_first": day_first, "limits": limits}
    ours, theirs = _CONTEXT.Pipe(duplex=True)
    worker = _CONTEXT.Process(target=_work, args=(theirs,), name=f"cxkit load {name}", daemon=True)
    deadline = time.monotonic() + limits.seconds
    worker.start()
    theirs.close()
    try:
        try:
            ours.send(request)
            ours.send_bytes(data)
            return _receive(ours, worker, deadline, notify, name, lang, limits)
        except (EOFError, BrokenPipeError, ConnectionResetError):  # the worker ended before it answered
            raise _ended(worker, name, lang, limits) from None
    finally:
        ours.close()
        if worker.is_alive():
            worker.kill()
        worker.join()


def _ignore(stage: str, rows: int | None) -> None:
    """No progress wanted."""


def _receive(connection: Connection, worker: Any, deadline: float, notify: Progress, name: str, lang: Lang,
             limits: Limits) -> Loaded:
    """Wait for the worker's messages until its result, its error or the deadline."""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not connection.poll(remaining):
            worker.kill()
            raise LoadError(message("worker_timeout", lang, name=name, seconds=limits.seconds),
                            code="worker_timeout")
        kind, *values = connection.recv()
        if kind == "stage":
            notify(values[0], values[1])
        elif kind == "error":
            raise LoadError(values[0], code=values[1])
        elif kind == "memory":
            raise _memory_error(name, lang, limits)
        elif kind == "result":
            loaded = _unpack(values[0], [connection.recv_bytes() for _ in values[1]], values[1])
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


def _work(connection: Connection) -> None:
    """The worker: bound its own memory, load, and send back the stages and the result (or the error)."""
    request = connection.recv()
    limits: Limits = request["limits"]
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    data = connection.recv_bytes()
    connection.send(("stage", "reading", None))
    try:
        with limits_in_effect(limits):
            loaded = load(data, request["kind"], request["mapping"], request["sheet"], request["name"],
                          lang=request["lang"], day_first=request["day_first"], max_bytes=limits.max_file_bytes)
        del data
        connection.send(("stage", "sending", loaded.frame.height))
        small, frames = _pack(loaded)
    except LoadError as error:
        if isinstance(error.__cause__, MemoryError):  # load's last line of defence wraps what it did not expect
            connection.send(("memory",))
        else:
            connection.send(("error", str(error), error.code))
        return
    except MemoryError:
        connection.send(("memory",))
        return
    connection.send(("result", small, list(frames)))
    for payload in frames.values():
        connection.send_bytes(payload)
    connection.close()
    os._exit(0)  # nothing to tidy: skip the interpreter's slow teardown of a large heap


def _pack(loaded: Loaded) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The small fields (pickled with the message) and each frame as Arrow IPC bytes."""
    small: dict[str, Any] = {}
    frames: dict[str, bytes] = {}
    for spec in dataclasses.fields(loaded):
        value = getattr(loaded, spec.name)
        if isinstance(value, pl.DataFrame):
            buffer = io.BytesIO()
            value.write_ipc(buffer, compression="uncompressed", compat_level=pl.CompatLevel.newest())  # no string copy
            frames[spec.name] = buffer.getvalue()
        else:
            small[spec.name] = value
    return small, frames


def _unpack(small: dict[str, Any], payloads: list[bytes], names: list[str]) -> Loaded:
    fields: dict[str, Any] = dict(small)
    fields.update((field, pl.read_ipc(io.BytesIO(payload))) for field, payload in zip(names, payloads, strict=True))
    return Loaded(**fields)
