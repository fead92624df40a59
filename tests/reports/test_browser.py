"""The report in a real browser (Debian's chromium, headless): it renders, and article text cannot run script.

The report is built from a small warehouse whose first claim quotes `<script>document.title='pwned'</script>`;
a control page with a real script proves that the title check would catch a script that ran. The screenshot is
kept in tests/output/report.png for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import duckdb
import pytest

from pipeline.reports.conflict_report import write_report
from tests.reports.small_warehouse import RULINGS_SQL, SCRIPT, build_previous_release, build_warehouse

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
OUTPUT = Path(__file__).resolve().parents[1] / "output"
TITLE = "Conflict report: figures about US medical coders"
# Headless, offline and quiet: no sandbox (containers run as root), no GPU, no network side traffic.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run chromium; fail (never skip) with how to install it when it is missing."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"the browser test needs Chromium at {CHROMIUM}; install it with `apt-get install -y chromium` "
                    "(Debian, as root) or point the CHROMIUM environment variable at a chromium binary",
                    pytrace=False)
    result = subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, f"chromium exited with {result.returncode}: {result.stderr[-2000:]}"
    return result


def title_of(dom: str) -> str:
    match = re.search(r"<title>(.*?)</title>", dom, re.S)
    return match.group(1) if match else ""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML report of the small warehouse, with a previous release and editorial rulings."""
    root = tmp_path_factory.mktemp("browser")
    warehouse = build_warehouse(root / "medcoder.duckdb", evil_quote=SCRIPT)
    with duckdb.connect(str(warehouse)) as con:
        con.execute(RULINGS_SQL)
    previous = build_previous_release(root / "published.duckdb")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        files = write_report(con, root / "reports", previous)
    return files.html


def test_report_renders_in_chromium_and_runs_no_script(report: Path, tmp_path: Path) -> None:
    dom = chromium(tmp_path / "profile", "--dump-dom", report.as_uri()).stdout
    assert title_of(dom) == TITLE, "a script in the article text ran and changed the title"
    assert "<script" not in dom
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom  # shown as text, inside the quote
    for section in ("summary", "changes", "rulings", "conflicts", "articles"):
        assert f'<section id="{section}">' in dom
    assert "Rulings to review: 1" in dom and "What changed since the last release" in dom
    assert dom.count('<article class="conflict"') == 2 and dom.count('<article class="article"') == 2
    assert dom.count("<svg") == 2 and "<polygon" in dom  # one chart per conflict; an unbounded interval's arrow
    assert 'href="javascript' not in dom


def test_control_page_script_does_run(tmp_path: Path) -> None:
    """Without this, an unchanged title could mean chromium never ran scripts at all."""
    page = tmp_path / "control.html"
    page.write_text(f"<!doctype html><html><head><title>{TITLE}</title></head><body>{SCRIPT}</body></html>",
                    encoding="utf-8")
    dom = chromium(tmp_path / "profile", "--dump-dom", page.as_uri()).stdout
    assert title_of(dom) == "pwned"


def test_screenshot(report: Path, tmp_path: Path) -> None:
    png = tmp_path / "report.png"
    chromium(tmp_path / "profile", f"--screenshot={png}", "--window-size=1280,2000", report.as_uri())
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 2000)  # IHDR width, height
    assert len(data) > 50_000, "the screenshot is nearly empty"
    OUTPUT.mkdir(exist_ok=True)
    shutil.copyfile(png, OUTPUT / "report.png")
    shutil.copyfile(report, OUTPUT / "report.html")
