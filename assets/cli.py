"""`python -m assets.cli run`: materialize every asset on the embedded snapshot and say where the results are.

Before anything is built it checks what every run depends on (the definitions and registry files' contracts), so a
broken file stops the run with its file, line, field and reason. It uses the persistent Dagster instance in
`$DAGSTER_HOME` when set (so `dagster dev` shows the run later), otherwise a temporary one. It ends with one line
that says what came out: the release, the claims and their verdicts, rows quarantined and warnings.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

import dagster as dg
import duckdb

from assets.definitions import defs, embedded_job
from assets.instance import instance_from_env
from pipeline.settings import paths_from_env
from pipeline.staging.definitions import read_definitions
from pipeline.staging.documents import read_manifest
from pipeline.staging.quarantine import ContractError

# Progress and counts at INFO; Dagster's per-event DEBUG lines are in the run's log in the UI.
INFO_LOGS = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
VERDICT_COUNTS_SQL = "SELECT verdict, count(*) FROM curated.claim_verdicts GROUP BY verdict ORDER BY 2 DESC, 1"
QUARANTINE_SQL = "SELECT count(*), any_value(reason) FROM curated.quarantine"


def failure_message(result: dg.ExecuteInProcessResult) -> str:
    """The first failure's own error in one line, under Dagster's wrappers (the full trace is in the log above)."""
    for event in result.all_events:
        error = (event.step_failure_data.error if event.event_type == dg.DagsterEventType.STEP_FAILURE
                 else event.event_specific_data.error if event.event_type == dg.DagsterEventType.RUN_FAILURE
                 else None)
        if error is not None:
            while error.cause is not None:
                error = error.cause
            where = f"{event.step_key}: " if event.step_key else ""
            return where + " ".join(error.message.split())
    return "see the log above"


def warnings_of(result: dg.ExecuteInProcessResult) -> list[str]:
    """The warnings the staging assets reported (an article without a manifest entry, say)."""
    found: list[str] = []
    for event in result.get_asset_materialization_events():
        warnings = event.materialization.metadata.get("warnings")
        if warnings is not None:
            found.extend(warnings.value)
    return found


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
    try:  # what every run depends on: the definitions' and the manifest's contracts
        read_definitions(paths.raw_dir)
        read_manifest(paths.raw_dir / "articles", paths.raw_dir)
    except ContractError as exc:
        print(f"run stopped before anything was built: {exc}", file=sys.stderr)
        return 1
    instance = instance_from_env()
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
        checks = f"; failed checks: {', '.join(failed_checks)}" if failed_checks else ""
        print(f"run failed after {seconds:.1f}s, nothing published{checks}: {failure_message(result)}",
              file=sys.stderr)
        return 1
    with duckdb.connect(str(paths.published_db), read_only=True) as con:
        release_id = con.execute("SELECT release_id FROM curated.release_info").fetchone()[0]
        verdicts = con.execute(VERDICT_COUNTS_SQL).fetchall()
        quarantined, example = con.execute(QUARANTINE_SQL).fetchone()
    warnings = warnings_of(result)
    print(f"materialized every asset in {seconds:.1f}s (run {result.run_id})")
    print("verdicts: " + ", ".join(f"{verdict} {count}" for verdict, count in verdicts))
    print(f"report:     {paths.reports_dir / 'conflict_report.html'} (and .md)")
    print(f"published:  {paths.published_db} (release {release_id}, open it read-only)")
    print(f"exports:    {paths.exports_dir / release_id}")
    for warning in warnings:
        print(f"warning:    {warning}")
    if quarantined:
        print(f"quarantine: {quarantined} rows in curated.quarantine, e.g. {example}")
    print(f"done: release {release_id}, {sum(count for _, count in verdicts)} claims checked, "
          f"{quarantined} rows quarantined, {len(warnings)} warnings")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m assets.cli", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["run"], help="run: materialize everything on the embedded snapshot")
    parser.parse_args()
    sys.exit(run())


if __name__ == "__main__":
    main()
