"""Keep the app answering: ``python -m ui.watchdog [watchdog options] [streamlit options]`` (what ``make run`` does).

A Streamlit server can stop answering while its process stays alive and idle: a thread that holds the GIL and
waits for something that waits for the GIL (the polars/GIL deadlock of issue #21) wedges every session, and no
process supervisor notices, because nothing exited. The watchdog starts the server (``python -m ui.serve``, the
same launcher as before), asks its health endpoint (``/_stcore/health``) every few seconds, and when the server
fails that many checks in a row (or exits), it asks the server for a stack dump of every thread (SIGUSR1, see
``ui.serve``; ``py-spy dump`` too when it is installed), kills the server's whole process group (the server, its
fork server and any parse workers) and starts it again on the same port. The browsers' Streamlit clients
reconnect by themselves; a visitor sees the "connecting" notice for a few seconds instead of an endless spinner
(their uploads are gone with the old process, as after the session timeout).

Options (the command line wins over the environment; every other argument goes to Streamlit):

    --watchdog-interval S   seconds between health checks (CXKIT_WATCHDOG_INTERVAL, default 5)
    --watchdog-failures N   failed checks in a row that mean "wedged" (CXKIT_WATCHDOG_FAILURES, default 3)
    --watchdog-timeout S    seconds one check may take (CXKIT_WATCHDOG_TIMEOUT, default 5)
    --watchdog-startup S    seconds a (re)started server has to answer for the first time
                            (CXKIT_WATCHDOG_STARTUP, default 120)

With the defaults a wedged server is restarted about 15–30 s after it stopped answering. The watchdog writes one
line per start and per restart to its standard error, which is also the server's log. SIGINT and SIGTERM stop the
server's process group and then the watchdog.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from types import FrameType

HEALTH_PATH = "_stcore/health"
ARENAS = 2  # as ui.memory.ARENAS (not imported: the watchdog does not load Streamlit)
DEFAULT_PORT = 8501
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Settings:
    """How the watchdog checks and restarts the server."""

    interval: float = 5.0
    failures: int = 3
    timeout: float = 5.0
    startup: float = 120.0
    stop_grace: float = 5.0  # seconds between SIGTERM and SIGKILL when the server is stopped or killed
    dump_wait: float = 1.0  # seconds given to the server to write its stack dump


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def parse_args(argv: Sequence[str]) -> tuple[Settings, list[str]]:
    """The watchdog's own options (from the command line, else the environment) and Streamlit's arguments."""
    parser = argparse.ArgumentParser(prog="python -m ui.watchdog", add_help=False, allow_abbrev=False)
    parser.add_argument("--watchdog-interval", type=float,
                        default=_env_float("CXKIT_WATCHDOG_INTERVAL", Settings.interval))
    parser.add_argument("--watchdog-failures", type=int,
                        default=int(_env_float("CXKIT_WATCHDOG_FAILURES", Settings.failures)))
    parser.add_argument("--watchdog-timeout", type=float,
                        default=_env_float("CXKIT_WATCHDOG_TIMEOUT", Settings.timeout))
    parser.add_argument("--watchdog-startup", type=float,
                        default=_env_float("CXKIT_WATCHDOG_STARTUP", Settings.startup))
    known, rest = parser.parse_known_args(list(argv))
    settings = Settings(interval=known.watchdog_interval, failures=max(1, known.watchdog_failures),
                        timeout=known.watchdog_timeout, startup=known.watchdog_startup)
    if min(settings.interval, settings.timeout, settings.startup) <= 0:
        parser.error("the watchdog's intervals must be positive")
    return settings, rest


def _option(args: Sequence[str], name: str) -> str | None:
    """The value of a Streamlit option given as ``--name value`` or ``--name=value`` (the last one wins)."""
    found: str | None = None
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith(name + "="):
            found = arg.split("=", 1)[1]
    return found


def health_url(streamlit_args: Sequence[str]) -> str:
    """Where the server answers its health check: the port, address and base path it is started with (from the
    arguments, else Streamlit's environment variables, else its defaults), asked on the loopback interface when it
    listens on every interface."""
    port = _option(streamlit_args, "--server.port") or os.environ.get("STREAMLIT_SERVER_PORT") or str(DEFAULT_PORT)
    address = _option(streamlit_args, "--server.address") or os.environ.get("STREAMLIT_SERVER_ADDRESS") or ""
    if address in ("", "0.0.0.0", "::"):
        address = "127.0.0.1"
    if ":" in address:
        address = f"[{address}]"
    base = (_option(streamlit_args, "--server.baseUrlPath") or os.environ.get("STREAMLIT_SERVER_BASE_URL_PATH")
            or "").strip("/")
    return f"http://{address}:{int(port)}/" + (f"{base}/" if base else "") + HEALTH_PATH


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the server is asked directly, never via a proxy


def healthy(url: str, timeout: float) -> tuple[bool, str]:
    """One health check: ``(True, "ok")``, or ``(False, why)``."""
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            body = response.read(64)
            return (response.status == 200 and body.strip() == b"ok"), f"HTTP {response.status}"
    except urllib.error.HTTPError as error:
        return False, f"HTTP {error.code}"
    except TimeoutError:
        return False, f"no answer within {timeout:g} s"
    except (OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return False, f"no answer within {timeout:g} s" if isinstance(reason, TimeoutError) else str(reason)


def log(text: str) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} cxkit watchdog: {text}", file=sys.stderr, flush=True)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """The server is killed when the watchdog itself dies (even by SIGKILL), so that no orphan keeps the port."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


class Watchdog:
    """Starts the server, checks it, and restarts it when it stops answering or exits."""

    def __init__(self, streamlit_args: Sequence[str], settings: Settings) -> None:
        self.args = list(streamlit_args)
        self.settings = settings
        self.url = health_url(self.args)
        self.stopping = threading.Event()
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0

    # --------------------------------------------------------------------------------------------- the child

    def start(self) -> None:
        command = [sys.executable, "-m", "ui.serve", *self.args]
        # glibc's arenas limited from the server's start (ui.memory.limit_arenas explains why)
        env = {"MALLOC_ARENA_MAX": str(ARENAS), **os.environ}
        self.process = subprocess.Popen(command, env=env, start_new_session=True,  # its own group, killed whole
                                        preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        log(f"started the server (pid {self.process.pid}), checking {self.url} every {self.settings.interval:g} s")

    def dump_stacks(self) -> None:
        """Ask the wedged server for a stack dump of every thread before it is killed."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGUSR1)  # faulthandler in the server (ui.serve) writes to its log
        py_spy = shutil.which("py-spy")
        if py_spy:
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                subprocess.run([py_spy, "dump", "--native", "--pid", str(process.pid)], timeout=30,
                               stdout=sys.stderr, stderr=sys.stderr, check=False)
        self.stopping.wait(self.settings.dump_wait)

    def kill(self, *, graceful: bool = True) -> None:
        """End the server's process group: SIGTERM, then SIGKILL after the grace time (a wedged server cannot
        act on SIGTERM: it is killed at once)."""
        process = self.process
        if process is None:
            return
        steps = [(signal.SIGTERM, self.settings.stop_grace)] if graceful else []
        for sig, wait in [*steps, (signal.SIGKILL, 30.0)]:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, sig)
            try:
                process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
            if sig == signal.SIGTERM:  # the leader left; make sure nothing else of its group stays behind
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)
            break
        self.process = None

    # --------------------------------------------------------------------------------------------- the loop

    def watch_once(self) -> str:
        """Follow the running server until it must be restarted (returns why) or the watchdog is stopped ("")."""
        process = self.process
        assert process is not None
        started = time.monotonic()
        answered = False
        failures: list[str] = []
        first_failure = 0.0
        while not self.stopping.is_set():
            code = process.poll()
            if code is not None:
                how = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
                return f"the server exited ({how})"
            ok, why = healthy(self.url, self.settings.timeout)
            if ok:
                if not answered:
                    log(f"the server (pid {process.pid}) answers, {time.monotonic() - started:.1f} s after its start")
                answered, failures = True, []
            elif answered:
                if not failures:
                    first_failure = time.monotonic()
                failures.append(why)
                if len(failures) >= self.settings.failures:
                    return (f"{len(failures)} health checks failed in a row over "
                            f"{time.monotonic() - first_failure + self.settings.interval:.0f} s (last: {why})")
            elif time.monotonic() - started > self.settings.startup:
                return f"the server did not answer within {self.settings.startup:g} s of starting (last: {why})"
            self.stopping.wait(self.settings.interval if answered else min(1.0, self.settings.interval))
        return ""

    def run(self) -> int:
        backoff = 0.0
        while not self.stopping.is_set():
            self.start()
            began = time.monotonic()
            reason = self.watch_once()
            if not reason:
                break
            pid = self.process.pid if self.process is not None else "?"
            wedged = self.process is not None and self.process.poll() is None
            if wedged:
                self.dump_stacks()
            self.kill(graceful=not wedged)
            self.restarts += 1
            log(f"restart {self.restarts}: {reason}; killed the server (pid {pid})"
                + (" after a stack dump in the log above" if wedged else "") + ", starting it again")
            # a server that keeps failing at once is not restarted in a tight loop
            backoff = 0.0 if time.monotonic() - began > 60 else min(30.0, max(1.0, backoff * 2))
            self.stopping.wait(backoff)
        self.kill()
        log("stopped")
        return 0

    def stop(self, signum: int, frame: FrameType | None) -> None:
        log(f"{signal.Signals(signum).name} received: stopping the server")
        self.stopping.set()


def main(argv: Sequence[str] | None = None) -> int:
    settings, streamlit_args = parse_args(sys.argv[1:] if argv is None else argv)
    watchdog = Watchdog(streamlit_args, settings)
    signal.signal(signal.SIGTERM, watchdog.stop)
    signal.signal(signal.SIGINT, watchdog.stop)
    return watchdog.run()


if __name__ == "__main__":
    sys.exit(main())
