"""The panel stage's tables from the staged OEWS years and the SOC crosswalk, in one call per
rule: the long panel, the harmonised detailed panel with its code mapping, units, code changes
and checks (:func:`harmonised_tables`), and a balanced sub-panel (:func:`balanced_tables`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import build, harmonise


@dataclass
class HarmonisedTables:
    long: pd.DataFrame
    harmonised: pd.DataFrame
    codes: pd.DataFrame
    units: pd.DataFrame
    changes: pd.DataFrame
    checks: pd.DataFrame


def code_changes(codes: pd.DataFrame) -> pd.DataFrame:
    """The code-years that harmonisation maps to another code (rule other than ``same``)."""
    return codes[codes["rule"] != "same"]


def harmonised_tables(oews: dict[int, pd.DataFrame], crosswalk: pd.DataFrame) -> HarmonisedTables:
    """Every table of rule panel_harmonise."""
    long = build.long_panel(oews)
    codes, units = harmonise.harmonise_codes(oews, crosswalk)
    panel = harmonise.harmonised_panel(oews, codes, units)
    checks = build.checks(oews, codes, panel)
    return HarmonisedTables(
        long=long, harmonised=panel, codes=codes, units=units, changes=code_changes(codes), checks=checks
    )


def balanced_tables(
    oews: dict[int, pd.DataFrame], crosswalk: pd.DataFrame, start: int, end: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The panel harmonised over the years of ``oews`` (the window May ``start``-``end``
    only), balanced: the balanced panel and the excluded codes with the reason."""
    codes, units = harmonise.harmonise_codes(oews, crosswalk)
    return build.balanced(harmonise.harmonised_panel(oews, codes, units), start, end)
