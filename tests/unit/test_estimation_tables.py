"""Package functions behind the estimation scripts: the seed panel's sample rules and tables,
the seed's timing table, the PPML table assembly, the inference chunk dispatch, the headline and
figure row selections, and the Rambachan-Roth tables of one measure."""

import numpy as np
import pandas as pd
import pytest

from ailabor.econometrics import corrected, event_study, headlines, honest, inference, legacy, ppml, seed_panel, specs
from ailabor.econometrics.figures import primary_rows

MAJORS = ["11", "13", "15", "17", "19", "21", "23", "25", "27", "29"]


def seed_did(seed: int = 0, n_per_group: int = 12) -> pd.DataFrame:
    """A small DiD panel in the seed's layout (one row per SOC code, May 2022-2024)."""
    rng = np.random.default_rng(seed)
    d = pd.DataFrame(
        {
            "soc_code": [
                f"{g}-{(2000 if g == '25' and i % 2 else 1000) + i:04d}" for g in MAJORS for i in range(n_per_group)
            ]
        }
    )
    n = len(d)
    d["ai_exposure"] = rng.uniform(0.0, 0.6, n)
    d["high_exposure"] = (d["ai_exposure"] > d["ai_exposure"].median()).astype(int)
    for y in (2022, 2023, 2024):
        d[f"employment_{y}"] = np.round(np.exp(rng.normal(9, 1, n)))
    d["ln_wage_2022"] = np.log(50_000) + rng.normal(0, 0.3, n)
    d["delta_ln_wage_pre"] = 0.04 + rng.normal(0, 0.01, n)
    d["delta_ln_wage_post"] = 0.03 - 0.02 * d["high_exposure"] + rng.normal(0, 0.01, n)
    d["ln_wage_2023"] = d["ln_wage_2022"] + d["delta_ln_wage_pre"]
    d["ln_wage_2024"] = d["ln_wage_2023"] + d["delta_ln_wage_post"]
    for y in (2022, 2023, 2024):
        d[f"wage_annual_mean_{y}"] = np.exp(d[f"ln_wage_{y}"])
    d["exposure_quartile"] = pd.qcut(d["ai_exposure"], 4, labels=["Q1", "Q2", "Q3", "Q4"])
    return d


def oews_year(codes, year, shift=0.0) -> pd.DataFrame:
    """OEWS rows: each code detailed, plus a broad aggregate row for every code (the aggregate
    listed first, so a rule that takes the first row would pick it)."""
    rows = []
    for i, c in enumerate(codes):
        rows.append(dict(occ_code=c, o_group="broad", a_median=1.0 + shift, mean_prse=9.9))
        rows.append(dict(occ_code=c, o_group="detailed", a_median=40_000 + 100 * i + shift, mean_prse=0.1 * i))
    return pd.DataFrame(rows)


def test_wage_columns_prefer_detailed_rows_and_fall_back_to_aggregates():
    did = pd.DataFrame({"soc_code": ["11-1011", "11-1021", "11-2000"]})
    y22 = oews_year(["11-1011", "11-1021"], 2022)
    y22 = pd.concat(
        [y22, pd.DataFrame([dict(occ_code="11-2000", o_group="broad", a_median=77_000.0, mean_prse=1.5)])],
        ignore_index=True,
    )
    out = seed_panel.wage_columns({2022: y22, 2023: oews_year(["11-1011"], 2023, shift=5)}, did)
    assert out["wage_annual_median_2022"].tolist() == [
        40_000.0,
        40_100.0,
        77_000.0,
    ]  # detailed first; aggregate-only code kept (legacy sample)
    assert out["mean_prse_2022"].tolist() == [0.0, 0.1, 1.5]
    assert out["wage_annual_median_2023"].iloc[0] == 40_005.0 and out["wage_annual_median_2023"].iloc[1:].isna().all()


def test_importance_rows_attach_im_ratings_only_when_missing():
    rows = pd.DataFrame({"onet_soc_code": ["11-1011.00", "11-1011.00", "13-2011.00"], "onet_task_id": [1, 2, 3]})
    ratings = pd.DataFrame(
        {
            "onet_soc_code": ["11-1011.00"] * 3 + ["13-2011.00"],
            "task_id": [1, 1, 2, 3],
            "scale_id": ["IM", "RT", "IM", "IM"],
            "data_value": [4.5, 80.0, 3.0, 2.0],
        }
    )
    out = seed_panel.importance_rows(rows, ratings)
    assert out["task_importance"].tolist() == [4.5, 3.0, 2.0] and len(out) == len(rows)
    seed = rows.assign(task_importance=[1.0, 1.0, 1.0])
    assert seed_panel.importance_rows(seed, ratings) is seed
    with pytest.raises(ValueError, match="no task_importance"):
        seed_panel.importance_rows(rows, None)


