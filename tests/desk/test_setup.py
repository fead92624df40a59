"""A quiet, accurate set-up: the instance's dagster.yaml starts Dagster without notices, `make` installs it without
overwriting one of the user's, temporary Dagster homes stay out of git, and the exports name their latest release."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import yaml

from pipeline.publish.release import write_latest_pointer
from pipeline.settings import REPO_ROOT, Paths


def test_the_instance_starts_without_notices_or_telemetry(tmp_path: Path) -> None:
    config = yaml.safe_load((REPO_ROOT / "dagster.yaml").read_text(encoding="utf-8"))
    assert config["telemetry"] == {"enabled": False}
    home = tmp_path / "home"
    done = subprocess.run(["make", "-s", "instance", f"DAGSTER_HOME={home}"], cwd=REPO_ROOT, capture_output=True,
                          text=True, check=True)
    assert (home / "dagster.yaml").read_bytes() == (REPO_ROOT / "dagster.yaml").read_bytes() and not done.stdout
    started = subprocess.run(
        [sys.executable, "-c", "import dagster as dg; i = dg.DagsterInstance.get(); print(type(i.compute_log_manager)"
                               ".__name__)"],
        env={**os.environ, "DAGSTER_HOME": str(home)}, capture_output=True, text=True, check=True)
    assert started.stdout.strip() == "NoOpComputeLogManager" and started.stderr == ""  # no notice, no banner
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: true\n", encoding="utf-8")  # the user's own
    subprocess.run(["make", "-s", "instance", f"DAGSTER_HOME={home}"], cwd=REPO_ROOT, check=True)
    assert "enabled: true" in (home / "dagster.yaml").read_text(encoding="utf-8")


def test_temporary_dagster_homes_and_half_written_files_stay_out_of_git() -> None:
    for path in (".dagster_home/history/runs.db", ".tmp_dagster_home_ab12cd/storage/x",
                 "raw/rulings/.rulings.csv.x.tmp"):
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=REPO_ROOT, check=False)
        assert ignored.returncode == 0, f"{path} is not ignored by git"
    kept = subprocess.run(["git", "check-ignore", "-q", "raw/rulings/rulings.csv"], cwd=REPO_ROOT, check=False)
    assert kept.returncode == 1


def test_latest_pointer_names_the_published_release(published: tuple[Paths, dg.ExecuteInProcessResult],
                                                     reader) -> None:  # noqa: ANN001 - a duckdb connection fixture
    paths = published[0]
    release_id = reader.execute("SELECT release_id FROM curated.release_info").fetchone()[0]
    pointer = json.loads((paths.exports_dir / "latest.json").read_text(encoding="utf-8"))
    assert pointer["release_id"] == release_id
    assert (paths.exports_dir / pointer["manifest"]).is_file()
    assert (paths.exports_dir / pointer["published_db"]).resolve() == paths.published_db.resolve()


def test_latest_pointer_is_rewritten_only_when_the_release_changes(tmp_path: Path) -> None:
    pointer = write_latest_pointer(tmp_path, "rfirst000001")
    before = pointer.stat().st_mtime_ns
    write_latest_pointer(tmp_path, "rfirst000001")
    assert pointer.stat().st_mtime_ns == before
    write_latest_pointer(tmp_path, "rsecond00002")
    assert json.loads(pointer.read_text(encoding="utf-8"))["export_dir"] == "rsecond00002"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.json"]  # no temporary file left behind
