"""Pandera model of the stored `staging.oews_data` table, validated where it lives (DuckDB) via Pandera's Ibis backend.

The full release is 6 million rows: pulling them into pandas to validate took longer than reading the file and
over 3 GB. The Ibis backend compiles each check to a DuckDB query instead. Rows were already checked one by one
against `OewsDataRow` (same rules, in `oews_parse_data.sql`) and failures quarantined, so this is the table's
contract, and a failure is a bug, raised as a `ContractError`. Each check is one DuckDB query over one column
(about 0.1 s on 6 M rows), so the model keeps the row rules and the series id's layout through its parsed parts
(a 25-character regex or prefix test on `series_id` itself cost 0.5 s each); types and nullability cover the rest.
"""

from __future__ import annotations

import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import pandera.ibis as pa
from pandera.api.ibis.types import IbisData

from pipeline.schemas import OEWS_DATATYPES, OEWS_SPECIAL_VALUES


class OewsDataTable(pa.DataFrameModel):
    """`staging.oews_data` after quarantine: typed, located, flagged values of the OEWS time-series file."""

    series_id: dt.String  # its layout is checked through the parsed parts below
    seasonal_code: dt.String = pa.Field(isin=["U", "S"])
    areatype_code: dt.String = pa.Field(isin=["N", "S", "M"])
    area_code: dt.String = pa.Field(str_length=7)
    industry_code: dt.String = pa.Field(str_length=6)
    occupation_code: dt.String = pa.Field(str_length=6)
    soc_code: dt.String
    datatype_code: dt.String = pa.Field(isin=OEWS_DATATYPES)
    year: dt.Int64 = pa.Field(ge=1997, le=2100)
    period: dt.String = pa.Field(isin=["A01"])
    value: dt.Float64 = pa.Field(ge=0, nullable=True)
    value_raw: dt.String = pa.Field(nullable=True)
    footnote_codes: dt.String = pa.Field(nullable=True)
    is_top_coded: dt.Boolean
    is_not_released: dt.Boolean
    is_low_response: dt.Boolean
    release: dt.String
    release_published_on: dt.Date = pa.Field(nullable=True)
    source_file: dt.String
    source_line: dt.Int64
    snapshot_sha256: dt.String

    @pa.dataframe_check(error="value: a number or a BLS special value (-, *, **, #, ~)")
    @classmethod
    def value_is_number_or_flagged_special(cls, data: IbisData) -> ir.BooleanColumn:
        """A missing value must be a BLS special value, as in `OewsDataRow`."""
        table = data.table
        return table.value.notnull() | table.value_raw.isin(OEWS_SPECIAL_VALUES)

    class Config:
        strict = True
        coerce = False
