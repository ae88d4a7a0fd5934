"""The experiment catalogue of spec §7: every experiment as a list of runs (model +
parameters). Parameter sweeps (F5, F9, T4, ...) are experiments with many runs; the workflow
gives every run its own job. Kept free of the numerical stack so that building the workflow's
DAG (which reads the catalogue) stays fast; the runner is :mod:`.experiments`."""

from __future__ import annotations

from dataclasses import dataclass, field

from .params import Params

METHODS = ("lin", "nl")
SINGULARITY_B0 = 0.11 / 0.61  # (rho + delta) / theta_L, spec §2.7


@dataclass(frozen=True)
class Run:
    run_id: str
    model: str  # "1".."4" or "singularity"
    params: Params
    label: str


@dataclass(frozen=True)
class Experiment:
    id: str
    title: str
    runs: tuple[Run, ...] = field(default_factory=tuple)
    kind: str = "paths"  # or "table" (T2)


def _fmt(x: float) -> str:
    return f"{x:g}"


DEFAULT_GRIDS = {
    "F5_sigma2": [2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0],
    "F9_sigma1": [0.5, 0.75, 1.0],
    "F9_sigma2": [2.0, 2.5, 5.0],
    "F9_sigma3": [0.25, 0.5],
    "T2_sigma1": [0.4, 0.5, 0.75, 1.0, 1.2],
    "T2_sigma2": [2.5, 5.0, 10.0, 20.0],
}


