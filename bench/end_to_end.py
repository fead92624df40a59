"""Benchmark: `make run` on the embedded snapshot, and the materialization alone, in-process vs multiprocess executor.

Not a timed test: run `python bench/end_to_end.py` on a warm environment (the venv exists). Every figure is a
fresh subprocess with its own temporary warehouse (MEDCODER_WAREHOUSE_DIR) and DAGSTER_HOME, and a copy of raw/:
- `run`: `python -m assets.cli run` wall time, interpreter start and imports included, as a user sees it;
  then the same command again on the same warehouse (`run_rerun`: unchanged inputs, work skipped);
- `materialize_in_process`: the embedded job with the executor the pipeline uses (in-process), timed around
  `execute_job` only;
- `materialize_multiprocess`: the same assets as a job with `dg.multiprocess_executor`, run through
  `dg.execute_job(dg.reconstructable(...))` on a persistent DagsterInstance, which really starts a process per step.
Each prints `name=... seconds=... peak_rss_mb=...` (peak RSS of the child process tree's largest process).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MULTIPROCESS_JOB = "bench_multiprocess"


def multiprocess_job():  # noqa: ANN201  (a Dagster JobDefinition; reconstructed by name in every step process)
    """The embedded job's assets with the multiprocess executor, bound to the paths in the environment."""
    import dagster as dg

    from assets.definitions import build_definitions

    defs = build_definitions()
    job = dg.define_asset_job(MULTIPROCESS_JOB, selection=dg.AssetSelection.groups(
        "staging", "curated", "reports", "publish"), executor_def=dg.multiprocess_executor)
    return dg.Definitions(assets=defs.assets, asset_checks=defs.asset_checks, resources=defs.resources,
                          jobs=[job]).resolve_job_def(MULTIPROCESS_JOB)


def child(kind: str) -> dict[str, float]:
    import dagster as dg

    instance = dg.DagsterInstance.get()
    if kind == "in_process":
        from assets.definitions import build_definitions, embedded_job

        job = build_definitions().resolve_job_def(embedded_job.name)
        started = time.perf_counter()
        result = job.execute_in_process(instance=instance, raise_on_error=False)
        seconds = time.perf_counter() - started
        success = result.success
    else:
        sys.path.insert(0, str(REPO))
        from bench.end_to_end import multiprocess_job as job_fn

        started = time.perf_counter()
        with dg.execute_job(dg.reconstructable(job_fn), instance=instance) as result:
            success = result.success
        seconds = time.perf_counter() - started
    if not success:
        raise SystemExit(f"{kind}: the run failed")
    return {"seconds": seconds}


def environment(root: Path) -> dict[str, str]:
    shutil.copytree(REPO / "raw", root / "raw")
    (root / "dagster_home").mkdir()
    return {**os.environ, "MEDCODER_RAW_DIR": str(root / "raw"), "MEDCODER_WAREHOUSE_DIR": str(root / "warehouse"),
            "DAGSTER_HOME": str(root / "dagster_home"), "PYTHONPATH": str(REPO)}


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) of the largest child process, and stdout of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return seconds, peak, done.stdout


def main() -> None:
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="e2e-bench-") as tmp:
        root = Path(tmp) / "run"
        root.mkdir()
        env = environment(root)
        for name in ("run", "run_rerun"):
            seconds, peak, _ = timed([sys.executable, "-m", "assets.cli", "run"], env)
            results[name] = {"seconds": seconds, "peak_rss_mb": peak}
        for kind in ("in_process", "multiprocess"):
            folder = Path(tmp) / kind
            folder.mkdir()
            env = environment(folder)
            out = folder / "result.json"
            code = ("import json, sys; sys.path.insert(0, sys.argv[1]); from bench.end_to_end import child; "
                    "open(sys.argv[3], 'w').write(json.dumps(child(sys.argv[2])))")
            _, peak, _ = timed([sys.executable, "-c", code, str(REPO), kind, str(out)], env)
            results[f"materialize_{kind}"] = {**json.loads(out.read_text()), "peak_rss_mb": peak}
    for name, result in results.items():
        print(f"name=e2e_{name} seconds={result['seconds']:.2f} peak_rss_mb={result['peak_rss_mb']:.0f}")
    ratio = results["materialize_multiprocess"]["seconds"] / results["materialize_in_process"]["seconds"]
    print(f"name=e2e_materialize seconds={results['materialize_in_process']['seconds']:.2f} "
          f"multiprocess_seconds={results['materialize_multiprocess']['seconds']:.2f} "
          f"in_process_speedup={ratio:.1f}")


if __name__ == "__main__":
    main()
