"""`python -m pipeline.live.fetch`: run the live doors, keep every good snapshot, exit 1 with one line if any failed.

Time-series files by default; `--api`, `--yearly 2012 2013 ...` and `--projections` add the other doors. Every
door only writes immutable snapshots under `raw/`; the materialization that follows (`make fetch` runs it) loads
them: `staging.oews_data` from the time-series files, `staging.oews_history` from the API and yearly snapshots,
`staging.ep_projections` from the projections workbooks.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from pipeline.live.api import fetch_api
from pipeline.live.client import LiveFetchError, build_session
from pipeline.live.config import LiveConfig, LiveConfigError
from pipeline.live.projections import fetch_projections
from pipeline.live.snapshot import release_folders
from pipeline.live.timeseries import SOURCE as TIMESERIES_SOURCE
from pipeline.live.timeseries import fetch_timeseries, release_year
from pipeline.live.yearly import fetch_yearly
from pipeline.settings import Paths, paths_from_env

log = logging.getLogger("pipeline.live.fetch")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m pipeline.live.fetch", description=__doc__.splitlines()[0])
    parser.add_argument("--no-timeseries", action="store_true", help="skip the time-series files (oe.*)")
    parser.add_argument("--api", action="store_true", help="fetch the current release through the BLS API")
    parser.add_argument("--api-year", type=int, help="reference year for --api (default: the newest release held)")
    parser.add_argument("--yearly", type=int, nargs="+", default=[], metavar="YEAR", help="yearly national files")
    parser.add_argument("--projections", action="store_true", help="the Employment Projections workbook")
    return parser.parse_args(argv)


def default_api_year(raw_root: Path) -> int:
    held = release_folders(raw_root / TIMESERIES_SOURCE)
    if not held:
        raise LiveFetchError("--api needs --api-year: no OEWS release held in raw/bls_oews to take the year from")
    return release_year(held[-1].name)


def run(args: argparse.Namespace, config: LiveConfig, paths: Paths) -> list[str]:
    """Run each requested door in turn; one door failing does not stop the others. Returns the failures."""
    raw = paths.raw_dir
    session = build_session(config)
    failures: list[str] = []

    def timeseries() -> None:
        fetch_timeseries(config, raw, session)

    def api() -> None:
        fetch_api(config, raw, args.api_year or default_api_year(raw), session=session)

    def yearly(year: int) -> Callable[[], None]:
        def step() -> None:
            fetch_yearly(config, raw, year, session)
        return step

    def projections() -> None:
        fetch_projections(config, raw, session)

    steps: list[tuple[str, Callable[[], None]]] = []
    if not args.no_timeseries:
        steps.append(("timeseries", timeseries))
    if args.api:
        steps.append(("api", api))
    steps += [(f"yearly {year}", yearly(year)) for year in args.yearly]
    if args.projections:
        steps.append(("projections", projections))
    for door, step in steps:
        try:
            step()
        except (LiveFetchError, OSError, ValueError) as exc:
            log.error("%s failed: %s", door, exc)
            failures.append(f"{door}: {exc}")
    return failures


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = parse_args(argv)
    try:
        config = LiveConfig.from_env()
        config.require_contact()
        failures = run(args, config, paths_from_env())
    except LiveConfigError as exc:
        failures = [str(exc)]
    if failures:
        print("fetch failed: " + "; ".join(" ".join(f.split()) for f in failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
