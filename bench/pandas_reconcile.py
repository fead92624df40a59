"""Reference implementation in pandas of the claim-verdict rules of `pipeline/curated/` (observations.sql and
internal/ranked_official, claim_candidates, claim_checks).

It exists to keep the SQL honest (same verdict for every claim) and to give the scale benchmark a baseline: a
straightforward dataframe version of the same rules, reading the same `staging.*` tables. It covers what a verdict
depends on: the observations (fingerprint, place, interval, release date and how long it stayed current, SOC
crosswalk sums per place, shares of industry employment), the authority rank, the candidate figures per claim (same
topic and measure family; its place or the nation; its industry or all industries), the differing fields and how far
each goes, the current and at-writing figures, the look-alikes, the successors (SOC 2010 split, superseded
projection cycle), and the verdict cascade. Reasons, conflicts and consensus are not reimplemented.

SQL NULL semantics are kept on purpose: a comparison with a NULL operand is never "true" in a CASE, and pandas
merges would match NaN keys with each other, so rows with a NULL join key are dropped before merging.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterator

import duckdb
import numpy as np
import pandas as pd

STAGING_TABLES = {
    "oews_data": """SELECT series_id, areatype_code, area_code, industry_code, soc_code, datatype_code, "year",
                           "value", release, release_published_on FROM staging.oews_data""",
    "oews_measures": "SELECT * FROM staging.oews_measures",
    "oews_areas": "SELECT * FROM staging.oews_areas",
    "oews_industries": "SELECT * FROM staging.oews_industries",
    "reference_figures": "SELECT * FROM staging.reference_figures",
    "documents": "SELECT document_id, published_on FROM staging.documents",
    "claims": "SELECT * EXCLUDE (quote) FROM staging.claims",
    "measures": "SELECT * FROM staging.measures",
    "measure_aliases": "SELECT * FROM staging.measure_aliases",
    "subjects": "SELECT * FROM staging.subjects",
    "subject_topics": "SELECT * FROM staging.subject_topics",
    "qualifier_precision": "SELECT * FROM staging.qualifier_precision",
    "soc_crosswalk": "SELECT * FROM staging.soc_crosswalk",
    "measure_transforms": "SELECT * FROM staging.measure_transforms",
    "source_registry": "SELECT * FROM staging.source_registry",
    "authority_policy": "SELECT * FROM staging.authority_policy",
    "attributions": "SELECT * FROM staging.attributions",
    "release_calendar": "SELECT * FROM staging.release_calendar",
    "source_kinds": "SELECT * FROM staging.source_kinds",
    "focus_occupations": "SELECT * FROM staging.focus_occupations",
}
CANDIDATE_BATCH = 2_000_000
"""Claim x official pairs built at once; bounds memory without changing any result."""
OFFICIAL_COLUMNS = ["observation_id", "topic", "measure_family", "measure", "base_measure", "statistic", "unit",
                    "subject", "soc_code", "universe", "activity", "geography", "industry", "period_end",
                    "period_inferred", "released_on", "current_until", "value_low", "value_high", "producer_id",
                    "authority_rank", "transform", "measure_kind"]
NATION = "United States"
NOT_EVIDENCE_FIELDS = ("measure", "subject", "activity", "industry", "source")
"""Differences that rule a figure out as evidence (claim_candidates.sql `rules_out`), geography aside."""


def load_staging(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Every staging table the verdict rules read, as dataframes."""
    return {name: con.execute(query).df() for name, query in STAGING_TABLES.items()}


def _date(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series)


def _is(mask: pd.Series) -> pd.Series:
    """A nullable condition as SQL's CASE WHEN reads it: only TRUE counts."""
    return mask.eq(True)


def _subjects(st: dict[str, pd.DataFrame]) -> pd.DataFrame:
    s = st["subjects"].merge(st["subject_topics"][["subject", "topic"]], on="subject", how="left")
    s["topic"] = s["topic"].fillna(s["subject"])
    return s.rename(columns={"kind": "subject_kind"})


def _area_type(areatype: pd.Series, name: pd.Series) -> np.ndarray:
    nonmetro = name.fillna("").str.lower().str.endswith("nonmetropolitan area")
    return np.select([areatype == "N", areatype == "S", nonmetro], ["national", "state", "nonmetro"], "metro")


