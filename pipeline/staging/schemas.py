"""Pandera models: the contract of every staging table.

Parsers keep each raw string next to its typed value (`year_raw` beside `year`), so a row that fails here is
quarantined with the text exactly as it stood in the file.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

OEWS_DATATYPES = [f"{code:02d}" for code in range(1, 18)]
OEWS_SPECIAL_VALUES = ["-", "*", "**", "#", "~"]
EVIDENCE_ROLES = ["primary", "secondary_citation", "secondary_report"]


class _Located(pa.DataFrameModel):
    source_file: Series[str]
    source_line: Series[int] = pa.Field(ge=1)


class OewsDataRow(_Located):
    """One value of the OEWS time-series file (`oe.data.*`), parsed from its 25-character series id."""

    series_id: Series[str] = pa.Field(str_matches=r"^OE[US][NSM]\d{7}[0-9A-Z-]{6}\d{6}\d{2}$")
    areatype_code: Series[str] = pa.Field(isin=["N", "S", "M"])
    area_code: Series[str] = pa.Field(str_length=7)
    industry_code: Series[str] = pa.Field(str_length=6)
    occupation_code: Series[str] = pa.Field(str_matches=r"^\d{6}$")
    datatype_code: Series[str] = pa.Field(isin=OEWS_DATATYPES)
    year: Series[pd.Int64Dtype] = pa.Field(ge=1997, le=2100, nullable=False)
    period: Series[str] = pa.Field(isin=["A01"])
    value: Series[float] = pa.Field(ge=0, nullable=True)
    value_raw: Series[str] = pa.Field(nullable=True)
    footnote_codes: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check(error="value: a number or a BLS special value (-, *, **, #, ~)")
    @classmethod
    def value_is_number_or_flagged_special(cls, df: pd.DataFrame) -> Series[bool]:
        """A missing value must be a BLS special value (`-` with footnote 5 or 8, `*`, `**`, `#`, `~`)."""
        return df["value"].notna() | df["value_raw"].isin(OEWS_SPECIAL_VALUES)

    class Config:
        strict = False
        coerce = False


class ArticleRow(pa.DataFrameModel):
    """One article read from `raw/articles/` with its manifest entry (or file-name defaults)."""

    document_id: Series[str] = pa.Field(unique=True)
    file: Series[str] = pa.Field(str_endswith=".txt")
    title: Series[str] = pa.Field(str_length={"min_value": 1})
    url: Series[str] = pa.Field(nullable=True)
    published_on: Series[pd.Timestamp] = pa.Field(nullable=True)
    sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    text: Series[str] = pa.Field(str_length={"min_value": 1})

    class Config:
        strict = False


class ReferenceFigureRow(_Located):
    """One published figure from `raw/reference/reference_figures.csv`."""

    source_org: Series[str] = pa.Field(str_length={"min_value": 1})
    source_role: Series[str] = pa.Field(isin=EVIDENCE_ROLES)
    url: Series[str] = pa.Field(str_matches=r"^https?://")
    measure: Series[str] = pa.Field(nullable=False)
    value: Series[float] = pa.Field(nullable=False)
    value_raw: Series[str] = pa.Field(nullable=True)
    unit: Series[str] = pa.Field(str_length={"min_value": 1})
    reference_period: Series[str] = pa.Field(str_length={"min_value": 1})
    publisher_id: Series[str] = pa.Field(nullable=False)
    producer_id: Series[str] = pa.Field(nullable=False)

    class Config:
        strict = False


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


RULING_ACTIONS = ["accept_figure", "prefer_source", "mark_not_comparable", "reject_claim"]


class RulingRow(_Located):
    """One editorial ruling from `raw/rulings/rulings.csv`."""

    ruling_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    decided_on: Series[pd.Timestamp] = pa.Field(nullable=False)
    reviewer: Series[str] = pa.Field(str_length={"min_value": 1})
    action: Series[str] = pa.Field(isin=RULING_ACTIONS)
    reason: Series[str] = pa.Field(str_length={"min_value": 1})
    evidence_hash: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$")

    @pa.dataframe_check(error="conflict_id: required for accept_figure, prefer_source and mark_not_comparable")
    @classmethod
    def conflict_actions_name_a_conflict(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["action"] == "reject_claim") | df["conflict_id"].notna()

    @pa.dataframe_check(error="observation_id: required for accept_figure and reject_claim")
    @classmethod
    def figure_actions_name_an_observation(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df["action"].isin(["accept_figure", "reject_claim"]) | df["observation_id"].notna()

    @pa.dataframe_check(error="source_id: required for prefer_source")
    @classmethod
    def prefer_source_names_a_source(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["action"] != "prefer_source") | df["source_id"].notna()

    class Config:
        strict = False
