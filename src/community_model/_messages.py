"""Every message the library reports, each written once: its problem code, its template, the
code's title and its severity.

Checks report a problem by naming its message here (``TOO_LONG.at(path, most=..., found=...)``);
the parameters travel as data and the message is rendered from the template (see
:class:`~community_model._errors.Message`). Keeping them in one module means that every problem
code and its title (:data:`~community_model.PROBLEM_CODES`, the docs' table of codes, the
``title`` of problem details) is known as soon as the package is imported, whatever extras are
installed and whatever modules have been loaded, and that the wording of all messages can be
read, compared and translated in one place. Each section names the module that reports its
messages; the sections keep the order in which the codes were first published (the order of
``PROBLEM_CODES``). Only the two messages of ``_errors.Problems`` itself (more
problems than listed) stay in ``_errors.py``, which this module builds on.
"""

from __future__ import annotations

from typing import Final

from community_model._errors import Message, Severity

# -- Arrow tables and Parquet files (_arrow/, declared without pyarrow) ---------------------------

ARROW_RANGE: Final = Message(
    "arrow_range",
    "{field} does not fit its Arrow type {arrow_type}: {reason}",
    title="A value does not fit its Arrow type (an amount beyond decimal128)",
)
VERSION_TEXT: Final = Message(
    "schema_version",
    "{what} gives {key} {got!r}, not a whole number from 1",
    title="A file gives a schema_version that is not a whole number from 1",
)
MISSING_COLUMN: Final = Message(
    "missing", "{field} is required, and the table has no column {column!r}"
)
NOT_A_TABLE: Final = Message(
    "unknown_field", "{table!r} is not a table of a dataset (the tables are {tables})"
)

# -- field rules and wire types (reported by _codegen.py from _rules.RULES) -----------------------

TYPE: Final = Message(
    "type", "{field} must be {expected} (got {got})", title="A value has the wrong JSON type"
)
NOT_OBJECT: Final = Message("type", "{owner} must be a JSON object (got {got})")
NULL: Final = Message(
    "null", "{field} must not be null{hint}", title="A field that cannot be null is null"
)
MISSING: Final = Message(
    "missing", "{field} is required in {owner}", title="A required field is missing"
)
UNKNOWN_FIELD: Final = Message(
    "unknown_field",
    "{key!r} is not a field of {owner} ({remedy})",
    title="A field the record does not have",
)
ENUM: Final = Message(
    "enum", "{field} must be one of {codes} (got {got})", title="A code is not in its vocabulary"
)
#: A string where a vocabulary member is needed, when a record is built in Python.
ENUM_TEXT: Final = Message(
    "enum",
    "{field} must be a member of {vocabulary}, not {got}: give {member}, or "
    "{vocabulary}.parse({text}) to read a wire code or a Chinese label",
)
#: A plain value where a value type is needed, when a record is built in Python.
TYPE_REMEDY: Final = Message("type", "{field} must be {expected}, not {got}: give {remedy}")
CONTROL_CHARACTER: Final = Message(
    "control_character",
    "{field} must not contain control characters or lone surrogates "
    "(got {char!r} at position {position})",
    title="Text holds a control character or a lone surrogate",
)
EMPTY: Final = Message(
    "empty",
    "{field} must have at least {least} {unit} (got {found})",
    title="A required text or list is empty or blank",
)
TOO_SHORT: Final = Message(
    "too_short",
    "{field} must have at least {least} {unit} (got {found})",
    title="A text or list is shorter than its minimum",
)
TOO_LONG: Final = Message(
    "too_long",
    "{field} must have at most {most} {unit} (got {found})",
    title="A text or list is longer than its maximum",
)
TOO_SMALL: Final = Message(
    "too_small", "{field} must be >= {floor} (got {got})", title="A number is below its minimum"
)
TOO_LARGE: Final = Message(
    "too_large", "{field} must be <= {ceiling} (got {got})", title="A number is above its maximum"
)
PATTERN: Final = Message(
    "pattern",
    "{field} must be {rule} (got {got})",
    title="Text does not have the form its field requires",
)
DUPLICATE: Final = Message(
    "duplicate", "{got} is listed more than once", title="An item is listed more than once"
)
REFERENCE_KIND: Final = Message(
    "reference_kind",
    "{field} must be one of {kinds} here (got {got})",
    title="A reference points to a kind of record that is not allowed there",
)
NOT_FINITE: Final = Message(
    "not_finite", "{field} must be finite (got {got})", title="A number is infinite or not a number"
)
NAIVE: Final = Message(
    "naive_datetime",
    "{field} must carry a time zone (got naive {got})",
    title="A moment carries no time zone",
)
OFFSET: Final = Message(
    "offset",
    "{field} must have a UTC offset of whole minutes, as ISO 8601 writes it "
    "(got {got}, a local mean time)",
    title="A moment's UTC offset is not a whole number of minutes",
)
COUNTS_WHAT: Final = Message(
    "measure_word",
    "{field} must count {allowed} (got {got})",
    title="A count counts something its field does not count, or an unknown measure word",
)
PRECISION: Final = Message(
    "precision",
    "{field} must have at most {places} decimal places (got {got})",
    title="A decimal has more places than its field allows",
)
IMPLAUSIBLE: Final = Message(
    "implausible",
    "{field} is {got}, outside what records of this field hold ({low} to {high}: {why})",
    Severity.WARNING,
    title="A value lies outside what records of its field hold (a warning)",
)

