"""Analysis views and DataFrames, checked on the bundled example against rows worked out by hand.

The expected rows below were read off the source page's records (src/community_model/data/):
which street each community sits in, which Party organisation hosts which community, and what
each report says about dates and head counts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pandas as pd
import polars as pl
import pyarrow as pa

from community_model import (
    Funding,
    FundingSource,
    Money,
    analysis_views,
    suzhou_2023,
    to_pandas,
    to_polars,
)

EXAMPLE = suzhou_2023()
VIEWS = analysis_views(EXAMPLE)
BEIJING = ZoneInfo("Asia/Shanghai")


def rows(view: str, *columns: str) -> dict[str, tuple[Any, ...]]:
    """The given columns of each row of a view, by id."""
    return {row["id"]: tuple(row[column] for column in columns) for row in VIEWS[view].to_pylist()}


def test_one_row_per_record_in_order() -> None:
    assert VIEWS["activities"]["id"].to_pylist() == [a.id for a in EXAMPLE.activities]
    assert VIEWS["projects"]["id"].to_pylist() == [p.id for p in EXAMPLE.service_projects]
    assert VIEWS["communities"]["id"].to_pylist() == [c.id for c in EXAMPLE.communities]


def test_activities_with_their_places() -> None:
    """Organisers, communities (held in, or organised by, or through a branch they host),
    streets and districts; an activity without a street keeps its row."""
    found = rows("activities", "organiser_names", "community_names", "street_names", "districts")
    assert found == {
        "activity:wumenqiao-friday-salon": (["吴门桥街道"], [], ["吴门桥街道"], ["姑苏区"]),
        "activity:xincheng-parent-evenings": (
            ["新城社区党委"],
            ["新城社区"],
            ["吴门桥街道"],
            ["姑苏区"],
        ),
        "activity:xincheng-haitang-market": (
            ["新城社区党委"],
            ["新城社区"],
            ["吴门桥街道"],
            ["姑苏区"],
        ),
        "activity:dalong-intangible-heritage": (
            ["大龙社区党委"],
            ["大龙社区"],
            ["吴门桥街道"],
            ["姑苏区"],
        ),
        # 绿色时光社区: the page names no street or district for it.
        "activity:lvse-shiguang-jingshi-signing": (
            ["绿色时光社区党总支", "京师(苏州)律师事务所党支部"],
            ["绿色时光社区"],
            [],
            [],
        ),
        # 南亚花园社区: a district (相城经开区) but no street.
        "activity:nanya-garbage-sorting": (["南亚花园社区"], ["南亚花园社区"], [], ["相城经开区"]),
        # The hospital's branch sits in a unit, not a community: the clinic was held in 盛南社区.
        "activity:caohu-free-clinic-3": (
            ["漕湖人民医院党支部"],
            ["盛南社区"],
            ["北桥街道"],
            ["相城区"],
        ),
        "activity:yuanhe-hyperbaric-lecture": (
            ["元和佳苑社区", "娄北社区", "峰汇园社区", "水韵花都社区"],
            ["元和佳苑社区", "娄北社区", "峰汇园社区", "水韵花都社区"],
            ["元和街道"],  # four communities of one street: the street once
            ["相城区"],
        ),
    }


def test_activities_with_their_dates() -> None:
    """EDTF text, first and last instants in Beijing time, precision, month or year."""
    found = rows("activities", "when", "earliest", "latest", "precision", "month", "year")
    start, end = (
        dt.datetime(2023, 1, 1, tzinfo=BEIJING),
        dt.datetime(2023, 12, 31, 23, 59, 59, 999999, tzinfo=BEIJING),
    )
    assert found["activity:wumenqiao-friday-salon"] == ("2023", start, end, "year", None, 2023)
    assert found["activity:xincheng-parent-evenings"] == (
        "2023/..",
        start,
        None,
        "interval",
        None,
        None,
    )
    assert found["activity:dalong-intangible-heritage"] == (
        "../2023",
        None,
        end,
        "interval",
        None,
        None,
    )
    assert found["activity:nanya-garbage-sorting"] == (
        "2023-07/2023-08",
        dt.datetime(2023, 7, 1, tzinfo=BEIJING),
        dt.datetime(2023, 8, 31, 23, 59, 59, 999999, tzinfo=BEIJING),
        "interval",
        None,
        2023,
    )
    assert found["activity:caohu-free-clinic-3"][2] == dt.datetime(
        2023, 8, 19, 23, 59, 59, 999999, tzinfo=BEIJING
    )


def test_activities_with_their_counts() -> None:
    """400余 is more than 400: at least 401, no upper bound; 20余 at least 21."""
    found = rows(
        "activities",
        "participants_value",
        "participants_qualifier",
        "participants_minimum",
        "participants_maximum",
        "staff_value",
        "staff_minimum",
    )
    assert found["activity:caohu-free-clinic-3"] == (400, "more_than", 401, None, 10, 11)
    assert found["activity:nanya-garbage-sorting"] == (20, "more_than", 21, None, None, None)
    assert found["activity:wumenqiao-friday-salon"] == (None,) * 6


def test_a_link_that_does_not_resolve_keeps_its_row() -> None:
    """An id that names nothing keeps the row and its id; its name is null."""
    activity = attrs.evolve(EXAMPLE.activities[0], community_ids=("community:nowhere",))
    view = analysis_views([activity])["activities"].to_pylist()
    assert len(view) == 1
    assert view[0]["community_ids"] == ["community:nowhere"]
    assert view[0]["community_names"] == [None]
    assert view[0]["organiser_names"] == [None]  # the street is not in this dataset


def test_projects_with_status_funding_and_partners() -> None:
    found = rows(
        "projects", "status", "street_names", "lead_name", "funding_sources", "partner_names"
    )
    assert found["project:qingjiayuan-south-gate-lane"] == (
        "in_use",
        ["白洋湾街道"],
        "清嘉苑社区",
        [],
        ["苏州市市政设施管理处", "清嘉苑小区物业"],
    )
    assert found["project:guoyuan-pocket-park"] == (
        "in_use",
        ["望亭镇"],
        "果园社区党总支",
        ["party_service_fund"],
        [],
    )
    # A street-wide programme serves no community: its street comes from street_id.
    assert found["project:baiyangwan-micro-renovation"][1] == ["白洋湾街道"]
    totals = rows("projects", "funding_total", "funding_amounts_missing")
    assert totals["project:guoyuan-pocket-park"] == (None, 1)  # the page gives no amount


def test_funding_totals_add_the_amounts_given() -> None:
    project = attrs.evolve(
        EXAMPLE.service_projects[2],
        funding=(
            Funding(source=FundingSource.PARTY_SERVICE_FUND, amount=Money.parse("50000")),
            Funding(source=FundingSource.PARTNER, amount=Money.parse("120.5")),
            Funding(source=FundingSource.DONATION),
        ),
    )
    view = analysis_views([project])["projects"]
    assert view.schema.field("funding_total").type == pa.decimal128(38, 2)
    row = view.to_pylist()[0]
    assert row["funding_total"] == Decimal("50120.50")
    assert row["funding_amounts_missing"] == 1
    assert row["funding_sources"] == ["party_service_fund", "partner", "donation"]


def test_communities_with_their_street_and_district_codes() -> None:
    found = rows(
        "communities",
        "street_name",
        "street_code",
        "district",
        "district_code",
        "city",
    )
    assert found["community:xincheng"] == ("吴门桥街道", "320508024", "姑苏区", "320508", "苏州市")
    assert found["community:guoyuan"] == ("望亭镇", "320507100", "相城区", "320507", "苏州市")
    assert found["community:nanya-huayuan"] == (None, None, "相城经开区", None, None)
    assert found["community:lvse-shiguang"] == (None,) * 5
    assert len(found) == 13


def test_views_of_an_empty_dataset_have_their_columns() -> None:
    empty = analysis_views([])
    assert empty["activities"].num_rows == 0
    assert empty["activities"].column_names == VIEWS["activities"].column_names
    assert empty["communities"].column_names == VIEWS["communities"].column_names


# -- DataFrames -------------------------------------------------------------------------------


def test_pandas_dtypes() -> None:
    """tz-aware instants, categoricals of every code, nullable integers, flattened structs."""
    frame = to_pandas(EXAMPLE)["activities"]
    dtypes = frame.dtypes
    assert str(dtypes["when.earliest"]) == "datetime64[us, Asia/Shanghai]"
    assert isinstance(dtypes["category"], pd.CategoricalDtype)
    assert "free_clinic" in dtypes["category"].categories
    assert dtypes["participants.minimum"] == pd.Int64Dtype()
    assert dtypes["number"] == pd.Int64Dtype()
    clinic = frame.set_index("id").loc["activity:caohu-free-clinic-3"]
    assert clinic["participants.minimum"] == 401
    assert pd.isna(clinic["participants.maximum"])
    views = to_pandas(VIEWS)
    assert views["projects"]["funding_amounts_missing"].dtype == pd.Int64Dtype()


def test_polars_dtypes() -> None:
    frames = to_polars(EXAMPLE)
    schema = frames["activities"].schema
    assert schema["category"] == pl.Categorical
    when = schema["when"]
    assert isinstance(when, pl.Struct)
    assert dict(when.to_schema())["earliest"] == pl.Datetime("us", "Asia/Shanghai")
    assert schema["number"] == pl.Int64
    project = attrs.evolve(
        EXAMPLE.service_projects[2],
        funding=(Funding(source=FundingSource.GOVERNMENT, amount=Money.parse("50000")),),
    )
    projects = to_polars([project])["service_projects"]
    amount = projects.select(pl.col("funding").list.first().struct.field("amount"))
    assert dict(amount.schema["amount"].to_schema())["amount"] == pl.Decimal(38, 2)
    views = to_polars(VIEWS)
    assert views["activities"].height == len(EXAMPLE.activities)
