from __future__ import annotations

import re
from datetime import UTC, datetime

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from groepsinzicht.errors import SchemaError
from groepsinzicht.schema import (
    MEMBER_ROLE,
    POST_TYPE,
    REACTION_TYPE,
    TABLES,
    check_unique,
    empty,
    validate,
)
from groepsinzicht.schema import (
    UTC as UTC_DTYPE,
)


def _post(**cols: object) -> pl.DataFrame:
    base: dict[str, object] = {
        "container_id": ["g1"],
        "post_id": ["g1_1"],
        "created_at": [datetime(2024, 5, 1, 12, tzinfo=UTC)],
    }
    base.update(cols)
    return pl.DataFrame(base)


def test_enums_have_exactly_the_design_values():
    assert REACTION_TYPE.categories.to_list() == [
        "like", "love", "care", "haha", "wow", "sad", "angry", "other"]
    assert POST_TYPE.categories.to_list() == [
        "status", "photo", "video", "link", "event", "poll", "share", "live", "other"]
    assert MEMBER_ROLE.categories.to_list() == [
        "admin", "moderator", "member", "organization", "unknown"]


@pytest.mark.parametrize("table", list(TABLES))
def test_empty_tables_have_canonical_schema(table):
    df = empty(table)
    assert df.height == 0
    assert df.schema == TABLES[table].schema
    assert_frame_equal(validate(table, None), df)


def test_integer_ids_become_strings():
    out = validate("posts", _post(container_id=[123], post_id=[456]))
    assert out.row(0, named=True)["container_id"] == "123"
    assert out.schema["post_id"] == pl.String


def test_strings_become_enum_and_defaults_fill():
    out = validate("posts", _post(post_type=["video"]))
    assert out.schema["post_type"] == POST_TYPE
    assert out.get_column("post_type").to_list() == ["video"]
    filled = validate("posts", _post())
    assert filled.get_column("post_type").to_list() == ["other"]
    members = validate("members", pl.DataFrame({"container_id": ["g"], "member_id": ["m"]}))
    assert members.row(0, named=True)["role"] == "unknown"
    assert members.row(0, named=True)["is_organization"] is False


def test_null_in_defaulted_column_takes_default():
    out = validate("posts", _post(post_type=[None]))
    assert out.get_column("post_type").to_list() == ["other"]


def test_unknown_enum_value_names_table_column_and_row():
    df = pl.DataFrame({"container_id": ["g", "g"], "target_id": ["p", "q"],
                       "target_kind": ["post", "post"], "reaction_type": ["like", "yay"]})
    with pytest.raises(SchemaError, match=re.escape("reactions: column 'reaction_type', row 1")):
        validate("reactions", df)


def test_missing_required_column_without_default():
    with pytest.raises(SchemaError, match=re.escape("posts: column 'created_at': expected a column")):
        validate("posts", pl.DataFrame({"container_id": ["g"], "post_id": ["p"]}))


def test_null_in_required_column_names_row():
    df = _post(post_id=["a"]).vstack(_post(post_id=[None]).cast({"post_id": pl.String}))
    with pytest.raises(SchemaError, match=re.escape("posts: column 'post_id', row 1")):
        validate("posts", df)


def test_missing_nullable_columns_become_null():
    out = validate("posts", _post())
    assert out.columns == TABLES["posts"].columns
    assert out.get_column("views").null_count() == 1
    assert out.schema["mentions"] == pl.List(pl.String)


def test_naive_datetime_needs_tz():
    df = _post(created_at=[datetime(2024, 5, 1, 12)])  # noqa: DTZ001 - naive on purpose
    with pytest.raises(SchemaError, match="naive datetimes"):
        validate("posts", df)
    out = validate("posts", df, tz="Europe/Amsterdam")
    assert out.row(0, named=True)["created_at"] == datetime(2024, 5, 1, 10, tzinfo=UTC)


def test_dst_rules_for_local_times():
    naive = [datetime(2024, 10, 27, 2, 30), datetime(2024, 3, 31, 2, 30)]  # noqa: DTZ001
    out = validate("posts", pl.DataFrame({
        "container_id": ["g", "g"], "post_id": ["a", "b"], "created_at": naive}),
        tz="Europe/Amsterdam")
    got = out.get_column("created_at").to_list()
    # Ambiguous autumn hour: first occurrence (CEST, UTC+2).
    assert got[0] == datetime(2024, 10, 27, 0, 30, tzinfo=UTC)
    # Non-existent spring time moves forward an hour: 03:30 CEST.
    assert got[1] == datetime(2024, 3, 31, 1, 30, tzinfo=UTC)


def test_other_time_zone_converted_to_utc_microseconds():
    s = pl.Series("created_at", [datetime(2024, 1, 1, 12)]).cast(  # noqa: DTZ001
        pl.Datetime("ms")).dt.replace_time_zone("Europe/Amsterdam")
    out = validate("posts", _post(created_at=s))
    assert out.schema["created_at"] == UTC_DTYPE
    assert out.row(0, named=True)["created_at"] == datetime(2024, 1, 1, 11, tzinfo=UTC)


def test_counts_coerced_from_whole_floats_and_small_ints():
    out = validate("posts", _post(views=[3.0], reach=pl.Series([7], dtype=pl.Int16)))
    assert out.row(0, named=True)["views"] == 3
    assert out.schema["reach"] == pl.Int64


def test_fractional_counts_refused():
    with pytest.raises(SchemaError, match=re.escape("posts: column 'views', row 0: expected whole numbers, got 2.5")):
        validate("posts", _post(views=[2.5]))


def test_string_counts_refused():
    with pytest.raises(SchemaError, match=re.escape("posts: column 'views': expected Int64 counts, got dtype String")):
        validate("posts", _post(views=["12"]))


def test_float_ids_refused():
    with pytest.raises(SchemaError, match="strings"):
        validate("posts", _post(post_id=[1.5]))


def test_mentions_from_int_lists():
    out = validate("posts", _post(mentions=[[1, 2]]))
    assert out.get_column("mentions").to_list() == [["1", "2"]]


def test_bool_column_refuses_strings():
    df = pl.DataFrame({"container_id": ["g"], "member_id": ["m"], "is_organization": ["yes"]})
    with pytest.raises(SchemaError, match="is_organization"):
        validate("members", df)


def test_extra_columns_left_out_and_lazy_accepted():
    out = validate("posts", _post(extra=[1]).lazy())
    assert "extra" not in out.columns


def test_unknown_table():
    with pytest.raises(SchemaError, match="expected one of"):
        validate("nope", None)


def test_check_unique_reports_duplicate_key():
    df = validate("containers", pl.DataFrame({"container_id": ["g", "g"], "kind": ["group", "page"]}))
    with pytest.raises(SchemaError, match=re.escape("containers: column 'container_id', row 1: expected unique keys")):
        check_unique("containers", df)