def catalogue(grids: dict | None = None, base_overrides: dict | None = None) -> dict[str, Experiment]:
    g = {**DEFAULT_GRIDS, **(grids or {})}
    base = Params().with_(**(base_overrides or {}))
    exps = [
        Experiment(
            "S1",
            "Model 1, robots do everything: sigma1 .5, sigma2 2.5, b .5 -> 1.5",
            (Run("base", "1", base, "Model 1"),),
        ),
        Experiment(
            "T1",
            "Model 1 with traditional capital held fixed (Table 1 concept) against the full model",
            tuple(
                r
                for s2, bb in ((2.5, 1.5), (5.0, 0.75), (10.0, 0.65))
                for r in (
                    Run(
                        f"fixedK_sigma2_{_fmt(s2)}_b{_fmt(bb)}",
                        "1",
                        base.with_(sigma2=s2, b_bar=bb, fixed_K=True),
                        f"K fixed, sigma2 {s2:g}, b .5->{bb:g}",
                    ),
                    Run(
                        f"full_sigma2_{_fmt(s2)}_b{_fmt(bb)}",
                        "1",
                        base.with_(sigma2=s2, b_bar=bb),
                        f"full model, sigma2 {s2:g}, b .5->{bb:g}",
                    ),
                )
            ),
        ),
        Experiment(
            "S2",
            "The singularity (sigma2 = infinity, sigma1 = 1) against Model 1 with sigma2 = 5, b .1803 -> .30",
            (
                Run(
                    "singularity",
                    "singularity",
                    base.with_(sigma1=1.0, b0=SINGULARITY_B0, b_bar=0.30),
                    "sigma2 = infinity",
                ),
                Run(
                    "model1_sigma2_5",
                    "1",
                    base.with_(sigma1=1.0, sigma2=5.0, b0=SINGULARITY_B0, b_bar=0.30),
                    "Model 1, sigma2 = 5",
                ),
            ),
        ),
        Experiment(
            "S1R",
            "Model 2 (robots cannot do everything) against Model 1: sigma1 .5, sigma2 2.5, b .5 -> 1.5",
            (
                Run("model1", "1", base, "Model 1"),
                *(
                    Run(f"model2_sigma3_{_fmt(s3)}", "2", base.with_(sigma3=s3), f"Model 2, sigma3 {s3:g}")
                    for s3 in (0.25, 0.5, 1.0)
                ),
            ),
        ),
        Experiment("T2", "Model 2: sigma3*, above which robots raise the wage at impact (Table 2)", kind="table"),
        Experiment(
            "T3",
            "Long run of Model 2 against Model 1 (Table 3): sigma1 .5, sigma2 2.5, b .5 -> 1.5",
            (
                Run("model1", "1", base, "Model 1"),
                *(
                    Run(f"model2_sigma3_{_fmt(s3)}", "2", base.with_(sigma3=s3), f"Model 2, sigma3 {s3:g}")
                    for s3 in (0.25, 0.5, 1.0)
                ),
            ),
        ),
        Experiment(
            "F5",
            "Model 2, sigma3 .5, b .5 -> 1, across sigma2 (Figure 5)",
            tuple(
                Run(f"sigma2_{_fmt(s2)}", "2", base.with_(sigma2=s2, b_bar=1.0), f"sigma2 {s2:g}")
                for s2 in g["F5_sigma2"]
            ),
        ),
        Experiment(
            "F6",
            "Model 2, sigma1 .5, sigma3 1: b +200% and +50%, sigma2 2.5 and 5 (Figure 6)",
            tuple(
                Run(
                    f"sigma2_{_fmt(s2)}_b{_fmt(bb)}",
                    "2",
                    base.with_(sigma3=1.0, sigma2=s2, b_bar=bb),
                    f"sigma2 {s2:g}, b .5->{bb:g}",
                )
                for s2 in (2.5, 5.0)
                for bb in (1.5, 0.75)
            ),
        ),
        Experiment(
            "T4",
            "Model 2 base run (sigma2 2.5, sigma3 .5, b .5 -> 1.5) under alternative sigma1, Omega_K, Omega_Z, tau "
            "(Table 4)",
            (
                Run("base", "2", base, "base"),
                *(Run(f"sigma1_{_fmt(v)}", "2", base.with_(sigma1=v), f"sigma1 {v:g}") for v in (0.4, 0.75, 1.0)),
                *(Run(f"omega_k_{_fmt(v)}", "2", base.with_(omega_k=v), f"Omega_K {v:g}") for v in (0.5, 2.0)),
                *(Run(f"omega_z_{_fmt(v)}", "2", base.with_(omega_z=v), f"Omega_Z {v:g}") for v in (0.25, 1.0)),
                *(Run(f"tau_{_fmt(v)}", "2", base.with_(tau=v), f"tau {v:g}") for v in (0.25, 1.0)),
            ),
        ),
        Experiment(
            "S3",
            "Model 2, sigma3 .5: b jumps from .5 to .6 at t = 0, sigma2 10 and 20 (Figures 7-8)",
            tuple(
                Run(f"sigma2_{_fmt(s2)}", "2", base.with_(sigma2=s2, b_bar=0.6, jump=1.0), f"sigma2 {s2:g}")
                for s2 in (10.0, 20.0)
            ),
        ),
        Experiment(
            "F9",
            "Model 3, skilled labour complements robots: b .5 -> 2 across (sigma1, sigma2, sigma3) (Figure 9)",
            tuple(
                Run(
                    f"s1_{_fmt(s1)}_s2_{_fmt(s2)}_s3_{_fmt(s3)}",
                    "3",
                    base.with_(sigma1=s1, sigma2=s2, sigma3=s3, b_bar=2.0),
                    f"sigma1 {s1:g}, sigma2 {s2:g}, sigma3 {s3:g}",
                )
                for s1 in g["F9_sigma1"]
                for s2 in g["F9_sigma2"]
                for s3 in g["F9_sigma3"]
            ),
        ),
        Experiment(
            "F10",
            "Model 4, a non-automatable sector: sigma2 5, other elasticities .5, b .5 -> 2 (Figure 10)",
            (
                Run(
                    "model4_skill_intensive",
                    "4",
                    base.with_(sigma2=5.0, b_bar=2.0, na_theta_K=0.35, na_theta_S=0.45, na_theta_L=0.20),
                    "Model 4, sector 2 skill-intensive",
                ),
                Run(
                    "model4_low_skill_intensive",
                    "4",
                    base.with_(sigma2=5.0, b_bar=2.0, na_theta_K=0.35, na_theta_S=0.15, na_theta_L=0.50),
                    "Model 4, sector 2 low-skill-intensive",
                ),
                Run("model3", "3", base.with_(sigma2=5.0, b_bar=2.0), "Model 3 (no sector 2)"),
            ),
        ),
    ]
    return {e.id: e for e in exps}
