"""A private PostgreSQL cluster for tests that must restart or stop their database.

The machine's PostgreSQL is shared with other work, so no test may restart, stop or
reconfigure it. A test that needs to take its database away starts one of these instead:
`initdb` into a temporary folder, its own free port on 127.0.0.1, its unix socket in that
folder, started and restarted with `pg_ctl`, removed afterwards.

`initdb` and `pg_ctl` refuse to run as root; as root they run as the `postgres` user (through
`runuser`), and the folder belongs to that user.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.servers import free_port

POSTGRES_LIBS = Path("/usr/lib/postgresql")
SERVICE_USER = "postgres"


class ClusterUnavailable(Exception):
    """What is missing to run a private cluster here (initdb, pg_ctl, a user to run them)."""


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.name)) or (0,)


def find_bindir() -> Path:
    """The folder holding initdb and pg_ctl: the newest /usr/lib/postgresql/<version>/bin
    (Debian's layout), else wherever `initdb` is on the PATH."""
    if POSTGRES_LIBS.is_dir():
        versions = sorted(POSTGRES_LIBS.iterdir(), key=_version_key, reverse=True)
        for version in versions:
            bindir = version / "bin"
            if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
                return bindir
    initdb = shutil.which("initdb")
    if initdb is not None and (Path(initdb).parent / "pg_ctl").is_file():
        return Path(initdb).parent
    raise ClusterUnavailable(f"no initdb and pg_ctl (looked in {POSTGRES_LIBS}/*/bin and PATH)")


def _runner() -> tuple[list[str], int | None]:
    """The command prefix that runs the server tools, and the uid that must own the folder
    (None: the current user)."""
    if os.geteuid() != 0:
        return [], None
    try:
        uid = pwd.getpwnam(SERVICE_USER).pw_uid
    except KeyError as error:
        message = f"running as root and there is no {SERVICE_USER!r} user"
        raise ClusterUnavailable(message) from error
    runuser = shutil.which("runuser")
    if runuser is None:
        raise ClusterUnavailable("running as root and there is no runuser")
    return [runuser, "-u", SERVICE_USER, "--"], uid


@dataclass
class PrivateCluster:
    """One PostgreSQL cluster of our own: `start`, `restart`, `remove` (also after a failure)."""

    root: Path
    port: int
    bindir: Path
    prefix: list[str]

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    @property
    def log(self) -> Path:
        return self.root / "postgres.log"

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the cluster's `postgres` database (trust auth, user postgres)."""
        return f"postgresql+psycopg://{SERVICE_USER}@127.0.0.1:{self.port}/postgres"

    def _tool(self, name: str, *args: str, timeout: float = 120) -> None:
        command = [*self.prefix, str(self.bindir / name), *args]
        result = subprocess.run(
            command, cwd=self.root, capture_output=True, text=True, timeout=timeout, check=False
        )
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} exited {result.returncode}\n"
                f"{result.stdout}{result.stderr}\n--- server log ---\n{log}"
            )

    def _pg_ctl(self, action: str, *args: str) -> None:
        self._tool(
            "pg_ctl", action, "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", *args
        )

    def initialise(self) -> None:
        self._tool(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SERVICE_USER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-instructions",
        )
        settings = {
            "port": str(self.port),
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.socket_dir}'",
            "max_connections": "50",
            "shared_buffers": "'32MB'",
            "logging_collector": "off",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# a private test cluster (tests/pgcluster.py)\n")
            for key, value in settings.items():
                conf.write(f"{key} = {value}\n")

    def start(self) -> None:
        self._pg_ctl("start")

    def restart(self) -> None:
        """Fast shutdown (clients are cut off, a checkpoint is written), then start again."""
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "fast")

    def remove(self) -> None:
        """Stops the server if it runs (immediately: it is thrown away) and deletes the folder."""
        pid_file = self.data / "postmaster.pid"
        if pid_file.exists():
            try:
                self._tool("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
            except (RuntimeError, subprocess.TimeoutExpired):
                _kill_postmaster(pid_file)
        shutil.rmtree(self.root, ignore_errors=True)


def _kill_postmaster(pid_file: Path) -> None:
    """SIGQUIT (immediate shutdown) to this cluster's own postmaster, named by its pid file."""
    try:
        pid = int(pid_file.read_text().split()[0])
        os.kill(pid, signal.SIGQUIT)
    except (OSError, ValueError, IndexError):
        pass  # gone already, or never written


def create_cluster(attempts: Sequence[int] = (1, 2, 3)) -> PrivateCluster:
    """A started private cluster on a free port (a few tries, in case the port was taken
    between choosing and binding). Raises ClusterUnavailable when the tools are missing."""
    bindir = find_bindir()
    prefix, owner = _runner()
    last: Exception | None = None
    for _attempt in attempts:
        # Not pytest's tmp_path: its parents are private to root, and the server runs as postgres.
        root = Path(tempfile.mkdtemp(prefix="seedbed-pg-"))
        cluster = PrivateCluster(root=root, port=free_port(), bindir=bindir, prefix=prefix)
        try:
            cluster.socket_dir.mkdir()
            if owner is not None:
                for path in (root, cluster.socket_dir):
                    os.chown(path, owner, -1)
            cluster.initialise()
            cluster.start()
            return cluster
        except Exception as error:
            cluster.remove()
            last = error
    raise RuntimeError(f"could not start a private PostgreSQL cluster: {last}") from last