def oews_observations(st: dict[str, pd.DataFrame], subjects: pd.DataFrame) -> pd.DataFrame:
    """OEWS cells with a value; the interval uses the RSE cell of the same series (datatype 02 or 05)."""
    d = st["oews_data"]
    m = st["oews_measures"][["datatype_code", "measure", "rse_datatype_code", "rounding_unit"]]
    o = d.merge(m, on="datatype_code").merge(st["measures"][["measure"]], on="measure")
    rse = d[["release", "series_id", "value"]].rename(columns={"series_id": "rse_series_id", "value": "rse_pct"})
    o["rse_series_id"] = o["series_id"].str[:23] + o["rse_datatype_code"]
    o = o.merge(rse.dropna(subset=["rse_series_id"]), on=["release", "rse_series_id"], how="left")
    o = o[o["value"].notna()]
    areas = st["oews_areas"].drop_duplicates("area_code").set_index("area_code")["area_name"]
    industries = st["oews_industries"].drop_duplicates("industry_code").set_index("industry_code")["industry_name"]
    by_soc = subjects.dropna(subset=["soc_code"]).set_index("soc_code")
    area_name = o["area_code"].map(areas)
    return pd.DataFrame({
        "observation_id": "oews:" + o["release"] + ":" + o["series_id"],
        "kind": "oews", "producer_id": "bls_oews", "evidence_role": "primary",
        "measure": o["measure"], "subject": o["soc_code"].map(by_soc["subject"]), "soc_code": o["soc_code"],
        "geography": np.where(o["areatype_code"] == "N", NATION, area_name),
        "area_code": o["area_code"], "area_type": _area_type(o["areatype_code"], area_name),
        "industry_code": o["industry_code"],
        "industry": np.where(o["industry_code"] == "000000", None, o["industry_code"].map(industries)),
        "period_start": pd.to_datetime({"year": o["year"], "month": 5, "day": 1}),
        "period_end": pd.to_datetime({"year": o["year"], "month": 5, "day": 31}), "period_inferred": False,
        "release": "OEWS May " + o["year"].astype(str), "released_on_stated": _date(o["release_published_on"]),
        "value": o["value"], "rounding_unit": o["rounding_unit"].astype(float), "rse_pct": o["rse_pct"],
        "qualifier": "exact", "qualifier_text": None, "range_low": np.nan, "range_high": np.nan,
    })


def _reference_id(row: pd.Series) -> str:
    parts = [row[c] for c in ("url", "measure", "soc_code", "occupation_title", "reference_period", "geography",
                              "note", "value_raw")]
    text = "|".join(str(p) for p in parts if p is not None and not (isinstance(p, float) and np.isnan(p)))
    return "ref:" + hashlib.md5(text.encode("utf-8")).hexdigest()[:16]


def reference_observations(st: dict[str, pd.DataFrame], subjects: pd.DataFrame) -> pd.DataFrame:
    """Published figures: measure aliases, subject by SOC code else by title phrase, hybrid SOC codes, OEWS places."""
    r = st["reference_figures"].copy()
    r["observation_id"] = r.apply(_reference_id, axis=1)
    aliases = st["measure_aliases"].rename(columns={"measure": "alias_measure", "activity": "alias_activity"})
    r = r.merge(aliases[["alias", "alias_measure", "alias_activity"]], left_on="measure", right_on="alias",
                how="left")
    by_soc = subjects.dropna(subset=["soc_code"]).set_index("soc_code")
    phrases = subjects[["subject", "soc_version", "phrases"]].dropna(subset=["phrases"]).assign(
        phrase=lambda s: s["phrases"].str.split("|")).explode("phrase")
    r["title_key"] = r["occupation_title"].str.lower()
    r = r.merge(phrases[["phrase", "subject", "soc_version"]].rename(
        columns={"subject": "title_subject", "soc_version": "title_version"}),
        left_on="title_key", right_on="phrase", how="left")
    code_subject = r["soc_code"].map(by_soc["subject"])
    hybrid = r["soc_code"].fillna("").str.contains("hybrid")
    geography = r["geography"].where(r["geography"] != "n/a")
    areas = st["oews_areas"].drop_duplicates("area_name").set_index("area_name")
    areatype = geography.map(areas["areatype_code"])
    return pd.DataFrame({
        "observation_id": r["observation_id"], "kind": "reference", "producer_id": r["producer_id"],
        "evidence_role": r["source_role"], "measure": r["alias_measure"].fillna(r["measure"]),
        "subject": code_subject.fillna(r["title_subject"]).fillna("unknown"),
        "soc_code": np.where(hybrid, "29-2072/29-9021", r["soc_code"]),
        "geography": geography,
        "area_code": np.where(geography == NATION, "0000000", geography.map(areas["area_code"])),
        "area_type": np.select([geography.isna(), geography == NATION, areatype == "S", areatype == "M"],
                               [None, "national", "state", "metro"], "other"),
        "industry": r["industry"], "activity": r["alias_activity"],
        "period_start": _date(r["period_start"]), "period_end": _date(r["period_end"]),
        "period_inferred": r["period_inferred"], "release": r["dataset"],
        "released_on_stated": pd.NaT, "value": r["value"], "rounding_unit": r["rounding_unit"], "rse_pct": np.nan,
        "qualifier": r["qualifier"], "qualifier_text": None, "range_low": np.nan, "range_high": np.nan,
    })