# -- counts (_values/count.py) --------------------------------------------------------------------

CANONICAL_TEXT: Final = Message(
    "pattern",
    "a count must be written N, 约N, N余, 至少N, 近N, 至多N or 不足N with N a whole number "
    "without leading zeros, then its measure word (got {got})",
)
PROSE_TEXT: Final = Message(
    "count_text",
    "a count must be a number with at most one qualifier (约, 余, 多, 近, 至少, 以上, 不足 ...) "
    "and a measure word (got {got})",
    title="A count's text cannot be read as a number, a qualifier and a measure word",
)
UNKNOWN_WORD: Final = Message(
    "measure_word", "{word!r} is not a measure word this library knows (known: {known}; got {got})"
)
NOTHING_LESS: Final = Message(
    "less_than_zero",
    "a count cannot be less than 0 (got {got})",
    title="A count says fewer than zero",
)

# -- unified social credit codes (_values/credit.py) ----------------------------------------------

CREDIT_CHECK_CHARACTER: Final = Message(
    "check_character",
    "{field} must end in the check character {expected!r} (got {got!r})",
    title="A code's check character does not match its other characters",
)

# -- division codes (_values/division.py) ---------------------------------------------------------

EDITION: Final = Message("pattern", "the edition after '@' must be a 4-digit year (got {got})")
DIVISION_PROVINCE: Final = Message(
    "province",
    "{field} must start with a province code of GB/T 2260 (got {got!r})",
    title="A code does not start with a province code of GB/T 2260",
)
SEGMENT: Final = Message(
    "code_segment",
    "{field} must have a {segment} segment other than {zeros} (got {got!r})",
    title="A division code has a city, township or village segment of zeros",
)
PLACEHOLDER: Final = Message(
    "placeholder_code",
    "{field} has a {segment} segment of {zeros} (got {got!r}): the tables list such placeholder "
    "codes for units with no {segment}s of their own; the code is kept",
    Severity.WARNING,
    title="A division code is a placeholder with a segment of zeros (a warning)",
)

# -- resident ID numbers (_values/identity.py) ----------------------------------------------------

ID_PROVINCE: Final = Message(
    "province", "{field} must start with a province code of GB/T 2260 (got {got})"
)
BIRTH_DATE: Final = Message(
    "birth_date",
    "{field} must hold {what} (got {got})",
    title="An identity number does not hold a real birth date from 1900 to today",
)
ID_CHECK_CHARACTER: Final = Message(
    "check_character", "{field} must end in its check character (got {got})"
)

# -- money and measurements (_values/money.py) ----------------------------------------------------

AMOUNT_TEXT: Final = Message(
    "pattern",
    "an amount of money must be a non-negative decimal with at most 2 places, written without "
    "exponent or sign (got {got})",
)
QUANTITY_TEXT: Final = Message(
    "pattern", "a measurement must be written [~]VALUE UNIT with UNIT one of {units} (got {got})"
)
SIGN: Final = Message(
    "sign",
    "{field} must not carry a minus sign (got {got})",
    title="An amount or quantity carries a minus sign",
)

