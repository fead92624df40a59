"""Reference implementation in pandas of the claim-verdict rules of `pipeline/curated/curated_*.sql`.

It exists to keep the SQL honest (same verdict for every claim) and to give the scale benchmark a baseline: a
straightforward dataframe version of the same rules, reading the same `staging.*` tables. It covers what a verdict
depends on: the observations (fingerprint, interval, release date, SOC crosswalk sums), the authority rank, the
candidate official figures per claim (same topic and measure family), the differing fields, the current and
at-writing figures, and the verdict cascade. Reasons, conflicts and consensus are not reimplemented.

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
}
CANDIDATE_BATCH = 2_000_000
"""Claim x official pairs built at once; bounds memory without changing any result."""
OFFICIAL_COLUMNS = ["observation_id", "topic", "measure_family", "measure", "occupation", "universe", "activity",
                    "geography", "industry", "period_end", "released_on", "value_low", "value_high", "producer_id",
                    "authority_rank"]


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
    by_soc = subjects.dropna(subset=["soc_code"]).set_index("soc_code")["subject"]
    return pd.DataFrame({
        "observation_id": "oews:" + o["release"] + ":" + o["series_id"],
        "kind": "oews", "producer_id": "bls_oews", "evidence_role": "primary",
        "measure": o["measure"], "subject": o["soc_code"].map(by_soc), "soc_code": o["soc_code"],
        "geography": np.where(o["areatype_code"] == "N", "United States", o["area_code"].map(areas)),
        "industry": np.where(o["industry_code"] == "000000", None, o["industry_code"].map(industries)),
        "period_start": pd.to_datetime({"year": o["year"], "month": 5, "day": 1}),
        "period_end": pd.to_datetime({"year": o["year"], "month": 5, "day": 31}),
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
    """Published figures: measure aliases, subject by SOC code else by title phrase, hybrid SOC codes."""
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
    return pd.DataFrame({
        "observation_id": r["observation_id"], "kind": "reference", "producer_id": r["producer_id"],
        "evidence_role": r["source_role"], "measure": r["alias_measure"].fillna(r["measure"]),
        "subject": code_subject.fillna(r["title_subject"]).fillna("unknown"),
        "soc_code": np.where(hybrid, "29-2072/29-9021", r["soc_code"]),
        "geography": r["geography"], "industry": r["industry"], "activity": r["alias_activity"],
        "period_start": _date(r["period_start"]), "period_end": _date(r["period_end"]), "release": r["dataset"],
        "released_on_stated": pd.NaT, "value": r["value"], "rounding_unit": r["rounding_unit"], "rse_pct": np.nan,
        "qualifier": r["qualifier"], "qualifier_text": None, "range_low": np.nan, "range_high": np.nan,
    })


def claim_observations(st: dict[str, pd.DataFrame], subjects: pd.DataFrame) -> pd.DataFrame:
    """Claims of known documents; a SOC 2010 subject after 2019 names its SOC 2018 part that holds coders."""
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
        "geography": "United States", "industry": None, "activity": c["activity"],
        "period_start": _date(c["period_start"]), "period_end": _date(c["period_end"]),
        "period_inferred": c["period_from_document_date"], "released_on_stated": pd.NaT,
        "value": c["value"], "rounding_unit": c["rounding_unit"], "rse_pct": np.nan,
        "qualifier": c["qualifier"], "qualifier_text": c["qualifier_text"],
        "range_low": c["range_low"], "range_high": c["range_high"],
        "attributed_source": c["attributed_source"], "universe_hint": c["universe"], "in_scope": c["in_scope"],
        "document_date": _date(c["published_on"]),
    })


def crosswalk_sums(st: dict[str, pd.DataFrame], oews: pd.DataFrame, subjects: pd.DataFrame) -> pd.DataFrame:
    """SOC 2018 parts summed to their SOC 2010 aggregate, per OEWS release, when every part is present."""
    national = oews[(oews["measure"] == "employment_count") & (oews["geography"] == "United States")
                    & oews["industry"].isna()]
    rows = []
    for x in st["soc_crosswalk"].itertuples():
        parts = x.soc_2018_parts.split("|")
        group = national[national["soc_code"].isin(parts)].groupby("release")
        summed = group.agg(value=("value", "sum"), codes=("soc_code", "nunique"),
                           period_start=("period_start", "first"), period_end=("period_end", "first"),
                           released_on_stated=("released_on_stated", "max"),
                           rounding_unit=("rounding_unit", "first")).reset_index()
        summed = summed[summed["codes"] == len(parts)]
        subject = subjects.loc[subjects["soc_code"] == x.soc_2010, "subject"]
        rows.append(summed.assign(
            observation_id="derived:" + x.soc_2010 + ":" + summed["release"], kind="derived", producer_id="bls_oews",
            evidence_role="primary", measure="employment_count", soc_code=x.soc_2010,
            subject=subject.iloc[0] if len(subject) else None, geography="United States", industry=None,
            rse_pct=np.nan, qualifier="exact", range_low=np.nan, range_high=np.nan, transform="sum"))
    return pd.concat(rows, ignore_index=True).drop(columns="codes") if rows else pd.DataFrame()


def _tolerances(st: dict[str, pd.DataFrame], obs: pd.DataFrame) -> pd.DataFrame:
    """Low/high tolerance of each figure's qualifier: the qualifier word's row, else the qualifier's default."""
    p = st["qualifier_precision"].copy()
    p["low_tol"] = pd.to_numeric(p["low_tolerance_pct"], errors="coerce") / 100
    p["high_tol"] = pd.to_numeric(p["high_tolerance_pct"], errors="coerce") / 100
    p["low_unbounded"] = p["low_tolerance_pct"].isna()
    p["high_unbounded"] = p["high_tolerance_pct"].isna()
    cols = ["low_tol", "high_tol", "low_unbounded", "high_unbounded"]
    word = p[p["word"].notna()].rename(columns={"word": "qualifier_word"})[["qualifier", "qualifier_word", *cols]]
    default = p[p["word"].isna()][["qualifier", *cols]]
    keys = obs[["qualifier"]].assign(
        qualifier_word=obs["qualifier_text"].map(lambda text: text.lower() if isinstance(text, str) else None))
    w = keys.merge(word, on=["qualifier", "qualifier_word"], how="left")
    w = w.set_axis(obs.index)
    dflt = keys[["qualifier"]].merge(default, on="qualifier", how="left").set_axis(obs.index)
    return pd.DataFrame({col: w[col].where(w[col].notna(), dflt[col]) for col in cols})


