"""Package functions behind the panel, crosswalk and exposure scripts, on the small synthetic
mirror: each rule's tables in one call, equal to the step-by-step computation they replace."""

import numpy as np
import pandas as pd
import pytest

from ailabor.crosswalk.matching import aei_usage, match_tasks
from ailabor.crosswalk.onet_oews import not_direct, onet_to_oews, totals, weighting_base
from ailabor.crosswalk.split import add_employment_split
from ailabor.exposure import external, figures, measures
from ailabor.exposure.build import build
from ailabor.exposure.coverage import coverage_report
from ailabor.intake.readers.aei import read_raw_long
from ailabor.intake.readers.external import read_eloundou, read_soc_crosswalk
from ailabor.intake.readers.oews import read_oews_national
from ailabor.intake.readers.onet import read_task_ratings, read_task_statements
from ailabor.panel import build as panel_build
from ailabor.panel import harmonise, tables

THRESHOLDS = [1, 5, 10, 25]


@pytest.fixture(scope="module")
def mirror(small_synthetic):
    out, files, truth = small_synthetic
    p = lambda key: out / files[key].mirror_relpath  # noqa: E731
    statements = read_task_statements(p("onet/30.1/task_statements"))
    oews = read_oews_national(p("oews/2024"), 2024)
    xw = read_soc_crosswalk(p("soc_crosswalk"))
    mapping = onet_to_oews(statements["onet_soc_code"], oews, 2024, xw)
    base = weighting_base(oews)
    result = match_tasks(aei_usage(read_raw_long(p("aei/raw_1p_api_2025_11")), "raw_long"), statements)
    return dict(
        p=p,
        truth=truth,
        statements=statements,
        ratings=read_task_ratings(p("onet/30.1/task_ratings")),
        oews=oews,
        xw=xw,
        mapping=mapping,
        base=base,
        result=result,
        crosswalk=add_employment_split(result.crosswalk, mapping, base),
    )


# --- panel -----------------------------------------------------------------------------------


def test_harmonised_tables_are_the_panel_stage(synth_panel, mirror):
    oews = synth_panel["oews"]
    t = tables.harmonised_tables(oews, mirror["xw"])
    pd.testing.assert_frame_equal(t.harmonised, synth_panel["panel"])
    pd.testing.assert_frame_equal(t.long, panel_build.long_panel(oews))
    codes, units = harmonise.harmonise_codes(oews, mirror["xw"])
    pd.testing.assert_frame_equal(t.codes, codes)
    pd.testing.assert_frame_equal(t.units, units)
    assert len(t.changes) and (t.changes["rule"] != "same").all() and len(t.changes) == (codes["rule"] != "same").sum()
    pd.testing.assert_frame_equal(t.checks, panel_build.checks(oews, codes, t.harmonised))


def test_balanced_tables_keep_only_units_present_in_every_year(synth_panel, mirror):
    window = {y: df for y, df in synth_panel["oews"].items() if 2021 <= y <= 2024}
    balanced, excluded = tables.balanced_tables(window, mirror["xw"], 2021, 2024)
    years = balanced.groupby("unit_code")["year"].nunique()
    assert len(years) > 0 and (years == 4).all() and set(balanced["year"]) == {2021, 2022, 2023, 2024}
    assert len(excluded) > 0 and not set(excluded["unit_code"]) & set(balanced["unit_code"])
    full = tables.harmonised_tables(window, mirror["xw"]).harmonised
    assert set(excluded["unit_code"]) | set(balanced["unit_code"]) == set(full["unit_code"])


def test_code_changes_drop_unchanged_codes():
    codes = pd.DataFrame({"year": [2018, 2018, 2019], "oews_code": ["a", "b", "c"], "rule": ["same", "split", "same"]})
    assert tables.code_changes(codes)["oews_code"].tolist() == ["b"]


# --- crosswalk and exposure ------------------------------------------------------------------


def test_not_direct_lists_the_code_changes(mirror):
    m = mirror["mapping"]
    nd = not_direct(m)
    assert len(nd) + (m["mapping"] == "direct").sum() == len(m) and (nd["mapping"] != "direct").all()