# -- times (_values/when.py) ----------------------------------------------------------------------

EDTF: Final = Message(
    "edtf", "{what} (got {got})", title="A time is not EDTF text (levels 0 and 1)"
)
DAY_NEEDS_MONTH: Final = Message(
    "date",
    "{field} needs a 'month'",
    title="A date does not exist, or gives a day without its month",
)
DAY_OF_MONTH: Final = Message("date", "{field} must be a day of {month} (got {got})")
SEASON_ALONE: Final = Message(
    "date", "{field}: a season is a year and a season only (no month, day or X digits)"
)
YEAR_DIGITS_ALONE: Final = Message(
    "date", "{field}: unspecified digits of the year (202X, 20XX) stand for a year alone"
)
YEAR_DIGITS_ZERO: Final = Message(
    "date", "{field} must end in {zeros} when its last digits are unspecified (got {got})"
)
UNSPECIFIED_SET: Final = Message("date", "{field} must be unset when it is unspecified (X)")
INFERRED_YEAR_ALONE: Final = Message(
    "date",
    "{field}: a year inferred from the report needs a month, season or day that the source gave "
    "(a year alone is just uncertain: write 2021?)",
)
NAIVE_MOMENT: Final = Message(
    "naive_datetime",
    "a moment must carry a time zone (got naive {got}); pass tz='Asia/Shanghai' to say which",
)
MINUTE_SECONDS: Final = Message(
    "minute",
    "{field}: a moment known to the minute has no seconds (got {got})",
    title="A moment known to the minute gives seconds",
)
START_REQUIRED: Final = Message("missing", "{field} is required unless 'interval' is true")
END_UNEXPECTED: Final = Message(
    "unexpected",
    "{field} must be unset unless 'interval' is true",
    title="A field is set where it must not be",
)
UNKNOWN_NOT_INTERVAL: Final = Message(
    "unexpected", "{field} must be false unless 'interval' is true"
)
UNKNOWN_BUT_GIVEN: Final = Message(
    "unexpected", "{field} must be false when {end!r} is given (an end is known or unknown)"
)
OPEN_INTERVAL: Final = Message(
    "open_interval",
    "an interval must have at least one known end",
    title="An interval has neither end known",
)
INTERVAL_ORDER: Final = Message(
    "interval_order",
    "{field} must not be before 'start' (got {start} to {end})",
    title="An interval ends before it starts",
)
TIME_ZONE: Final = Message(
    "time_zone", "unknown time zone {zone!r} (try 'Asia/Shanghai')", title="A time zone is unknown"
)
LOCAL_TIME: Final = Message(
    "local_time",
    "{moment} in {zone} {what}; give an aware datetime to say which instant is meant",
    title="A local time is ambiguous or does not exist in its time zone",
)
NESTED_INTERVAL: Final = Message(
    "nested_interval",
    "an end of an interval must be a single time (got {got!r})",
    title="An end of an interval is itself an interval",
)
PART_NEEDS_DAY: Final = Message(
    "part_of_day",
    "a part of the day needs a day known exactly: no qualifier, X digits or inferred year "
    "(got {got})",
    title="A part of the day is asked of a day not known exactly",
)
REPORT_DATE: Final = Message(
    "report_date",
    "the report's date must be a single time, a year or more precise (got {got})",
    title="A report's date is not a single time of a year or finer",
)
REPORT_WORDS: Final = Message(
    "report_time",
    "cannot read {got} as a time in a report: known are 近日, 日前, 今年以来, 暑期, a season "
    "(春季 ...), a year (2023年, 2023年度, 今年), a month or a day (7月, 7月17日, 2023年7月17日)",
    title="A report's words for a time are not ones this library reads",
)

# -- schedules (_values/schedule.py) --------------------------------------------------------------

