"""Coverage report of the crosswalk and exposure stage (spec REQ-OUT-03 coverage_report)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def coverage_report(
    rates: pd.DataFrame,
    crosswalk: pd.DataFrame,
    task_table: pd.DataFrame,
    statements: pd.DataFrame,
    mapping: pd.DataFrame,
    base: pd.DataFrame,
    totals: dict[str, float],
    exposure_oews: pd.DataFrame,
) -> pd.DataFrame:
    rows: list[tuple] = []

    def add(section, measure, value, share=np.nan, note=""):
        rows.append((section, measure, float(value) if value is not None else np.nan, share, note))

    for r in rates.itertuples():
        add("AEI matching", r.measure, r.value, r.share)
    pairs = crosswalk.drop_duplicates(["onet_soc_code", "onet_task_id"])
    in_universe = pairs.set_index(["onet_soc_code", "onet_task_id"]).index.isin(
        task_table.set_index(["onet_soc_code", "task_id"]).index
    )
    add("universe", "matched (occupation, task) pairs", len(pairs))
    add(
        "universe",
        "matched pairs inside the rated universe",
        in_universe.sum(),
        in_universe.mean() if len(pairs) else np.nan,
    )
    keys = crosswalk.set_index(["onet_soc_code", "onet_task_id"]).index
    outside = ~keys.isin(task_table.set_index(["onet_soc_code", "task_id"]).index)
    matched_usage = crosswalk["api_usage_count"].sum()
    add(
        "universe",
        "matched usage outside the rated universe (ISSUE-07)",
        crosswalk.loc[outside, "api_usage_count"].sum(),
        crosswalk.loc[outside, "api_usage_count"].sum() / matched_usage if matched_usage else np.nan,
        "usage on unrated statements cannot enter an importance-weighted measure",
    )
    touched = task_table["c_binary"] > 0
    add("universe", "rated pairs", len(task_table))
    add("universe", "rated pairs touched by AI usage", touched.sum(), touched.mean())
    if task_table["w_im"].notna().any():
        add(
            "universe",
            "importance of touched tasks / all importance",
            (task_table["w_im"] * touched).sum(),
            (task_table["w_im"] * touched).sum() / task_table["w_im"].sum(),
        )
    n_all = statements["onet_soc_code"].nunique()
    rated = task_table["onet_soc_code"].nunique()
    add("occupations", "O*NET-SOC codes in Task Statements", n_all)
    add(
        "occupations",
        "with rated tasks (exposure universe)",
        rated,
        rated / n_all,
        "the rest have no Core/Supplemental or rated task",
    )
    touched_occ = task_table.loc[touched, "onet_soc_code"].nunique()
    add(
        "occupations",
        "with at least one AI-touched task",
        touched_occ,
        touched_occ / rated,
        "the seed kept only these (ISSUE-02)",
    )
    univ = mapping[mapping["onet_soc_code"].isin(task_table["onet_soc_code"])]
    for method in ("direct", "aggregate", "ambiguous", "unmapped"):
        n = (univ["mapping"] == method).sum()
        note = (
            "; ".join(univ.loc[univ["mapping"] == method, "onet_soc_code"].head(12))
            if method in ("unmapped", "ambiguous") and n
            else ""
        )
        add("occupations", f"mapped to an OEWS code: {method}", n, n / len(univ) if len(univ) else np.nan, note)
    codes = exposure_oews["oews_code"].unique()
    add("occupations", "OEWS codes with exposure", len(codes), len(codes) / len(base))
    add(
        "occupations",
        "OEWS detailed codes without rated O*NET tasks",
        len(set(base["oews_code"]) - set(codes)),
        np.nan,
        "; ".join(sorted(set(base["oews_code"]) - set(codes))[:15]),
    )
    covered = base[base["oews_code"].isin(codes)]
    add("employment", "OEWS all-occupations employment", totals["employment"])
    add(
        "employment",
        "employment of OEWS codes with exposure",
        covered["employment"].sum(),
        covered["employment"].sum() / totals["employment"],
    )
    add("employment", "OEWS all-occupations wage bill", totals["wage_bill"])
    add(
        "employment",
        "wage bill of OEWS codes with exposure",
        covered["wage_bill"].sum(),
        covered["wage_bill"].sum() / totals["wage_bill"],
    )
    return pd.DataFrame(rows, columns=["section", "measure", "value", "share", "note"])