@pytest.mark.parametrize("with_ratings", [True, False])
def test_exposure_build_is_the_stage_step_by_step(mirror, with_ratings):
    m = mirror
    ratings = m["ratings"] if with_ratings else None
    tot = totals(m["oews"])
    t = build(
        m["statements"],
        ratings,
        m["crosswalk"],
        m["mapping"],
        m["base"],
        m["result"].rates,
        tot,
        thresholds=THRESHOLDS,
        cap_quantile=0.9,
        aggregation="pooled",
    )
    universe = measures.rated_universe(m["statements"], ratings)
    tasks = measures.task_credits(universe, measures.pair_usage(m["crosswalk"]), THRESHOLDS, 0.9)
    onet = measures.exposure_onet(tasks, THRESHOLDS, ["im", "uniform", "imrt"] if with_ratings else ["uniform"])
    oews = measures.exposure_oews(onet, m["mapping"], m["base"], "pooled")
    pd.testing.assert_frame_equal(t.tasks, tasks)
    pd.testing.assert_frame_equal(t.onet, onet)
    pd.testing.assert_frame_equal(t.oews, oews)
    pd.testing.assert_frame_equal(
        t.coverage,
        coverage_report(m["result"].rates, m["crosswalk"], tasks, m["statements"], m["mapping"], m["base"], tot, oews),
    )
    assert (t.summary["universe"] == universe["universe"].iloc[0]).all() and (
        t.summary["intensity_cap"] == tasks.attrs["intensity_cap"]
    ).all()
    assert t.summary["variant"].str.endswith("_im").any() == with_ratings


def test_measure_table_of_each_kind(mirror):
    m = mirror
    oews = measures.exposure_oews(
        measures.exposure_onet(
            measures.task_credits(
                measures.rated_universe(m["statements"], m["ratings"]),
                measures.pair_usage(m["crosswalk"]),
                THRESHOLDS,
                0.9,
            ),
            THRESHOLDS,
            ["im"],
        ),
        m["mapping"],
        m["base"],
        "pooled",
    )
    v = external.measure_table("variant", "fractional_im", m["mapping"], m["base"], variants=oews)
    assert (
        list(v.columns) == external.COLUMNS
        and (v["measure"] == "fractional_im").all()
        and (v["scale"] == "share").all()
    )
    assert v["oews_code"].is_monotonic_increasing and len(v) == (oews["variant"] == "fractional_im").sum()
    np.testing.assert_array_equal(v["exposure_raw"], v["exposure"])
    el_index = read_eloundou(m["p"]("exposure_indices/eloundou_gpt"))
    el = external.measure_table("eloundou", "eloundou_gpt", m["mapping"], m["base"], index=el_index)
    ref = external.eloundou(el_index, m["mapping"], m["base"]).sort_values("oews_code")
    np.testing.assert_allclose(el["exposure"], ref["exposure"])
    assert list(el.columns) == external.COLUMNS
    user = pd.DataFrame({"code": m["mapping"]["onet_soc_code"], "score": np.linspace(0, 1, len(m["mapping"]))})
    um = external.measure_table(
        "user", "user", m["mapping"], m["base"], user=user, user_columns=("code", "score"), user_path="u.csv"
    )
    assert (um["measure"] == "user").all() and um["exposure"].between(0, 1).all()
    with pytest.raises(ValueError, match="kind must be one of"):
        external.measure_table("other", "x", m["mapping"], m["base"])


def test_figure_panels_put_the_seed_table_first():
    oews = pd.DataFrame({"variant": ["a", "b", "a"], "oews_code": ["1", "1", "2"], "exposure": [0.1, 0.2, 0.3]})
    seed = pd.DataFrame(
        {
            "onet_soc_code": ["11-1011.00"],
            "onet_occupation_title": ["Chief Executives"],
            "ai_exposure": [0.4],
            "TOT_EMP": [200_000.0],
        }
    )
    p = figures.panels(oews, ["b", "a"], seed)
    assert list(p) == ["legacy", "b", "a"]
    assert p["legacy"].iloc[0].to_dict() == {
        "oews_code": "11-1011.00",
        "oews_title": "Chief Executives",
        "exposure": 0.4,
        "employment": 200_000.0,
    }
    assert p["a"]["oews_code"].tolist() == ["1", "2"] and list(figures.panels(oews, ["a"])) == ["a"]
