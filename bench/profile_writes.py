"""`python -m bench.profile_writes [seconds]`: where a single client's session writes go.

Starts `seedbed serve` on a scratch SQLite file with 50 projects, warms it up, then records the
server with py-spy (`pip install py-spy`; not a project dependency) while one client posts
sessions back to back, prints the client's p50 and the server's functions by share of samples
(inclusive) of whichever thread holds the GIL (`--gil`: the group-commit writer, the projector
and the event loop spend most of their time waiting, which is not cost). With
SEEDBED_PROFILE_OUT=<file> the raw samples are kept there, to fold them other ways.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from app.settings import Settings
from bench import data
from bench.servers import SEEDBED, free_port
from bench.suite import container_for, data_role
from migrations import upgrade
from store.tokens import Role

BODY = {
    "type": "coaching",
    "started_at": "2020-03-02T10:00:00+01:00",
    "duration_minutes": 60,
    "mode": "remote",
    "participation_level": "engaged",
    "summary": "benchmark session with a summary of about the usual length for a coach's note",
}


def shares(folded: Path, top: int = 40) -> list[tuple[float, str]]:
    """Inclusive share of samples per function (`name (file)`) from py-spy's raw output."""
    total, inclusive = 0, Counter[str]()
    for line in folded.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        total += int(count)
        for frame in {re.sub(r":\d+\)$", ")", f) for f in stack.split(";")}:
            inclusive[frame] += int(count)
    return [(100 * n / max(total, 1), name) for name, n in inclusive.most_common(top)]


def main(seconds: int = 15) -> int:
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        print("py-spy is needed: pip install py-spy", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{Path(folder) / 'writes.sqlite3'}")
        upgrade(settings.database_url)
        with container_for(settings) as c:
            network = data.network(c.incubator)
            coach = c.incubator.register_person(display_name="Bench coach", role=data_role()).id
            projects = [data.project(c.incubator, network, 10, coach) for _ in range(50)]
            _info, token = c.tokens.create(Role.ADMIN, None, data.NOW)
        body = {**BODY, "coach_ids": [str(coach)]}
        port = free_port()
        env = {
            **os.environ,
            "SEEDBED_DATABASE_URL": settings.database_url,
            "SEEDBED_WRITE_RATE_PER_MINUTE": "0",
            "SEEDBED_PORT": str(port),
            "SEEDBED_LOG_LEVEL": "WARNING",
        }
        folded = Path(os.environ.get("SEEDBED_PROFILE_OUT", Path(folder) / "writes.folded"))
        with subprocess.Popen([SEEDBED, "serve", "--log-level", "warning"], env=env) as server:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    httpx.get(f"{base}/health")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            headers = {"Authorization": f"Bearer {token}"}
            with httpx.Client(base_url=base, headers=headers) as http:
                for i in range(200):
                    http.post(f"/projects/{projects[i % 50]}/sessions", json=body)
                record = [spy, "record", "--pid", str(server.pid), "--duration", str(seconds)]
                record += ["--format", "raw", "--output", str(folded), "--nonblocking"]
                record += ["--gil"]  # only the thread holding the GIL: waiting threads are noise
                with subprocess.Popen(record, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
                    latencies, started, i = [], time.monotonic(), 0
                    while time.monotonic() - started < seconds:
                        began = time.perf_counter()
                        http.post(f"/projects/{projects[i % 50]}/sessions", json=body)
                        latencies.append(time.perf_counter() - began)
                        i += 1
            server.terminate()
        print(f"{len(latencies)} writes, p50 {statistics.median(latencies) * 1000:.2f} ms")
        for share, name in shares(folded):
            print(f"{share:5.1f}%  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 15))
