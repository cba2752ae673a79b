"""Mutation testing on demand: mutmut, one core module at a time, with that module's tests.

    .venv/bin/pip install -e '.[test,mutation]'
    .venv/bin/python tools/mutation.py --list             # the modules and their tests
    .venv/bin/python tools/mutation.py values.division    # one module (about 20 s)
    .venv/bin/python tools/mutation.py                    # every module in MODULES
    .venv/bin/python tools/mutation.py --budget 600 --jobs 2 privacy storage

MODULES below is the one table to update when modules move or tests are reorganised: each core
module (source files under src/community_model/) with the test files of its concern (under
tests/). ``--list`` checks that every path in it exists.

Each module runs in its own scratch copy, ``.mutation/<module>/`` (ignored by git): the sources,
the tests and pyproject.toml with a ``[tool.mutmut]`` section for that module alone. mutmut
first runs the module's tests once to learn which tests reach which function, then runs, for
each mutant, only the tests that reach the mutated function, in ``--jobs`` forked workers, with
the ``mutation`` hypothesis profile (few examples, derandomized: tests/conftest.py). Those
workers are forked from the process that ran the tests once, so they would inherit what it
compiled and kept (checks, loaders and dumpers, the fields of each class): a mutant of the code
that compiles them would never run, and the first run would credit only the first test that
compiled each. So, under mutmut, every test starts with nothing compiled
(``_runtime.forget_worked_out``, called by tests/conftest.py when ``MUTANT_UNDER_TEST`` is set).
Every survivor is then tested again in a fresh process (mutmut's fork server, importing the
library anew for each mutant; slower, and only for the survivors); ``--no-recheck`` skips that.
A module that is still running after ``--budget`` seconds is stopped and reported with what it
finished.

The report: per module, the mutants, how many were killed, survived, timed out or reached by no
test of the subset, the score ((killed + timeout) / mutants, as mutmut counts it) and the time;
then every surviving mutant with its file, line and change. It is also written, as Markdown, to
``.mutation/report.md``. To look at one mutant again: ``cd .mutation/<module> &&
../../.venv/bin/mutmut show <name>`` (or ``mutmut browse``).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "src/community_model"
WORK = ROOT / ".mutation"


class Target(NamedTuple):
    """Sources (relative to src/community_model/) and the tests of their concern (to tests/);
    ``left_out``: tests (``file.py::name``) that cannot pass with the sources instrumented."""

    sources: tuple[str, ...]
    tests: tuple[str, ...]
    left_out: tuple[str, ...] = ()


#: The core modules and the tests that specify them. Update this table when modules move.
MODULES: dict[str, Target] = {
    # value types
    "values.division": Target(
        ("_values/division.py",), ("test_division_code.py", "test_integrity.py")
    ),
    "values.credit": Target(("_values/credit.py",), ("test_credit_code.py",)),
    "values.count": Target(("_values/count.py",), ("test_count.py",)),
    "values.money": Target(("_values/money.py",), ("test_money.py",)),
    "values.identity": Target(
        ("_values/identity.py",), ("test_identity.py", "test_privacy.py", "test_personal_leaks.py")
    ),
    "values.when": Target(
        ("_values/when.py",), ("test_when.py", "test_when_refusals.py", "test_integrity.py")
    ),
    "values.schedule": Target(("_values/schedule.py",), ("test_schedule.py",)),
    "values.unknown": Target(("_values/unknown.py",), ("test_unknown.py", "test_reports.py")),
    # the rule table and construction checks, the generator of check / load / dump, the converter
    "rules": Target(
        ("_rules.py", "_record.py"),
        (
            "test_rules.py",
            "test_entities.py",
            "test_codegen.py",
            "test_mutations.py",
            # what the rule table says elsewhere: its JSON Schema fragments, how values are shown
            # and hidden in messages, plausibility warnings
            "test_schema.py",
            "test_converter.py",
            "test_personal_leaks.py",
            "test_reports.py",
            "test_errors.py",
            # the value types whose text is one field (FieldText in _record.py)
            "test_credit_code.py",
            "test_identity.py",
        ),
        # A warning names the code that built the record (stacklevel counts frames from
        # Record.__attrs_post_init__); mutmut's trampoline adds a frame, so it names mutmut.
        ("test_entities.py::test_a_general_branch_of_committee_size_warns",),
    ),
    "codegen": Target(
        ("_codegen.py",),
        ("test_codegen.py", "test_converter.py", "test_mutations.py", "test_adversarial.py"),
    ),
    "converter": Target(
        ("_wire/converter.py",),
        (
            "test_converter.py",
            "test_io.py",
            "test_golden.py",
            "test_mutations.py",
            # the converter's codecs as the wire formats use them: tagged lines, lists, depth
            "test_jsonl.py",
            "test_json.py",
            "test_document.py",
            "test_limits.py",
        ),
    ),
    # text and limits
    "text": Target(
        ("_io.py", "_document.py", "_wire/json.py", "_wire/jsonl.py"),
        ("test_io.py", "test_json.py", "test_jsonl.py", "test_document.py", "test_limits.py"),
    ),
    "limits": Target(("_wire/limits.py",), ("test_limits.py", "test_storage.py")),
    # storage, the dataset's checks, privacy
    "storage": Target(("_storage.py", "_files.py"), ("test_storage.py", "test_files.py")),
    "dataset": Target(
        ("_dataset/integrity.py", "_dataset/findings.py", "_references.py"),
        ("test_integrity.py", "test_references.py", "test_examples.py", "test_privacy.py"),
    ),
    "privacy": Target(("_privacy.py",), ("test_privacy.py", "test_cli_redact.py")),
}

#: mutmut's statuses, as ``mutmut results --all true`` prints them, in the report's columns.
COLUMNS = ("killed", "survived", "timeout", "no tests")
LISTED = ("survived", "no tests", "suspicious", "segfault")


@dataclass
class Mutant:
    name: str
    status: str
    file: str = "?"
    line: int | None = None
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    module: str
    mutants: list[Mutant]
    seconds: float
    note: str = ""

    @property
    def counts(self) -> Counter[str]:
        return Counter(m.status for m in self.mutants)

    @property
    def score(self) -> float | None:
        counts = self.counts
        tested = len(self.mutants) - counts["skipped"]
        return (counts["killed"] + counts["timeout"]) / tested if tested else None


def check_table() -> list[str]:
    """Paths in MODULES that do not exist (the table is stale after a move)."""
    missing = []
    for name, target in MODULES.items():
        for source in target.sources:
            if not (ROOT / PACKAGE / source).is_file():
                missing.append(f"{name}: {PACKAGE}/{source}")
        for test in target.tests:
            if not (ROOT / "tests" / test).is_file():
                missing.append(f"{name}: tests/{test}")
        for test in target.left_out:
            path, _, function = test.partition("::")
            file = ROOT / "tests" / path
            if not file.is_file() or f"def {function}(" not in file.read_text(encoding="utf-8"):
                missing.append(f"{name}: tests/{test}")
    return missing


#: Third-party modules the fork server imports once before forking (never our own: each
#: mutant must import the library afresh; hypothesis is left out, as importing it imports us
#: through its entry point).
PRELOAD = ("attrs", "cattrs", "pendulum", "orjson", "annotated_types", "rich", "sybil")


def mutmut_config(target: Target, *, fresh: bool = False) -> str:
    """The [tool.mutmut] section for one module; ``fresh``: each mutant in a fresh process."""
    isolation = (
        'process_isolation = "forkserver"\n'
        'forkserver_warmup = "import"\n'
        'preload_modules_file = "preload.txt"\n'
        if fresh
        else ""
    )

    def strings(values: list[str]) -> str:
        return "[" + ", ".join(f'"{v}"' for v in values) + "]"

    deselect = [arg for test in target.left_out for arg in ("--deselect", f"tests/{test}")]

    return f"""
