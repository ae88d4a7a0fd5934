"""The three corrected models behind one interface: a shock and a flat parameter dict in,
a flat dict of results out. Shared by the main results, the sensitivity analysis and the
consistency table, so every number about a model comes from the same code path.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import acemoglu_restrepo as ar
from . import bhaduri_marglin as bm
from . import kaleckian as kal
from . import legacy
from .legacy import LegacyParams
from .shock import Shock

MODELS = ("acemoglu_restrepo", "kaleckian", "bhaduri_marglin")
TITLES = {"acemoglu_restrepo": "Acemoglu-Restrepo", "kaleckian": "Kaleckian", "bhaduri_marglin": "Bhaduri-Marglin"}
# The headline outcome of each model: (result key, label)
OUTCOME = {
    "acemoglu_restrepo": ("sr_d_ln_w", "wage, short run (capital fixed), log points"),
    "kaleckian": ("exact", "output (aggregate demand), exact, share"),
    "bhaduri_marglin": ("output_effect", "output, Δu/u0, share"),
}
SHOCK_PARAMS = ("phi_feasible", "phi_adopted", "theta", "omega0")
# Parameters each model depends on (shock parameters first). A-R does not use θ: the model
# determines how the displaced wage bill is shared.
PARAMS = {
    "acemoglu_restrepo": ("phi_feasible", "phi_adopted", "omega0", "sigma", "cost_saving"),
    "kaleckian": ("phi_feasible", "phi_adopted", "theta", "omega0", "c_w", "c_pi"),
    "bhaduri_marglin": (
        "phi_feasible",
        "phi_adopted",
        "theta",
        "omega0",
        "s_pi",
        "s_w",
        "accumulation_rate",
        "g_u",
        "g_pi",
        "u0",
    ),
}

# Where each value and range comes from (ISSUE-13, -33: a table of sourced parameters).
SOURCES = {
    "omega0": (
        "Baseline wage share of GDP; the seed's 0.55. Range: U.S. labour-share measures run from about 0.5 "
        "(GDP) to 0.6 (nonfarm business)."
    ),
    "theta": (
        "Pass-through of the displaced wage bill to profits; 1 = no re-employment or wage adjustment (the "
        "seed's implicit value). No empirical estimate; treated as a scenario."
    ),
    "phi_feasible": (
        "Share of exposed tasks that can profitably be automated. Acemoglu (2024, 'The Simple Macroeconomics of "
        "AI') uses 23%, from Svanberg et al. (2024)."
    ),
    "phi_adopted": (
        "Share of feasible automation adopted, or of AI use that automates rather than augments: the AEI share "
        "of automation patterns (directive, feedback loop) when configured."
    ),
    "sigma": (
        "Elasticity of substitution between tasks. No between-task estimate is cited by the seed (ISSUE-13); "
        "reported as a grid."
    ),
    "cost_saving": (
        "Labour-cost saving of automating a task, 1 - r/W. Acemoglu (2024) uses about 27% for AI-exposed tasks "
        "(from Noy & Zhang 2023; Brynjolfsson et al. 2023)."
    ),
    "c_w": (
        "Marginal propensity to consume out of wages; the seed's 0.80 (citing Stockhammer 2011; Onaran & Galanis 2014)."
    ),
    "c_pi": "Marginal propensity to consume out of profits; the seed's 0.40 (same citations).",
    "s_pi": (
        "Propensity to save out of profits; harmonised with the Kaleckian block as 1 - c_pi unless set (the "
        "seed's B-M used 0.45)."
    ),
    "s_w": "Propensity to save out of wages; harmonised as 1 - c_w unless set (the seed's B-M had 0).",
    "accumulation_rate": (
        "Baseline accumulation rate g = sigma(pi0)·u0/v that pins v, the capital to full-capacity output ratio "
        "(the seed's v = 1 implies 16%)."
    ),
    "g_u": "Investment response to utilisation; the seed's 0.10 (unsourced, ISSUE-33).",
    "g_pi": "Investment response to the profit share; the seed's 0.05 (unsourced, ISSUE-33).",
    "u0": (
        "Baseline capacity utilisation; the seed's 0.80 (Federal Reserve total-industry utilisation has been "
        "near 75-80%)."
    ),
}


# The config sections each model reads (B-M harmonises its saving propensities with the
# Kaleckian MPCs), so a rule's params carry only what its model depends on.
SECTIONS = {
    "acemoglu_restrepo": ("acemoglu_restrepo",),
    "kaleckian": ("kaleckian",),
    "bhaduri_marglin": ("kaleckian", "bhaduri_marglin"),
}
_NAN = float("nan")


@dataclass(frozen=True)
class ModelConfig:
    """Corrected-model parameters resolved from config (harmonised B-M saving propensities).
    Sections left out of the config dict are NaN and must not be used."""

    sigma: float = _NAN
    sigma_grid: tuple[float, ...] = ()
    cost_saving: float = _NAN
    c_w: float = _NAN
    c_pi: float = _NAN
    s_pi: float = _NAN
    s_w: float = _NAN
    accumulation_rate: float | None = None
    v: float | None = None
    g_u: float = _NAN
    g_pi: float = _NAN
    u0: float = _NAN

    @classmethod
    def from_config(cls, cfg: dict) -> ModelConfig:
        kw: dict = {}
        if "acemoglu_restrepo" in cfg:
            a = cfg["acemoglu_restrepo"]
            kw.update(
                sigma=float(a["sigma"]),
                sigma_grid=tuple(float(s) for s in a["sigma_grid"]),
                cost_saving=float(a["cost_saving"]),
            )
        if "kaleckian" in cfg:
            kw.update(c_w=float(cfg["kaleckian"]["c_w"]), c_pi=float(cfg["kaleckian"]["c_pi"]))
        if "bhaduri_marglin" in cfg:
            b = cfg["bhaduri_marglin"]
            kw.update(
                s_pi=float(b["s_pi"]) if b.get("s_pi") is not None else 1 - kw["c_pi"],
                s_w=float(b["s_w"]) if b.get("s_w") is not None else 1 - kw["c_w"],
                accumulation_rate=None if b.get("v") is not None else float(b["accumulation_rate"]),
                v=None if b.get("v") is None else float(b["v"]),
                g_u=float(b["g_u"]),
                g_pi=float(b["g_pi"]),
                u0=float(b["u0"]),
            )
        return cls(**kw)

    def params(self, model: str, shock: Shock) -> dict:
        """The flat parameter dict of ``model`` at this configuration and shock."""
        p = dict(
            phi_feasible=shock.phi_feasible,
            phi_adopted=shock.phi_adopted,
            theta=shock.theta,
            omega0=shock.omega0,
            sigma=self.sigma,
            cost_saving=self.cost_saving,
            c_w=self.c_w,
            c_pi=self.c_pi,
            s_pi=self.s_pi,
            s_w=self.s_w,
            accumulation_rate=self.accumulation_rate,
            v=self.v,
            g_u=self.g_u,
            g_pi=self.g_pi,
            u0=self.u0,
        )
        names = list(PARAMS[model])
        if model == "bhaduri_marglin" and self.v is not None:
            names[names.index("accumulation_rate")] = "v"
        return {n: p[n] for n in names}


def evaluate(model: str, shock: Shock, params: dict) -> dict:
    """Results of one corrected model. Shock parameters in ``params`` override the shock's."""
    s = shock.with_(**{k: params[k] for k in SHOCK_PARAMS if k in params})
    if model == "acemoglu_restrepo":
        return ar.wage_effects(s.td, sigma=params["sigma"], labour_share=s.omega0, cost_saving=params["cost_saving"])
    if model == "kaleckian":
        return kal.effects(s.d_omega, omega0=s.omega0, c_w=params["c_w"], c_pi=params["c_pi"])
    if model == "bhaduri_marglin":
        pi0 = 1 - s.omega0
        v = params.get("v")
        if v is None:
            v = bm.v_for_accumulation(
                params["accumulation_rate"], pi0=pi0, u0=params["u0"], s_pi=params["s_pi"], s_w=params["s_w"]
            )
        return bm.effects(
            s.d_pi,
            pi0=pi0,
            s_pi=params["s_pi"],
            s_w=params["s_w"],
            v=v,
            g_u=params["g_u"],
            g_pi=params["g_pi"],
            u0=params["u0"],
        )
    raise KeyError(model)


