"""The seed's simple correlations and DiD (legacy), and the corrected treatments of the same
panel: three-window identity, quartile regression, pre-difference SE, REQ-DID-08 table."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import numpy as np
import pandas as pd

from ailabor.econometrics import corrected, legacy
from ailabor.econometrics.figures import legacy_four_panel
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run


def extra_columns(oews: dict, did: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({"soc_code": did["soc_code"]})
    for year, df in oews.items():
        det = df[df["o_group"] == "detailed"].drop_duplicates("occ_code").set_index("occ_code")
        anyrow = df.drop_duplicates("occ_code").set_index("occ_code")  # aggregates too (legacy sample)
        src = det.combine_first(anyrow)
        out[f"wage_annual_median_{year}"] = out["soc_code"].map(src["a_median"])
        out[f"mean_prse_{year}"] = out["soc_code"].map(src["mean_prse"])
    return out


def main(smk):
    did = pd.read_parquet(smk.input.did)
    legacy_prov = provenance_args(smk, spec_mode="legacy", legacy_only=legacy.LEGACY_FLAGS)
    corrected_prov = provenance_args(smk, spec_mode="corrected")
    sc = legacy.simple_correlations(did)
    dm = legacy.did_models(did)
    write_parquet(pd.concat([sc, dm], ignore_index=True), smk.output.legacy, **legacy_prov)
    write_csv(legacy.did_summary_file(dm), smk.output.did_summary)
    write_csv(pd.DataFrame({"Period": ["2022-2024 (includes pre-LLM)", "2023-2024 (post-LLM only)"], "Beta": sc["estimate"], "SE": sc["se"], "P_value": sc["p_value"], "Significance": np.where(sc["p_value"] < 0.001, "***", np.where(sc["p_value"] < 0.01, "**", np.where(sc["p_value"] < 0.05, "*", ""))), "N": sc["n"]}), smk.output.timing)
    oews = {int(Path(p).stem.split("_")[1]): pd.read_parquet(p) for p in smk.input.oews}
    seed = pd.read_parquet(smk.input.seed_exposure)
    rows = pd.read_parquet(smk.input.importance)
    if "task_importance" not in rows.columns:  # the pipeline's own crosswalk: attach IM ratings
        r = pd.read_parquet(smk.input.ratings)
        im = r[r["scale_id"] == "IM"][["onet_soc_code", "task_id", "data_value"]].rename(columns={"task_id": "onet_task_id", "data_value": "task_importance"})
        rows = rows.merge(im, on=["onet_soc_code", "onet_task_id"], how="left")
    st = pd.read_parquet(smk.input.im_statements)
    rated = st[st["task_type"].notna()][["onet_soc_code", "task_id"]]
    extra = extra_columns(oews, did).merge(corrected.exposure_without_shared_credit(rows, rated, seed).reset_index().rename(columns={"onet_soc_code": "soc_code", "index": "soc_code"}), on="soc_code", how="left")
    unit = "SOC 6-digit (seed panel)"
    tables = [
        corrected.three_windows(did, "ai_exposure", (2022, 2023, 2024), spec_mode="corrected", measure="seed exposure", unit=unit),
        corrected.quartile_regression(did, "ai_exposure", spec_mode="corrected", measure="seed exposure", unit=unit),
        corrected.pre_difference(did, "ai_exposure", spec_mode="corrected", measure="seed exposure", unit=unit),
        corrected.robustness_table(did, extra, measure="seed exposure"),
    ]
    table = pd.concat(tables, ignore_index=True)
    write_parquet(table, smk.output.corrected, **corrected_prov)
    write_csv(table, smk.output.corrected_csv)
    write_csv(pd.concat([sc, dm], ignore_index=True), smk.output.legacy_csv)
    legacy_four_panel(did, smk.output.figure, note=smk.params.note)
    print(dm[["specification", "estimate", "se", "p_value"]].to_string(index=False))
    print(table[table["model"] == "DiD robustness (REQ-DID-08)"][["specification", "term", "estimate", "se", "p_value"]].to_string(index=False))


run(main, snakemake)  # noqa: F821
