"""`manage.py bench` runs end to end on its own database (small sizes, to stay quick)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def test_bench_refuses_to_run_on_the_normal_database():
    with pytest.raises(CommandError, match="BENCH=1"):
        call_command("bench")


def test_bench_prints_every_page_with_equal_query_counts(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "bench", "--centers", "16", "--requests", "2"],
        env={**env, "BENCH": "1", "VAR_DIR": str(tmp_path)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = result.stdout
    assert (tmp_path / "bench.sqlite3").exists()
    for name in ["baseline", "IT dashboard", "Faculty home", "Center home", "Senior leader view"]:
        assert name in out, out + result.stderr
    assert "API: memberships" in out and "API: centers" in out
    # Timings on a shared CI machine are noisy; query counts and status codes are not.
    assert "queries grow" not in out, out
    assert "HTTP" not in out, out
