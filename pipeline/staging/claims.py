"""Claims: every numeric claim the extractor finds in `staging.documents`, with its exact span.

The extractor (`pipeline.extract.claims.extract_claims`) is pure; this module turns its records into the
`staging.claims` and `staging.claim_occurrences` tables and quarantines any record that breaks the contract.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.extract.claims import extract_claims
from pipeline.extract.dates import find_page_date
from pipeline.extract.model import Claim
from pipeline.sqlfiles import run_script
from pipeline.staging import Loaded
from pipeline.staging.quarantine import Validated, replace_quarantine, validate_rows

HERE = Path(__file__).resolve().parent

log = logging.getLogger(__name__)
SOURCE = "claims"
# the extractor's vocabulary (measures, subjects, organisations) is read from raw/definitions
RAW_INPUTS = ("definitions",)
TABLES = ("staging.claims", "staging.claim_occurrences", "staging.quarantine")
CLAIM_ID_COLUMNS = ["claim_id", "document_id", "document_sha256", "source_file", "source_line", "occurrence_count"]
# Read by reconciliation; NULL when the extractor does not tell (e.g. "total workforce" -> all_jobs).
OPTIONAL_CLAIM_COLUMNS = ["universe"]
OCCURRENCE_COLUMNS = ["claim_id", "document_id", "value_start", "value_end", "value_text"]


class ClaimRow(pa.DataFrameModel):
    """One claim the extractor found; spans must give back the quote (checked again after loading)."""

    claim_id: Series[str] = pa.Field(unique=True)
    document_id: Series[str]
    value: Series[float]
    value_text: Series[str] = pa.Field(str_length={"min_value": 1})
    char_start: Series[int] = pa.Field(ge=0)
    char_end: Series[int] = pa.Field(ge=1)
    value_start: Series[int] = pa.Field(ge=0)
    value_end: Series[int] = pa.Field(ge=1)
    qualifier: Series[str] = pa.Field(isin=["exact", "approx", "lower_bound", "upper_bound", "range"])
    measure: Series[str]
    subject: Series[str]
    unit: Series[str]

    @pa.dataframe_check(error="value_start: the value span lies inside the quote span")
    @classmethod
    def value_span_inside_quote_span(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["char_start"] <= df["value_start"]) & (df["value_end"] <= df["char_end"])

    class Config:
        strict = False



def stable_claim_id(document_id: str, value_text: str, measure: str, seen: dict[str, int]) -> str:
    """`<document_id>:<hash of the number as written and its measure>[-n]`: editing other parts of an article
    keeps its claims' ids (and the rulings bound to them); a repeat of the same key in reading order gets -2, -3."""
    key = hashlib.sha256(f"{value_text}|{measure}".encode()).hexdigest()[:10]
    seen[key] = seen.get(key, 0) + 1
    return f"{document_id}:{key}" + (f"-{seen[key]}" if seen[key] > 1 else "")


def claims_frame(documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(claims, occurrences) for every document, in reading order."""
    claim_rows, occurrence_rows = [], []
    for doc in documents.itertuples():
        url = doc.url if isinstance(getattr(doc, "url", None), str) and doc.url else None
        # the manifest's date (staging.documents), else the page's own: its header, or a full date in its URL
        published_on = doc.published_on if isinstance(doc.published_on, date) else find_page_date(doc.text, url)
        seen: dict[str, int] = {}
        for claim in extract_claims(doc.text, published_on, url):
            record = dataclasses.asdict(claim)
            occurrences = record.pop("occurrences")
            claim_id = stable_claim_id(doc.document_id, claim.value_text, claim.measure, seen)
            record.update(claim_id=claim_id, document_id=doc.document_id, document_sha256=doc.sha256,
                          source_file=doc.source_file, source_line=doc.text.count("\n", 0, claim.value_start) + 1,
                          occurrence_count=1 + len(occurrences))
            claim_rows.append(record)
            occurrence_rows.extend({"claim_id": claim_id, "document_id": doc.document_id, **occ} for occ in occurrences)
    columns = [f.name for f in dataclasses.fields(Claim) if f.name != "occurrences"]
    columns += [name for name in OPTIONAL_CLAIM_COLUMNS if name not in columns] + CLAIM_ID_COLUMNS
    claims = pd.DataFrame.from_records(claim_rows, columns=columns)
    return claims, pd.DataFrame.from_records(occurrence_rows, columns=OCCURRENCE_COLUMNS)


def load_claims(con: duckdb.DuckDBPyConnection) -> Validated:
    """(Re)build `staging.claims` and `staging.claim_occurrences` from `staging.documents`."""
    documents = con.execute("SELECT * FROM staging.documents ORDER BY document_id").df()
    documents["published_on"] = [d.date() if pd.notna(d) else None for d in pd.to_datetime(documents["published_on"])]
    claims, occurrences = claims_frame(documents)
    checked = validate_rows(claims, ClaimRow, source=SOURCE)
    con.register("claims_frame", checked.valid)
    con.register("occurrences_frame", occurrences)
    run_script(con, HERE / "claims.sql")
    con.unregister("claims_frame")
    con.unregister("occurrences_frame")
    replace_quarantine(con, SOURCE, checked.quarantined)
    log.info("claims: %d found in %d documents, %d quarantined", len(checked.valid), len(documents),
             len(checked.quarantined))
    return checked


def load(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> Loaded:
    checked = load_claims(con)
    return Loaded(rows=len(checked.valid), quarantined=len(checked.quarantined),
                  summary=f"{len(checked.valid)} claims found")
