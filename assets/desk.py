"""`python -m assets.desk` (`make review`): the editors' review desk, re-running assets through Dagster.

The web app is the library's (`pipeline.desk.app`, no Dagster there); this module gives it the re-run: after a
ruling, `staging/rulings` and what follows it up to the report; after an article, `staging/documents`,
`staging/claims`, the curated tables and the report; "Publish a release" runs `publish/release`. Each is a run of
the project's definitions on the persistent instance in `$DAGSTER_HOME`, so it shows in `make dev` beside the
others, and unchanged work inside it is skipped as in any run (`assets/versions.py`).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import dagster as dg
import uvicorn

from assets.cli import quiet_library_logs
from assets.definitions import build_definitions, embedded_job
from assets.instance import instance_from_env
from pipeline.desk.app import Change, Rerun, RunOutcome, create_app
from pipeline.desk.security import SECRET_ENV, DeskConfigError
from pipeline.settings import Paths, paths_from_env

QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
REPORT = dg.AssetKey(["reports", "conflict_report"])
RELEASE = dg.AssetKey(["publish", "release"])
# An article adds claims, never official figures, so the table of recommended official figures cannot change.
UNCHANGED_BY_ARTICLES = dg.AssetKey(["curated", "recommended_figures"])


def selection(defs: dg.Definitions, change: Change) -> list[dg.AssetKey]:
    """The assets a change affects, up to the report (publishing is its own, deliberate step)."""
    if change is Change.PUBLISH:
        return [RELEASE]
    start = dg.AssetKey(["staging", "rulings" if change is Change.RULINGS else "documents"])
    keys = dg.AssetSelection.assets(start).downstream().resolve(defs.resolve_asset_graph())
    skip = {RELEASE} | ({UNCHANGED_BY_ARTICLES} if change is Change.ARTICLES else set())
    return sorted(keys - skip, key=lambda k: k.to_user_string())


def failure_detail(result: dg.ExecuteInProcessResult) -> str:
    """Why a run failed, in one line: the failed steps' errors and the failed checks."""
    problems = []
    for event in result.all_events:
        if event.event_type == dg.DagsterEventType.STEP_FAILURE and event.step_failure_data.error:
            problems.append(f"{event.step_key}: {event.step_failure_data.error.message.strip()}")
        elif (event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
              and not event.asset_check_evaluation_data.passed):
            data = event.asset_check_evaluation_data
            problems.append(f"check {data.asset_key.to_user_string()}:{data.check_name} failed")
    return "; ".join(problems) or "the run failed; see the Dagster log"


def dagster_rerun(paths: Paths, instance: dg.DagsterInstance) -> Rerun:
    """A re-run callable bound to the definitions for `paths` and to `instance`."""
    defs = build_definitions(paths)
    job = defs.resolve_implicit_global_asset_job_def()

    def rerun(change: Change) -> RunOutcome:
        started = time.perf_counter()
        result = job.execute_in_process(instance=instance, asset_selection=selection(defs, change),
                                        raise_on_error=False, run_config=QUIET_LOGS,
                                        tags={"medcoder/desk": change.value})
        seconds = time.perf_counter() - started
        return RunOutcome(result.success, seconds, "" if result.success else failure_detail(result))

    return rerun


def ensure_warehouse(paths: Paths, instance: dg.DagsterInstance) -> None:
    """On a fresh clone there is nothing to review yet: materialize everything once, as `make run` does."""
    if paths.writer_db.exists() and (paths.reports_dir / "conflict_report.html").exists():
        return
    print("no warehouse yet: materializing every asset once (about half a minute)", flush=True)
    result = build_definitions(paths).resolve_job_def(embedded_job.name).execute_in_process(
        instance=instance, raise_on_error=False, run_config=QUIET_LOGS)
    if not result.success:
        raise SystemExit(f"the first run failed: {failure_detail(result)}")


def desk_instance() -> dg.DagsterInstance:
    """The instance of `make run` (`$DAGSTER_HOME`); without it, a temporary one, said aloud."""
    if not os.environ.get("DAGSTER_HOME"):
        print("DAGSTER_HOME is not set: desk runs go to a temporary Dagster instance (use `make review`)", flush=True)
    return instance_from_env()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assets.desk", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1); any other "
                                                            f"needs {SECRET_ENV} in the environment")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    quiet_library_logs()
    paths = paths_from_env()
    instance = desk_instance()
    try:
        app = create_app(paths, dagster_rerun(paths, instance), host=args.host)
    except DeskConfigError as exc:
        print(f"review desk not started: {exc}", file=sys.stderr)
        return 2
    ensure_warehouse(paths, instance)
    print(f"review desk on http://{args.host}:{args.port}/ (Ctrl+C to stop)", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
