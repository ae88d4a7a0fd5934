"""The corrected estimation's specification grid (run by the estimation_corrected job of each
measure): the grid order and names, and that estimating the specifications one by one and
gathering them gives exactly the tables of a direct loop over event_study.estimate."""

import numpy as np
import pandas as pd
import pytest

from ailabor.econometrics import corrected, event_study, specs

DATES = {"chatgpt": "2022-11-30", "gpt4_claude": "2023-03-14"}


def loop_tables(panel, measure, dates, outcomes, weights, primary_date, measure_name="truth"):
    """A direct loop over event_study.estimate, as workflow/scripts/estimation_corrected.py ran
    before the grid existed (the reference the gathered grid must reproduce)."""
    base_emp = event_study.unit_exposure(panel["unit_code"], measure.assign(exposure=measure["employment"]))
    coefs, tests, vcovs = [], [], []
    for label, date in dates.items():
        for outcome in outcomes:
            for w in weights:
                for kind in ("event", "dose", "dose_wage_trends"):
                    if kind != "dose" and (label != primary_date or w != "none"):
                        continue
                    rows, info = event_study.estimate(
                        panel,
                        measure,
                        measure_name=measure_name,
                        outcome=outcome,
                        date=date,
                        date_label=label,
                        weights=w,
                        kind=kind,
                        base_employment=base_emp,
                    )
                    coefs.append(rows)
                    if kind == "event":
                        vcovs.append(
                            event_study.vcov_table(
                                info, {"measure": measure_name, "date": label, "outcome": outcome, "weights": w}
                            )
                        )
                    for cluster, t in info["pretrend"].items():
                        tests.append(
                            {
                                "measure": measure_name,
                                "date": label,
                                "outcome": outcome,
                                "weights": w,
                                "cluster_var": cluster,
                                **t,
                            }
                        )
    return pd.concat(coefs, ignore_index=True), pd.DataFrame(tests), pd.concat(vcovs, ignore_index=True)


def test_grid_order_names_and_kinds():
    grid = specs.spec_grid(DATES, ["ln_wage", "ln_emp"], ["none", "employment", "prse"], "chatgpt")
    ids = [s.id for s in grid]
    assert (
        len(ids) == len(set(ids)) == 16
    )  # 2 dates x 2 outcomes x 3 weights dose + event and wage trends for 2 outcomes
    assert ids[:5] == [
        "chatgpt-ln_wage-none-event",
        "chatgpt-ln_wage-none-dose",
        "chatgpt-ln_wage-none-dose_wage_trends",
        "chatgpt-ln_wage-employment-dose",
        "chatgpt-ln_wage-prse-dose",
    ]
    assert ids[-1] == "gpt4_claude-ln_emp-prse-dose"
    assert all(s.kind == "dose" for s in grid if s.date_label != "chatgpt" or s.weights != "none")
    assert {s.kind for s in grid if s.date_label == "chatgpt" and s.weights == "none"} == set(specs.KINDS)
    assert all(s.date == DATES[s.date_label] for s in grid)
    one = grid[7]
    assert specs.find(grid, one.id) == one and specs.Spec(**one.as_dict()) == one
    with pytest.raises(KeyError, match="no specification"):
        specs.find(grid, "chatgpt-ln_wage-none-nothing")


def test_grid_rejects_names_that_cannot_name_files_and_an_unknown_primary_date():
    with pytest.raises(ValueError, match="name files"):
        specs.spec_grid({"chat gpt": "2022-11-30"}, ["ln_wage"], ["none"], "chat gpt")
    with pytest.raises(ValueError, match="primary treatment date"):
        specs.spec_grid(DATES, ["ln_wage"], ["none"], "gpt5")


def test_run_grid_equals_the_single_loop(synth_panel):
    panel, measure = synth_panel["panel"], synth_panel["measure"]
    weights = ["none", "employment"]
    outcomes = ["ln_wage", "ln_emp"]  # the grid shares each outcome's sample across its specifications
    grid = specs.spec_grid(DATES, outcomes, weights, "chatgpt")
    seen = []
    got = specs.run_grid(panel, measure, grid, measure_name="truth", progress=lambda *a: seen.append(a[:3]))
    assert seen == [(k, len(grid), s) for k, s in enumerate(grid, 1)]
    coefs, tests, vcov = loop_tables(panel, measure, DATES, outcomes, weights, "chatgpt")
    pd.testing.assert_frame_equal(got.coefs, coefs)
    pd.testing.assert_frame_equal(got.pretrend, tests)
    pd.testing.assert_frame_equal(got.vcov, vcov)
    assert list(got.pretrend.columns) == specs.PRETREND_COLUMNS
    assert got.coefs["specification"].str.startswith("gpt4_claude").any() and set(got.coefs["weights"]) == set(weights)
    dose = specs.dose_summary(got.coefs)
    assert len(dose) == 6 and (dose["n"] > 0).all()  # per outcome: chatgpt, chatgpt + wage trends, gpt4_claude


def test_one_spec_part_holds_only_its_own_rows(synth_panel):
    panel, measure = synth_panel["panel"], synth_panel["measure"]
    dose = specs.run_spec(
        panel, measure, specs.Spec("chatgpt", DATES["chatgpt"], "ln_wage", "employment", "dose"), measure_name="truth"
    )
    assert (dose.coefs["model"] == "dose response").all() and (dose.coefs["weights"] == "employment").all()
    assert dose.pretrend.empty and list(dose.pretrend.columns) == specs.PRETREND_COLUMNS and dose.vcov.empty
    event = specs.run_spec(
        panel, measure, specs.Spec("chatgpt", DATES["chatgpt"], "ln_wage", "none", "event"), measure_name="truth"
    )
    assert (event.coefs["model"] == "event study").all()
    assert set(event.pretrend["cluster_var"]) == {"major_group", "occupation"}
    assert set(event.vcov["cluster_var"]) == {"major_group", "occupation"} and (event.vcov["date"] == "chatgpt").all()
    shown = specs.major_group_rows(event.coefs)
    assert (shown.index.isin(event.coefs.index[event.coefs["cluster_var"] == "major_group"])).all() and len(shown) > 0


def test_panel_windows_need_the_three_waves(synth_panel):
    panel, measure = synth_panel["panel"], synth_panel["measure"]
    w = specs.panel_windows(panel, measure, measure_name="truth")
    wide = corrected.wide_from_panel(panel, event_study.unit_exposure(panel["unit_code"], measure), specs.PANEL_WAVES)
    ref = corrected.three_windows(
        wide, "exposure", specs.PANEL_WAVES, spec_mode="corrected", measure="truth", unit=specs.PANEL_UNIT
    )
    pd.testing.assert_frame_equal(
        w.iloc[: len(ref)][list(ref.columns)].reset_index(drop=True), ref, check_dtype=False
    )  # the stacked table has more columns
    assert {"three-window identity"} < set(w["model"]) and (w["measure"] == "truth").all()
    np.testing.assert_allclose(
        w.loc[w["specification"] == "2022-2024", "estimate"].iloc[0],
        w.loc[
            w["specification"].isin(["2022-2023", "2023-2024"]) & (w["model"] == "three-window identity"), "estimate"
        ].sum(),
        rtol=1e-10,
    )
    assert specs.panel_windows(panel[panel["year"] != 2023], measure, measure_name="truth").empty