def _released_on(st: dict[str, pd.DataFrame], obs: pd.DataFrame) -> pd.Series:
    """A stated release date, else the release calendar (most specific producer and measure-kind rule first)."""
    calendar = st["release_calendar"]
    released = obs["released_on_stated"].copy()
    todo = obs[released.isna() & (obs["kind"] != "claim")]
    for (producer, measure_kind), group in todo.groupby(["producer_id", "measure_kind"], dropna=False):
        rules = calendar[((calendar["producer_id"] == producer) | (calendar["producer_id"] == "*"))
                         & ((calendar["measure_kind"] == measure_kind) | (calendar["measure_kind"] == "*"))]
        if rules.empty:
            continue
        rule = rules.assign(order=(rules["producer_id"] == "*").astype(int) * 2
                            + (rules["measure_kind"] == "*").astype(int)).sort_values("order", kind="stable").iloc[0]
        if rule["anchor"] == "period_start":
            fallback = pd.to_datetime({"year": group["period_end"].dt.year - 10, "month": 1, "day": 1},
                                      errors="coerce")
            base = group["period_start"].fillna(fallback)
        else:
            base = group["period_end"]
        released.loc[group.index] = base + pd.DateOffset(months=int(rule["lag_months"]))
    return released


def observations(st: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every figure with the fingerprint fields, interval and release date the verdict rules read."""
    subjects = _subjects(st)
    oews = oews_observations(st, subjects)
    with warnings.catch_warnings():  # all-NULL columns (no RSE for claims...) keep the dtype of the others
        warnings.simplefilter("ignore", FutureWarning)
        obs = pd.concat([oews, reference_observations(st, subjects), claim_observations(st, subjects),
                         crosswalk_sums(st, oews, subjects)], ignore_index=True)
    measures = st["measures"].set_index("measure")
    obs["measure_family"] = obs["measure"].map(measures["family"])
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
    obs["released_on"] = _released_on(st, obs)
    obs["occupation"] = obs["soc_code"].fillna(obs["subject"])
    obs["is_official"] = obs["evidence_role"].isin(["primary", "secondary_citation"])
    return obs


def ranked_officials(st: dict[str, pd.DataFrame], obs: pd.DataFrame) -> pd.DataFrame:
    """Official figures with their authority rank (first matching policy rule); ordered for "current" picks."""
    off = obs[obs["is_official"] & obs["measure_kind"].notna()]
    kinds = st["source_registry"].set_index("source_id")["kind"]
    off = off[off["producer_id"].isin(kinds.index)].copy()
    off["producer_kind"] = off["producer_id"].map(kinds)
    policy = st["authority_policy"].assign(rank=lambda p: p["rank"].astype(int)).sort_values("rank")
    ranks = {}
    for producer_kind, role in off[["producer_kind", "evidence_role"]].drop_duplicates().itertuples(index=False):
        match = policy[((policy["producer_kind"] == "*") | (policy["producer_kind"] == producer_kind))
                       & (policy["evidence_role"] == role)]
        if not match.empty:
            ranks[(producer_kind, role)] = match["rank"].iloc[0]
    off["authority_rank"] = [ranks.get(key) for key in zip(off["producer_kind"], off["evidence_role"], strict=True)]
    off = off[off["authority_rank"].notna()]
    off = off[off["topic"].notna() & off["measure_family"].notna()][OFFICIAL_COLUMNS].copy()
    # ORDER BY period_end DESC NULLS LAST, authority_rank, (transform), observation_id as integers
    head = pd.DataFrame({"no_period": off["period_end"].isna(), "rank": off["authority_rank"],
                         "newest": -off["period_end"].fillna(pd.Timestamp(0)).astype("int64")})
    off["order_head"] = head.groupby(["no_period", "newest", "rank"], sort=True).ngroup().astype("int64")
    off["order_tail"] = off["observation_id"].rank(method="first").astype("int64")
    return off.reset_index(drop=True)


def measure_pairs(st: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Comparable measure pairs: the same measure, or a declared transform in either direction."""
    t = st["measure_transforms"].assign(factor=lambda f: f["factor"].astype(float))
    same = pd.DataFrame({"claim_measure": st["measures"]["measure"], "official_measure": st["measures"]["measure"],
                         "factor": 1.0, "transform": None})
    forward = pd.DataFrame({"claim_measure": t["from_measure"], "official_measure": t["to_measure"],
                            "factor": t["factor"], "transform": t["transform"]})
    backward = pd.DataFrame({"claim_measure": t["to_measure"], "official_measure": t["from_measure"],
                             "factor": 1.0 / t["factor"], "transform": t["transform"]})
    return pd.concat([same, forward, backward], ignore_index=True)


def _batches(claims: pd.DataFrame, officials: pd.DataFrame) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """(claims, officials) of one topic and measure family, in claim batches of bounded pair count."""
    groups = dict(tuple(officials.groupby(["topic", "measure_family"])))
    for key, group in claims.groupby(["topic", "measure_family"]):
        offs = groups.get(key)
        if offs is None:
            continue
        size = max(1, CANDIDATE_BATCH // len(offs))
        for start in range(0, len(group), size):
            yield group.iloc[start:start + size], offs


def _first(pairs: pd.DataFrame, mask: pd.Series, key: pd.Series) -> pd.DataFrame:
    """Per claim, the pair with the smallest key among those where mask holds."""
    picked = key[mask].groupby(pairs.loc[mask, "claim_id"]).idxmin()
    return pairs.loc[picked.to_numpy()].set_index("claim_id")


def claim_facts(claims: pd.DataFrame, officials: pd.DataFrame, pairs_table: pd.DataFrame,
                attributions: pd.DataFrame) -> pd.DataFrame:
    """Per claim: current and at-writing figure, earlier match, cited-source counts, nearest look-alike."""
    span = int(officials["order_tail"].max()) + 1 if len(officials) else 1
    facts = []
    for batch, offs in _batches(claims[_is(claims["in_scope"])], officials):
        p = batch.merge(offs, on=["topic", "measure_family"], suffixes=("", "_o"))
        p = p.merge(pairs_table, left_on=["measure", "measure_o"], right_on=["claim_measure", "official_measure"],
                    how="left")
        p = p.merge(attributions, left_on=["attributed_source", "producer_id_o"],
                    right_on=["attributed_source", "cited_producer"], how="left")
        differing = (
            p["factor"].isna().astype(int)
            + _is((p["subject"] != "unknown") & p["subject_kind"].notna() & (p["subject_kind"] != "organisation")
                  & p["occupation"].notna() & p["occupation_o"].notna() & (p["occupation"] != p["occupation_o"]))
            + _is(p["universe"].notna() & p["universe_o"].notna() & (p["universe"] != p["universe_o"]))
            + _is(p["activity"].notna() & (p["activity"] != p["activity_o"].fillna("any")))
            + _is(p["geography"].notna() & p["geography_o"].notna() & (p["geography"] != p["geography_o"]))
            + p["industry_o"].notna().astype(int)
        )
        p["overlaps"] = ((p["value_low"].fillna(-np.inf) < (p["value_high_o"] * p["factor"]).fillna(np.inf))
                         & ((p["value_low_o"] * p["factor"]).fillna(-np.inf) < p["value_high"].fillna(np.inf)))
        p["cited"] = p["cited_producer"].notna()
        key = (p["order_head"] * 2 + p["transform"].notna().astype("int64")) * span + p["order_tail"]
        compatible = differing == 0
        current = _first(p, compatible, key)
        cur_end = p["claim_id"].map(current["period_end_o"])
        at_writing = _first(p, compatible & p["document_date"].notna() & p["released_on_o"].notna()
                            & (p["released_on_o"] <= p["document_date"]), key)
        earlier = _first(p, compatible & p["overlaps"] & p["period_end_o"].notna() & cur_end.notna()
                         & (p["period_end_o"] < cur_end), key)
        nearest = _first(p, pd.Series(True, index=p.index), differing.astype("int64") * (key.max() + 1) + key)
        cited = p[compatible & p["cited"]].groupby("claim_id")["overlaps"].agg(["size", "sum"])
        facts.append(pd.DataFrame({
            "current_id": current["observation_id_o"], "current_overlaps": current["overlaps"],
            "current_period_end": current["period_end_o"],
            "at_writing_id": at_writing["observation_id_o"], "at_writing_overlaps": at_writing["overlaps"],
            "earlier_match_id": earlier["observation_id_o"], "cited_source_figures": cited["size"],
            "cited_source_matches": cited["sum"], "nearest_id": nearest["observation_id_o"],
        }, index=nearest.index))
    columns = ["current_id", "current_overlaps", "current_period_end", "at_writing_id", "at_writing_overlaps",
               "earlier_match_id", "cited_source_figures", "cited_source_matches", "nearest_id"]
    found = pd.concat(facts) if facts else pd.DataFrame(columns=columns)
    return claims.set_index("claim_id").join(found[columns], how="left")


def verdicts(facts: pd.DataFrame) -> pd.DataFrame:
    """The verdict cascade of curated_reconcile.sql, first matching rule wins."""
    f = facts
    no_current = f["current_id"].isna()
    stated = f["period_inferred"].eq(False)
    newer = f["at_writing_id"].notna() & (f["at_writing_id"] != f["current_id"])
    rules = [
        (f["in_scope"].eq(False), "unverifiable"),
        (no_current & f["nearest_id"].notna(), "not_comparable"),
        (no_current, "unverifiable"),
        (_is(f["current_overlaps"]), "confirmed"),
        (newer & _is(f["at_writing_overlaps"]), "outdated"),
        (stated & _is(f["period_end"] < f["current_period_end"]), "outdated"),
        (f["earlier_match_id"].notna(), "outdated"),
        (stated & _is(f["period_end"] > f["current_period_end"]), "unverifiable"),
        (f["cited_source_figures"].fillna(0).gt(0) & f["cited_source_matches"].fillna(0).eq(0), "misattributed"),
    ]
    verdict = np.select([mask.to_numpy() for mask, _ in rules], [name for _, name in rules], "contradicted")
    checked = np.where(verdict == "not_comparable", f["nearest_id"], f["current_id"])
    return pd.DataFrame({"observation_id": f.index, "verdict": verdict, "checked_against": checked}).assign(
        checked_against=lambda v: v["checked_against"].where(pd.notna(v["checked_against"]), None))


def reconcile_claims(st: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, int]:
    """(verdict and checked figure per claim, number of observations) from the staging tables."""
    obs = observations(st)
    officials = ranked_officials(st, obs)
    claims = obs[(obs["kind"] == "claim") & obs["measure_kind"].notna()].rename(columns={"observation_id": "claim_id"})
    claims = claims[["claim_id", "topic", "measure_family", "measure", "subject", "subject_kind", "occupation",
                     "universe", "activity", "geography", "period_end", "period_inferred", "value_low", "value_high",
                     "attributed_source", "in_scope", "document_date"]]
    attributions = st["attributions"].assign(cited_producer=lambda a: a["producer_ids"].str.split("|")).explode(
        "cited_producer")[["attributed_source", "cited_producer"]].drop_duplicates()
    offs = officials.rename(columns={c: f"{c}_o" for c in OFFICIAL_COLUMNS if c not in ("topic", "measure_family")})
    facts = claim_facts(claims, offs, measure_pairs(st), attributions)
    return verdicts(facts).sort_values("observation_id", ignore_index=True), len(obs)