[tool.mutmut]
source_paths = ["src/"]
only_mutate = {strings([f"{PACKAGE}/{source}" for source in target.sources])}
pytest_add_cli_args_test_selection = {strings([f"tests/{test}" for test in target.tests])}
pytest_add_cli_args = {strings(["-p", "no:cacheprovider", "-n", "0", *deselect])}
use_git_change_detection = false
{isolation}"""


def prepare(name: str, target: Target) -> Path:
    """A fresh scratch copy for one module: sources, tests, pyproject.toml with its section."""
    work = WORK / name
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", ".hypothesis", "*.pyc")
    shutil.copytree(ROOT / "src", work / "src", ignore=ignore)
    shutil.copytree(ROOT / "tests", work / "tests", ignore=ignore)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if "[tool.mutmut]" in pyproject:
        raise SystemExit("pyproject.toml has a [tool.mutmut] section: this tool writes its own")
    (work / "pyproject.toml").write_text(pyproject + mutmut_config(target), encoding="utf-8")
    (work / "preload.txt").write_text("\n".join(PRELOAD) + "\n", encoding="utf-8")
    return work


def set_fresh(work: Path, target: Target) -> None:
    """Switch a scratch copy's mutmut to a fresh process per mutant (results are kept)."""
    pyproject = (work / "pyproject.toml").read_text(encoding="utf-8")
    base = pyproject[: pyproject.index("\n[tool.mutmut]")]
    (work / "pyproject.toml").write_text(base + mutmut_config(target, fresh=True), encoding="utf-8")


