"""Pandera models of the stored OEWS tables, validated where they live (DuckDB) via Pandera's Ibis backend.

The full release is 6 million rows: pulling them into pandas to validate took longer than reading the file and
over 3 GB. The Ibis backend compiles each check to a DuckDB query instead. Rows were already checked one by one
against `OewsDataRow` (same rules, in `oews_parse_data.sql`) and failures quarantined, so these are the tables'
contracts, and a failure is a bug, raised as a `ContractError`. Each check is one DuckDB query over one column
(about 0.05 s on 6 M rows). The series id, SOC code and flags of `staging.oews_data` are derived from these
columns by its view (`oews_data_view.sql`), so the model checks the parts they are built from.
"""

from __future__ import annotations

import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import pandera.ibis as pa
from pandera.api.ibis.types import IbisData

from pipeline.staging.schemas import OEWS_DATATYPES, OEWS_SPECIAL_VALUES


class OewsValuesTable(pa.DataFrameModel):
    """`staging.oews_values` after quarantine: one typed, located value of the OEWS time-series file per row."""

    seasonal_code: dt.String = pa.Field(isin=["U", "S"])
    areatype_code: dt.String = pa.Field(isin=["N", "S", "M"])
    area_code: dt.String = pa.Field(str_length=7)
    industry_code: dt.String = pa.Field(str_length=6)
    occupation_code: dt.String = pa.Field(str_length=6)
    datatype_code: dt.String = pa.Field(isin=OEWS_DATATYPES)
    year: dt.Int64 = pa.Field(ge=1997, le=2100)
    period: dt.String = pa.Field(isin=["A01"])
    value: dt.Float64 = pa.Field(ge=0, nullable=True)
    value_raw: dt.String = pa.Field(nullable=True)
    footnote_codes: dt.String = pa.Field(nullable=True)
    release: dt.String
    source_line: dt.Int64 = pa.Field(ge=2)

    @pa.dataframe_check(error="value: a number or a BLS special value (-, *, **, #, ~)")
    @classmethod
    def value_is_number_or_flagged_special(cls, data: IbisData) -> ir.BooleanColumn:
        """A missing value must be a BLS special value, as in `OewsDataRow`."""
        table = data.table
        return table.value.notnull() | table.value_raw.isin(OEWS_SPECIAL_VALUES)

    class Config:
        strict = True
        coerce = False


class OewsFilesTable(pa.DataFrameModel):
    """`staging.oews_files`: one row per loaded data file, the provenance every value of that release shares."""

    release: dt.String = pa.Field(unique=True)
    release_published_on: dt.Date = pa.Field(nullable=True)
    source_file: dt.String = pa.Field(unique=True)
    snapshot_sha256: dt.String = pa.Field(str_matches=r"^[0-9a-f]{64}$")

    class Config:
        strict = True
        coerce = False