def claim_observations(st: dict[str, pd.DataFrame], subjects: pd.DataFrame) -> pd.DataFrame:
    """Claims of known documents with their place; a SOC 2010 subject after 2019 names its SOC 2018 part."""
    c = st["claims"].merge(st["documents"][["document_id", "published_on"]], on="document_id")
    c = c.merge(subjects[["subject", "soc_code", "soc_version"]], on="subject", how="left")
    crosswalk = st["soc_crosswalk"].set_index("soc_2010")["soc_2018_parts"]
    parts = c["soc_code"].map(crosswalk)
    split = _is((c["soc_version"] == "2010") & (_date(c["period_end"]) >= pd.Timestamp("2019-01-01"))
                & parts.notna())
    return pd.DataFrame({
        "observation_id": "claim:" + c["claim_id"], "kind": "claim", "producer_id": None,
        "evidence_role": "article_claim", "measure": c["measure"], "subject": c["subject"],
        "soc_code": np.where(split, parts.str.split("|").str[0], c["soc_code"]),
        "soc_version": np.where(split, "2018", c["soc_version"]),
        "geography": c["geography"], "area_code": c["area_code"], "area_type": c["area_type"],
        "industry": c["industry"], "activity": c["activity"],
        "period_start": _date(c["period_start"]), "period_end": _date(c["period_end"]),
        "period_inferred": c["period_from_document_date"], "released_on_stated": pd.NaT,
        "value": c["value"], "rounding_unit": c["rounding_unit"], "rse_pct": np.nan,
        "qualifier": c["qualifier"], "qualifier_text": c["qualifier_text"],
        "range_low": c["range_low"], "range_high": c["range_high"],
        "attributed_source": c["attributed_source"], "universe_hint": c["universe"], "in_scope": c["in_scope"],
        "document_date": _date(c["published_on"]),
    })


def crosswalk_sums(st: dict[str, pd.DataFrame], oews: pd.DataFrame, subjects: pd.DataFrame) -> pd.DataFrame:
    """SOC 2018 parts summed to their SOC 2010 aggregate, per OEWS release and place where every part is present;
    the sum's RSE combines the parts' sampling errors."""
    cells = oews[(oews["measure"] == "employment_count") & oews["industry"].isna()].copy()
    cells["error"] = (cells["rse_pct"].fillna(0) / 100 * cells["value"]) ** 2
    rows = []
    for x in st["soc_crosswalk"].itertuples():
        parts = x.soc_2018_parts.split("|")
        group = cells[cells["soc_code"].isin(parts)].groupby(["release", "geography", "area_code", "area_type"])
        summed = group.agg(value=("value", "sum"), error=("error", "sum"), codes=("soc_code", "nunique"),
                           period_start=("period_start", "first"), period_end=("period_end", "first"),
                           released_on_stated=("released_on_stated", "max"),
                           rounding_unit=("rounding_unit", "first")).reset_index()
        summed = summed[summed["codes"] == len(parts)]
        subject = subjects.loc[subjects["soc_code"] == x.soc_2010, "subject"]
        suffix = np.where(summed["area_code"] != "0000000", ":" + summed["area_code"], "")
        rows.append(summed.assign(
            observation_id="derived:" + x.soc_2010 + ":" + summed["release"] + suffix, kind="derived",
            producer_id="bls_oews", evidence_role="primary", measure="employment_count", soc_code=x.soc_2010,
            subject=subject.iloc[0] if len(subject) else None, industry=None, period_inferred=False,
            rse_pct=100 * np.sqrt(summed["error"]) / summed["value"].where(summed["value"] != 0),
            qualifier="exact", range_low=np.nan, range_high=np.nan,
            transform="sum of SOC 2018 " + " + ".join(parts) + " = SOC 2010 " + x.soc_2010))
    return pd.concat(rows, ignore_index=True).drop(columns=["codes", "error"]) if rows else pd.DataFrame()


