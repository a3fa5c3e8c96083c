"""`ayni up`: start everything the product needs and stop it all on Ctrl-C.

Services embedded here are stopped on exit only if this run started them; the
worker, scheduler and Streamlit run as child processes in their own process
groups, so one signal reaches a child and whatever it forked (RQ work horses).
With `--demo`, one line says when every demo upload has been processed (loaded,
GabeDA, dbt: its row in app.uploads is done) or that some failed.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import psutil
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ayni.core import formatting, messages, services
from ayni.core.db import Role, dispose_engines, engine
from ayni.core.settings import Settings
from ayni.usecases import schema
from workers import features

# The app's entry script, wherever the streamlit_app package is installed.
APP_SCRIPT = Path(importlib.util.find_spec("streamlit_app").origin).with_name("app.py")


def streamlit_command(settings: Settings) -> list[str]:
    """How the web app is served, by `ayni up` and by the browser tests."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT),
        "--server.port", str(settings.streamlit_port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        "--server.maxUploadSize", "200", "--client.toolbarMode", "minimal",
    ]


@dataclass
class Child:
    name: str
    process: subprocess.Popen


# What `ayni up` tells about the demo is in the catalogue; AYNI_LANGUAGE picks the language.
def message(key: str, language: str, **values: object) -> str:
    """`ayni up`'s lines: the catalogue's up.<key> (ayni/core/messages.py)."""
    return messages.text(f"up.{key}", language, **values)


class DemoWatch:
    """The demo's uploads, watched until every one is done or failed (their rows in
    app.uploads: done comes after the load, GabeDA and dbt); then one line says so."""

    def __init__(self, settings: Settings, upload_ids: list[int], say: Callable[[str], None]):
        self.settings = settings
        self.upload_ids = list(upload_ids)
        self.say = say
        self.finished = not self.upload_ids

    def check(self) -> bool:
        """Look once; True when every upload has finished and the line was said."""
        if self.finished:
            return True
        try:
            with engine(Role.OWNER, self.settings).connect() as conn:
                rows = conn.execute(text(
                    "SELECT u.id, u.status, u.lines_loaded, u.error, u.company_id, c.name "
                    "FROM app.uploads u JOIN app.companies c ON c.id = u.company_id "
                    "WHERE u.id = ANY(:ids) ORDER BY u.id"), {"ids": self.upload_ids}).all()
        except SQLAlchemyError:
            return False  # the database is away for a moment: look again later
        if len(rows) < len(self.upload_ids) or any(r.status not in ("done", "failed")
                                                   for r in rows):
            return False
        for line in self.lines(rows):
            self.say(line)
        self.finished = True
        return True

    def lines(self, rows) -> list[str]:
        language = self.settings.language
        done = [r for r in rows if r.status == "done"]
        failed = [r for r in rows if r.status != "done"]
        n = len({r.company_id for r in done})
        values = {
            "companies": message("company" if n == 1 else "companies", language, n=n),
            "lines": formatting.number(sum(r.lines_loaded for r in done), language),
            "url": f"http://localhost:{self.settings.streamlit_port}",
        }
        if not failed:
            login = self.settings.admin_email
            if self.settings.env == "dev":
                login += f" / {self.settings.admin_password.get_secret_value()}"
            return [message("demo.ready", language, login=login, **values)]
        return [message("demo.failed", language, failed=len(failed), total=len(rows),
                        logs=self.settings.data_dir / "logs", **values)] + [
            message("demo.failed_upload", language, id=r.id, company=r.name,
                    error=messages.render(r.error, language).splitlines()[0] if r.error else "—")
            for r in failed]


