"""`python -m assets.cli run`: materialize every asset on the embedded snapshot and say where the results are.

Uses the persistent Dagster instance in `$DAGSTER_HOME` when set (so `dagster dev` shows the run later),
otherwise a temporary one.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time

import dagster as dg
import duckdb

from assets.definitions import defs, embedded_job
from pipeline.settings import paths_from_env

# Progress and counts at INFO; Dagster's per-event DEBUG lines are in the run's log in the UI.
INFO_LOGS = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
VERDICT_COUNTS_SQL = "SELECT verdict, count(*) FROM curated.claim_verdicts GROUP BY verdict ORDER BY 2 DESC, 1"


def quiet_library_logs() -> None:
    """Print each staging warning once.

    A staging load returns its warnings (`Loaded.warnings`) and its asset logs them through Dagster; the library's
    own record of the same warning would reach stderr a second time through Python's last-resort handler. A
    NullHandler on `pipeline.staging` keeps those records out of the terminal; everything else is unchanged.
    """
    logging.getLogger("pipeline.staging").addHandler(logging.NullHandler())


def run() -> int:
    quiet_library_logs()
    paths = paths_from_env()
    started = time.perf_counter()
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    result = defs.resolve_job_def(embedded_job.name).execute_in_process(
        instance=instance, raise_on_error=False, run_config=INFO_LOGS)
    seconds = time.perf_counter() - started
    failed_checks = [
        f"{e.asset_check_evaluation_data.asset_key.to_user_string()}:{e.asset_check_evaluation_data.check_name}"
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION and not e.asset_check_evaluation_data.passed
    ]
    published = [e for e in result.get_asset_materialization_events()
                 if e.asset_key == dg.AssetKey(["publish", "release"])]
    if not result.success or failed_checks or not published:
        print(f"run failed after {seconds:.1f}s; failed checks: {failed_checks or 'none'}; see the log above",
              file=sys.stderr)
        return 1
    with duckdb.connect(str(paths.published_db), read_only=True) as con:
        release_id = con.execute("SELECT release_id FROM curated.release_info").fetchone()[0]
        verdicts = con.execute(VERDICT_COUNTS_SQL).fetchall()
    print(f"materialized every asset in {seconds:.1f}s (run {result.run_id})")
    print("verdicts: " + ", ".join(f"{verdict} {count}" for verdict, count in verdicts))
    print(f"report:     {paths.reports_dir / 'conflict_report.html'} (and .md)")
    print(f"published:  {paths.published_db} (release {release_id}, open it read-only)")
    print(f"exports:    {paths.exports_dir / release_id}")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m assets.cli", description=__doc__)
    parser.add_argument("command", choices=["run"], help="run: materialize everything on the embedded snapshot")
    parser.parse_args()
    sys.exit(run())


if __name__ == "__main__":
    main()