def industry_shares(st: dict[str, pd.DataFrame], oews: pd.DataFrame) -> pd.DataFrame:
    """Each occupation's share of an industry's employment: its cell over the all-occupations cell."""
    focus = st["focus_occupations"]
    totals_soc = set(focus.loc[focus["role"] == "all_occupations", "soc_code"])
    cells = oews[(oews["measure"] == "employment_count") & oews["industry"].notna()]
    totals = cells[cells["soc_code"].isin(totals_soc)][["release", "area_code", "industry_code", "value"]]
    o = cells[~cells["soc_code"].isin(totals_soc)].merge(
        totals.rename(columns={"value": "total"}), on=["release", "area_code", "industry_code"])
    o = o[o["total"] > 0]
    return pd.DataFrame({
        "observation_id": "derived:share:" + o["observation_id"], "kind": "derived", "producer_id": "bls_oews",
        "evidence_role": "primary", "measure": "industry_employment_share_pct", "subject": o["subject"],
        "soc_code": o["soc_code"], "geography": o["geography"], "area_code": o["area_code"],
        "area_type": o["area_type"], "industry": o["industry"], "period_start": o["period_start"],
        "period_end": o["period_end"], "period_inferred": False, "release": o["release"],
        "released_on_stated": o["released_on_stated"], "value": 100 * o["value"] / o["total"],
        "rounding_unit": 0.0, "rse_pct": o["rse_pct"], "qualifier": "exact", "qualifier_text": None,
        "range_low": np.nan, "range_high": np.nan,
        "transform": "share of industry employment = " + o["soc_code"] + " employment / all occupations' employment in "
                     + o["industry"] + " x 100",
    })


def _tolerances(st: dict[str, pd.DataFrame], obs: pd.DataFrame) -> pd.DataFrame:
    """Low/high tolerance of each figure's qualifier: the qualifier word's row, else the qualifier's default. A bound
    word on a percentile ("the lowest 10% earn less than $X") states the percentile itself: exact."""
    p = st["qualifier_precision"].copy()
    p["low_tol"] = pd.to_numeric(p["low_tolerance_pct"], errors="coerce") / 100
    p["high_tol"] = pd.to_numeric(p["high_tolerance_pct"], errors="coerce") / 100
    p["low_unbounded"] = p["low_tolerance_pct"].isna()
    p["high_unbounded"] = p["high_tolerance_pct"].isna()
    cols = ["low_tol", "high_tol", "low_unbounded", "high_unbounded"]
    word = p[p["word"].notna()].rename(columns={"word": "qualifier_word"})[["qualifier", "qualifier_word", *cols]]
    default = p[p["word"].isna()][["qualifier", *cols]]
    percentile = obs["statistic"].fillna("").str.fullmatch(r"p[0-9]+")
    qualifier = obs["qualifier"].where(~(percentile & obs["qualifier"].isin(["lower_bound", "upper_bound"])),
                                       "exact")
    keys = pd.DataFrame({"qualifier": qualifier, "qualifier_word": obs["qualifier_text"].map(
        lambda text: text.lower() if isinstance(text, str) else None)})
    w = keys.merge(word, on=["qualifier", "qualifier_word"], how="left")
    w = w.set_axis(obs.index)
    dflt = keys[["qualifier"]].merge(default, on="qualifier", how="left").set_axis(obs.index)
    return pd.DataFrame({col: w[col].where(w[col].notna(), dflt[col]) for col in cols})


def _calendar(st: dict[str, pd.DataFrame], obs: pd.DataFrame) -> pd.DataFrame:
    """Release date (a stated one, else the calendar: most specific producer and measure-kind rule first) and the
    producer's cadence in months."""
    calendar = st["release_calendar"]
    released = obs["released_on_stated"].copy()
    cadence = pd.Series(np.nan, index=obs.index)
    todo = obs[obs["kind"] != "claim"]
    for (producer, measure_kind), group in todo.groupby(["producer_id", "measure_kind"], dropna=False):
        rules = calendar[((calendar["producer_id"] == producer) | (calendar["producer_id"] == "*"))
                         & ((calendar["measure_kind"] == measure_kind) | (calendar["measure_kind"] == "*"))]
        if rules.empty or pd.isna(producer) or pd.isna(measure_kind):
            continue
        rule = rules.assign(order=(rules["producer_id"] == "*").astype(int) * 2
                            + (rules["measure_kind"] == "*").astype(int)).sort_values("order", kind="stable").iloc[0]
        months = pd.to_numeric(pd.Series([rule.get("cadence_months")]), errors="coerce").iloc[0]
        cadence.loc[group.index] = months
        if rule["anchor"] == "period_start":
            fallback = pd.to_datetime({"year": group["period_end"].dt.year - 10, "month": 1, "day": 1},
                                      errors="coerce")
            base = group["period_start"].fillna(fallback)
        else:
            base = group["period_end"]
        missing = group.index[group["released_on_stated"].isna()]
        released.loc[missing] = (base + pd.DateOffset(months=int(rule["lag_months"]))).loc[missing]
    return pd.DataFrame({"released_on": released, "cadence_months": cadence})


