"""Match Anthropic Economic Index task texts to O*NET task statements (spec REQ-PROC-01..03).

1. **Normalise** both sides (lower case, punctuation removed, whitespace collapsed).
2. **Exact** match of the normalised AEI text against the normalised statements.
3. **Fuzzy** match of what is left: the best statement by a rapidfuzz scorer (``ratio``, the
   Levenshtein similarity the seed project used, by default), kept when the score reaches the
   threshold (85 by default).
4. Everything else is **unmatched** and reported with its usage.

A statement text can belong to several occupations ("shared" or "ambiguous" statements). Each
matched AEI task is expanded to one row per candidate (occupation, task) record, with usage split
equally (``split_weight = 1/n``); :mod:`ailabor.crosswalk.split` adds the employment-weighted split.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..intake.readers.aei import NOT_TASKS, task_counts_from_raw
from .textnorm import normalize_text

log = logging.getLogger(__name__)

SCORERS = ("ratio", "token_sort_ratio", "token_set_ratio", "partial_ratio", "WRatio", "QRatio")
FUZZY_GROUP_OFFSET = 10000  # the seed numbered fuzzy ambiguous groups from 10001


def scorer(name: str):
    from rapidfuzz import fuzz

    if name not in SCORERS:
        raise ValueError(f"unknown rapidfuzz scorer {name!r} (choose from {', '.join(SCORERS)})")
    return getattr(fuzz, name)


@dataclass
class MatchResult:
    crosswalk: pd.DataFrame  # one row per AEI task x candidate (occupation, task) record
    fuzzy: pd.DataFrame  # audit: every fuzzy match with its score and both texts
    unmatched: pd.DataFrame  # audit: every unmatched AEI task with its usage
    rates: pd.DataFrame  # match rates by count and by usage


def statement_index(statements: pd.DataFrame) -> dict[str, list[dict]]:
    """Normalised statement text -> its (occupation, task) records, in file order."""
    s = statements.assign(task_norm=statements["task"].map(normalize_text))
    index: dict[str, list[dict]] = {}
    for rec in s[["task_norm", "onet_soc_code", "task_id", "task", "task_type"]].to_dict("records"):
        index.setdefault(rec.pop("task_norm"), []).append(rec)
    return dict(sorted(index.items()))


def match_tasks(
    aei: pd.DataFrame, statements: pd.DataFrame, *, scorer_name: str = "ratio", threshold: float = 85.0
) -> MatchResult:
    """Match ``aei`` (columns task_text, count) to ``statements`` (staged O*NET task statements)."""
    from rapidfuzz import process

    score_fn = scorer(scorer_name)
    index = statement_index(statements)
    choices = list(index)
    tasks = aei[["task_text", "count"]].reset_index(drop=True).copy()
    tasks["task_norm"] = tasks["task_text"].map(normalize_text)
    exact_rows, fuzzy_rows, fuzzy_audit, unmatched = [], [], [], []
    group = 0
    pending = []
    for r in tasks.itertuples(index=False):
        recs = index.get(r.task_norm)
        if recs is None:
            pending.append(r)
            continue
        if len(recs) > 1:
            group += 1
        exact_rows.extend(_expand(r, recs, "exact", 100.0, None, group if len(recs) > 1 else None))
    group = FUZZY_GROUP_OFFSET
    for r in pending:
        best = process.extractOne(r.task_norm, choices, scorer=score_fn)
        if best is not None and best[1] >= threshold:
            text, score, _ = best
            recs = index[text]
            if len(recs) > 1:
                group += 1
            fuzzy_rows.extend(_expand(r, recs, "fuzzy", float(score), text, group if len(recs) > 1 else None))
            fuzzy_audit.append(
                {
                    "anthropic_task_description": r.task_text,
                    "task_norm": r.task_norm,
                    "matched_onet_norm": text,
                    "matched_onet_task": recs[0]["task"],
                    "match_score": float(score),
                    "usage": r.count,
                    "n_candidate_socs": len(recs),
                }
            )
        else:
            unmatched.append(
                {
                    "anthropic_task_description": r.task_text,
                    "task_norm": r.task_norm,
                    "usage": r.count,
                    "best_score": None if best is None else float(best[1]),
                    "best_onet_norm": None if best is None else best[0],
                }
            )
    crosswalk = pd.DataFrame(exact_rows + fuzzy_rows, columns=CROSSWALK_COLUMNS)
    crosswalk["ambiguous_group_id"] = crosswalk["ambiguous_group_id"].astype("Int64")
    fuzzy = pd.DataFrame(
        fuzzy_audit,
        columns=[
            "anthropic_task_description",
            "task_norm",
            "matched_onet_norm",
            "matched_onet_task",
            "match_score",
            "usage",
            "n_candidate_socs",
        ],
    )
    unm = pd.DataFrame(
        unmatched, columns=["anthropic_task_description", "task_norm", "usage", "best_score", "best_onet_norm"]
    ).sort_values("usage", ascending=False, kind="stable")
    rates = match_rates(tasks, crosswalk, unm)
    log.info(
        "matched %d of %d AEI tasks (%d exact, %d fuzzy); %.2f%% of usage",
        rates.loc[rates["measure"] == "tasks matched", "value"].iloc[0],
        len(tasks),
        crosswalk.loc[crosswalk["match_method"] == "exact", "anthropic_task_description"].nunique(),
        len(fuzzy),
        100 * rates.loc[rates["measure"] == "usage matched", "share"].iloc[0],
    )
    return MatchResult(crosswalk=crosswalk, fuzzy=fuzzy, unmatched=unm.reset_index(drop=True), rates=rates)


CROSSWALK_COLUMNS = [
    "anthropic_task_description",
    "api_usage_count_original",
    "api_usage_count",
    "split_weight",
    "n_candidate_socs",
    "is_ambiguous",
    "ambiguous_group_id",
    "task_norm",
    "onet_soc_code",
    "onet_task_id",
    "onet_task_description",
    "onet_task_type",
    "match_method",
    "match_score",
    "matched_onet_norm",
]


def _expand(r, recs: list[dict], method: str, score: float, matched_norm: str | None, group: int | None) -> list[dict]:
    n = len(recs)
    return [
        {
            "anthropic_task_description": r.task_text,
            "api_usage_count_original": float(r.count),
            "api_usage_count": float(r.count) / n,
            "split_weight": 1.0 / n,
            "n_candidate_socs": n,
            "is_ambiguous": n > 1,
            "ambiguous_group_id": group,
            "task_norm": r.task_norm,
            "onet_soc_code": rec["onet_soc_code"],
            "onet_task_id": int(rec["task_id"]),
            "onet_task_description": rec["task"],
            "onet_task_type": rec["task_type"],
            "match_method": method,
            "match_score": score,
            "matched_onet_norm": matched_norm,
        }
        for rec in recs
    ]


def match_rates(tasks: pd.DataFrame, crosswalk: pd.DataFrame, unmatched: pd.DataFrame) -> pd.DataFrame:
    """Match rates by count and by usage (the seed's exposure_accounting_check, extended)."""
    total_usage = float(tasks["count"].sum())
    first = crosswalk.drop_duplicates("anthropic_task_description")
    matched_usage = float(first["api_usage_count_original"].sum())
    split_usage = float(crosswalk["api_usage_count"].sum())
    n = len(tasks)
    exact = crosswalk.loc[crosswalk["match_method"] == "exact", "anthropic_task_description"].nunique()
    fuzzy = crosswalk.loc[crosswalk["match_method"] == "fuzzy", "anthropic_task_description"].nunique()
    ambiguous = crosswalk.loc[crosswalk["is_ambiguous"], "anthropic_task_description"].nunique()
    rows = [
        ("tasks", n, 1.0),
        ("tasks matched", exact + fuzzy, (exact + fuzzy) / n if n else np.nan),
        ("tasks matched exactly", exact, exact / n if n else np.nan),
        ("tasks matched fuzzily", fuzzy, fuzzy / n if n else np.nan),
        ("tasks unmatched", len(unmatched), len(unmatched) / n if n else np.nan),
        (
            "ambiguous matched tasks (several occupations)",
            ambiguous,
            ambiguous / (exact + fuzzy) if exact + fuzzy else np.nan,
        ),
        ("usage", total_usage, 1.0),
        ("usage matched", matched_usage, matched_usage / total_usage if total_usage else np.nan),
        (
            "usage unmatched",
            float(unmatched["usage"].sum()),
            float(unmatched["usage"].sum()) / total_usage if total_usage else np.nan,
        ),
        ("usage after equal split (conservation)", split_usage, split_usage / total_usage if total_usage else np.nan),
        ("crosswalk rows", len(crosswalk), np.nan),
        ("crosswalk rows exact", int((crosswalk["match_method"] == "exact").sum()), np.nan),
        ("crosswalk rows fuzzy", int((crosswalk["match_method"] == "fuzzy").sum()), np.nan),
        ("unique (occupation, task) pairs", len(crosswalk.drop_duplicates(["onet_soc_code", "onet_task_id"])), np.nan),
    ]
    return pd.DataFrame(rows, columns=["measure", "value", "share"])


def aei_usage(table: pd.DataFrame, fmt: str) -> pd.DataFrame:
    """(task_text, count) of a staged AEI table, tasks only (not_classified/none dropped).

    For ``task_pct`` tables the "count" is the percentage share of conversations.
    """
    if fmt == "raw_long":
        t = task_counts_from_raw(table)
    elif fmt == "task_counts":
        t = table
    elif fmt == "task_pct":
        t = table.rename(columns={"task_name": "task_text", "pct": "count"})
        t = t.assign(is_task=~t["task_text"].str.lower().isin(NOT_TASKS))
    else:
        raise ValueError(f"AEI format {fmt!r} carries no task usage")
    return t.loc[t["is_task"], ["task_text", "count"]].reset_index(drop=True)
