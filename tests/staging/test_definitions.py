"""Every definitions and registry file keeps its contract, or the run stops before anything is built, naming the
file, line, field and reason: each case below once went through silently and changed verdicts."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from pipeline.settings import REPO_ROOT
from pipeline.staging.definitions import DEFINITION_FILES, load_definitions, read_definitions
from pipeline.staging.quarantine import ContractError

Edit = Callable[[str], str]
CASES: dict[str, tuple[str, Edit, str]] = {
    # an unknown measure in oews_datatypes.csv used to drop every OEWS row of that datatype
    "unknown measure": ("definitions/oews_datatypes.csv",
                        lambda t: t.replace("01,employment_count,02", "01,employment_counts,02"),
                        r"oews_datatypes\.csv, line 2, field measure: 'employment_counts' is not a measure of "),
    # a duplicate caveat used to double recommended_figures
    "duplicate caveat": ("definitions/caveats.csv", lambda t: t + 'bls_oews,,publish,"again"\n',
                         r"caveats\.csv, lines 2 and 9: the same producer_id, soc_version \(bls_oews, None\) twice"),
    "duplicate transform": ("definitions/transforms.csv",
                            lambda t: t + "mean_hourly_wage,mean_annual_wage,2080,again\n",
                            r"transforms\.csv, lines 2 and 8: the same from_measure, to_measure"),
    "unknown transform measure": ("definitions/transforms.csv", lambda t: t + "weekly_pay,mean_annual_wage,52,x\n",
                                  r"transforms\.csv, line 8, field from_measure: 'weekly_pay' is not a measure"),
    # `2.5%` used to be read as 0
    "percent string": ("definitions/qualifier_precision.csv",
                       lambda t: t.replace("approx,,2.5,2.5", "approx,,2.5%,2.5"),
                       r"qualifier_precision\.csv: line 3, field low_tolerance_pct: expected a plain number .*'2\.5%'"),
    "unclosed quote": ("registry/sources.csv", lambda t: t.replace("bls_ep,U.S. Bureau", 'bls_ep,"U.S. Bureau', 1),
                       r"sources\.csv, line 3: not valid CSV .* never closed"),
    "stray comma": ("registry/sources.csv", lambda t: t + "x_src,Org,news,m,u,,d,extra\n",
                    r"sources\.csv, line 49: 8 fields where the header has 7"),
    "missing column": ("definitions/measures.csv", lambda t: t.replace("measure,family,", "measure,famly,", 1),
                       r"measures\.csv, line 1: the header lacks column\(s\) family"),
    "unknown source kind": ("registry/sources.csv", lambda t: t.replace(",statistical_agency,", ",statistics,", 1),
                            r"sources\.csv, line 2, field kind: 'statistics' is not a kind of "),
    "unknown label": ("definitions/caveats.csv", lambda t: t.replace("bls_oews,,publish,", "bls_oews,,publsh,", 1),
                      r"caveats\.csv: line 2, field publish_label: expected one of publish, publish_with_caveat"),
}


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(REPO_ROOT / "raw", tmp_path / "raw"))


def test_the_embedded_definitions_keep_their_contracts() -> None:
    frames = read_definitions(REPO_ROOT / "raw")
    assert set(frames) == set(DEFINITION_FILES) and all(len(frame) for frame in frames.values())


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_definitions_file_is_refused_with_file_line_field_and_reason(raw_copy: Path, case: str) -> None:
    relative, edit, message = CASES[case]
    path = raw_copy / relative
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    con = duckdb.connect(":memory:")
    with pytest.raises(ContractError, match=message):
        load_definitions(con, raw_copy)
    assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone()[0] == 0  # nothing half-written


def test_a_byte_order_mark_is_not_part_of_the_first_column(raw_copy: Path) -> None:
    path = raw_copy / "definitions" / "measures.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert "measure" in read_definitions(raw_copy)["measures"].columns