#: Address space allowed to mutmut and each of its workers (bytes; ``--memory`` in GiB). A mutant
#: that drops a limit on a stream reads /dev/zero into memory as fast as it can (one reached 12
#: GB in 20 s of the 2-core machine's time): with a bound it fails on ``MemoryError`` instead of
#: taking the memory of everything else on the machine.
MEMORY: Final = 6 << 30


def mutmut(
    work: Path, *args: str, timeout: float | None = None, memory: int = MEMORY
) -> subprocess.CompletedProcess[str]:
    """Run mutmut in a scratch copy (its own process group, so a time bound stops it whole),
    with at most ``memory`` bytes of address space for it and for each worker it forks."""
    env = {**os.environ, "HYPOTHESIS_PROFILE": "mutation", "PYTHONDONTWRITEBYTECODE": "1"}

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    with subprocess.Popen(
        [sys.executable, "-m", "mutmut", *args],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        preexec_fn=bounded,  # noqa: PLW1509 - this tool starts no thread
    ) as process:
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                output, _ = process.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                output, _ = process.communicate()
            raise TimeoutError(output) from None
    return subprocess.CompletedProcess(process.args, process.returncode, output, "")


def run_module(
    name: str,
    target: Target,
    *,
    budget: float,
    jobs: int,
    recheck: bool = True,
    memory: int = MEMORY,
) -> Outcome:
    work = prepare(name, target)
    log = work / "mutmut.log"
    started = time.monotonic()
    notes = []
    try:
        result = mutmut(work, "run", "--max-children", str(jobs), timeout=budget, memory=memory)
        log.write_text(result.stdout, encoding="utf-8")
        if result.returncode != 0:
            notes.append(f"mutmut exited {result.returncode}: see {log.relative_to(ROOT)}")
    except TimeoutError as stopped:
        log.write_text(str(stopped), encoding="utf-8")
        notes.append(f"stopped at the time bound ({budget:.0f} s): partial results")
    mutants = read_results(work)
    survivors = [m.name for m in mutants if m.status == "survived"]
    left = budget - (time.monotonic() - started)
    if recheck and survivors and not notes and left > 0:
        set_fresh(work, target)
        try:
            result = mutmut(
                work, "run", "--max-children", str(jobs), *survivors, timeout=left, memory=memory
            )
            (work / "recheck.log").write_text(result.stdout, encoding="utf-8")
        except TimeoutError as stopped:
            (work / "recheck.log").write_text(str(stopped), encoding="utf-8")
            notes.append("the recheck of survivors in fresh processes reached the time bound")
        mutants = read_results(work)
        codes = exit_codes(work)
        for mutant in mutants:
            # Only failing tests are a kill here: a fresh process spends CPU time importing the
            # library, so mutmut's CPU limit (estimated from the warm first run) may stop it
            # (SIGXCPU, which mutmut calls a timeout), and a run stopped at the time bound
            # leaves mutants unfinished. A test run that raised (255: the library no longer
            # imports, say) failed.
            if mutant.name in survivors and codes.get(mutant.name) not in RECHECK_KILLS:
                mutant.status = "survived"
        falsely = sum(1 for m in mutants if m.name in survivors and m.status != "survived")
        notes.append(f"{len(survivors)} survivors rechecked in fresh processes: {falsely} killed")
    seconds = time.monotonic() - started
    for mutant in mutants:
        if mutant.status in LISTED:
            locate(work, mutant)
    if not mutants and not notes:
        notes.append(f"no mutants: see {log.relative_to(ROOT)}")
    return Outcome(name, mutants, seconds, "; ".join(notes))


