"""The names ``community-model schema TYPE`` knows: the registry's, grouped for help texts."""

from __future__ import annotations

import textwrap

from community_model._registry import TYPES


def _wrapped(title: str, names: list[str]) -> str:
    body = textwrap.fill(", ".join(names), width=76, initial_indent="  ", subsequent_indent="  ")
    return f"{title}\n{body}"


def schema_help() -> str:
    """The list of TYPE names, grouped, for ``schema --help`` and unknown names."""
    records = [entry.name for entry in TYPES if entry.group == "record"]
    values = sorted(entry.name for entry in TYPES if entry.group == "value")
    return "\n".join(
        [
            "whole files:\n  document (the default), line (one line of a JSON Lines file)",
            _wrapped(
                "records (街道/镇, 社区/村, 党组织, 共建单位, 人员, 结对共建, 为民服务项目, 活动):",
                records,
            ),
            _wrapped("values and parts of records:", values),
        ]
    )