RULE_PART: Final = Message(
    "rrule",
    "{field}: the part {part!r} {what}",
    title="A schedule's recurrence rule is not an RFC 5545 RRULE of days",
)
RULE: Final = Message("rrule", "{field} {what} (got {got})")
LAST_BEFORE_FIRST: Final = Message(
    "interval_order", "{field} must not be before 'first' (got {first} to {last})"
)
NO_RULE: Final = Message(
    "no_rule",
    "the schedule {wording!r} gives no frequency (定期): it has no occurrences to list",
    title="A schedule gives no rule of days (定期): its occurrences cannot be listed",
)
NEEDS_FIRST: Final = Message(
    "needs_first",
    "the rule {rule!r} counts from its first day ({why}); without a 'first' day that is known "
    "exactly, its occurrences are unknown",
    title="A schedule's days depend on a first day that is not known exactly",
)
WINDOW: Final = Message(
    "window",
    "{field} must be a datetime.date (got {got})",
    title="A window of dates is not given as dates",
)
WORDS: Final = Message(
    "schedule_words",
    "cannot read {got} as a schedule: known are 定期, 每天, 每周六 (每周二、四, 每周一至五, "
    "每周末, 每两周六), 每月第一个周六 (每月最后一个周日), 每月15日, 每年3月5日, 每周, 每月, 每年, "
    "每季度, each maybe followed by a part of the day (上午, 晚上 ...)",
    title="A schedule's words are not ones this library reads",
)

# -- unknown values (_values/unknown.py) ----------------------------------------------------------

ALWAYS_TRUE: Final = Message(
    "unknown",
    "{field} of an Unknown is always true (got false)",
    title="An Unknown says it is known",
)

# -- service projects (_entities/projects.py) -----------------------------------------------------

VOTES_CAST: Final = Message(
    "votes_sum",
    "{field} must equal in_favour + against + abstaining = {total} (got {got})",
    title="Vote counts do not add up",
)
VOTES_ELIGIBLE: Final = Message(
    "votes_sum", "{field} must be at least the {total} votes cast (got {got})"
)
OUTCOME_FORM: Final = Message(
    "outcome_form",
    "'quantity' (an amount) and 'before' / 'after' (a change) exclude each other",
    title="An outcome gives both an amount and a change (before and after)",
)
UNIT_MISMATCH: Final = Message(
    "unit_mismatch",
    "'after' must be in the unit of 'before' ({unit}) (got {got})",
    title="A change is measured in two different units",
)
SCOPE: Final = Message(
    "scope",
    "a project must serve at least one community or name its 'street_id'",
    title="A project serves no community and names no street",
)
SELF_PROGRAMME: Final = Message("self_reference", "{field} must not be the own id")

# -- activities (_entities/activities.py) ---------------------------------------------------------

NUMBER_NEEDS_SERIES: Final = Message(
    "series",
    "{field} needs the 'series' it numbers",
    title="A number in a series, or its count of sessions, is given without the series",
)
SESSIONS_NEED_SERIES: Final = Message(
    "series", "{field} counts the sessions of a series: give its 'series'"
)

# -- Party branches, organisations, people (_entities/organisations.py) ---------------------------

HOST: Final = Message(
    "host",
    "exactly one of 'host_community_id' and 'host_organisation_id' must be set (got {got})",
    title="A Party organisation needs exactly one host: a community or an organisation",
)
SELF_PARENT: Final = Message(
    "self_reference",
    "{field} must not be the own id",
    title="A record names itself as its own parent or programme",
)
LEVEL_MEMBERS: Final = Message(
    "level_members",
    "a {level} ({label}) usually has {bound} full members (got {got})",
    Severity.WARNING,
    title="A Party organisation's level does not fit its members (a warning)",
)

# -- streets and communities (_entities/places.py) ------------------------------------------------

DIVISION_LEVEL: Final = Message(
    "division_level",
    "'code' must be a {digits}-digit {level} code (got {got!r})",
    title="A division code has the wrong number of digits for the record's level",
)
KIND_MISMATCH: Final = Message(
    "kind_mismatch",
    "{field} is {kind!r} ({label}) but code {digits} lies in the range of {by_range!r} "
    "({range_label}); the record's kind is kept",
    Severity.WARNING,
    title="A record's kind disagrees with the number range of its code (a warning)",
)

# -- records of every kind (_entities/base.py) ----------------------------------------------------

REFERENCE_TEXT: Final = Message(
    "pattern", "a reference must be KIND:ID with KIND one of {kinds} (got {got})"
)

# -- the three lists (_entities/lists.py) ---------------------------------------------------------

MORE_ADOPTED: Final = Message(
    "list_totals",
    "{field} ({adopted}) says more items were adopted than were collected ({collected})",
    Severity.WARNING,
)