def _current_until(obs: pd.DataFrame) -> pd.Series:
    """The next held period's release date of the same series, or one cadence after its own release, if earlier."""
    key_columns = ["measure", "occupation", "universe", "activity", "geography", "industry", "producer_id",
                   "transform"]
    official = obs[(obs["kind"] != "claim") & obs["period_end"].notna()]
    keys = official[key_columns].astype(object).where(official[key_columns].notna(), "\x00")
    series = keys.apply(tuple, axis=1)
    periods = pd.DataFrame({"series": series, "period_end": official["period_end"],
                            "released_on": official["released_on"]})
    first = periods.groupby(["series", "period_end"], sort=True)["released_on"].min().reset_index()
    first["superseded_on"] = first.groupby("series")["released_on"].shift(-1)
    successor = periods.merge(first[["series", "period_end", "superseded_on"]], on=["series", "period_end"],
                              how="left").set_axis(official.index)["superseded_on"]
    until = pd.Series(pd.NaT, index=obs.index, dtype="datetime64[ns]")
    months = obs["cadence_months"]
    for value in months.dropna().unique():
        rows = obs.index[months == value]
        until.loc[rows] = obs.loc[rows, "released_on"] + pd.DateOffset(months=int(value))
    until = until.astype("datetime64[ns]")
    successor = successor.reindex(obs.index).astype("datetime64[ns]")
    return pd.concat([until, successor], axis=1).min(axis=1)