_LEGACY_DEFAULTS = LegacyParams()  # module-level default for legacy_evaluate (a frozen dataclass)


def legacy_evaluate(model: str, td: float, p: LegacyParams = _LEGACY_DEFAULTS) -> dict:
    """The seed's formulas on any task-displacement share (consistency table, legacy mode)."""
    if model == "acemoglu_restrepo":
        return {"wage_effect": legacy.ar_core(td, p)}
    if model == "kaleckian":
        return legacy.kaleckian_core(td, p)
    return legacy.bm_core(td, p)


def parameter_table(
    mc: ModelConfig, scenarios: list[dict], primary_scenario: str, omega0: float, ranges: dict
) -> pd.DataFrame:
    """calibration/parameters.csv: every parameter of :data:`SOURCES` with its value (the
    primary scenario's for the shock parameters), its sensitivity range, the models that use it
    and its source; then the A-R sigma grid and one row per scenario."""
    primary = next((s for s in scenarios if s["name"] == primary_scenario), None)
    if primary is None:
        raise ValueError(f"primary scenario {primary_scenario!r} is not one of {[s['name'] for s in scenarios]}")
    values = dict(
        omega0=omega0,
        theta=primary["theta"],
        phi_feasible=primary["phi_feasible"],
        phi_adopted=primary["phi_adopted"],
        sigma=mc.sigma,
        cost_saving=mc.cost_saving,
        c_w=mc.c_w,
        c_pi=mc.c_pi,
        s_pi=mc.s_pi,
        s_w=mc.s_w,
        accumulation_rate=mc.accumulation_rate,
        v=mc.v,
        g_u=mc.g_u,
        g_pi=mc.g_pi,
        u0=mc.u0,
    )
    rows = []
    for name, source in SOURCES.items():
        lo, hi = ranges.get(name, (None, None))
        rows.append(
            dict(
                parameter=name,
                value=values.get(name),
                low=lo,
                high=hi,
                models=", ".join(m for m, ps in PARAMS.items() if name in ps),
                source=source,
            )
        )
    rows.append(
        dict(
            parameter="sigma_grid",
            value=" ".join(f"{s:g}" for s in mc.sigma_grid),
            low=None,
            high=None,
            models="acemoglu_restrepo",
            source=SOURCES["sigma"],
        )
    )
    for s in scenarios:
        rows.append(
            dict(
                parameter=f"scenario {s['name']}",
                value=f"phi_feasible {s['phi_feasible']}, phi_adopted {s['phi_adopted']}, theta {s['theta']}",
                low=None,
                high=None,
                models="all",
                source="calibration.scenarios",
            )
        )
    return pd.DataFrame(rows)
