"""The example dataset shipped as package data is the source page's records, byte for byte."""

from importlib import resources

from community_model import Dataset, dumps
from community_model._examples import EXAMPLE_DATA, suzhou_2023, suzhou_2023_records


def test_package_data_equals_the_records() -> None:
    """suzhou_2023() reads the shipped document; it holds exactly the records built in code."""
    assert suzhou_2023() == Dataset.from_records(suzhou_2023_records())


def test_package_data_is_canonical() -> None:
    """The shipped file is what the library writes (tools/regenerate_example_data.py)."""
    shipped = resources.files("community_model").joinpath(EXAMPLE_DATA).read_text("utf-8")
    assert shipped == dumps(Dataset.from_records(suzhou_2023_records()), indent=True) + "\n"


def test_the_example_dataset_is_clean() -> None:
    """The page's records pass every dataset check: no errors, no warnings."""
    assert suzhou_2023().check() == []