def test_robustness_extra_joins_the_unambiguous_exposure_per_soc_code():
    did = pd.DataFrame({"soc_code": ["11-1011", "13-2011"]})
    rows = pd.DataFrame(
        {
            "onet_soc_code": ["11-1011.00", "11-1011.03", "13-2011.00", "13-2011.00"],
            "onet_task_id": [1, 5, 3, 4],
            "is_ambiguous": [False, False, True, False],
            "api_usage_count": [10, 3, 5, 0],
            "task_importance": [4.0, 2.0, 3.0, 1.0],
        }
    )
    statements = pd.DataFrame(
        {
            "onet_soc_code": ["11-1011.00", "11-1011.03", "13-2011.00", "13-2011.00", "13-2011.00"],
            "task_id": [1, 5, 3, 4, 9],
            "task_type": ["Core", "Core", "Core", None, "Supplemental"],
        }
    )
    seed = pd.DataFrame(
        {"onet_soc_code": ["11-1011.00", "11-1011.03", "13-2011.00"], "total_task_importance": [8.0, 4.0, 10.0]}
    )
    oews = {2022: oews_year(["11-1011", "13-2011"], 2022)}
    out = seed_panel.robustness_extra(oews, did, rows, statements, seed)
    assert list(out["soc_code"]) == ["11-1011", "13-2011"]
    # 11-1011: children .00 (4/8) and .03 (2/4) averaged; 13-2011: its only touched task is ambiguous
    assert out["exposure_unambiguous"].tolist() == pytest.approx([0.5, 0.0])
    assert out["wage_annual_median_2022"].tolist() == [40_000.0, 40_100.0]


def test_seed_panel_tables_stack_the_legacy_and_corrected_designs():
    did = seed_did()
    sc, dm = seed_panel.legacy_tables(did)
    assert list(sc["specification"]) == ["2022-2024", "2023-2024"] and "DiD" in set(dm["model"])
    timing = legacy.timing_comparison_file(sc)
    assert list(timing["Period"]) == ["2022-2024 (includes pre-LLM)", "2023-2024 (post-LLM only)"]
    assert timing["Beta"].tolist() == sc["estimate"].tolist()
    stars = legacy.timing_comparison_file(sc.assign(p_value=[0.0001, 0.2]))["Significance"].tolist()
    assert stars == ["***", ""]
    extra = pd.DataFrame({"soc_code": did["soc_code"], "exposure_unambiguous": 0.8 * did["ai_exposure"]})
    for y in (2022, 2023, 2024):
        extra[f"wage_annual_median_{y}"] = 0.9 * did[f"wage_annual_mean_{y}"]
        extra[f"mean_prse_{y}"] = 1.0
    t = seed_panel.corrected_tables(did, extra)
    models = list(dict.fromkeys(t["model"]))
    assert models[0] == "three-window identity" and models[-1] == corrected.ROBUSTNESS_MODEL
    assert (t["measure"] == seed_panel.MEASURE).all() and (t["spec_mode"] == "corrected").all()
    rob = seed_panel.robustness_rows(t)
    assert len(rob) == (t["model"] == corrected.ROBUSTNESS_MODEL).sum() and list(rob.columns) == [
        "specification",
        "term",
        "estimate",
        "se",
        "p_value",
    ]
    binary = rob[(rob["specification"] == "Legacy (occupation-clustered)") & (rob["term"] == "binary")][
        "estimate"
    ].iloc[0]
    assert binary == pytest.approx(-0.02, abs=0.01)  # the planted High x Post effect


def ppml_inputs(seed: int = 0, n_per_group: int = 10):
    """Inputs of :func:`ppml.tables` for synthetic OEWS codes (one O*NET-SOC child each)."""
    rng = np.random.default_rng(seed)
    codes = [f"{g}-{1000 + i:04d}" for g in MAJORS for i in range(n_per_group)]
    n = len(codes)
    onet = [c + ".00" for c in codes]
    mapping = pd.DataFrame({"onet_soc_code": onet, "oews_code": codes})
    base = pd.DataFrame(
        {
            "oews_code": codes,
            "employment": np.round(np.exp(rng.normal(9, 1, n))),
            "a_mean": np.exp(rng.normal(10.9, 0.3, n)),
        }
    )
    measure = pd.DataFrame({"oews_code": codes, "exposure": rng.uniform(0, 1, n), "employment": base["employment"]})
    tasks_true = rng.integers(5, 40, n)
    variants = pd.concat(
        [
            pd.DataFrame({"variant": "binary_im", "oews_code": codes, "n_rated_tasks": tasks_true}),
            pd.DataFrame({"variant": "binary_uniform", "oews_code": codes, "n_rated_tasks": tasks_true[::-1].copy()}),
        ],
        ignore_index=True,
    )
    usage = rng.poisson(np.exp(0.8 * (np.log(base["a_mean"]) - 10.9) + 0.1 * np.log(tasks_true)) * 3)
    touched = usage > 0
    k = int(touched.sum())
    crosswalk = pd.DataFrame(
        {
            "onet_soc_code": np.array(onet)[touched],
            "onet_task_type": rng.choice(["Core", "Supplemental"], k),
            "api_usage_count": usage[touched].astype(float),
            "api_usage_count_emp": usage[touched] * 1.1,
            "match_score": rng.uniform(85, 100, k),
        }
    )
    job_zones = pd.DataFrame({"onet_soc_code": onet, "job_zone": rng.integers(1, 6, n).astype(float)})
    task_credits = pd.DataFrame(
        {
            "onet_soc_code": np.repeat(onet, 3),
            "task_id": np.arange(3 * n),
            "usage_split": rng.poisson(1.0, 3 * n).astype(float),
        }
    )
    return dict(
        measure=measure,
        exposure_oews=variants,
        crosswalk=crosswalk,
        mapping=mapping,
        base=base,
        job_zones=job_zones,
        task_credits=task_credits,
    )


