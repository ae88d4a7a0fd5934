"""General-equilibrium scenarios driven by measured exposure (issues 9 and 15).

Every shock of the calibration stage (one per exposure measure and scenario, plus the seed's
legacy shock) carries a task-displacement share ``D = td``: the share of the wage bill earned
in tasks that the measure says are displaced. The same ``D`` is mapped to one shock in each GE
model. The README section "GE scenarios driven by measured exposure" states the mapping, its
assumptions and the economics of its flat parts; this docstring is the short version.

* **Acemoglu–Restrepo task model** (:mod:`.ar.ai_band`). The automation frontier jumps from I0
  to I0 + dI, with ``dI`` such that the tasks [I0, I0 + dI] earn the share D of the wage bill at
  the initial steady state (``ar.longrun.dI_for_displacement``). The shift is paired with the
  productivity of capital in the newly automatable tasks, z(i) = (gamma(i)/gamma(I0))^lam: with
  lam = 1 (default) every measured task is exactly as cost-saving to automate, at the initial
  prices, as the most complex task automated before the shock, whose saving pi0 = 1 - R/w0 is
  set by the initial technology gap n0. By default n0 is calibrated so that pi0 equals the
  calibration stage's ``cost_saving`` (Acemoglu 2024's 27%). No exogenous technology growth:
  the economy starts and ends in a steady state (g = 0), like the BBZ economy.
* **Berg–Buffie–Zanna robot model, Model 2** (:mod:`.bbz`, default). D is the share of labour
  that competes with robots: theta_L1 = D theta_L (L1 works with robots in V(L1, bZ)), the rest
  works with traditional capital in H(K, L2); at the initial prices (one wage) L1/L = D. The
  robots' share of V is held at the paper's 0.114 (theta_Z scales with D, theta_K takes the
  rest; the paper's calibration at its own split D = 0.51), so D = 0 means no shock. The
  shock is the paper's robot-productivity improvement (b from b0 to b_bar, diffusing as in the
  paper), the same for every D: exposure decides who competes with the robots, not how good
  they become. ``bbz_split: employment`` uses the employment-weighted share instead of the
  wage-bill share.
* **BBZ Model 1** (``bbz_model: 1``, the alternative): robots compete with all labour, and D
  sets the robot-productivity factor B at which labour's share of the cost of V(L, bZ) falls by
  the proportion D at unchanged prices, B = [(1/(1-D) - alpha_L)/alpha_Z]^(1/(sigma2-1)); no
  steady state for D >= alpha_L/(1 + alpha_L).

Both models are solved to transition paths; wages are reported relative to the initial steady
state (the no-shock path: neither economy grows).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..figures import CORRECTED_COLOR, LEGACY_COLOR, PALETTE, apply_style, pyplot, save
from ..labels import label, scenario_name, words
from .ar import P0, ai_band, longrun
from .ar import ModelError as ARModelError
from .ar.costs import lncu, share_ln
from .ar.tasks import gl
from .bbz import ModelError
from .bbz import experiments as bbz_experiments
from .bbz.models import Model1, Model2
from .bbz.params import Params as BBZParams

GE_ERRORS = (ModelError, ARModelError)  # either model has no equilibrium at these inputs
D_MIN_MODEL2 = 1e-6  # Model 2 needs some labour in V(L1, bZ): D = 0 is evaluated at this share (its limit)


@dataclass(frozen=True)
class Scenario:
    measure: str
    scenario: str
    label: str
    D: float  # task-displacement share of the wage bill
    exposure_wage: float
    legacy_units: bool = False
    D_employment: float = math.nan  # the same with employment weights
    scale: str = "share"  # the exposure measure's scale: "share" of work, or an index such as a percentile rank

    @property
    def is_share(self) -> bool:
        """False for an index (e.g. Felten's percentile rank): its D is not a share of work."""
        return self.scale == "share"

    @property
    def id(self) -> str:
        return f"{self.measure}/{self.scenario}"

    def bbz_share(self, split: str) -> float:
        """The share of labour competing with robots (Model 2): of the wage bill or of employment."""
        if split == "wage_bill":
            return self.D
        if split == "employment":
            if math.isnan(self.D_employment):
                raise ModelError(f"{self.label}: no employment-weighted displacement share (bbz_split: employment)")
            return self.D_employment
        raise ModelError(f"bbz_split must be 'wage_bill' or 'employment', got {split!r}")


def scenarios_from_shock(shock: pd.DataFrame, path: str = "shock file") -> list[Scenario]:
    """The scenarios of one calibration shock file (columns measure, scenario, label, td, exposure_wage;
    exposure_employment, phi_feasible, phi_adopted for the employment-weighted share)."""
    need = {"measure", "scenario", "label", "td", "exposure_wage"}
    missing = need - set(shock.columns)
    if missing:
        raise ModelError(f"{path}: missing column(s) {sorted(missing)}; expected the calibration stage's shock table")
    out = []
    for i, row in shock.reset_index(drop=True).iterrows():
        D = float(row["td"])
        if not 0 <= D < 1 or math.isnan(D):
            raise ModelError(f"{path}, row {i} ({row['label']}): column td must be in [0, 1), got {D}")
        D_emp = math.nan
        if {"exposure_employment", "phi_feasible", "phi_adopted"} <= set(shock.columns):
            D_emp = float(row["exposure_employment"]) * float(row["phi_feasible"]) * float(row["phi_adopted"])
        out.append(
            Scenario(
                str(row["measure"]),
                str(row["scenario"]),
                str(row["label"]),
                D,
                float(row["exposure_wage"]),
                bool(row.get("legacy_units", False)),
                D_emp,
                measure_scale(row),
            )
        )
    return out


def measure_scale(row) -> str:
    """The scale of a shock's exposure measure: the column ``scale`` if present, else the
    calibration stage's note in ``base`` ("exposure on a percentile rank scale, ..."), else share."""
    import re

    if "scale" in row and isinstance(row["scale"], str) and row["scale"]:
        return row["scale"]
    m = re.search(r"exposure on a (.+?) scale", str(row.get("base", "")))
    return m.group(1) if m else "share"


# --------------------------------------------------------------------------------------------
# A-R: displacement share -> frontier shift paired with AI capital productivity


@dataclass(frozen=True)
class ARSetup:
    """The calibrated scenario economy of the A-R model."""

    params: object  # ailabor.ge.ar.Params
    n0: float
    lam: float
    cost_saving: float  # pi0 = 1 - R/(W0/gamma(I0)) at n0
    T: float = 350.0

    @property
    def R(self) -> float:
        return self.params.R_star(0.0)


def ar_setup(cfg: dict) -> ARSetup:
    """Parameters (P0 with ``params``), n0 (given, or calibrated to ``cost_saving``) and lam."""
    p = P0.with_(**cfg.get("params", {}))
    n0 = cfg.get("n0")
    if n0 is None:
        n0 = ai_band.n0_for_cost_saving(p, float(cfg["cost_saving"]))
    n0 = float(n0)
    return ARSetup(
        p, n0, float(cfg.get("ai_productivity", 1.0)), ai_band.cost_saving(p, n0), float(cfg.get("horizon", 350.0))
    )


def ar_band(D: float, s: ARSetup):
    """The A-R shock built from D: the band [0, dI] whose tasks earn the share D of the initial wage bill."""
    dI = longrun.dI_for_displacement(s.params, s.n0, D, s.R) if D > 0 else 0.0
    return ai_band.Band(s.n0, dI, s.lam)


def ar_displacement(band, s: ARSetup) -> float:
    """Inverse of :func:`ar_band`: the share of the wage bill earned in the band's tasks at the
    initial steady state, from the AI-band economy's own initial equilibrium (labour payments
    c^{1-sigma} s integrated over [0, dI] against [I*, n0])."""
    p = s.params
    eq = ai_band.longrun(p, ai_band.Band(band.n0), s.R)

    def pay(lo, hi):
        nodes, w = gl(lo, hi)
        if not len(nodes):
            return 0.0
        lnx = math.log(eq.W) - p.A * nodes
        lnc = lncu(p, lnx)
        return float(np.dot(w, np.exp((1 - p.sigma) * lnc) * share_ln(p, lnx, lnc)))

    return pay(eq.I_star, band.dI) / pay(eq.I_star, band.n0) if band.dI > 0 else 0.0


def ar_outcome(D: float, s: ARSetup, t_report) -> tuple[pd.DataFrame, dict]:
    """Transition of the A-R economy after the shock built from D. The path has the standard
    columns t, wage_pct, labour_share_pp, output_pct (against the initial steady state) and the
    model's own columns; the summary the headline numbers (see :func:`headlines`)."""
    band = ar_band(D, s)
    path, summ = ai_band.transition(s.params, band, T=s.T, t_report=t_report)
    path = path.assign(
        wage_pct=100 * np.expm1(path["lnW_rel"]),
        labour_share_pp=100 * (path["labour_share"] - summ["ls_before"]),
        output_pct=100 * (path["Y_rel"] - 1),
    )
    summ = dict(
        summ,
        status="ok" if summ["converged"] else "not converged",
        mapping=dict(
            D=D,
            dI=band.dI,
            n0=s.n0,
            n1=s.n0 - band.dI,
            lam=s.lam,
            cost_saving=s.cost_saving,
            R=s.R,
            check_D=ar_displacement(band, s),
        ),
    )
    return path, summ


# --------------------------------------------------------------------------------------------
# BBZ: Model 2 split (default) or Model 1 robot productivity


def bbz_productivity_factor(D: float, params: BBZParams) -> float:
    """Model 1 alternative: B = b_bar / b0 such that robots take over the share D of labour's
    cost of V(L, bZ) at the initial factor prices."""
    m = Model1(params)
    s2 = params.sigma2
    if D <= 0:
        return 1.0
    if s2 <= 1:
        raise ModelError(f"BBZ mapping needs robots to substitute for labour (sigma2 > 1), got sigma2 = {s2}")
    x = 1 / (1 - D) - m.alpha_L  # alpha_Z B^(sigma2-1)
    if x >= 1:
        raise ModelError(
            f"BBZ Model 1 has no steady state for displacement D = {D:.4f}: alpha_Z B^(sigma2-1) = {x:.4f} >= 1 "
            f"(robots would take over so much of labour's work that output grows without bound); "
            f"D must be below alpha_L/(1+alpha_L) = {m.alpha_L / (1 + m.alpha_L):.4f}"
        )
    return (x / m.alpha_z) ** (1 / (s2 - 1))


def bbz_displacement(B: float, params: BBZParams) -> float:
    """Inverse of :func:`bbz_productivity_factor` (labour's lost share of the cost of V)."""
    m = Model1(params)
    return 1 - 1 / (m.alpha_L + m.alpha_z * B ** (params.sigma2 - 1))


def bbz_robot_share_of_V(base: BBZParams) -> float:
    """The robots' share of the cost of the robot-labour bundle V(L1, bZ) in the base
    calibration (the paper's: theta_Z / (theta_Z + theta_L1) = 0.04 / 0.35 = 0.114)."""
    return base.theta_Z / (base.theta_Z + base.theta_L - base.theta_L2)


def bbz_model2_params(D: float, base: BBZParams) -> BBZParams:
    """Model 2 calibrated to the exposed share D: theta_L1 = D theta_L competes with robots,
    theta_L2 = (1 - D) theta_L works with traditional capital (D = 0 at its limit D_MIN_MODEL2).
    The robots' share of V(L1, bZ) is held at the base calibration's (:func:`bbz_robot_share_of_V`):
    theta_Z = a/(1-a) theta_L1 scales with D and the remainder of the non-labour share goes to
    traditional capital (theta_K), so the labour share theta_L is unchanged and D = 0 means no
    robots, hence no shock. At the paper's split (D = 0.51) this is the paper's calibration."""
    if not 0 <= D < 1:
        raise ModelError(f"BBZ Model 2: the share of labour competing with robots must be in [0, 1), got {D}")
    a, thL = bbz_robot_share_of_V(base), base.theta_L
    th_L1 = max(D, D_MIN_MODEL2) * thL
    th_Z = a / (1 - a) * th_L1
    return base.with_(theta_Z=th_Z, theta_K=1 - thL - th_Z, theta_L2=thL - th_L1)


def bbz_split(params: BBZParams) -> float:
    """Inverse of :func:`bbz_model2_params`: the share of labour employed with robots (L1/L, = its
    wage-bill share: one wage) in Model 2's static equilibrium at the initial stocks and prices."""
    m = Model2(params)
    st = m.static(m.X0, np.asarray(params.b0))
    return float(st["L1"]) / m.L


def bbz_setup(cfg: dict) -> BBZParams:
    return BBZParams().with_(**cfg.get("params", {}))


def bbz_run_for(D: float, cfg: dict) -> tuple[bbz_experiments.Run | None, dict]:
    """The BBZ run built from D (Model 2 split, or Model 1 productivity) and the mapping record."""
    base = bbz_setup(cfg)
    model = str(cfg.get("model", 2))
    if model == "2":
        p = bbz_model2_params(D, base)
        mapping = dict(
            model="2",
            D=D,
            share_L1=max(D, D_MIN_MODEL2),
            theta_L1=p.theta_L - p.theta_L2,
            theta_L2=p.theta_L2,
            theta_Z=p.theta_Z,
            theta_K=p.theta_K,
            robot_share_of_V=p.theta_Z / (p.theta_Z + p.theta_L - p.theta_L2),
            productivity_factor=p.b_bar / p.b0,
            b0=p.b0,
            b_bar=p.b_bar,
            sigma2=p.sigma2,
            sigma3=p.sigma3,
            share_L0=p.theta_L,
            check_D=bbz_split(p),
        )
        return bbz_experiments.Run("exposure", "2", p, f"Model 2, L1/L {D:.3g}"), mapping
    if model != "1":
        raise ModelError(f"bbz_model must be 1 or 2, got {model!r}")
    mapping = dict(
        model="1",
        D=D,
        productivity_factor=math.nan,
        b0=base.b0,
        b_bar=math.nan,
        sigma2=base.sigma2,
        share_L0=base.theta_L,
        check_D=math.nan,
    )
    try:
        B = bbz_productivity_factor(D, base)
    except ModelError as exc:
        mapping["message"] = str(exc)
        return None, mapping
    p = base.with_(b_bar=base.b0 * B)
    mapping.update(productivity_factor=B, b_bar=p.b_bar, check_D=bbz_displacement(B, base))
    return bbz_experiments.Run("exposure", "1", p, f"Model 1, b x{B:.3g}"), mapping


def bbz_outcome(D: float, cfg: dict, t_grid=None) -> tuple[pd.DataFrame, dict]:
    """Transition of the BBZ model after the shock built from D. With ``t_grid`` the standard
    columns (t, wage_pct, labour_share_pp, output_pct) are interpolated onto it; an empty path
    and status "failed" where the model has no equilibrium (the A-R side still runs)."""
    run, mapping = bbz_run_for(D, cfg)
    if mapping["model"] == "2" and D == 0:  # no robots in V (theta_Z scales with D): no shock, the economy stays put
        return _bbz_no_shock(mapping, cfg, t_grid)
    if run is None:
        return pd.DataFrame(), dict(status="failed", converged=False, message=mapping["message"], mapping=mapping)
    path, summary = bbz_experiments.solve_run(
        run,
        cfg.get("method", "nl"),
        T=cfg["horizon"],
        dt=cfg["dt"],
        worker_rhos=cfg.get("worker_rho", [0.06]),
        tol=cfg.get("nl_tol", 1e-6),
    )
    summary["mapping"] = mapping
    if summary.get("status") == "failed":
        return pd.DataFrame(), summary
    share0 = mapping["share_L0"]
    summary.update(
        share_L_impact=float(path["share_L"].iloc[0]), output_impact_pct=float(100 * (path["Q_rel"].iloc[0] - 1))
    )
    path = path.assign(
        wage_pct=100 * (path["w_rel"] - 1),
        labour_share_pp=100 * (path["share_L"] - share0),
        output_pct=100 * (path["Q_rel"] - 1),
    )
    if t_grid is not None:
        t_grid = np.asarray(t_grid, dtype=float)
        path = pd.DataFrame(
            {
                "t": t_grid,
                **{c: np.interp(t_grid, path["t"], path[c]) for c in ("wage_pct", "labour_share_pp", "output_pct")},
            }
        )
    return path, summary


def _bbz_no_shock(mapping: dict, cfg: dict, t_grid=None) -> tuple[pd.DataFrame, dict]:
    """Model 2 at D = 0: nobody competes with robots and there are none, so nothing moves."""
    t = (
        np.asarray(t_grid, dtype=float)
        if t_grid is not None
        else np.arange(0.0, float(cfg["horizon"]) + 1e-9, float(cfg["dt"]))
    )
    zeros = np.zeros(len(t))
    share0 = mapping["share_L0"]
    path = pd.DataFrame(dict(t=t, wage_pct=zeros, labour_share_pp=zeros, output_pct=zeros))
    if t_grid is None:
        path = path.assign(w_rel=1.0, Q_rel=1.0, share_L=share0)
    summary = dict(
        status="ok",
        converged=True,
        message="D = 0: no shock",
        mapping=mapping,
        wage_impact_pct=0.0,
        wage_trough_pct=0.0,
        wage_trough_year=0.0,
        low_wage_phase_end=0.0,
        share_L_impact=share0,
        output_impact_pct=0.0,
        long_run=dict(w_pct=0.0, labour_share=share0, gdp_pct=0.0),
    )
    return path, summary


# --------------------------------------------------------------------------------------------
# Headline numbers on one scale for both models


HEADLINES = {
    "wage_impact_pct": "wage on impact (%)",
    "wage_trough_pct": "wage at its lowest (%)",
    "wage_trough_year": "year of the lowest wage",
    "wage_recovery_year": "years until the wage is back at its initial level",
    "wage_lr_pct": "long-run wage (%)",
    "labour_share_impact_pp": "labour share on impact (change, percentage points)",
    "labour_share_lr_pp": "long-run labour share (change, percentage points)",
    "output_impact_pct": "output on impact (%)",
    "output_lr_pct": "long-run output (%)",
}


def headlines(model: str, summary: dict) -> dict:
    """The headline numbers of one run in common units: wages and output in % of their initial
    level, labour shares as changes in percentage points (A-R: WL/(WL+rK); BBZ: wL/Q)."""
    nan = math.nan
    out = {k: nan for k in HEADLINES}
    out["status"] = summary.get("status", "failed")
    out["message"] = summary.get("message", "")
    if out["status"] == "failed":
        return out
    if model == "ar":
        out.update(
            wage_impact_pct=100 * math.expm1(summary["impact_dlnW"]),
            wage_trough_pct=100 * math.expm1(summary["trough_dlnW"]),
            wage_trough_year=summary["trough_year"],
            wage_recovery_year=summary["recovery_year"],
            wage_lr_pct=100 * math.expm1(summary["lr_dlnW"]),
            labour_share_impact_pp=100 * (summary["ls_impact"] - summary["ls_before"]),
            labour_share_lr_pp=100 * (summary["ls_lr"] - summary["ls_before"]),
            output_impact_pct=100 * math.expm1(summary["impact_dlnY"]),
            output_lr_pct=100 * math.expm1(summary["lr_dlnY"]),
        )
        return out
    lr, share0 = summary["long_run"], summary["mapping"]["share_L0"]
    out.update(
        wage_impact_pct=summary["wage_impact_pct"],
        wage_trough_pct=summary["wage_trough_pct"],
        wage_trough_year=summary["wage_trough_year"],
        wage_recovery_year=summary["low_wage_phase_end"],
        wage_lr_pct=lr["w_pct"],
        labour_share_impact_pp=100 * (summary["share_L_impact"] - share0),
        labour_share_lr_pp=100 * (lr["labour_share"] - share0),
        output_impact_pct=summary["output_impact_pct"],
        output_lr_pct=lr["gdp_pct"],
    )
    if (
        out["wage_trough_pct"] > -1e-6
    ):  # no fall (e.g. Model 2 at D = 0, evaluated at its limit): nothing to recover from
        out["wage_recovery_year"] = 0.0
        if abs(out["wage_trough_pct"]) < 1e-6:
            out["wage_trough_year"] = 0.0
    return out


# --------------------------------------------------------------------------------------------
# One scenario: both models


def run_ar(sc: Scenario, cfg: dict, setup: ARSetup | None = None) -> tuple[pd.DataFrame, dict]:
    setup = setup or ar_setup(cfg)
    t_report = np.arange(0.0, float(cfg["horizon_report"]) + 1e-9, float(cfg["step_report"]))
    return ar_outcome(sc.D, setup, t_report)


def run_bbz(sc: Scenario, cfg: dict) -> tuple[pd.DataFrame, dict]:
    D = sc.bbz_share(cfg.get("split", "wage_bill")) if str(cfg.get("model", 2)) == "2" else sc.D
    return bbz_outcome(D, cfg)


def scenario_from_shock(shock: pd.DataFrame, scenario: str, path: str = "shock file") -> Scenario:
    """The named scenario of a calibration shock file (:func:`scenarios_from_shock`)."""
    rows = [sc for sc in scenarios_from_shock(shock, path) if sc.scenario == scenario]
    if not rows:
        raise ModelError(f"{path}: no row with scenario == {scenario!r} (column scenario)")
    return rows[0]


def scenario_summary(sc: Scenario, ar: dict, bbz: dict, row: dict) -> dict:
    """The summary.json of one scenario: its inputs, both models' summaries and its row of the
    scenarios table (:func:`summary_row`)."""
    return dict(
        measure=sc.measure,
        scenario=sc.scenario,
        label=sc.label,
        D=sc.D,
        exposure_wage=sc.exposure_wage,
        legacy_units=sc.legacy_units,
        ar=ar,
        bbz=bbz,
        row=row,
    )


def describe_scenario(sc: Scenario) -> str:
    return f"{sc.label}: displacement share D = {sc.D:.4f} (wage-weighted exposure {sc.exposure_wage:.4f})"


def describe_ar(ar: dict) -> str:
    """The A-R run of a scenario in words (for the log)."""
    m = ar["mapping"]
    return (
        f"A-R: n0 {m['n0']:.4f} (cost saving {m['cost_saving']:.3f}), band dI = {m['dI']:.4f} (check D "
        f"{m['check_D']:.6f}); wage impact {ar['impact_dlnW']:+.4f}, long run {ar['lr_dlnW']:+.4f} log points; "
        f"{100 * ar['band_adopted_impact']:.1f}% of the measured tasks automated on impact; converged {ar['converged']}"
    )


def describe_bbz(bbz: dict) -> str:
    """The BBZ run of a scenario in words (for the log)."""
    bm = bbz["mapping"]
    text = (
        f"BBZ Model {bm['model']}: share competing with robots {bm.get('share_L1', float('nan')):.4f}, robot "
        f"productivity x{bm['productivity_factor']:.3f}; status {bbz['status']}; "
    )
    if bbz["status"] == "failed":
        return text + bbz["message"]
    return text + (
        f"wage trough {bbz['wage_trough_pct']:+.3f}% at {bbz['wage_trough_year']:.2f} y, long run "
        f"{bbz['long_run']['w_pct']:+.3f}%"
    )


def scenarios_table(summaries: list[dict]) -> pd.DataFrame:
    """The scenarios table (summary.parquet): the row of every scenario's summary.json."""
    return pd.DataFrame([s["row"] for s in summaries])


def is_share_row(row) -> bool:
    """Whether a summary-table row's D is a share of work (rows without the column: yes)."""
    v = getattr(row, "D_is_share", True)
    return v is None or (isinstance(v, float) and math.isnan(v)) or bool(v)


def summary_row(sc: Scenario, ar: dict, bbz: dict) -> dict:
    ha, hb = headlines("ar", ar), headlines("bbz", bbz)
    m = ar["mapping"]
    row = dict(
        measure=sc.measure,
        scenario=sc.scenario,
        label=sc.label,
        legacy_units=sc.legacy_units,
        scale=sc.scale,
        D_is_share=sc.is_share,
        exposure_wage=sc.exposure_wage,
        D=sc.D,
        D_employment=sc.D_employment,
        ar_dI=m["dI"],
        ar_n0=m["n0"],
        ar_n1=m["n1"],
        ar_cost_saving=m["cost_saving"],
        ar_band_adopted_impact=ar.get("band_adopted_impact"),
        ar_band_adopted_year=ar.get("band_adopted_year"),
        ar_converged=ar.get("converged"),
        bbz_model=bbz["mapping"]["model"],
        bbz_share_L1=bbz["mapping"].get("share_L1", math.nan),
        bbz_productivity_factor=bbz["mapping"]["productivity_factor"],
        bbz_status=bbz.get("status"),
        bbz_converged=bbz.get("converged"),
    )
    row.update({f"ar_{k}": v for k, v in ha.items() if k in HEADLINES})
    row.update({f"bbz_{k}": v for k, v in hb.items() if k in HEADLINES})
    return row


# --------------------------------------------------------------------------------------------
# Figures


AR_NAME = "Task model (Acemoglu-Restrepo)"
BBZ_NAME = "Robot model (Berg-Buffie-Zanna)"


def plain_label(label: str) -> str:
    """A reader's name for a scenario label such as ``fractional_im / upper_bound``."""
    return scenario_name(label)


def figure(
    sc: Scenario, ar_path: pd.DataFrame, ar: dict, bbz_path: pd.DataFrame, bbz: dict, out: str, horizon: float = 100.0
) -> None:
    """Wage, labour share and output after the scenario's shock, both models on one figure."""
    plt = pyplot()

    apply_style()
    fig, axes = plt.subplots(1, 3, figsize=(12.5, 3.9))
    a = ar_path[ar_path["t"] <= horizon]
    b = bbz_path[bbz_path["t"] <= horizon] if len(bbz_path) else bbz_path
    m = ar["mapping"]
    ar_lab = f"{AR_NAME}: {100 * m['dI']:.1f}% of the task range automated"
    bm = bbz["mapping"]
    if not len(b):
        bbz_lab = f"{BBZ_NAME}: no equilibrium"
    elif bm["model"] == "2":
        bbz_lab = f"{BBZ_NAME}: {100 * bm['share_L1']:.1f}% of workers compete with robots"
    else:
        bbz_lab = f"{BBZ_NAME} (all labour competes): robots x{bm['productivity_factor']:.2f} as productive"
    for ax, col in zip(axes, ("wage_pct", "labour_share_pp", "output_pct")):
        title, unit = words(col), label(col)
        ax.plot(a["t"], a[col], color=CORRECTED_COLOR, label=ar_lab)
        if len(b):
            ax.plot(b["t"], b[col], color=LEGACY_COLOR, ls="--", label=bbz_lab)
        ax.axhline(0, color="0.3", lw=0.7)
        ax.set(title=title, xlabel="Time after the shock (years)", ylabel=unit)
    handles, names = axes[0].get_legend_handles_labels()
    units = " (seed's legacy units)" if sc.legacy_units else ""
    if sc.is_share:
        title = f"{plain_label(sc.label)}: AI takes over {100 * sc.D:.1f}% of the wage bill{units}"
    else:
        title = f"{plain_label(sc.label)}: D = {100 * sc.D:.1f}% from a {sc.scale}, not a share of work (read as one)"
    fig.suptitle(title, fontweight="bold", y=0.99)
    fig.legend(handles, names, loc="upper center", ncol=2, fontsize=8, bbox_to_anchor=(0.5, 0.93))
    fig.tight_layout(rect=(0, 0, 1, 0.85))
    saving = (
        f"that saves {100 * m['cost_saving']:.0f}% of their labour cost at pre-shock prices"
        if m.get("lam", 1.0) == 1
        else (
            f"whose saving falls from {100 * m['cost_saving']:.0f}% on the first of them as tasks get more complex (AI "
            f"productivity exponent {m.get('lam'):g})"
        )
    )
    note = (
        f"Task model: the tasks earning {100 * sc.D:.1f}% of the wage bill become automatable with AI capital "
        f"{saving}; capital is fixed on impact. Labour share: WL/(WL+rK).\n"
    )
    if not sc.is_share:
        note = (
            f"The exposure measure is a {sc.scale}, not a share of work: D is the rank-weighted index read as a share, "
            "for comparison only.\n" + note
        )
    if bm["model"] == "2":
        note += (
            f"Robot model (Model 2): {100 * bm['share_L1']:.1f}% of workers do robot-competing work; robots become "
            f"{bm['productivity_factor']:.1f} times as productive (the paper's base case), diffusing over about 15 "
            "years. Labour share: wL/GDP."
        )
    else:
        note += (
            "Robot model (Model 1): robot productivity set so that labour loses the share D of its work in V(L, bZ) at "
            "pre-shock prices."
        )
    if bbz.get("status") != "ok":
        note += f"\nRobot model: {bbz.get('message', bbz.get('status'))}"
    if m["dI"] > 0 and ar.get("band_adopted_impact", 1) < 1:
        note += (
            f"\nTask model: flat wage from year 0 to {ar['band_adopted_year']:.0f}: with capital fixed, only "
            f"{100 * ar['band_adopted_impact']:.0f}% of the measured tasks can be automated at once; the rest follows "
            "as capital builds up, at constant wage and rental, so the labour share keeps falling until every measured "
            "task is automated (the kink), then the wage rises."
        )
    save(fig, out, note=note)


def overview_figure(table: pd.DataFrame, paths: dict, out: str, horizon: float = 100.0) -> None:
    """Wage paths of every scenario, one panel per model."""
    plt = pyplot()

    apply_style()
    rows = -(-len(table) // 2)  # legend rows
    height = 4.0 + 0.17 * rows
    fig, axes = plt.subplots(1, 2, figsize=(12, height), sharey=False)
    measures = list(dict.fromkeys(table["measure"]))
    scenarios = list(dict.fromkeys(table.loc[~table["legacy_units"].astype(bool), "scenario"]))
    styles = ["-", "--", "-.", (0, (5, 1, 1, 1, 1, 1))]
    for row in table.itertuples(index=False):
        key = f"{row.measure}/{row.scenario}"
        ar_path, bbz_path = paths[key]
        colour = PALETTE[measures.index(row.measure) % len(PALETTE)]  # colour: exposure measure; line style: scenario
        ls = ":" if row.legacy_units else styles[scenarios.index(row.scenario) % len(styles)]
        a = ar_path[ar_path["t"] <= horizon]
        rank = "" if is_share_row(row) else ", an index, not a share"
        axes[0].plot(
            a["t"],
            a["wage_pct"],
            color=colour,
            ls=ls,
            lw=1.2,
            label=f"{plain_label(row.label)} (D = {100 * row.D:.1f}%{rank})",
        )
        if len(bbz_path):
            b = bbz_path[bbz_path["t"] <= horizon]
            axes[1].plot(b["t"], b["wage_pct"], color=colour, ls=ls, lw=1.2)
    for ax, title in zip(axes, [f"{AR_NAME}: wage", f"{BBZ_NAME}: wage"]):
        ax.axhline(0, color="0.3", lw=0.7)
        ax.set(title=title, xlabel="Time after the shock (years)", ylabel=label("wage_pct"))
    handles, names = axes[0].get_legend_handles_labels()
    ncol = 2
    top = 1 - (0.45 + 0.135 * rows) / height
    fig.suptitle(
        "Wage paths after the AI shock of every exposure scenario (D: share of the wage bill AI takes over)",
        fontweight="bold",
        fontsize=10,
        y=0.995,
    )
    fig.legend(handles, names, loc="upper center", ncol=ncol, fontsize=7, bbox_to_anchor=(0.5, 1 - 0.3 / height))
    fig.tight_layout(rect=(0, 0, 1, top))
    ar_flat = table["ar_band_adopted_impact"].lt(1).any() if "ar_band_adopted_impact" in table else False
    note = (
        "Colour: exposure measure; line style: scenario; dotted: the seed's legacy shock. Wages relative to the "
        "initial steady state (no growth in either model)."
    )
    if ar_flat:
        note += (
            "\nTask model: the flat stretch after the drop is the time capital needs to take over every measured task: "
            "with capital fixed on impact, the wage falls to the level at which automating is no longer cost-saving "
            "and stays there (see the response curves)."
        )
    save(fig, out, note=note)
