"""Figures of the A-R model (spec §5.2): analogues of Figure 4 (static allocation), Figure 6
(transition after automation), Figure 7 (value curves) and Figure A2 (wage thresholds). Each
function takes the data produced by the model modules and an output path."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...figures import PALETTE, apply_style, pyplot, save

SOURCE = "Source: Acemoglu-Restrepo (2015 draft) task model, own computation (spec-acemoglu-restrepo.md)."


def _note(extra: str | None) -> str:
    return SOURCE + (" " + extra if extra else "")


def transition(
    path: pd.DataFrame,
    summary: dict,
    out,
    title: str = "Transition after a one-time jump in automation",
    note: str | None = None,
) -> None:
    """Figure 6 analogue from :func:`.dynamics_exo.transition`: wage relative to its pre-shock trend,
    labour share and the unadopted automation range I - I*."""
    plt = pyplot()

    apply_style()
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.8))
    t = path["t"]
    a = axes[0]
    a.plot(t, 100 * path["lnW_rel"], color=PALETTE[0], lw=1.6, label="wage W(t), relative to the pre-shock trend")
    a.axhline(0, color="0.3", lw=0.7, label="pre-shock trend")
    a.axhline(
        100 * summary["lr_dlnW"],
        color=PALETTE[1],
        lw=1.0,
        ls="--",
        label=f"long run ({100 * summary['lr_dlnW']:+.2f} log points x 100)",
    )
    a.set_xlabel("Time after the shock (years)")
    a.set_ylabel("Wage relative to trend (log points x 100)")
    a.set_title("Wage relative to trend")
    a.legend(fontsize=7)
    b = axes[1]
    b.plot(t, path["labour_share"], color=PALETTE[0], lw=1.6, label="labour share of factor income, WL/(WL+rK)")
    b.plot(t, path["labour_share_gross"], color=PALETTE[2], lw=1.2, label="labour share of gross output, WL/Y")
    b.axhline(summary["ls_before"], color="0.3", lw=0.7, ls=":", label=f"before ({summary['ls_before']:.3f})")
    b.axhline(summary["ls_lr"], color=PALETTE[1], lw=1.0, ls="--", label=f"long run ({summary['ls_lr']:.3f})")
    b.set_xlabel("Time after the shock (years)")
    b.set_ylabel("Labour share (fraction of 1)")
    b.set_title("Labour share")
    b.legend(fontsize=7)
    c = axes[2]
    c.plot(t, path["I_star_gap"], color=PALETTE[3], lw=1.6, label="I - I*: automatable tasks not yet automated")
    c.set_xlabel("Time after the shock (years)")
    c.set_ylabel("Unadopted automation, I - I* (task measure)")
    c.set_title("Unadopted automation")
    c.legend(fontsize=7)
    fig.suptitle(
        f"{title} (technology gap n: {summary['n0']:g} -> {summary['n1']:g}; growth g = {summary['g']:g} per year)",
        fontweight="bold",
    )
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    save(fig, out, _note(note))


def value_curves(df: pd.DataFrame, out, note: str | None = None) -> None:
    """Figure 7 analogue from :func:`.bgp_endo.value_curve_table`: kappa_I v_I(n) and kappa_N v_N(n)
    on [n-bar, 1] with n_D marked."""
    plt = pyplot()

    apply_style()
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.plot(df["n"], df["kI_vI"], color=PALETTE[1], lw=1.6, label=r"$\kappa_I v_I(n)$: value of automation")
    ax.plot(df["n"], df["kN_vN"], color=PALETTE[0], lw=1.6, label=r"$\kappa_N v_N(n)$: value of new tasks")
    at = df.attrs
    if at.get("n_bar") is not None:
        ax.axvline(at["n_bar"], color="0.5", lw=0.8, ls=":", label=rf"$\bar{{n}}$ = {at['n_bar']:.3f}")
    if at.get("n_D") is not None:
        ax.axvline(
            at["n_D"], color=PALETTE[2], lw=1.0, ls="--", label=rf"$n_D$ = {at['n_D']:.3f} (stable technology gap)"
        )
    ax.set_xlabel("Technology gap n = N - I (task measure)")
    ax.set_ylabel("Innovation value / output Y (x research productivity)", fontsize=8)
    ax.set_title(
        f"Value of innovations on the balanced growth path (q = {at.get('q', float('nan')):g}, "
        f"growth g = {at.get('g', float('nan')):g})"
    )
    ax.legend(fontsize=7)
    save(fig, out, _note(note))


def wage_thresholds(df: pd.DataFrame, out, note: str | None = None) -> None:
    """Figure A2 analogue from :func:`.longrun.wage_threshold_table`: w_I(n), w_N(n) and R*."""
    plt = pyplot()

    apply_style()
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.plot(df["n"], df["w_I"], color=PALETTE[0], lw=1.6, label=r"$w_I(n) = W/\gamma$(least complex labour task)")
    ax.plot(df["n"], df["w_N"], color=PALETTE[1], lw=1.6, label=r"$w_N(n) = W/\gamma(N)$")
    ax.plot(
        df["n"],
        df["R"],
        color="0.3",
        lw=1.0,
        ls="--",
        label=rf"$R^* = \rho + \delta + \theta g$ = {df['R'].iloc[0]:.4f}",
    )
    nb = df.attrs.get("n_bar")
    if nb is not None:
        ax.axvline(nb, color=PALETTE[2], lw=0.9, ls=":", label=rf"$\bar{{n}}$ = {nb:.3f}")
    ax.set_xlabel("Technology gap n = N - I (task measure)")
    ax.set_ylabel("Effective wage (units of the final good)")
    ax.set_title(
        f"Long-run wage thresholds ({df.attrs.get('regime', '')}, "
        + rf"$\rho$ = {df.attrs.get('rho', float('nan')):g})"
    )
    ax.legend(fontsize=7)
    save(fig, out, _note(note))


def static_allocation(df: pd.DataFrame, out, note: str | None = None) -> None:
    """Figure 4 analogue from :func:`.static.allocation_table`: ln omega(I*, N, K) and the allocation
    locus ln(gamma(I*)/K), vertical at I."""
    plt = pyplot()

    apply_style()
    at = df.attrs
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.plot(
        df["I_star"],
        df["ln_omega_demand"],
        color=PALETTE[0],
        lw=1.6,
        label=r"$\omega(I^*, N, K)$: relative demand and price index",
    )
    alloc = df[df["I_star"] <= at["I"]]
    xs, ys = list(alloc["I_star"]), list(alloc["ln_omega_allocation"])
    if at["I"] < df["I_star"].max():
        xs, ys = [*xs, at["I"]], [*ys, at["ln_omega_alloc_I"]]
    ax.plot(xs, ys, color=PALETTE[1], lw=1.6, label=r"allocation locus $\gamma(I^*)/K$")
    top = max(float(df["ln_omega_demand"].max()), float(alloc["ln_omega_allocation"].max()) if len(alloc) else -np.inf)
    if at["I"] < df["I_star"].max():  # the allocation locus is vertical at I* = I
        ax.plot([at["I"], at["I"]], [at["ln_omega_alloc_I"], top + 0.5], color=PALETTE[1], lw=1.6)
    regime = "I* = I" if at["constrained"] else "I* < I"
    ax.plot(
        [at["I_star"]], [at["ln_omega"]], "o", color="k", ms=5, label=f"equilibrium (I* = {at['I_star']:.3f}, {regime})"
    )
    ax.set_xlabel("Automation threshold I* (task index)")
    ax.set_ylabel(r"$\ln \omega = \ln(W/(rK))$ (log points)")
    ax.set_title(f"Static equilibrium (I = {at['I']:g}, N = {at['N']:g}, K = {at['K']:g})")
    ax.legend(fontsize=7)
    save(fig, out, _note(note))
