"""Benchmark: `make run` on the embedded snapshot, and the materialization alone, in-process vs multiprocess executor.

Not a timed test: run `python bench/end_to_end.py` on a warm environment (the venv exists). Every figure is a
fresh subprocess with its own temporary warehouse (MEDCODER_WAREHOUSE_DIR) and DAGSTER_HOME, and a copy of raw/:
- `run`: `python -m assets.cli run` wall time, interpreter start and imports included, as a user sees it;
  then the same command again on the same warehouse (`run_rerun`: unchanged inputs, work skipped);
- `materialize_in_process`: the embedded job with the executor the pipeline uses (in-process), timed around
  `execute_job` only;
- `materialize_multiprocess`: the same assets as a job with `dg.multiprocess_executor`, run through
  `dg.execute_job(dg.reconstructable(...))` on a persistent DagsterInstance, which really starts a process per step;
- `add_one_article`: on the warm warehouse left by `run`, the review desk (`make review`) running with its Dagster
  re-run on the persistent instance; from the upload of one `.html` article (POST, as the form sends it) to the
  page listing its claims with their verdicts. Three articles one after another; the median is printed, with
  the Dagster run alone (`rerun_seconds`).
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


ARTICLE = ("<html><body><h1>Coders in {year}</h1><p>The Bureau of Labor Statistics counted 194,720 medical records "
           "specialists in May 2025, up from roughly {count:,} a few years before.</p><p>About 48% of healthcare "
           "organizations apply AI to documentation and coding.</p></body></html>")


def add_one_article(repeat: int = 3) -> dict[str, float]:
    """Time the desk from an article's upload to the page with its verdicts, on the warm warehouse in the env."""
    import re
    import socket
    import statistics
    import threading

    import dagster as dg
    import urllib3
    import uvicorn

    from assets.desk import dagster_rerun
    from pipeline.desk.app import create_app
    from pipeline.settings import paths_from_env

    paths = paths_from_env()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(paths, dagster_rerun(paths, dg.DagsterInstance.get()))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    http, url = urllib3.PoolManager(retries=False), f"http://127.0.0.1:{port}"
    form = http.request("GET", url + "/articles/new")
    cookie = form.headers["set-cookie"].split(";", 1)[0]
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', form.data.decode()).group(1)
    walls, reruns = [], []
    for i in range(repeat):
        body = ARTICLE.format(year=2030 + i, count=180_000 + 1_000 * i).encode()
        started = time.perf_counter()
        saved = http.request("POST", url + "/articles", headers={"Cookie": cookie}, redirect=False, fields={
            "csrf_token": token, "title": f"Bench article {i}", "url": "", "published_on": "",
            "file": (f"bench-{i}.html", body, "text/html")})
        page = http.request("GET", url + saved.headers["location"], headers={"Cookie": cookie})
        walls.append(time.perf_counter() - started)
        text = page.data.decode()
        if saved.status != 303 or "confirmed" not in text:
            raise SystemExit(f"add_one_article: the desk did not show the verdicts ({saved.status})")
        reruns.append(float(re.search(r"articles re-run done in ([0-9.]+) s", text).group(1)))
    server.should_exit = True
    return {"seconds": statistics.median(walls), "rerun_seconds": statistics.median(reruns),
            "all": walls}


def environment(root: Path) -> dict[str, str]:
    shutil.copytree(REPO / "raw", root / "raw")
    (root / "dagster_home").mkdir()
    shutil.copyfile(REPO / "dagster.yaml", root / "dagster_home" / "dagster.yaml")  # as `make` sets it up
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
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desk-only", action="store_true",
                        help="only `run` and `add_one_article` (skips the executor comparison, about a minute)")
    desk_only = parser.parse_args().desk_only
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="e2e-bench-") as tmp:
        root = Path(tmp) / "run"
        root.mkdir()
        env = environment(root)
        for name in ("run", "run_rerun"):
            seconds, peak, _ = timed([sys.executable, "-m", "assets.cli", "run"], env)
            results[name] = {"seconds": seconds, "peak_rss_mb": peak}
        out = root / "add_one_article.json"
        code = ("import json, sys; sys.path.insert(0, sys.argv[1]); from bench.end_to_end import add_one_article; "
                "open(sys.argv[2], 'w').write(json.dumps(add_one_article()))")
        _, peak, _ = timed([sys.executable, "-c", code, str(REPO), str(out)], env)
        results["add_one_article"] = {**json.loads(out.read_text()), "peak_rss_mb": peak}
        for kind in () if desk_only else ("in_process", "multiprocess"):
            folder = Path(tmp) / kind
            folder.mkdir()
            env = environment(folder)
            out = folder / "result.json"
            code = ("import json, sys; sys.path.insert(0, sys.argv[1]); from bench.end_to_end import child; "
                    "open(sys.argv[3], 'w').write(json.dumps(child(sys.argv[2])))")
            _, peak, _ = timed([sys.executable, "-c", code, str(REPO), kind, str(out)], env)
            results[f"materialize_{kind}"] = {**json.loads(out.read_text()), "peak_rss_mb": peak}
    for name, result in results.items():
        extra = f" rerun_seconds={result['rerun_seconds']:.2f}" if "rerun_seconds" in result else ""
        print(f"name=e2e_{name} seconds={result['seconds']:.2f}{extra} peak_rss_mb={result['peak_rss_mb']:.0f}")
    if desk_only:
        return
    ratio = results["materialize_multiprocess"]["seconds"] / results["materialize_in_process"]["seconds"]
    print(f"name=e2e_materialize seconds={results['materialize_in_process']['seconds']:.2f} "
          f"multiprocess_seconds={results['materialize_multiprocess']['seconds']:.2f} "
          f"in_process_speedup={ratio:.1f}")


if __name__ == "__main__":
    main()
