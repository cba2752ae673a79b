"""The first hour of a new user (issue 13): errors that say how to give a value, readable
records in a console or a notebook, the version and the licence, extras that hold what their
command needs, and documentation whose code blocks can be copied as shown."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from support import activity, run_python

import community_model
from community_model import (
    ActivityCategory,
    Community,
    CommunityKind,
    CountQualifier,
    Dataset,
    MeasureWord,
    Person,
    ProjectStatus,
    StreetKind,
    ValidationError,
    Vocabulary,
    from_dict,
    to_dict,
)
from community_model._examples import suzhou_2023

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = suzhou_2023()
VOCABULARIES = [
    cls
    for cls in vars(community_model).values()
    if isinstance(cls, type) and issubclass(cls, Vocabulary) and cls is not Vocabulary
]


# -- vocabularies from their wire code or Chinese label -------------------------------------------


def test_parse_reads_codes_names_labels_and_forms() -> None:
    assert CommunityKind.parse("社区") is CommunityKind.RESIDENTS_COMMITTEE
    assert CommunityKind.parse("社区居委会") is CommunityKind.RESIDENTS_COMMITTEE
    assert CommunityKind.parse("residents_committee") is CommunityKind.RESIDENTS_COMMITTEE
    assert CommunityKind.parse("RESIDENTS_COMMITTEE") is CommunityKind.RESIDENTS_COMMITTEE
    assert CommunityKind.parse("村") is CommunityKind.VILLAGE_COMMITTEE
    assert CountQualifier.parse("余") is CountQualifier.MORE_THAN  # a part of 余/多/超过
    assert MeasureWord.parse("名") is MeasureWord.PEOPLE
    assert ProjectStatus.parse(" 已投用 ") is ProjectStatus.IN_USE


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda cls: cls.__name__)
def test_every_member_parses_from_its_code_and_label(vocabulary: type[Vocabulary]) -> None:
    for member in vocabulary:
        assert vocabulary.parse(member.value) is member
        labels = [m.label for m in vocabulary]
        if labels.count(member.label) == 1:
            assert vocabulary.parse(member.label) is member


def test_parse_says_what_it_takes() -> None:
    with pytest.raises(
        ValueError,
        match=r"'街道' is neither a wire code .*residents_committee.* "
        r"nor a Chinese label .*社区居委会",
    ):
        CommunityKind.parse("街道")
    with pytest.raises(ValueError, match="neither"):
        StreetKind.parse(3)  # type: ignore[arg-type]


# -- messages that say how to give a value ------------------------------------------------------


def message_of(call: object) -> str:
    with pytest.raises(ValidationError) as caught:
        call()  # type: ignore[operator]
    return "\n".join(problem.message for problem in caught.value.errors)


@pytest.mark.parametrize("given", ["residents_committee", "社区"])
def test_a_string_for_a_vocabulary_member_says_how_to_give_it(given: str) -> None:
    message = message_of(lambda: Community(id="community:a", name="新城社区", kind=given))
    assert message == (
        f"'kind' must be a member of CommunityKind, not the string {given!r}: give "
        f"CommunityKind.RESIDENTS_COMMITTEE, or CommunityKind.parse({given!r}) to read a wire "
        "code or a Chinese label"
    )


def test_a_string_that_names_no_member_still_shows_how() -> None:
    message = message_of(lambda: Community(id="community:a", name="新城社区", kind="街道"))
    assert "give CommunityKind.RESIDENTS_COMMITTEE, or CommunityKind.parse('街道')" in message


def test_a_string_for_a_time_points_to_when_parse() -> None:
    message = message_of(lambda: activity(when="2024-03-05"))
    assert message == (
        "'when' must be a When, not the string '2024-03-05': give When.parse('2024-03-05')"
    )


@pytest.mark.parametrize(
    ("given", "remedy"),
    [(300, "Count(value=300)"), ("400余人", "parse_count('400余人')")],
)
def test_a_number_or_text_for_a_count_points_to_count(given: object, remedy: str) -> None:
    message = message_of(lambda: activity(participants=given))
    assert message.startswith("'participants' must be a Count, not the ")
    assert f"give {remedy}" in message


def test_loading_keeps_the_wire_message() -> None:
    """On the wire a code is the right thing to give: the message lists the codes."""
    data = {**to_dict(EXAMPLE.communities[0]), "kind": "社区"}
    with pytest.raises(ValidationError) as caught:
        from_dict(data, Community)
    assert "must be one of 'residents_committee'" in caught.value.errors[0].message


# -- readable records ----------------------------------------------------------------------------


def test_a_record_shows_only_the_fields_that_are_set() -> None:
    clinic = next(a for a in EXAMPLE.activities if a.category is ActivityCategory.FREE_CLINIC)
    text = repr(clinic)
    assert text.startswith("Activity(id='activity:")
    assert "None" not in text
    assert "category=ActivityCategory.FREE_CLINIC" in text
    assert (
        "participants=Count(value=400, qualifier=CountQualifier.MORE_THAN, unit=MeasureWord.PEOPLE)"
    ) in text
    assert len(text) < len(str(clinic.__class__)) + 1000


def test_a_person_hides_phone_and_identity_number() -> None:
    person = Person(id="person:a", name="张三", phone="13812345678")
    assert repr(person) == "Person(id='person:a', name='张三', phone='138****5678')"


def test_a_dataset_shows_its_counts() -> None:
    text = repr(EXAMPLE)
    assert text.startswith(f"Dataset({len(EXAMPLE)} records: streets=5, communities=13, ")
    assert "adoptions" not in text  # none: left out
    assert len(text) < 300
    assert repr(Dataset()) == "Dataset(0 records)"
    html = EXAMPLE._repr_html_()
    assert "<table>" in html
    assert "<td>社区/村</td><td style='text-align:right'>13</td>" in html


# -- the version and the licence -------------------------------------------------------------------


def test_the_version_is_the_packages() -> None:
    assert community_model.__version__ == metadata.version("community-model")
    result = run_python("-m", "community_model", "--version")
    assert result.out.strip() == f"community-model {community_model.__version__}"


def test_the_wheel_holds_the_licence(tmp_path: Path) -> None:
    """Build the wheel as a release would, and find the MIT licence in it."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "MIT"
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("community_model-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = [name for name in archive.namelist() if name.endswith("/LICENSE")]
        assert names, archive.namelist()
        assert archive.read(names[0]).decode() == licence


# -- extras that hold what their command needs -----------------------------------------------------


def _extra(name: str) -> list[Requirement]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [Requirement(text) for text in pyproject["project"]["optional-dependencies"][name]]


def _names(extra: str) -> set[str]:
    """The distributions an extra brings, through the extras of this package it names."""
    found: set[str] = set()
    for requirement in _extra(extra):
        if requirement.name == "community-model":
            for inner in requirement.extras:
                found |= _names(inner)
        else:
            found.add(requirement.name.lower())
    return found


def _closure(names: set[str]) -> set[str]:
    """The distributions ``names`` need, installed, with everything they need in turn."""
    found: set[str] = set()
    todo = [name.lower().replace("_", "-") for name in names]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        try:
            needed = metadata.requires(name) or []
        except metadata.PackageNotFoundError:  # not installed here: what it needs is unknown
            continue
        for text in needed:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name.lower().replace("_", "-"))
    return found


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_the_docs_extra_holds_what_the_docs_build_imports() -> None:
    """docs/conf.py and its extensions import hypothesis (the strategies are documented) and
    the example service: ``pip install -e '.[docs]'`` must bring them."""
    sources = [ROOT / "docs" / "conf.py", *sorted((ROOT / "docs" / "_ext").glob("*.py"))]
    modules = set().union(*(_imports(path) for path in sources))
    modules |= {"hypothesis"}  # community_docs imports community_model.strategies
    distributions = metadata.packages_distributions()
    allowed = _closure(_names("docs") | {"community-model"})
    for module in sorted(modules):
        if module in sys.stdlib_module_names or module in {"community_docs", "examples"}:
            continue
        if module == "community_model":
            continue
        owners = {name.lower().replace("_", "-") for name in distributions.get(module, [])}
        if not owners:  # not installed here (sphinx and what it needs, without the docs extra):
            continue  # the docs build of .ci/run finds those; hypothesis is always installed
        assert owners & allowed, f"{module} (from {owners}) is not in the docs extra"


def test_the_test_extra_leaves_the_docs_build_and_pyright_to_the_ci_extra() -> None:
    test = _names("test")
    assert not test & {"sphinx", "myst-parser", "furo", "pyright"}
    ci = _names("ci")
    assert {"sphinx", "pyright", "hypothesis"} <= ci
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/pip install -e '.[test,ci]'" in run


# -- code blocks that can be copied as shown ------------------------------------------------------


@pytest.mark.parametrize(
    "page", [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))], ids=lambda p: p.name
)
def test_python_blocks_hold_no_prompt_transcript(page: Path) -> None:
    """A ``python`` block is code: pasted into a file, it runs (no ``>>>`` prompts in it)."""
    blocks = re.findall(r"^```python\n(.*?)^```", page.read_text(encoding="utf-8"), re.M | re.S)
    for block in blocks:
        assert not re.search(r"^(>>>|\.\.\.) ", block, re.M), block[:200]