def test_ppml_tables_take_task_counts_from_the_named_variant():
    i = ppml_inputs()
    pp, steps = ppml.tables(
        i["measure"],
        i["exposure_oews"],
        i["crosswalk"],
        i["mapping"],
        i["base"],
        i["job_zones"],
        i["task_credits"],
        measure_name="m",
        task_count_variant="binary_im",
    )
    tasks = i["exposure_oews"][i["exposure_oews"]["variant"] == "binary_im"][["oews_code", "n_rated_tasks"]]
    soc = ppml.soc_table(
        i["crosswalk"], i["mapping"], i["base"], i["measure"].merge(tasks, on="oews_code"), i["job_zones"]
    )
    pd.testing.assert_frame_equal(pp, ppml.models(soc, i["task_credits"], i["mapping"], measure="m"))
    pd.testing.assert_frame_equal(steps, ppml.stepwise(soc, measure="m"))
    _, other = ppml.tables(
        i["measure"],
        i["exposure_oews"],
        i["crosswalk"],
        i["mapping"],
        i["base"],
        i["job_zones"],
        i["task_credits"],
        measure_name="m",
        task_count_variant="binary_uniform",
    )
    assert not np.allclose(
        other["estimate"].iloc[-1], steps["estimate"].iloc[-1]
    )  # the last step controls for ln rated tasks


def test_inference_chunk_dispatch(synth_panel):
    panel, measure = synth_panel["panel"], synth_panel["measure"]
    kw = dict(outcome="ln_wage", date="2022-11-30", draws=range(0, 3), seed=5)
    pd.testing.assert_frame_equal(
        inference.run_chunk("bootstrap", panel, measure, weights="webb", **kw),
        inference.bootstrap_chunk(panel, measure, kind="webb", **kw),
    )
    pd.testing.assert_frame_equal(
        inference.run_chunk("permutation", panel, measure, weights="webb", **kw),
        inference.permutation_chunk(panel, measure, **kw),
    )
    with pytest.raises(ValueError, match="bootstrap or permutation"):
        inference.run_chunk("jackknife", panel, measure, weights="webb", **kw)


def test_headline_and_figure_row_selections():
    legacy_rows = pd.DataFrame(
        {"model": ["simple correlation", "DiD", "DiD", "parallel trends check"], "specification": list("abcd")}
    )
    assert (
        headlines.legacy_did(legacy_rows)["specification"].tolist() == ["b", "c"] and headlines.legacy_did(None) is None
    )
    coefs = pd.DataFrame(
        {
            "specification": [
                "chatgpt (2022-11-30); ref May 2022",
                "chatgpt (2022-11-30); ref May 2022",
                "chatgpt (2022-11-30); ref May 2022",
                "gpt4_claude (2023-03-14); ref May 2022",
                "chatgpt (2022-11-30); ref May 2022 + ln wage (ref year) x year",
            ],
            "weights": ["none", "none", "employment", "none", "none"],
            "model": ["event study", "dose response", "dose response", "dose response", "dose response"],
        }
    )
    event, dose = primary_rows(coefs, "chatgpt")
    assert event.index.tolist() == [0] and dose.index.tolist() == [1, 4]


def test_measure_tables_name_the_measure_first(synth_panel):
    res = specs.run_spec(
        synth_panel["panel"],
        synth_panel["measure"],
        specs.Spec("chatgpt", "2022-11-30", "ln_wage", "none", "event"),
        measure_name="truth",
    )
    kw = dict(date="chatgpt", outcome="ln_wage", cluster="major_group", mbar=[1.0], m=[0.01])
    table, bd, inputs = honest.measure_tables(res.vcov, measure="truth", **kw)
    ref_table, ref_bd, _ = honest.from_vcov_table(res.vcov, weights="none", **kw)
    assert table.columns[0] == "measure" and bd.columns[0] == "measure" and (table["measure"] == "truth").all()
    pd.testing.assert_frame_equal(table.drop(columns="measure"), ref_table)
    pd.testing.assert_frame_equal(bd.drop(columns="measure"), ref_bd)
    assert inputs["ref"] == event_study.reference_year(sorted(synth_panel["panel"]["year"].unique()), "2022-11-30")