def observations(st: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every figure with the fingerprint fields, interval and release dates the verdict rules read."""
    subjects = _subjects(st)
    oews = oews_observations(st, subjects)
    with warnings.catch_warnings():  # all-NULL columns (no RSE for claims...) keep the dtype of the others
        warnings.simplefilter("ignore", FutureWarning)
        obs = pd.concat([oews, reference_observations(st, subjects), claim_observations(st, subjects),
                         crosswalk_sums(st, oews, subjects), industry_shares(st, oews)], ignore_index=True)
    measures = st["measures"].set_index("measure")
    obs["measure_family"] = obs["measure"].map(measures["family"])
    obs["statistic"] = obs["measure"].map(measures["statistic"])
    obs["unit"] = obs["measure"].map(measures["unit"])
    obs["base_measure"] = obs["measure"].map(measures["base_measure"]).fillna(obs["measure"])
    obs["measure_kind"] = obs["measure"].map(measures["kind"])
    by_subject = subjects.set_index("subject")
    obs["subject_kind"] = obs["subject"].map(by_subject["subject_kind"])
    obs["topic"] = obs["subject"].map(by_subject["topic"]).fillna(obs["subject"])
    registry = st["source_registry"].set_index("source_id")
    obs["universe"] = np.where(obs["subject_kind"] == "organisation", obs["subject"],
                               obs["universe_hint"].fillna(obs["producer_id"].map(registry["universe"])))
    obs["universe"] = obs["universe"].where(pd.notna(obs["universe"]), None)
    tol = _tolerances(st, obs)
    sampling = (1.96 * obs["rse_pct"] / 100 * obs["value"]).fillna(0)
    low_margin = np.fmax(np.fmax(obs["rounding_unit"] / 2, obs["value"].abs() * tol["low_tol"]), sampling)
    high_margin = np.fmax(np.fmax(obs["rounding_unit"] / 2, obs["value"].abs() * tol["high_tol"]), sampling)
    obs["value_low"] = (obs["range_low"].fillna(obs["value"]) - low_margin).where(~_is(tol["low_unbounded"]))
    obs["value_high"] = (obs["range_high"].fillna(obs["value"]) + high_margin).where(~_is(tol["high_unbounded"]))
    obs = obs.join(_calendar(st, obs))
    obs["occupation"] = obs["soc_code"].fillna(obs["subject"])
    obs["current_until"] = _current_until(obs)
    obs["is_official"] = obs["evidence_role"].isin(["primary", "secondary_citation"])
    return obs


def ranked_officials(st: dict[str, pd.DataFrame], obs: pd.DataFrame) -> pd.DataFrame:
    """Figures claims may be checked against (a producer's own or cited, or a report of a known producer's survey)
    with their authority rank (first matching policy rule)."""
    registry = st["source_registry"].set_index("source_id")
    roles = st["source_kinds"].set_index("kind")["role"]
    producer_kind = obs["producer_id"].map(registry["kind"])
    reports_count = producer_kind.map(roles).eq("producer")
    keep = (obs["is_official"] | ((obs["evidence_role"] == "secondary_report") & reports_count))
    off = obs[keep & producer_kind.notna() & obs["measure_kind"].notna()].copy()
    off["producer_kind"] = producer_kind[off.index]
    policy = st["authority_policy"].assign(rank=lambda p: p["rank"].astype(int)).sort_values("rank")
    ranks = {}
    for kind, role in off[["producer_kind", "evidence_role"]].drop_duplicates().itertuples(index=False):
        match = policy[((policy["producer_kind"] == "*") | (policy["producer_kind"] == kind))
                       & (policy["evidence_role"] == role)]
        if not match.empty:
            ranks[(kind, role)] = match["rank"].iloc[0]
    off["authority_rank"] = [ranks.get(key) for key in zip(off["producer_kind"], off["evidence_role"], strict=True)]
    return off[off["authority_rank"].notna()].reset_index(drop=True)


def measure_pairs(st: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Comparable measure pairs: the same measure, or a declared transform in either direction."""
    t = st["measure_transforms"].assign(factor=lambda f: f["factor"].astype(float))
    same = pd.DataFrame({"claim_measure": st["measures"]["measure"], "official_measure": st["measures"]["measure"],
                         "factor": 1.0, "measure_transform": None})
    forward = pd.DataFrame({"claim_measure": t["to_measure"], "official_measure": t["from_measure"],
                            "factor": t["factor"], "measure_transform": t["transform"]})
    backward = pd.DataFrame({"claim_measure": t["from_measure"], "official_measure": t["to_measure"],
                             "factor": 1.0 / t["factor"], "measure_transform": t["transform"]})
    return pd.concat([same, forward, backward], ignore_index=True)


def _batches(claims: pd.DataFrame, officials: pd.DataFrame) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """(claims, officials) of one topic and measure family, in claim batches of bounded pair count."""
    groups = dict(tuple(officials.groupby(["topic", "measure_family"])))
    for key, group in claims.dropna(subset=["topic", "measure_family"]).groupby(["topic", "measure_family"]):
        offs = groups.get(key)
        if offs is None:
            continue
        size = max(1, CANDIDATE_BATCH // len(offs))
        for start in range(0, len(group), size):
            yield group.iloc[start:start + size], offs


def _first(pairs: pd.DataFrame, mask: pd.Series, order: list[tuple[str, bool]]) -> pd.DataFrame:
    """Per claim, the first pair (in SQL's ORDER BY: NULLs last either way) among those where mask holds."""
    columns, ascending = [c for c, _ in order], [a for _, a in order]
    picked = pairs[mask].sort_values(columns, ascending=ascending, kind="stable", na_position="last")
    return picked.groupby("claim_id", sort=False).head(1).set_index("claim_id")


def _lower(values: pd.Series) -> pd.Series:
    return values.map(lambda v: v.lower() if isinstance(v, str) else None)


def candidates(claims: pd.DataFrame, offs: pd.DataFrame, pairs_table: pd.DataFrame, attributions: pd.DataFrame,
               by_place: set[tuple[str, str]]) -> pd.DataFrame:
    """Every (claim, figure) pair of claim_candidates.sql with its differing fields, overlap and flags."""
    parts = []
    for batch, group in _batches(claims, offs):
        p = batch.merge(group, on=["topic", "measure_family"], suffixes=("", "_o"))
        p = p[p["geography_o"].isna() | (p["geography_o"] == p["geography"]) | (p["geography_o"] == NATION)]
        p = p[p["industry_o"].isna() | (_lower(p["industry_o"]) == _lower(p["industry"]))]
        if p.empty:
            continue
        p = p.merge(pairs_table, left_on=["base_measure", "base_measure_o"],
                    right_on=["claim_measure", "official_measure"], how="left")
        p = p.merge(attributions, left_on=["attributed_source", "producer_id_o"],
                    right_on=["attributed_source", "cited_producer"], how="left")
        paired = p["factor"].notna()
        unit_kind = p["unit"].str.split("/").str[0] == p["unit_o"].str.split("/").str[0]
        statistic = _is((p["statistic"] != p["statistic_o"]) & unit_kind)
        own = p["soc_code"].fillna(p["subject"])
        other = p["soc_code_o"].fillna(p["subject_o"])
        subject_differs = _is((p["subject"] != "unknown") & (own != other))
        both_soc = p["soc_code"].notna() & p["soc_code_o"].notna()
        organisation = p["subject_kind"].fillna("") == "organisation"
        universe = (_is(~organisation & p["universe"].notna() & p["universe_o"].notna()
                        & (p["universe"] != p["universe_o"]))
                    | _is(paired & (p["measure"] != p["measure_o"])
                          & ((p["base_measure"] != p["measure"]) | (p["base_measure_o"] != p["measure_o"]))))
        cited = p["cited_producer"].notna()
        source = _is(organisation & p["attributed_source"].notna() & ~cited)
        fields = {
            "measure": ~paired & ~statistic,
            "statistic": statistic,
            "occupation": subject_differs & both_soc,
            "subject": subject_differs & ~both_soc,
            "universe": universe,
            "activity": p["activity"].fillna("any") != p["activity_o"].fillna("any"),
            "geography": _is(p["geography_o"].notna() & (p["geography"] != p["geography_o"])),
            "industry": _lower(p["industry"]).fillna("") != _lower(p["industry_o"]).fillna(""),
            "source": source,
        }
        frame = pd.DataFrame(fields)
        p["field_count"] = frame.sum(axis=1)
        published = pd.Series([(t, m) in by_place for t, m in zip(p["topic"], p["measure_o"], strict=True)],
                               index=p.index)
        lookalike_place = published & _is(p["statistic"] != "count")
        p["rules_out"] = (frame[list(NOT_EVIDENCE_FIELDS)].any(axis=1)
                          | (frame["geography"] & ~((p["area_type"] == "other") & lookalike_place))
                          | (frame["occupation"] & (p["soc_version"].fillna("") != "2010")))
        p["only_occupation"] = frame["occupation"] & (p["field_count"] == 1)
        p["overlaps"] = ((p["value_low"].fillna(-np.inf) < (p["value_high_o"] * p["factor"]).fillna(np.inf))
                         & ((p["value_low_o"] * p["factor"]).fillna(-np.inf) < p["value_high"].fillna(np.inf)))
        p["cited"] = cited
        parts.append(p)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def claim_facts(claims: pd.DataFrame, officials: pd.DataFrame, pairs_table: pd.DataFrame,
                attributions: pd.DataFrame, by_place: set[tuple[str, str]]) -> pd.DataFrame:
    """Per claim: current and at-writing figure, earlier match, cited-source counts, successors and look-alikes."""
    columns = ["current_id", "current_overlaps", "current_period_end", "at_writing_id", "at_writing_overlaps",
               "earlier_match_id", "cited_source_figures", "cited_source_matches", "soc_successor_id",
               "lookalike_id", "nearest_id"]
    p = candidates(claims[_is(claims["in_scope"])], officials, pairs_table, attributions, by_place)
    if p.empty:
        return claims.set_index("claim_id").join(pd.DataFrame(columns=columns), how="left")
    p = p.reset_index(drop=True)
    p["transformed"] = p["measure_transform"].notna()
    newest, rank, ident = ("period_end_o", False), ("authority_rank_o", True), ("observation_id_o", True)
    agreeing, transformed = ("overlaps", False), ("transformed", True)
    compatible = p["field_count"] == 0
    current = _first(p, compatible, [newest, ("period_inferred_o", True), rank, agreeing, transformed, ident])
    cur_end = p["claim_id"].map(current["period_end_o"])
    at_writing = _first(p, compatible & p["document_date"].notna() & p["period_inferred_o"].eq(False)
                        & p["released_on_o"].notna() & (p["released_on_o"] <= p["document_date"])
                        & (p["current_until_o"].isna() | (p["document_date"] < p["current_until_o"])),
                        [newest, rank, agreeing, transformed, ident])
    earlier = _first(p, compatible & p["overlaps"] & p["period_end_o"].notna() & cur_end.notna()
                     & (p["period_end_o"] < cur_end), [newest, rank, transformed, ident])
    stated = p["period_inferred"].eq(False)
    same_release = _is(p["period_end_o"] == p["period_end"])
    figures = p[compatible & p["cited"] & stated & same_release].groupby("claim_id").size()
    matches = p[compatible & p["cited"] & p["overlaps"]].groupby("claim_id").size()
    soc = _first(p, p["only_occupation"] & (p["soc_version"] == "2010") & stated
                 & _is(p["period_end_o"] > p["period_end"]), [newest, rank, transformed, ident])
    by_size = [("field_count", True), newest, rank, transformed, ident]
    lookalike = _first(p, (p["field_count"] > 0) & ~p["rules_out"], by_size)
    nearest = _first(p, pd.Series(True, index=p.index), by_size)
    found = pd.DataFrame({
        "current_id": current["observation_id_o"], "current_overlaps": current["overlaps"],
        "current_period_end": current["period_end_o"],
        "at_writing_id": at_writing["observation_id_o"], "at_writing_overlaps": at_writing["overlaps"],
        "earlier_match_id": earlier["observation_id_o"], "cited_source_figures": figures,
        "cited_source_matches": matches, "soc_successor_id": soc["observation_id_o"],
        "lookalike_id": lookalike["observation_id_o"]}, index=nearest.index)
    found["nearest_id"] = nearest["observation_id_o"]
    return claims.set_index("claim_id").join(found[columns], how="left")


def cycle_successors(claims: pd.DataFrame, officials: pd.DataFrame) -> pd.Series:
    """A projection claim of a stated cycle: the newest later cycle held for its occupation and place."""
    own = claims[_is(claims["in_scope"]) & (claims["measure_kind"] == "projection")
                 & claims["period_inferred"].eq(False)]
    later = officials[(officials["measure_kind_o"] == "projection") & officials["geography_o"].notna()
                      & officials["industry_o"].isna()].copy()
    later["occupation_key"] = later["soc_code_o"].fillna(later["subject_o"])
    own = own[own["industry"].isna()].assign(occupation_key=own["soc_code"].fillna(own["subject"]))
    pairs = own.merge(later, left_on=["topic", "occupation_key", "geography"],
                      right_on=["topic", "occupation_key", "geography_o"])
    pairs = pairs[pairs["period_end_o"].dt.year > pairs["period_end"].dt.year]
    if pairs.empty:
        return pd.Series(dtype=object)
    pairs = pairs.sort_values(["claim_id", "period_end_o", "authority_rank_o", "observation_id_o"],
                              ascending=[True, False, True, True])
    return pairs.groupby("claim_id")["observation_id_o"].first()


def verdicts(facts: pd.DataFrame) -> pd.DataFrame:
    """The verdict cascade of internal/claim_checks.sql, first matching rule wins."""
    f = facts
    no_current = f["current_id"].isna()
    stated = f["period_inferred"].eq(False)
    newer = f["at_writing_id"].notna() & (f["at_writing_id"] != f["current_id"])
    successor = f["soc_successor_id"].notna() | f["cycle_successor_id"].notna()
    older = _is(f["period_end"] < f["current_period_end"])
    projection = f["measure_kind"] == "projection"
    after_newest = np.where(projection, _is(f["period_end"].dt.year > f["current_period_end"].dt.year),
                            _is(f["period_start"].fillna(f["period_end"]) > f["current_period_end"]))
    rules = [
        (f["in_scope"].eq(False), "unverifiable"),
        (no_current & successor, "outdated"),
        (no_current & f["lookalike_id"].notna(), "not_comparable"),
        (no_current, "unverifiable"),
        (_is(f["current_overlaps"]), "confirmed"),
        (newer & _is(f["at_writing_overlaps"]), "outdated"),
        (older & (stated | f["at_writing_id"].isna()), "outdated"),
        (f["earlier_match_id"].notna(), "outdated"),
        (stated & after_newest, "unverifiable"),
        (f["cited_source_figures"].fillna(0).gt(0) & f["cited_source_matches"].fillna(0).eq(0), "misattributed"),
    ]
    verdict = np.select([mask.to_numpy() for mask, _ in rules], [name for _, name in rules], "contradicted")
    checked = np.select([f["current_id"].notna().to_numpy(), verdict == "outdated", verdict == "not_comparable"],
                        [f["current_id"], f["soc_successor_id"], f["lookalike_id"]], None)
    return pd.DataFrame({"observation_id": f.index, "verdict": verdict, "checked_against": checked}).assign(
        checked_against=lambda v: v["checked_against"].where(pd.notna(v["checked_against"]), None))


def reconcile_claims(st: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, int]:
    """(verdict and checked figure per claim, number of observations) from the staging tables."""
    obs = observations(st)
    officials = ranked_officials(st, obs)
    claims = obs[(obs["kind"] == "claim") & obs["measure_kind"].notna()].rename(columns={"observation_id": "claim_id"})
    claims = claims[["claim_id", "topic", "measure_family", "measure", "base_measure", "statistic", "unit", "subject",
                     "subject_kind", "soc_code", "soc_version", "universe", "activity", "geography", "area_type",
                     "industry", "period_start", "period_end", "period_inferred", "value_low", "value_high",
                     "attributed_source",
                     "in_scope", "document_date", "measure_kind"]]
    attributions = st["attributions"].assign(cited_producer=lambda a: a["producer_ids"].str.split("|")).explode(
        "cited_producer")[["attributed_source", "cited_producer"]].drop_duplicates()
    below_nation = officials[officials["geography"].notna() & (officials["geography"] != NATION)]
    by_place = set(zip(below_nation["topic"], below_nation["measure"], strict=True))
    focus = st["focus_occupations"]
    totals = set(focus.loc[focus["role"] == "all_occupations", "soc_code"])
    places = set(claims["geography"].dropna())
    industries = set(_lower(claims["industry"]).dropna())
    usable = officials[officials["topic"].isin(set(claims["topic"])) & ~officials["soc_code"].isin(totals)
                       & (officials["geography"].isna() | officials["geography"].isin(places | {NATION}))
                       & (officials["industry"].isna() | _lower(officials["industry"]).isin(industries))]
    rename = {c: f"{c}_o" for c in OFFICIAL_COLUMNS if c not in ("topic", "measure_family")}
    offs = usable[OFFICIAL_COLUMNS].rename(columns=rename)
    facts = claim_facts(claims, offs, measure_pairs(st), attributions, by_place)
    facts["cycle_successor_id"] = facts.index.map(cycle_successors(claims, officials[OFFICIAL_COLUMNS].rename(
        columns=rename)))
    return verdicts(facts).sort_values("observation_id", ignore_index=True), len(obs)