#: Exit codes of a mutant's test run that the recheck counts as a kill: tests failed (1), pytest
#: failed inside (3), or the run raised (255, mutmut's -1).
RECHECK_KILLS = (1, 3, 255)


def exit_codes(work: Path) -> dict[str, int | None]:
    """Each mutant's last exit code, from mutmut's records (``mutants/**/*.meta``)."""
    found: dict[str, int | None] = {}
    for meta in (work / "mutants").rglob("*.meta"):
        found.update(json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {}))
    return found


def read_results(work: Path) -> list[Mutant]:
    result = mutmut(work, "results", "--all", "true", timeout=300)
    found = []
    for line in result.stdout.splitlines():
        key, colon, status = line.strip().rpartition(": ")
        if colon and "__mutmut_" in key:
            found.append(Mutant(key, status))
    return found


def locate(work: Path, mutant: Mutant) -> None:
    """File, line and change of a mutant, from ``mutmut show`` (whose hunks count lines from the
    start of the mutated function) and the original source."""
    diff = mutmut(work, "show", mutant.name, timeout=120).stdout.splitlines()
    hunk: list[str] = []
    for line in diff:
        if line.startswith("--- "):
            mutant.file = line[4:].strip()
        elif line.startswith("@@"):
            hunk = []
        elif line[:1] in (" ", "-", "+") and not line.startswith("+++"):
            hunk.append(line)
    mutant.removed = [line[1:] for line in hunk if line.startswith("-")]
    mutant.added = [line[1:] for line in hunk if line.startswith("+")]
    source = work / mutant.file
    if not source.is_file():
        return
    lines = source.read_text(encoding="utf-8").splitlines()
    old = [line[1:] for line in hunk if line[:1] in (" ", "-")]
    first = next((i for i, line in enumerate(hunk) if line[:1] in ("-", "+")), 0)
    first_old = sum(1 for line in hunk[:first] if line[:1] == " ")
    start, end = function_span(lines, mutant.name)
    for index in range(start, max(start, end - len(old) + 1)):
        window = lines[index : index + len(old)]
        if [w.strip() for w in window] == [o.strip() for o in old]:
            mutant.line = index + first_old + 1
            return


def function_span(lines: list[str], name: str) -> tuple[int, int]:
    """0-based [start, end) of the lines of the mutated function (the whole file if not found).

    Mutant names are ``package.module.x_function__mutmut_3`` or
    ``package.module.xǁClassǁmethod__mutmut_3``.
    """
    mangled = name.rsplit(".", 1)[-1].split("__mutmut_", maxsplit=1)[0]
    path = mangled.split("ǁ")[1:] if "ǁ" in mangled else [mangled.removeprefix("x_")]
    nodes: list[ast.stmt] = ast.parse("\n".join(lines)).body
    found: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef | None = None
    for part in path:
        matches = [
            node
            for node in nodes
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name == part
        ]
        found = matches[-1] if matches else None  # the last: overloads come before the body
        if found is None:
            return 0, len(lines)
        nodes = found.body
    assert found is not None
    first = min([found.lineno, *(d.lineno for d in found.decorator_list)])
    return first - 1, found.end_lineno or len(lines)


# -- the report ------------------------------------------------------------------------------


def percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def rows(outcomes: list[Outcome]) -> list[list[str]]:
    table = []
    for outcome in outcomes:
        counts = outcome.counts
        other = len(outcome.mutants) - sum(counts[c] for c in COLUMNS)
        table.append(
            [
                outcome.module,
                str(len(outcome.mutants)),
                *(str(counts[c]) for c in COLUMNS),
                str(other),
                percent(outcome.score),
                f"{outcome.seconds:.0f} s",
            ]
        )
    return table


HEADER = ["module", "mutants", *COLUMNS, "other", "score", "time"]


def text_report(outcomes: list[Outcome]) -> str:
    table = [HEADER, *rows(outcomes)]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADER))]
    out = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in table
    ]
    for outcome in outcomes:
        if outcome.note:
            out.append(f"{outcome.module}: {outcome.note}")
    for outcome in outcomes:
        listed = [m for m in outcome.mutants if m.status in LISTED]
        if listed:
            out.append(f"\n{outcome.module}: {len(listed)} not killed")
        for mutant in listed:
            out.append(f"  {mutant.file}:{mutant.line or '?'}  [{mutant.status}]  {mutant.name}")
            out.extend(f"    - {line.strip()}" for line in mutant.removed)
            out.extend(f"    + {line.strip()}" for line in mutant.added)
    return "\n".join(out)


def markdown_report(outcomes: list[Outcome], command: str) -> str:
    out = [
        f"`{command}`",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
        *("| " + " | ".join(row) + " |" for row in rows(outcomes)),
    ]
    for outcome in outcomes:
        listed = [m for m in outcome.mutants if m.status in LISTED]
        if outcome.note:
            out += ["", f"{outcome.module}: {outcome.note}"]
        if listed:
            out += ["", f"### {outcome.module}: {len(listed)} not killed", ""]
        for mutant in listed:
            change = "; ".join(
                [
                    *(f"`- {r.strip()}`" for r in mutant.removed),
                    *(f"`+ {a.strip()}`" for a in mutant.added),
                ]
            )
            out.append(f"- `{mutant.file}:{mutant.line or '?'}` {mutant.status}: {change}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("modules", nargs="*", help="modules of the table (default: all)")
    parser.add_argument("--list", action="store_true", help="show the table and check its paths")
    parser.add_argument("--budget", type=float, default=900, help="seconds per module (900)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (2)")
    parser.add_argument(
        "--no-recheck",
        dest="recheck",
        action="store_false",
        help="do not test survivors again in fresh processes (faster; may count false survivors)",
    )
    parser.add_argument(
        "--memory",
        type=float,
        default=MEMORY / (1 << 30),
        help=f"GiB of address space for mutmut and each worker ({MEMORY >> 30})",
    )
    args = parser.parse_args(argv)
    missing = check_table()
    if args.list:
        for name, target in MODULES.items():
            print(f"{name:16} {', '.join(target.sources):28} {', '.join(target.tests)}")
        for path in missing:
            print(f"missing: {path}")
        return 1 if missing else 0
    if missing:
        print("MODULES names paths that do not exist (update the table):", *missing, sep="\n  ")
        return 2
    unknown = [name for name in args.modules if name not in MODULES]
    if unknown:
        parser.error(f"unknown modules {unknown}: choose from {', '.join(MODULES)}")
    try:
        import mutmut  # noqa: F401, PLC0415 - only to say how to install it
    except ImportError:
        print("mutmut is not installed: .venv/bin/pip install -e '.[test,mutation]'")
        return 2
    outcomes = []
    for name in args.modules or list(MODULES):
        print(f"{name}: running ...", flush=True)
        outcome = run_module(
            name,
            MODULES[name],
            budget=args.budget,
            jobs=args.jobs,
            recheck=args.recheck,
            memory=int(args.memory * (1 << 30)),
        )
        outcomes.append(outcome)
        print(text_report([outcome]).splitlines()[1], flush=True)
    report = text_report(outcomes)
    print("\n" + report)
    command = " ".join(["python tools/mutation.py", *(argv if argv is not None else sys.argv[1:])])
    (WORK / "report.md").write_text(markdown_report(outcomes, command), encoding="utf-8")
    print(f"\nMarkdown report: {(WORK / 'report.md').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
