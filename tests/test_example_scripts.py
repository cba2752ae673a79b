"""The scripts in examples/ run and say what they should."""

from pathlib import Path

import pytest
from support import EXAMPLES, PAGE_RECORDS, run_python

from community_model import suzhou_2023


def run(script: str, *arguments: str) -> str:
    """The output of an example script; it must succeed."""
    result = run_python(EXAMPLES / script, *arguments)
    assert result.status == 0, result.err
    return result.out


def test_source_page_prints_every_record() -> None:
    """The source page script lists the 55 records by kind."""
    output = run("source_page.py")
    assert "吴门桥街道" in output
    assert "第三期‘救’在身边,健康集市科普义诊" in output


def test_json_round_trip_reports_the_broken_file(tmp_path: Path) -> None:
    """The JSON script writes, reads back, and lists the five problems with their lines."""
    output = run("json_roundtrip.py", str(tmp_path))
    assert "read both back: equal to what was written" in output
    assert "5 problems:" in output
    assert "line 6: $.street_id: 'street_id' must be a string (got the number 42) [type]" in output
    assert (tmp_path / "suzhou-2023.json").exists()


def test_check_and_query_answers_from_the_page() -> None:
    """The query script finds the clean dataset, the summer class and the clinic's 400余人."""
    output = run("check_and_query.py")
    assert f"{PAGE_RECORDS} records; 0 problems" in output
    assert "“小朋友携手垃圾分类”融合教育主题活动  (20余人)" in output
    assert "北桥街道: 1 activities, participants 400余人" in output


def test_page_records_builds_the_shipped_dataset() -> None:
    """The script that builds the example in code counts what the package ships."""
    assert run("page_records.py") == f"{suzhou_2023()!r}\n"


@pytest.mark.parametrize("script", sorted(p.name for p in EXAMPLES.glob("*.py")))
def test_every_example_is_tested(script: str) -> None:
    """No example script goes untested."""
    tested = {"source_page.py", "json_roundtrip.py", "check_and_query.py", "page_records.py"}
    assert script in tested
