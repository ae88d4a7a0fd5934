"""The seed project's DiD panel (May 2022-2024, SOC 6-digit): its legacy estimates and the
corrected treatments of the same panel (spec REQ-EV-01/02, REQ-DID-02..05, REQ-DID-08).

* :func:`legacy_tables`: the seed's simple correlations and DiD models, exactly as it ran them;
* :func:`wage_columns`: median wages and mean PRSEs per SOC code and year, taken from the OEWS
  tables by the legacy sample rule (detailed rows first, then any row with the code, aggregates
  included, as the seed's panel did);
* :func:`importance_rows`: the crosswalk rows with their O*NET task importance;
* :func:`robustness_extra`: the extra columns :func:`corrected.robustness_table` needs;
* :func:`corrected_tables`: the three-wave designs and the robustness table on the seed panel.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from . import corrected, legacy

MEASURE = "seed exposure"
UNIT = "SOC 6-digit (seed panel)"


def legacy_tables(did: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The seed's simple correlations (REQ-EV-01) and DiD models (REQ-DID-02..05)."""
    return legacy.simple_correlations(did), legacy.did_models(did)


def wage_columns(oews: Mapping[int, pd.DataFrame], did: pd.DataFrame) -> pd.DataFrame:
    """``wage_annual_median_<year>`` and ``mean_prse_<year>`` for each SOC code of ``did``.

    The legacy sample rule: a code's detailed OEWS row where there is one, otherwise the first
    row with that code at any level (the seed's panel kept aggregates too)."""
    out = pd.DataFrame({"soc_code": did["soc_code"]})
    for year, df in oews.items():
        det = df[df["o_group"] == "detailed"].drop_duplicates("occ_code").set_index("occ_code")
        anyrow = df.drop_duplicates("occ_code").set_index("occ_code")
        src = det.combine_first(anyrow)
        out[f"wage_annual_median_{year}"] = out["soc_code"].map(src["a_median"])
        out[f"mean_prse_{year}"] = out["soc_code"].map(src["mean_prse"])
    return out


def importance_rows(rows: pd.DataFrame, ratings: pd.DataFrame | None) -> pd.DataFrame:
    """Crosswalk rows with ``task_importance``: as given (the seed's crosswalk carries it), or
    the IM rating of each (O*NET-SOC code, task) from ``ratings`` (the pipeline's crosswalk)."""
    if "task_importance" in rows.columns:
        return rows
    if ratings is None:
        raise ValueError("the crosswalk rows have no task_importance column and no Task Ratings were given")
    im = ratings[ratings["scale_id"] == "IM"][["onet_soc_code", "task_id", "data_value"]]
    im = im.rename(columns={"task_id": "onet_task_id", "data_value": "task_importance"})
    return rows.merge(im, on=["onet_soc_code", "onet_task_id"], how="left")


def robustness_extra(
    oews: Mapping[int, pd.DataFrame],
    did: pd.DataFrame,
    rows: pd.DataFrame,
    statements: pd.DataFrame,
    seed_exposure: pd.DataFrame,
) -> pd.DataFrame:
    """Per SOC code of ``did``: :func:`wage_columns` and ``exposure_unambiguous`` (the seed's
    exposure without shared-task credit over the rated statements of ``statements``)."""
    rated = statements[statements["task_type"].notna()][["onet_soc_code", "task_id"]]
    una = corrected.exposure_without_shared_credit(rows, rated, seed_exposure).reset_index()
    una = una.rename(columns={"onet_soc_code": "soc_code", "index": "soc_code"})
    return wage_columns(oews, did).merge(una, on="soc_code", how="left")


def corrected_tables(did: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """Three windows, quartile regression, pre-period difference and the REQ-DID-08
    robustness table on the seed panel, stacked."""
    kw = dict(spec_mode="corrected", measure=MEASURE, unit=UNIT)
    tables = [
        corrected.three_windows(did, "ai_exposure", (2022, 2023, 2024), **kw),
        corrected.quartile_regression(did, "ai_exposure", **kw),
        corrected.pre_difference(did, "ai_exposure", **kw),
        corrected.robustness_table(did, extra, measure=MEASURE),
    ]
    return pd.concat(tables, ignore_index=True)


def robustness_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The robustness rows of :func:`corrected_tables`, key columns only (for the log)."""
    return table[table["model"] == corrected.ROBUSTNESS_MODEL][["specification", "term", "estimate", "se", "p_value"]]
