"""Package functions behind the calibration scripts: one shock per configured scenario (with the
AEI automation share), shocks from shock tables, the parameter table, the gathered Monte Carlo
draws and the headline metrics shown in the log."""

import numpy as np
import pandas as pd
import pytest

from ailabor.calibration import CalibrationError, results, sensitivity
from ailabor.calibration.models import PARAMS, SOURCES, ModelConfig, parameter_table
from ailabor.calibration.shock import scenario_row, scenario_shocks, shock_from_measure, shocks_from_tables
from ailabor.errors import InputError

MODEL_CFG = {
    "acemoglu_restrepo": {"sigma": 1.5, "sigma_grid": [0.5, 1.0, 2.0], "cost_saving": 0.27},
    "kaleckian": {"c_w": 0.8, "c_pi": 0.4},
    "bhaduri_marglin": {
        "s_pi": None,
        "s_w": None,
        "v": None,
        "accumulation_rate": 0.10,
        "g_u": 0.10,
        "g_pi": 0.05,
        "u0": 0.8,
    },
}
SCENARIOS = [
    {"name": "upper_bound", "phi_feasible": 1.0, "phi_adopted": 1.0, "theta": 1.0},
    {"name": "acemoglu_2024", "phi_feasible": 0.23, "phi_adopted": 0.5, "theta": 0.5},
    {"name": "aei_automation", "phi_feasible": 0.23, "phi_adopted": "aei_automation", "theta": 0.5},
]


def measure_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "oews_code": ["11-1011", "15-1252", "35-2014"],
            "exposure": [0.2, 0.6, 0.0],
            "employment": [100.0, 200.0, 300.0],
            "wage_bill": [1000.0, 3000.0, 900.0],
            "scale": "share",
        }
    )


def test_scenario_shocks_one_per_scenario_with_the_aei_share():
    shocks = scenario_shocks(
        measure_frame(),
        SCENARIOS,
        measure="m",
        omega0=0.55,
        totals=None,
        automation={"automation_share": 0.4},
        base_year=2024,
    )
    assert [s.scenario for s in shocks] == ["upper_bound", "acemoglu_2024", "aei_automation"]
    assert shocks[2].phi_adopted == 0.4 and shocks[1].phi_adopted == 0.5 and shocks[1].theta == 0.5
    ref = shock_from_measure(
        measure_frame(),
        measure="m",
        scenario="acemoglu_2024",
        phi_feasible=0.23,
        phi_adopted=0.5,
        theta=0.5,
        omega0=0.55,
        base_year=2024,
    )
    assert shocks[1] == ref
    with pytest.raises(CalibrationError, match="aei_automation"):
        scenario_shocks(measure_frame(), SCENARIOS, measure="m", omega0=0.55, totals=None, automation=None)


def test_shocks_from_tables_and_scenario_row():
    shocks = scenario_shocks(measure_frame(), SCENARIOS[:2], measure="m", omega0=0.55, totals=None, automation=None)
    table = results.shock_table(shocks)
    other = results.shock_table([shocks[0].with_(measure="n", label="n / upper_bound")])
    back = shocks_from_tables([table, other])
    assert back[:2] == shocks and back[2].measure == "n" and len(back) == 3
    assert scenario_row(table, "acemoglu_2024")["phi_adopted"] == 0.5
    with pytest.raises(InputError, match="scenario 'nope'"):
        scenario_row(table, "nope", path="shocks/m.parquet")


def test_parameter_table_values_ranges_and_scenarios():
    ranges = {"sigma": (0.5, 2.0), "theta": (0.25, 1.0)}
    t = parameter_table(ModelConfig.from_config(MODEL_CFG), SCENARIOS, "acemoglu_2024", 0.55, ranges).set_index(
        "parameter"
    )
    assert list(t.index[: len(SOURCES)]) == list(SOURCES)
    assert t.loc["theta", "value"] == 0.5 and t.loc["phi_adopted", "value"] == 0.5  # the primary scenario's
    assert (t.loc["sigma", "low"], t.loc["sigma", "high"]) == (0.5, 2.0) and pd.isna(t.loc["omega0", "low"])
    assert t.loc["s_pi", "value"] == pytest.approx(0.6)  # harmonised with the Kaleckian c_pi
    assert t.loc["sigma", "models"] == "acemoglu_restrepo" and t.loc["theta", "models"] == ", ".join(
        m for m, ps in PARAMS.items() if "theta" in ps
    )
    assert t.loc["sigma_grid", "value"] == "0.5 1 2"
    assert t.loc["scenario aei_automation", "value"] == "phi_feasible 0.23, phi_adopted aei_automation, theta 0.5"
    with pytest.raises(ValueError, match="primary scenario"):
        parameter_table(ModelConfig.from_config(MODEL_CFG), SCENARIOS, "missing", 0.55, ranges)


def test_gathered_monte_carlo_draws_are_in_draw_order():
    chunks = [
        pd.DataFrame({"draw": [3, 4], "outcome": [0.3, 0.4]}),
        pd.DataFrame({"draw": [0, 1, 2], "outcome": [0.0, 0.1, 0.2]}),
    ]
    out = sensitivity.gather_draws(chunks)
    assert out["draw"].tolist() == [0, 1, 2, 3, 4] and out.index.tolist() == [0, 1, 2, 3, 4]
    np.testing.assert_allclose(out["outcome"], out["draw"] / 10)


def test_key_metrics_pivot_the_headline_metric_of_each_model():
    mc = ModelConfig.from_config(MODEL_CFG)
    shocks = scenario_shocks(measure_frame(), SCENARIOS[:2], measure="m", omega0=0.55, totals=None, automation=None)
    table = results.corrected_table(shocks, mc)
    k = results.key_metrics(table)
    assert set(k.columns) <= set(results.KEY_METRICS) and {"sr_d_ln_w", "exact", "output_effect"} <= set(k.columns)
    assert set(k.index.get_level_values("scenario")) == {"upper_bound", "acemoglu_2024"}
    row = table[(table["scenario"] == "upper_bound") & (table["metric"] == "exact")]
    assert k.xs("upper_bound", level="scenario")["exact"].dropna().iloc[0] == pytest.approx(row["value"].iloc[0])