# -- integrity of a dataset (_dataset/integrity.py, and _scale/ out of core) ----------------------

DUPLICATE_ID: Final = Message(
    "duplicate_id",
    "the id {id!r} is already used by {first}",
    title="Two records of one kind have the same id",
)
UNRESOLVED: Final = Message(
    "unresolved_reference",
    "no {kind} ({label}) has the id {id!r}",
    title="A reference names a record the dataset does not hold",
)
CODE_OUTSIDE_STREET: Final = Message(
    "code_outside_street",
    "code {code} does not start with the code of its street {street} ({street_code})",
    title="A community's division code does not start with its street's",
)
PARENT_CYCLE: Final = Message(
    "parent_cycle",
    "{kind} records ({label}) are their own ancestors: {cycle}",
    title="Records are their own ancestors (Party organisations, or projects)",
)
OPEN_BUT_ADOPTED: Final = Message(
    "item_status",
    "the item is {status!r} ({label}) but {count} adoption(s) of it are recorded",
    Severity.WARNING,
    title="An item's status disagrees with the adoptions recorded of it (a warning)",
)
MORE_ITEMS_THAN_REPORTED: Final = Message(
    "list_totals",
    "the list has {found} items recorded but reports {reported} collected",
    Severity.WARNING,
    title="A list's totals disagree with each other or with its items (a warning)",
)
OUTSIDE_PROJECT: Final = Message(
    "outside_project",
    "the activity ({when}) lies outside the life of its project {project} ({period})",
    title="An activity lies outside the life of its project",
)

# -- records to plain data (_wire/converter.py) ---------------------------------------------------

TAG: Final = Message("enum", "'type' must be one of {codes} (got {got})")
TAG_MISSING: Final = Message("missing", "'type' must be one of {codes} (got nothing)")
INVALID: Final = Message(
    "invalid", "{field}: {reason}", title="A value is refused (the message says why)"
)
REQUIRED: Final = Message("missing", "{field} is required")
LENGTH: Final = Message(
    "length",
    "{field} must have exactly {expected} items (got {got})",
    title="A fixed-length array has another number of items",
)

# -- limits of a load (_wire/limits.py) -----------------------------------------------------------

#: A limit exceeded: what was found, the limit, and how to raise it (the command line says
#: that with its own options).
LIMIT: Final = Message(
    "limit",
    "{found}: the limit is {name}={limit:,} ({remedy})",
    title="The input exceeds a limit: size, line size, depth, string or list length",
)

# -- JSON text (_wire/json.py) --------------------------------------------------------------------

SYNTAX: Final = Message(
    "json_syntax",
    "not valid JSON: {reason} at line {line}, column {column} (character {at})",
    title="The text is not valid JSON",
)
TEXT_TYPE: Final = Message("type", "JSON text must be str or bytes (got {got})")
DUPLICATE_KEY: Final = Message(
    "duplicate_key",
    "the key {key!r} is given more than once; one of its values would be lost",
    title="A JSON object gives a key more than once",
)
TOO_DEEP: Final = Message(
    "too_deep", "the JSON nests too deeply to read", title="The JSON nests too deeply to read"
)

# -- JSON Lines (_wire/jsonl.py) ------------------------------------------------------------------

DECODE: Final = Message(
    "encoding",
    "the text cannot be decoded ({reason}); the rest of the input was not read",
    title="The input is not valid text in its encoding",
)

# -- documents (_document.py) ---------------------------------------------------------------------

VERSION_MISSING: Final = Message(
    "missing",
    "a document must give its 'schema_version' (this library reads versions up to {newest})",
)
VERSION_TYPE: Final = Message("type", "'schema_version' must be a whole number from 1 (got {got})")
VERSION_NEWER: Final = Message(
    "newer_schema",
    "{what} was written with schema version {version}, newer than this library reads "
    "({newest}); upgrade community_model to read it",
    title="A document's schema_version is newer than this library reads",
)
NOT_A_DOCUMENT: Final = Message("type", "a document must be a JSON object (got {got})")

# -- sharded files (_scale/) ----------------------------------------------------------------------

UNREADABLE: Final = Message(
    "unreadable_file",
    "the file cannot be read: {reason}; none of its records were converted",
    title="A file of an export cannot be read at all (missing, a directory, no permission)",
)
