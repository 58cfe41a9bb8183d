"""A real PostgreSQL server for the warehouse tests, started on loopback.

``pg_url`` (session fixture) is the URL of an empty database: a server
started by ``scripts/pg_test_server.sh`` in a fresh folder (as the
``postgres`` user when the tests run as root) and stopped at the end, or the
server named by ``KEHOACH_TEST_PG_URL``. Tests skip, saying why, only when
neither is available (no PostgreSQL binaries on this machine).

Use it from a test module with ``pytest_plugins = ["_pg"]``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "pg_test_server.sh"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    if os.environ.get("KEHOACH_TEST_PG_URL"):
        yield os.environ["KEHOACH_TEST_PG_URL"]
        return
    parent = Path(tempfile.mkdtemp(prefix="kehoach-pg-"))
    parent.chmod(0o755)  # the server runs as another user when the tests run as root
    folder = parent / "server"
    started = subprocess.run(["bash", str(SCRIPT), "start", str(folder)], capture_output=True,
                             text=True, timeout=120)
    if started.returncode == 3:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed: "
                    "apt-get install postgresql, or set KEHOACH_TEST_PG_URL")
    assert started.returncode == 0, f"PostgreSQL did not start:\n{started.stderr}"
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(folder)], capture_output=True,
                       timeout=60)
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture
def fresh_pg(pg_url: str) -> Iterator[str]:
    """The URL of a new, empty database on the test server, dropped afterwards."""
    import psycopg

    name = f"kehoach_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = pg_url.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
