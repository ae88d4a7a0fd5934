"""The shared shock: one object, built from any exposure measure, feeds every macro model
(spec ISSUE-38, REQ-AR-02 item 2, REQ-KAL-02, REQ-BM-02).

* ``exposure_wage``: wage-bill-weighted exposure E over the OEWS universe of the weighting
  base, each OEWS occupation counted once and untouched occupations at E = 0;
* ``td = exposure_wage · phi_feasible · phi_adopted``: the task-displacement share of the
  wage bill (exposure is not displacement: a touched task may be augmented, not automated,
  and automating it may not pay);
* ``theta``: pass-through of displaced wages to profits;
* ``d_omega = -omega0 · theta · td``: the change in the wage share of GDP, in GDP points.

The seed's shock (:func:`legacy_shock`) is the same object with theta = phi = 1 and
``legacy_units``: it applies the wage-bill share TD as a change in the wage share of GDP
(d_omega = -TD, ISSUE-34) and counts every O*NET child of a SOC code with the parent's full
employment and wage bill (ISSUE-04).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace

import pandas as pd

from ..errors import InputError
from . import CalibrationError


@dataclass(frozen=True)
class Shock:
    label: str
    measure: str
    scenario: str
    exposure_wage: float
    exposure_employment: float
    phi_feasible: float
    phi_adopted: float
    theta: float
    omega0: float
    wage_bill: float
    employment: float
    n_units: int
    unit: str
    base: str
    legacy_units: bool = False
    n_without_wage: int = 0

    def __post_init__(self) -> None:
        for name in ("phi_feasible", "phi_adopted", "theta", "exposure_wage", "exposure_employment"):
            v = getattr(self, name)
            if not (0 <= v <= 1) or math.isnan(v):
                raise CalibrationError(f"shock {self.label!r}: {name} must be in [0, 1], got {v}")
        if not 0 < self.omega0 < 1:
            raise CalibrationError(
                f"shock {self.label!r}: the baseline wage share omega0 must be in (0, 1), got {self.omega0}"
            )

    @property
    def td(self) -> float:
        return self.exposure_wage * self.phi_feasible * self.phi_adopted

    @property
    def d_omega(self) -> float:
        return -self.td if self.legacy_units else -self.omega0 * self.theta * self.td

    @property
    def d_pi(self) -> float:
        return -self.d_omega

    @property
    def wage_at_risk(self) -> float:
        return self.td * self.wage_bill

    def with_(self, **changes) -> Shock:
        return replace(self, **changes)

    def to_row(self) -> dict:
        return {
            **asdict(self),
            "td": self.td,
            "d_omega": self.d_omega,
            "d_pi": self.d_pi,
            "wage_at_risk": self.wage_at_risk,
        }

    @classmethod
    def from_row(cls, row: dict | pd.Series) -> Shock:
        names = {f.name for f in fields(cls)}
        kw = {k: (v.item() if hasattr(v, "item") else v) for k, v in dict(row).items() if k in names}
        kw["n_units"], kw["legacy_units"], kw["n_without_wage"] = (
            int(kw["n_units"]),
            bool(kw["legacy_units"]),
            int(kw.get("n_without_wage", 0)),
        )
        return cls(**kw)


def exposure_aggregates(
    df: pd.DataFrame,
    *,
    path: str,
    exposure: str = "exposure",
    employment: str = "employment",
    wage_bill: str = "wage_bill",
) -> dict:
    """Wage-bill and employment weighted means of exposure, with checks naming the bad row."""
    for col in (exposure, employment, wage_bill):
        if col not in df.columns:
            raise InputError(path, f"a column {col!r}", column=col, found=sorted(df.columns))
    d = df.reset_index(drop=True)
    bad = d[exposure].isna() | ~d[exposure].between(0, 1)
    if bad.any():
        i = int(bad.idxmax())
        raise InputError(
            path,
            "exposure in [0, 1] for every occupation of the weighting base",
            column=exposure,
            row=i + 2,
            found=d.loc[i, exposure],
        )
    for col in (employment, wage_bill):
        neg = d[col] < 0
        if neg.any():
            i = int(neg.idxmax())
            raise InputError(
                path,
                "a non-negative number (or missing, for a suppressed estimate)",
                column=col,
                row=i + 2,
                found=d.loc[i, col],
            )
    # Occupations whose OEWS wage or employment is suppressed drop out of that weighting only.
    has_wb, has_emp = d[wage_bill].notna(), d[employment].notna()
    wb, emp = d.loc[has_wb, wage_bill].sum(), d.loc[has_emp, employment].sum()
    if wb <= 0 or emp <= 0:
        raise InputError(path, "a positive total wage bill and employment", column=wage_bill, found=(wb, emp))
    return dict(
        exposure_wage=float((d.loc[has_wb, wage_bill] * d.loc[has_wb, exposure]).sum() / wb),
        exposure_employment=float((d.loc[has_emp, employment] * d.loc[has_emp, exposure]).sum() / emp),
        wage_bill=float(wb),
        employment=float(emp),
        n_units=len(d),
        n_without_wage=int((~has_wb).sum()),
    )


def shock_from_measure(
    measure_df: pd.DataFrame,
    *,
    measure: str,
    scenario: str,
    phi_feasible: float,
    phi_adopted: float,
    theta: float,
    omega0: float,
    totals: dict | None = None,
    path: str = "measure",
    base_year: int | None = None,
) -> Shock:
    """The shock of one exposure measure and scenario on the OEWS weighting base."""
    agg = exposure_aggregates(measure_df, path=path)
    base = f"OEWS May {base_year or ''} detailed occupations with a mean wage".replace("  ", " ")
    if totals:
        if agg["wage_bill"] > totals["wage_bill"] * (1 + 1e-9) or agg["employment"] > totals["employment"] * (1 + 1e-9):
            raise InputError(
                path,
                "a wage bill and employment no larger than the OEWS all-occupations totals "
                f"({totals['wage_bill']:.4g}, {totals['employment']:.4g})",
                column="wage_bill",
                found=(agg["wage_bill"], agg["employment"]),
                hint="an occupation is counted twice",
            )
        base += f": ${agg['wage_bill'] / 1e12:.3f}T of the ${totals['wage_bill'] / 1e12:.3f}T all-occupations wage bill"
    if agg["n_without_wage"]:
        base += (
            f"; {agg['n_without_wage']} occupations without a published mean wage are left out of the wage-bill weights"
        )
    scale = str(measure_df["scale"].iloc[0]) if "scale" in measure_df.columns and len(measure_df) else "share"
    if scale != "share":
        base += f"; exposure on a {scale} scale, so TD is an index, not a task share"
    return Shock(
        label=f"{measure} / {scenario}",
        measure=measure,
        scenario=scenario,
        phi_feasible=phi_feasible,
        phi_adopted=phi_adopted,
        theta=theta,
        omega0=omega0,
        unit="OEWS occupation (each counted once)",
        base=base,
        **agg,
    )


def legacy_shock(seed: pd.DataFrame, *, path: str = "seed exposure table", omega0: float = 0.55) -> Shock:
    """The seed's shock from its exposure table: O*NET rows, each with its parent SOC's
    TOT_EMP and A_MEAN (so SOC codes with several children are counted several times)."""
    d = seed.rename(columns={"ai_exposure": "exposure", "TOT_EMP": "employment"})
    d = d.assign(wage_bill=d["employment"] * seed["A_MEAN"])
    agg = exposure_aggregates(d, path=path)
    return Shock(
        label="seed exposure (legacy)",
        measure="seed exposure",
        scenario="legacy",
        phi_feasible=1.0,
        phi_adopted=1.0,
        theta=1.0,
        omega0=omega0,
        unit="O*NET-SOC occupation (parent SOC totals repeated)",
        base="the seed's O*NET occupations with an OEWS wage (double counts SOC codes)",
        legacy_units=True,
        **agg,
    )


def aei_automation_share(table: pd.DataFrame, pct: pd.DataFrame | None = None) -> dict:
    """Usage-weighted share of AEI conversations in automation patterns (directive, feedback
    loop) among all classified patterns; tasks weighted by their usage share when given."""
    auto = table["directive"].fillna(0) + table["feedback_loop"].fillna(0)
    total = auto + table[["task_iteration", "validation", "learning"]].fillna(0).sum(axis=1)
    d = pd.DataFrame({"task_name": table["task_name"], "share": auto / total.where(total > 0)}).dropna()
    if pct is not None:
        w = d["task_name"].map(pct.groupby("task_name")["pct"].sum()).fillna(0.0)
        weighting = "task usage share (task_pct)"
    else:
        w = pd.Series(1.0, index=d.index)
        weighting = "equal"
    if not len(d) or w.sum() <= 0:
        raise CalibrationError("AEI automation share: no task has classified collaboration patterns")
    return dict(automation_share=float((d["share"] * w).sum() / w.sum()), n_tasks=int(len(d)), weighting=weighting)


def read_scenario(path: str, scenario: str) -> Shock:
    """The shock of one scenario from a shocks/<measure>.parquet file."""
    t = pd.read_parquet(path)
    row = t[t["scenario"] == scenario]
    if not len(row):
        raise InputError(path, f"a row for scenario {scenario!r}", column="scenario", found=sorted(t["scenario"]))
    return Shock.from_row(row.iloc[0])


def shocks_from_tables(tables: list[pd.DataFrame]) -> list[Shock]:
    """Every row of shock tables (``shocks/<measure>.parquet``), in order, as shocks."""
    return [Shock.from_row(r) for t in tables for _, r in t.iterrows()]


def scenario_row(shocks: pd.DataFrame, scenario: str, path: str = "shock table") -> pd.Series:
    """The row of one scenario of a shock table."""
    row = shocks[shocks["scenario"] == scenario]
    if not len(row):
        raise InputError(path, f"a row for scenario {scenario!r}", column="scenario", found=sorted(shocks["scenario"]))
    return row.iloc[0]


def scenario_shocks(
    measure_df: pd.DataFrame,
    scenarios: list[dict],
    *,
    measure: str,
    omega0: float,
    totals: dict | None,
    automation: dict | None,
    path: str = "measure",
    base_year: int | None = None,
) -> list[Shock]:
    """One shock per configured scenario (``calibration.scenarios``) of one exposure measure.
    ``phi_adopted: aei_automation`` takes the AEI automation share (``automation``)."""
    shocks = []
    for s in scenarios:
        phi_a = s["phi_adopted"]
        if phi_a == "aei_automation":
            if automation is None:
                raise CalibrationError(
                    f"scenario {s['name']}: phi_adopted is aei_automation but no AEI automation share was given"
                )
            phi_a = automation["automation_share"]
        shocks.append(
            shock_from_measure(
                measure_df,
                measure=measure,
                scenario=s["name"],
                phi_feasible=s["phi_feasible"],
                phi_adopted=float(phi_a),
                theta=s["theta"],
                omega0=omega0,
                totals=totals,
                path=path,
                base_year=base_year,
            )
        )
    return shocks