class Stack:
    def __init__(self, settings: Settings, say: Callable[[str], None]):
        self.settings = settings
        self.say = say
        self.language = settings.language
        self.children: list[Child] = []
        self.started_services: list[str] = []
        self.demo: DemoWatch | None = None
        self._stopping = False

    # --- start --------------------------------------------------------------

    def start(self, demo_lines: int | None, demo_as_of: date | None = None) -> None:
        features.check_params(self.settings)
        for status, started in services.start_all(self.settings):
            self.say(messages.text("cli.service.started" if started else "cli.service.reused",
                                   self.language, service=status.describe(self.language)))
            if started:
                self.started_services.append(status.name)
        said = schema.bring_up_to_date(self.settings)
        dispose_engines()  # children open their own connections
        self.say(said)
        env = self._child_env()
        for n in range(self.settings.workers):
            self._spawn(f"worker-{n + 1}", [sys.executable, "-m", "ayni.cli", "worker"], env)
        self._spawn("scheduler", [sys.executable, "-m", "ayni.cli", "scheduler"], env)
        self._spawn("streamlit", streamlit_command(self.settings), env)
        if demo_lines is not None:
            from ayni.usecases import demo

            ids = demo.seed(demo_lines, demo_as_of)
            self.say(message("demo_queued", self.language, n=len(ids)))
            self.demo = DemoWatch(self.settings, ids, self.say)
        url = f"http://localhost:{self.settings.streamlit_port}"
        if self.settings.env == "dev":
            self.say(message("ready_dev", self.language, url=url, email=self.settings.admin_email,
                             password=self.settings.admin_password.get_secret_value()))
        else:
            self.say(message("ready", self.language, url=url))
        self.say(message("ctrl_c", self.language))

    def _child_env(self) -> dict[str, str]:
        env = dict(os.environ)
        # Children must find the same data dir and services whatever their cwd.
        env["AYNI_DATA_DIR"] = str(self.settings.data_dir)
        env.setdefault("PYTHONUNBUFFERED", "1")
        return env

    def _spawn(self, name: str, argv: list[str], env: dict[str, str]) -> None:
        logs = self.settings.data_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        out = (logs / f"{name}.log").open("ab")
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        self.children.append(Child(name, process))
        self.say(message("child_started", self.language, name=name, pid=process.pid,
                         log=logs / (name + ".log")))

    # --- run and stop -------------------------------------------------------

    def wait(self) -> int:
        """Block until a signal or a child dies; returns the exit code for `ayni up`."""
        looked = 0.0
        while not self._stopping:
            for child in self.children:
                code = child.process.poll()
                if code is not None:
                    self.say(message("child_exited", self.language, name=child.name, code=code,
                                     log=self.settings.data_dir / "logs" / (child.name + ".log")))
                    return 1
            if self.demo is not None and time.monotonic() - looked >= 1.0:
                looked = time.monotonic()
                if self.demo.check():
                    self.demo = None
            time.sleep(0.5)
        return 0

    def request_stop(self, *_: object) -> None:
        self._stopping = True

    def stop(self) -> None:
        # RQ runs each job in a work horse in a session of its own, so a process group does
        # not reach it: remember every descendant now, and kill what outlives its parent.
        descendants = {child.name: _descendants(child.process.pid) for child in self.children}
        for child in self.children:
            self._signal(child, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for child in self.children:
            try:
                child.process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                self._signal(child, signal.SIGKILL)
                child.process.wait(timeout=5)
            self._signal(child, signal.SIGKILL)  # anything the child left in its group
            for process in descendants[child.name] + _descendants(child.process.pid):
                try:
                    process.kill()
                except psutil.Error:
                    pass
            self.say(message("child_stopped", self.language, name=child.name))
        self.children.clear()
        dispose_engines()  # the demo watch's connections, before a server stops
        stoppers = {"Valkey": services.stop_valkey, "PostgreSQL": services.stop_postgres}
        for name in reversed(self.started_services):
            if stoppers[name](self.settings):
                self.say(message("service_stopped", self.language, service=name))
        self.started_services.clear()

    @staticmethod
    def _signal(child: Child, sig: int) -> None:
        try:
            os.killpg(child.process.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def up(settings: Settings, demo_lines: int | None, say: Callable[[str], None],
       demo_as_of: date | None = None) -> int:
    stack = Stack(settings, say)
    signal.signal(signal.SIGINT, stack.request_stop)
    signal.signal(signal.SIGTERM, stack.request_stop)
    try:
        stack.start(demo_lines, demo_as_of)
        return stack.wait()
    finally:
        stack.stop()
