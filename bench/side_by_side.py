"""Side-by-side benchmarks of the project's own numerical code against independent libraries
(issue 19, item 3): time, ratio to the project's implementation, and agreement.

    .venv/bin/python bench/side_by_side.py                  # all four comparisons, print the tables
    .venv/bin/python bench/side_by_side.py --only bootstrap # one comparison (bootstrap, fe, oews, bbz)
    .venv/bin/python bench/side_by_side.py --draws 999      # fewer bootstrap draws (quick look)
    .venv/bin/python bench/side_by_side.py --json out.json  # also write the numbers as JSON
    .venv/bin/python bench/side_by_side.py --write-docs     # rewrite the block in docs/performance.md

Comparisons (each implementation runs once per repeat in this one process; seconds are the
minimum over the repeats stated in each caption, imports and JIT warm-up excluded where said):

* **bootstrap**: wild cluster bootstrap-t (WCR, H0 imposed, CR1), 9,999 draws, the project's
  (:func:`ailabor.econometrics.fe.wild_bootstrap_affine`) against ``wildboottest`` on the seed DiD
  panel (two specifications of the tests) and on the main event study (the headline dose
  coefficient). The p-values come from independent random draws: they must agree within Monte
  Carlo error (:func:`mc_agreement`).
* **fe**: the event-time event study (occupation FE + SOC major group x year FE, CR1 by major
  group): the in-house alternating-projections demeaner, linearmodels ``PanelOLS`` (as
  :func:`ailabor.econometrics.event_study.fit` calls it) and pyfixest ``feols``.
* **oews**: the OEWS national May workbooks read with python-calamine (the project's reader)
  against the same reader fed by openpyxl: raw sheet reading and the full typed reader.
* **bbz**: the BBZ exact (NL) transition path of experiment S1 at the project's default tolerance
  against a dense-grid ``solve_bvp`` reference (and the paper's linear method for context).

Data: the seed DiD panel and the OEWS workbooks from the read-only mirror ../shared/data; the
event-study panel from a real-mirror results tree (``--results``, default: this checkout's
``results/shared-mirror/*/``), else a synthetic panel generated here.
The pipeline never imports wildboottest, pyfixest or openpyxl (they are in the dev lock).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import re
import sys
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
START, END = "<!-- side:start -->", "<!-- side:end -->"
NAMES = ("bootstrap", "fe", "oews", "bbz")
DATE = "2022-11-30"  # the primary treatment date (estimation.treatment_dates.chatgpt)


# --- pure helpers -------------------------------------------------------------------------------


def mc_agreement(p_ours: float, p_ref: float, draws: int, n_se: float = 3.0) -> dict:
    """Do two Monte Carlo p-values from independent draws (``draws`` each) agree?

    ``mc_se`` is the Monte Carlo standard error of one p-value, sqrt(p (1 - p) / B) at the mean
    p; the difference of two independent ones has standard error ``se_diff`` = sqrt(2) mc_se.
    They agree when |difference| <= n_se x se_diff + 1/(B + 1), the last term bounding the gap
    between the two p-value conventions in use, (1 + #{|t*| >= |t|}) / (1 + B) (the project) and
    #{|t*| > |t|} / B (wildboottest)."""
    if draws < 1:
        raise ValueError(f"draws must be positive, got {draws}")
    p = (p_ours + p_ref) / 2
    se = math.sqrt(max(p * (1 - p), 0.0) / draws)
    se_diff = math.sqrt(2) * se
    diff = p_ours - p_ref
    tol = n_se * se_diff + 1 / (draws + 1)
    return {
        "diff": diff,
        "mc_se": se,
        "se_diff": se_diff,
        "z": diff / se_diff if se_diff > 0 else (0.0 if diff == 0 else math.inf),
        "tolerance": tol,
        "agree": abs(diff) <= tol,
    }


def best(f, repeat: int = 1):
    """(minimum seconds over ``repeat`` calls, the last result)."""
    times, out = [], None
    for _ in range(max(repeat, 1)):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return min(times), out


@dataclass
class Row:
    implementation: str
    seconds: float
    agreement: str
    ratio: float = math.nan  # seconds / the project's seconds in the same table
    project: bool = False


@dataclass
class Table:
    name: str
    title: str
    caption: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def finish(self) -> Table:
        base = next(r.seconds for r in self.rows if r.project)
        for r in self.rows:
            r.ratio = r.seconds / base if base > 0 else math.nan
        return self

    def markdown(self) -> str:
        lines = [
            f"**{self.title}.** {self.caption}",
            "",
            "| implementation | seconds | × project | agreement |",
            "|---|---:|---:|---|",
        ]
        for r in self.rows:
            ratio = "1 (project)" if r.project else f"{r.ratio:.2f}"
            lines.append(f"| {r.implementation} | {fmt_s(r.seconds)} | {ratio} | {r.agreement} |")
        lines += [f"\n{n}" for n in self.notes]
        return "\n".join(lines)


def fmt_s(s: float) -> str:
    return f"{s:.3f}" if s < 1 else f"{s:.2f}" if s < 10 else f"{s:.1f}"


def fmt_p(mc: dict, p_ours: float, p_ref: float) -> str:
    verdict = "**pass**" if mc["agree"] else "**FAIL**"
    return (
        f"p = {p_ref:.4f} (project {p_ours:.4f}); project − this {mc['diff']:+.4f}, MC SE {mc['mc_se']:.4f} "
        f"(of the difference {mc['se_diff']:.4f}, z = {mc['z']:+.2f}); {verdict} (within 3 MC SE)"
    )


# --- data ---------------------------------------------------------------------------------------


def config() -> dict:
    from ailabor.config import deep_merge, load_yaml

    return deep_merge(load_yaml(ROOT / "config/config.yaml"), load_yaml(ROOT / "config/shared-mirror.yaml"))


def results_tree(arg: str | None) -> Path | None:
    """A real-mirror results tree with the harmonised panel (read only)."""
    cands = [Path(arg)] if arg else []
    if not arg:
        cands += sorted((ROOT / "results" / "shared-mirror").glob("*/"))
    for c in cands:
        if (c / "panel" / "harmonised.parquet").is_file():
            return c
    if arg:
        sys.exit(f"--results {arg}: no panel/harmonised.parquet there")
    return None


def event_panel(arg: str | None):
    """(panel, measure, description) of the main event study: the real-mirror results tree with
    the configured primary measure, else a synthetic panel (planted fractional exposure)."""
    import pandas as pd

    tree = results_tree(arg)
    if tree is not None:
        measure = config()["estimation"]["primary_measure"]
        path = tree / "exposure" / "measures" / f"{measure}.parquet"
        if path.is_file():
            return (
                pd.read_parquet(tree / "panel" / "harmonised.parquet"),
                pd.read_parquet(path),
                f"real mirror, `{tree.name}`, measure {measure}",
            )
    return synthetic_panel() + ("synthetic demo panel (planted fractional exposure)",)


def synthetic_panel():
    import numpy as np
    import pandas as pd

    from ailabor.config import deep_merge, load_yaml
    from ailabor.intake.readers.external import read_soc_crosswalk
    from ailabor.intake.readers.oews import read_oews_national
    from ailabor.intake.sources import load_registry, raw_files
    from ailabor.panel import harmonise
    from ailabor.synthetic import SyntheticSpec, generate

    cfg = deep_merge(load_yaml(ROOT / "config/config.yaml"), load_yaml(ROOT / "config/demo.yaml"))
    files = raw_files(cfg, load_registry(ROOT / "config/sources.yaml"))
    out = Path(tempfile.mkdtemp())
    truth = generate(SyntheticSpec(), out, files.values())
    oews = {y: read_oews_national(out / files[f"oews/{y}"].mirror_relpath, y) for y in truth.parameters["years"]}
    codes, units = harmonise.harmonise_codes(oews, read_soc_crosswalk(out / files["soc_crosswalk"].mirror_relpath))
    panel = harmonise.harmonised_panel(oews, codes, units)
    soc = truth.exposure_soc.merge(truth.occupations[["soc", "ln_emp_level"]], on="soc")
    measure = pd.DataFrame(
        {"oews_code": soc["soc"], "exposure": soc["exposure_fractional_im"], "employment": np.exp(soc["ln_emp_level"])}
    )
    return panel, measure


# --- 1. wild cluster bootstrap ------------------------------------------------------------------


def _wildboottest(y, X, clusters, param: str, kind: str, B: int, seed: int) -> tuple[float, float]:
    import statsmodels.api as sm
    from wildboottest.wildboottest import wildboottest

    wb = wildboottest(
        sm.OLS(y, X),
        B=B,
        cluster=clusters,
        param=param,
        weights_type=kind,
        impose_null=True,
        bootstrap_type="11",
        seed=seed,
        parallel=False,
        show=False,
    )
    import numpy as np

    return float(wb["p-value"].iloc[0]), float(np.ravel(wb["statistic"].iloc[0])[0])


SETTINGS = (
    "WCR (null imposed), bootstrap type '11' (CR1 scores and variance), two-sided symmetric test of beta = 0, "
    "{B:,} draws each, independent seeds; wildboottest with parallel=False (one numba thread)"
)


def bootstrap_seed(B: int, seed: int) -> list[Table]:
    import pandas as pd
    import statsmodels.api as sm

    from ailabor.econometrics import inference, legacy
    from ailabor.econometrics.fe import fe_ols, wild_bootstrap_affine

    path = SHARED / "reference" / "legacy" / "acemoglu_restrepo_did_panel_data.csv"
    if not path.is_file():
        print(f"bootstrap: {path} absent, seed DiD panel skipped")
        return []
    long = legacy.stacked(pd.read_csv(path))
    codes = pd.factorize(long["soc_code"])[0]  # numeric cluster ids (wildboottest's numba kernel)
    y = long["delta_ln_wage"].to_numpy()
    tables = []
    for treat, inter, kind in (
        ("high_exposure", "high_x_post", "rademacher"),
        ("ai_exposure", "exposure_x_post", "webb"),
    ):
        X = sm.add_constant(long[[treat, "post", inter, "ln_employment"]])
        j = list(X.columns).index(inter)

        def ours(X=X, j=j, kind=kind):
            res = fe_ols(y, X.to_numpy(), list(X.columns), None, codes)
            coefs = wild_bootstrap_affine(res, j, codes, range(B), seed, kind)
            return res, inference.wcr_pvalue(coefs, res.coef[j], res.se()[j])

        s_ours, (res, p_ours) = best(ours)
        s_wb, (p_wb, t_wb) = best(
            lambda X=X, inter=inter, kind=kind: _wildboottest(y, X, codes, inter, kind, B, seed + 1)
        )
        t = res.coef[j] / res.se()[j]
        mc = mc_agreement(p_ours, p_wb, B)
        tables.append(
            Table(
                "bootstrap",
                f"Wild cluster bootstrap, seed DiD panel, `{inter}` ({kind.capitalize()} weights)",
                f"Stacked two-period DiD of the seed (`legacy.stacked`: Delta ln wage on treatment, post, "
                f"their interaction and ln employment, constant), N = {len(long)}, {codes.max() + 1} clusters "
                f"(SOC codes). " + SETTINGS.format(B=B) + ". Seconds include the OLS fit.",
                [
                    Row(
                        "project (`fe.wild_bootstrap_affine`)",
                        s_ours,
                        f"p = {p_ours:.4f}; CR1 t = {t:.4f}",
                        project=True,
                    ),
                    Row(
                        "wildboottest 0.3.2",
                        s_wb,
                        fmt_p(mc, p_ours, p_wb) + f"; t = {t_wb:.4f} (relative difference {abs(t_wb / t - 1):.1e})",
                    ),
                ],
            ).finish()
        )
    return tables


def bootstrap_event(B: int, seed: int, kind: str, panel, measure, source: str) -> Table:
    import pandas as pd

    from ailabor.econometrics import inference
    from ailabor.econometrics.fe import Demeaner, fe_ols, wild_bootstrap_affine

    d, design = inference.headline_data(panel, measure, "ln_wage", DATE)
    clusters = pd.factorize(d["major"])[0]
    y = d["y"].to_numpy()

    def ours():  # what inference.bootstrap_chunk does after preparing the data
        res = fe_ols(y, design.X, design.names, d[["unit_code", "major_year"]], d["major"].to_numpy())
        coefs = wild_bootstrap_affine(res, 0, d["major"].to_numpy(), range(B), seed, kind)
        return res, inference.wcr_pvalue(coefs, res.coef[0], res.se()[0])

    s_ours, (res, p_ours) = best(ours)
    t = float(res.coef[0] / res.se()[0])
    # (a) the full dummy-variable model: every occupation, and major group x year without each
    # group's first year (the occupation dummies already span the major groups): full rank
    first = d.groupby("major")["year"].transform("min")
    X = pd.concat(
        [
            pd.DataFrame({"x": design.X[:, 0]}),
            pd.get_dummies(d["unit_code"], dtype=float),
            pd.get_dummies(d["major_year"].where(d["year"] != first), dtype=float),
        ],
        axis=1,
    )
    N, K = X.shape
    s_dum, (p_dum, t_dum) = best(lambda: _wildboottest(y, X, clusters, "x", kind, B, seed + 1))
    # (b) on the FE-residualised data (Frisch-Waugh-Lovell), one regressor, no constant

    def fwl():
        dm = Demeaner(d[["unit_code", "major_year"]])
        return _wildboottest(dm(y), pd.DataFrame({"x": dm(design.X[:, 0])}), clusters, "x", kind, B, seed + 2)

    s_fwl, (p_fwl, t_fwl) = best(fwl)
    # the project's CR1 counts K = 1 regressor + 1 absorbed intercept (both FE nested in the
    # clusters, N - K = res.df_resid); wildboottest counts its own columns: the t statistics
    # differ by sqrt((N - K_wb) / (N - K_project)), the p-values not at all
    t_dum_adj = t_dum / math.sqrt((N - K) / res.df_resid)
    t_fwl_adj = t_fwl / math.sqrt((N - 1) / res.df_resid)
    rows = [
        Row(
            "project (`fe.fe_ols` + `fe.wild_bootstrap_affine`)",
            s_ours,
            f"p = {p_ours:.4f}; CR1 t = {t:.4f}",
            project=True,
        )
    ]
    for label, s, p, tt, ta in (
        (f"wildboottest 0.3.2, dummy-variable model ({K} columns)", s_dum, p_dum, t_dum, t_dum_adj),
        ("wildboottest 0.3.2, FE-residualised data (1 column)", s_fwl, p_fwl, t_fwl, t_fwl_adj),
    ):
        mc = mc_agreement(p_ours, p, B)
        rows.append(
            Row(
                label,
                s,
                fmt_p(mc, p_ours, p) + f"; t = {tt:.4f}, after the K factor {ta:.4f} (rel. diff {abs(ta / t - 1):.1e})",
            )
        )
    return Table(
        "bootstrap",
        "Wild cluster bootstrap, main event study (headline dose coefficient)",
        f"ln mean wage on exposure x post-treatment panel share ({DATE}), occupation FE + SOC major group x "
        f"year FE, clusters = {clusters.max() + 1} SOC major groups (nesting both FE), N = {N}; {source}; "
        f"{kind.capitalize()} weights. " + SETTINGS.format(B=B) + ". wildboottest has no absorbed fixed effects: "
        "it is given the full dummy-variable model, and the residualised data (the project's Demeaner). "
        "Seconds, all from the prepared data (`inference.headline_data`): the project's FE fit and draws (what "
        "`inference.bootstrap_chunk` runs); wildboottest's call on the dummy-variable model; the demeaning and "
        "wildboottest's call on the residualised data.",
        rows,
    ).finish()


def run_bootstrap(args) -> list[Table]:
    cfg = config()["estimation"]["bootstrap"]
    seed, kind = int(cfg["seed"]), str(cfg["weights"])
    tables = bootstrap_seed(args.draws, seed)
    panel, measure, source = event_panel(args.results)
    tables.append(bootstrap_event(args.draws, seed, kind, panel, measure, source))
    return tables


# --- 2. FE estimation of the event study --------------------------------------------------------


def run_fe(args) -> list[Table]:
    import numpy as np
    import pandas as pd
    import pyfixest as pf
    from linearmodels.panel import PanelOLS

    from ailabor.econometrics import event_study as es
    from ailabor.econometrics.fe import Demeaner, fe_ols

    panel, measure, source = event_panel(args.results)
    d = es.prepare(panel, measure, "ln_wage")
    design = es.event_design(d, DATE, "event")
    y, X = d["y"].to_numpy(), design.X
    n, p = X.shape
    repeat = 3

    def inhouse():
        r = fe_ols(y, X, design.names, d[["unit_code", "major_year"]], d["major"].to_numpy())
        return r.coef, r.se()

    def panelols():  # as event_study.fit, one clustering
        idx = pd.MultiIndex.from_arrays([d["unit_code"], d["year"]], names=["unit_code", "year"])
        model = PanelOLS(
            pd.Series(y, index=idx),
            pd.DataFrame(X, index=idx, columns=design.names),
            entity_effects=True,
            other_effects=pd.DataFrame({"major_year": pd.factorize(d["major_year"])[0]}, index=idx),
        )
        res = model.fit(
            cov_type="clustered",
            clusters=pd.DataFrame({"major": pd.factorize(d["major"])[0]}, index=idx),
            debiased=False,
            group_debias=False,
            auto_df=False,
            count_effects=False,
        )
        G = d["major"].nunique()
        k = p + Demeaner(d[["unit_code", "major_year"]]).dof(d["major"].to_numpy())
        V = res.cov.to_numpy() * G / (G - 1) * (n - 1) / (n - k)
        return res.params.to_numpy(), np.sqrt(np.diag(V))

    cols = [f"x{j}" for j in range(p)]
    data = pd.concat([d[["y", "unit_code", "major_year", "major"]], pd.DataFrame(X, columns=cols)], axis=1)
    fml = f"y ~ {' + '.join(cols)} | unit_code + major_year"

    def pyfixest(tol=None):
        kw = {} if tol is None else {"fixef_tol": tol}
        m = pf.feols(fml, data, vcov={"CRV1": "major"}, **kw)
        return m.coef().to_numpy(), m.se().to_numpy()

    for f in (inhouse, panelols, pyfixest):  # warm-up: pyfixest's numba JIT, first-call caches
        f()
    s_in, (b0, se0) = best(inhouse, repeat)
    out = [Row("in-house demeaner (`fe.fe_ols`, tol 1e-12)", s_in, "reference of this table", project=True)]
    for label, f in (
        ("linearmodels 7.1 PanelOLS (as `event_study.fit`, one clustering)", panelols),
        ("pyfixest 0.60.0 feols, default fixef_tol 1e-6", pyfixest),
        ("pyfixest 0.60.0 feols, fixef_tol 1e-12", lambda: pyfixest(1e-12)),
    ):
        s, (b, se) = best(f, repeat)
        out.append(
            Row(
                label,
                s,
                f"max abs coef. diff {np.max(np.abs(b - b0)):.1e}; max abs SE diff {np.max(np.abs(se - se0)):.1e} "
                f"(max rel. {np.max(np.abs(se / se0 - 1)):.1e})",
            )
        )
    return [
        Table(
            "fe",
            "FE estimation of the event study",
            f"Event-time design ({p} coefficients exposure x May year, reference {design.ref}), ln mean wage, "
            f"occupation FE ({d['unit_code'].nunique()}) + SOC major group x year FE ({d['major_year'].nunique()}), "
            f"N = {n}, CR1 by SOC major group in the fixest convention (K = regressors + FE not nested in the "
            f"clusters + 1); {source}. Seconds: fit and clustered SEs, minimum of {repeat} after one warm-up call "
            "(imports and pyfixest's JIT compilation excluded). The pipeline estimates with PanelOLS "
            "(`event_study.fit`, once per clustering) and bootstraps with the in-house demeaner.",
            out,
        ).finish()
    ]


# --- 3. OEWS reading ----------------------------------------------------------------------------


def openpyxl_rows(path, sheet: str | None = None, *, sheet_pattern: str | None = None) -> tuple[str, list[list]]:
    """Drop-in for :func:`ailabor.intake.readers.tables.read_xlsx_rows` with openpyxl (read-only
    mode, cached values), empty cells as '' like calamine."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        names = wb.sheetnames
        if sheet is None and sheet_pattern is not None:
            sheet = next(n for n in names if re.fullmatch(sheet_pattern, n))
        sheet = sheet or names[0]
        rows = [["" if v is None else v for v in r] for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()
    return sheet, rows


def run_oews(args) -> list[Table]:
    import logging

    import pandas as pd

    import ailabor.intake.readers.oews as oews
    from ailabor.intake.readers.tables import read_xlsx_rows

    logging.getLogger("ailabor").setLevel(logging.ERROR)  # the May 2018 notes, once per read
    d = SHARED / "oews"
    source = "real mirror (../shared/data/oews)"
    if not d.is_dir():
        sys.path.insert(0, str(ROOT / "bench"))
        from oews_staging import synthetic_dir

        d, source = synthetic_dir(), "synthetic workbooks"
    files = sorted(d.glob("national_M*_dl.xlsx"))
    years = [int(f.name[len("national_M") : len("national_M") + 4]) for f in files]
    pattern = r"national(_M\d{4})?_dl"
    repeat = 3
    secs = {k: 0.0 for k in ("sheet_c", "sheet_o", "reader_c", "reader_o")}
    frames_equal, rows_equal, rows_total = 0, 0, 0
    for f, y in zip(files, years):
        s, (_, rc) = best(lambda f=f: read_xlsx_rows(f, sheet_pattern=pattern), repeat)
        secs["sheet_c"] += s
        s, (_, ro) = best(lambda f=f: openpyxl_rows(f, sheet_pattern=pattern), repeat)
        secs["sheet_o"] += s
        rows_total += len(rc)
        rows_equal += rc == ro  # cell by cell; numbers compare by value (calamine 5.0 == openpyxl 5)
        s, a = best(lambda f=f, y=y: oews.read_oews_national(f, y), repeat)
        secs["reader_c"] += s
        oews.read_xlsx_rows = openpyxl_rows
        try:
            s, b = best(lambda f=f, y=y: oews.read_oews_national(f, y), repeat)
        finally:
            oews.read_xlsx_rows = read_xlsx_rows
        secs["reader_o"] += s
        try:
            pd.testing.assert_frame_equal(a, b, check_exact=True)
            frames_equal += 1
        except AssertionError as exc:
            print(f"oews: May {y} frames differ: {str(exc)[:300]}")
    n = len(files)
    common = (
        f"{n} national May workbooks ({min(years)}-{max(years)}, {rows_total:,} sheet rows in all), {source}; "
        f"openpyxl in read-only mode with cached values, empty cells as '' like calamine. Seconds: sum over the "
        f"workbooks of the minimum of {repeat} runs."
    )
    return [
        Table(
            "oews",
            "OEWS reading, the full reader",
            "`read_oews_national` (worksheet, typing, markers, schema checks) fed by each library. " + common,
            [
                Row("python-calamine 0.9.1 (project)", secs["reader_c"], "reference of this table", project=True),
                Row(
                    "openpyxl 3.1.5",
                    secs["reader_o"],
                    f"typed frames identical (exact) in {frames_equal}/{n} workbooks",
                ),
            ],
        ).finish(),
        Table(
            "oews",
            "OEWS reading, the worksheet alone",
            "The national worksheet as Python rows (`tables.read_xlsx_rows` and its openpyxl twin). " + common,
            [
                Row("python-calamine 0.9.1 (project)", secs["sheet_c"], "reference of this table", project=True),
                Row(
                    "openpyxl 3.1.5",
                    secs["sheet_o"],
                    f"rows equal cell by cell (numbers by value) in {rows_equal}/{n} workbooks",
                ),
            ],
        ).finish(),
    ]


# --- 4. BBZ exact path for S1 -------------------------------------------------------------------


def run_bbz(args) -> list[Table]:
    import numpy as np
    from scipy import integrate

    from ailabor.ge.bbz import experiments as E
    from ailabor.ge.bbz.dynamics import eigen, linear_path

    warnings.simplefilter("ignore")
    run = E.catalogue()["S1"].runs[0]
    system = E.system_for(run)
    T, dt_, tol = 600.0, 0.05, 1e-6  # the defaults of experiments.solve_run
    t = np.arange(0.0, T + dt_ / 2, dt_)
    s_nl, nl = best(lambda: E.nonlinear_with_continuation(run, system, t, T=T, tol=tol), 3)
    s_lin, lin = best(lambda: linear_path(system, t), 3)
    # the reference: the same boundary value problem (predetermined K, Z, b at 0; unstable
    # directions of the terminal Jacobian off at T), solved with solve_bvp from the LIN path on
    # the dense 0.05-year grid (every grid date a node) to tol 1e-10
    _, lam, vl, _ = eigen(system)
    L = np.array([vl[:, k].real for k in np.flatnonzero(lam.real > 0)])
    if np.iscomplexobj(lam) and np.any(np.abs(lam[lam.real > 0].imag) > 1e-12):
        sys.exit("bbz: complex unstable eigenvalues in S1; the reference assumes real ones")

    def dense(T_ref):
        mesh = np.arange(0.0, T_ref + dt_ / 2, dt_)

        def bc(ya, yb):
            return np.concatenate([ya[: system.n_pre] - system.y0_pre, L @ (yb - system.ybar)])

        with np.errstate(all="ignore"):
            sol = integrate.solve_bvp(
                lambda _t, y: system.rhs(y), bc, mesh, linear_path(system, mesh).y, tol=1e-10, max_nodes=500_000
            )
        if not sol.success:
            sys.exit(f"bbz: the dense reference (T = {T_ref}) did not converge: {sol.message}")
        return sol

    s_ref, ref = best(lambda: dense(T))
    s_long, long = best(lambda: dense(1000.0))
    y_ref = ref.sol(t)
    w = lambda y: system.outputs(t, y)["w"].to_numpy()  # noqa: E731
    w_ref = w(y_ref)
    w0 = float(E._initial(system)["w0"])

    def acc(y) -> str:
        return (
            f"max abs state diff {np.max(np.abs(y - y_ref)):.1e}; max abs wage diff / w0 "
            f"{np.max(np.abs(w(y) - w_ref)) / w0:.1e}"
        )

    p = system.p
    b_exact = p.b_bar - (p.b_bar - p.b_init) * np.exp(-p.s * t)
    early = t <= 40.0
    ivp = integrate.solve_ivp(
        lambda _t, y: system.rhs(y), (0.0, 40.0), y_ref[:, 0], method="DOP853", rtol=1e-13, atol=1e-13, t_eval=t[early]
    )
    ref_check = (
        f"{ref.x.size:,} nodes, max RMS residual {np.max(ref.rms_residuals):.1e}; b(t) against its closed form "
        f"{np.max(np.abs(y_ref[2] - b_exact)):.1e}; solve_ivp (DOP853, rtol 1e-13) from its t = 0 state over "
        f"0-40 years {np.max(np.abs(ivp.y - y_ref[:, early])):.1e}"
    )
    return [
        Table(
            "bbz",
            "BBZ exact (NL) path, experiment S1",
            f"Model 1, sigma1 .5, sigma2 2.5, b .5 -> 1.5; state (K, Z, b, I_K, I_Z) in levels on the "
            f"{len(t):,}-point 0.05-year grid of the {T:.0f}-year horizon. Reference: `scipy.integrate.solve_bvp` "
            "on the same boundary value problem with every grid date a node (initial mesh 12,001 nodes against the "
            "project's 400) and tol 1e-10 (against 1e-6). Seconds: minimum of 3 (project, LIN), 1 run (references).",
            [
                Row(
                    f"project NL (`nonlinear_with_continuation`, tol {tol:g}, {nl.info['nodes']} nodes)",
                    s_nl,
                    acc(nl.y),
                    project=True,
                ),
                Row("paper's method LIN (`linear_path`, linear stable manifold)", s_lin, acc(lin.y)),
                Row("dense-grid reference, T = 600 (tol 1e-10)", s_ref, ref_check),
                Row(
                    "dense-grid reference, T = 1000 (horizon check)",
                    s_long,
                    acc(long.sol(t)) + " (the effect of truncating at T = 600)",
                ),
            ],
        ).finish()
    ]


# --- main ---------------------------------------------------------------------------------------

RUNNERS = {"bootstrap": run_bootstrap, "fe": run_fe, "oews": run_oews, "bbz": run_bbz}


def footer(seconds: float, load: tuple[float, float, float]) -> str:
    sys.path.insert(0, str(ROOT / "bench"))
    from readme_costs import machine

    return (
        f"Measured by `bench/side_by_side.py` on {dt.date.today().isoformat()}: {machine()}; load average "
        f"{load[0]:.1f} at the start (other jobs share the cores, so seconds are upper bounds; ratios are "
        f"measured under the same load); whole run {seconds:.0f} s. '× project' = seconds / the project's seconds "
        "in the same table."
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--draws", type=int, default=9999, help="wild bootstrap draws (default 9999)")
    ap.add_argument("--only", choices=NAMES, help="run one comparison")
    ap.add_argument("--json", help="also write the tables as JSON to this path")
    ap.add_argument("--results", help="a real-mirror results tree (with panel/harmonised.parquet)")
    ap.add_argument("--write-docs", action="store_true", help="rewrite the generated block of docs/performance.md")
    args = ap.parse_args()
    if args.write_docs and (args.only or args.draws != 9999):
        ap.error("--write-docs needs the full default run (no --only, 9999 draws)")
    warnings.simplefilter("ignore")  # library deprecation notes; nothing here depends on them
    load = os.getloadavg()
    t0 = time.perf_counter()
    tables: list[Table] = []
    for name in [args.only] if args.only else NAMES:
        t1 = time.perf_counter()
        got = RUNNERS[name](args)
        print(f"[{name}: {time.perf_counter() - t1:.0f} s]", file=sys.stderr)
        for tb in got:
            print(tb.markdown() + "\n")
        tables += got
    foot = footer(time.perf_counter() - t0, load)
    print(foot)
    if args.json:
        Path(args.json).write_text(
            json.dumps({"footer": foot, "tables": [asdict(t) for t in tables]}, indent=2, default=float) + "\n"
        )
    if args.write_docs:
        from ailabor.report.summary import replace_block

        block = "\n\n".join([START, *(t.markdown() for t in tables), foot, END])
        replace_block(ROOT / "docs" / "performance.md", START, END, block)


if __name__ == "__main__":
    main()
