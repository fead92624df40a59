"""Live history reaches verdicts: held snapshots of earlier OEWS releases and of Employment Projections become
official figures, so a claim about an earlier release is judged against that release."""

from __future__ import annotations

import duckdb

from pipeline.provenance import write_sidecar
from pipeline.settings import Paths
from tests.conftest import materialize_all
from tests.live.support import projections_workbook, recent_workbook, zip_bytes

ARTICLE = ("In May 2023 the median annual wage of medical records specialists was $21,840, according to the BLS.\n"
           "The BLS counted a total workforce of 123,400 medical records specialists in 2024.\n")


def hold_snapshots(paths: Paths) -> None:
    """What `make fetch --yearly 2023 --projections` would have left in raw/ (fixture workbooks)."""
    yearly = paths.raw_dir / "bls_oews_yearly" / "2023" / "oesm23nat.zip"
    yearly.parent.mkdir(parents=True)
    yearly.write_bytes(zip_bytes({"oesm23nat/national_M2023_dl.xlsx": recent_workbook()}))
    write_sidecar(yearly, url="https://www.bls.gov/oes/special-requests/oesm23nat.zip", retrieved="2026-11-30",
                  licence="public domain", citation="test fixture", door="yearly", year=2023)
    ep = paths.raw_dir / "bls_ep" / "2024-34" / "occupation.xlsx"
    ep.parent.mkdir(parents=True)
    ep.write_bytes(projections_workbook())
    write_sidecar(ep, url="https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx", retrieved="2026-11-30",
                  licence="public domain", citation="test fixture", door="projections", cycle="2024-34")
    (paths.raw_dir / "articles" / "zz_history.txt").write_text(ARTICLE, encoding="utf-8")


def test_held_history_and_projections_are_official_figures_claims_are_checked_against(warm_paths: Paths) -> None:
    hold_snapshots(warm_paths)
    assert materialize_all(warm_paths).success
    with duckdb.connect(str(warm_paths.published_db), read_only=True) as con:
        history = con.execute(
            "SELECT value, release, source_file, url FROM curated.observations WHERE kind = 'oews' "
            "AND release = 'OEWS May 2023' AND measure = 'median_annual_wage' AND soc_code = '29-2072'").fetchall()
        assert history == [(21840.0, "OEWS May 2023", "bls_oews_yearly/2023/oesm23nat.zip!"
                            "oesm23nat/national_M2023_dl.xlsx", "https://www.bls.gov/oes/special-requests/oesm23nat.zip")]
        projections = dict(con.execute(
            "SELECT measure, value FROM curated.observations WHERE kind = 'ep' AND soc_code = '29-2072'").fetchall())
        assert projections["employment_count"] == 123400 and projections["employment_growth_pct"] == 9.0
        verdicts = dict(con.execute(
            "SELECT o.value, v.verdict || ':' || coalesce(v.earlier_match, v.checked_against) "
            "FROM curated.claim_verdicts AS v JOIN curated.observations AS o USING (observation_id) "
            "WHERE o.document_id = 'zz_history'").fetchall())
    assert verdicts[21840].startswith("outdated:oews:2023A01:")  # right for May 2023; May 2025 differs
    assert verdicts[123400] == "confirmed:ep:2024-34:29-2072:employment_count"
