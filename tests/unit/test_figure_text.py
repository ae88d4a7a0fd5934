"""Figures for readers: PNG and a deterministic PDF from every save, and figure text in plain
words: no code identifiers in titles, axis labels or legends, and a unit on every numeric axis.
Real figure functions are drawn from small synthetic frames; :func:`ailabor.figures.save` logs
each problem :func:`ailabor.figures.text_problems` finds, which these tests collect."""

import logging

import numpy as np
import pandas as pd
import pytest

from ailabor import figures, labels
from ailabor.calibration import figures as cal_figures
from ailabor.econometrics.figures import primary_event_study
from ailabor.exposure import figures as exp_figures
from ailabor.ge.bbz import figures as bbz_figures


def _plain_figure(title="Wage paths", xlabel="Time after the shock (years)", ylabel="Wage (% change)", legend="a"):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [0.0, 1.0, 0.5], label=legend)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend()
    return fig


def test_text_problems_flags_identifiers_and_missing_units():
    import matplotlib.pyplot as plt

    assert figures.text_problems(_plain_figure()) == []
    bad = figures.text_problems(_plain_figure(title="fractional_im; treatment chatgpt", legend="c_w"))
    assert any("fractional_im" in p and p.startswith("title") for p in bad)
    assert any("c_w" in p and p.startswith("legend") for p in bad)
    assert any("y axis" in p for p in figures.text_problems(_plain_figure(ylabel="% vs no-shock path")))
    assert any("x axis" in p for p in figures.text_problems(_plain_figure(xlabel="years")))
    assert figures.text_problems(_plain_figure(legend=r"$w_I(n)$ = W")) == []  # maths subscripts are not code
    fig, ax = plt.subplots()  # category axes (names on the ticks) need no unit
    ax.barh(["Managers", "Sales"], [1, 2])
    ax.set_ylabel("Occupation group")
    ax.set_xlabel("Employment (thousands)")
    assert figures.text_problems(fig) == []
    plt.close("all")


def test_save_writes_png_and_deterministic_pdf(tmp_path):
    out = []
    for k in range(2):
        path = tmp_path / f"run{k}" / "f.png"
        figures.save(_plain_figure(), path, note="Source: test.")
        out.append((path.read_bytes(), figures.pdf_path(path).read_bytes()))
    (png0, pdf0), (png1, pdf1) = out
    assert png0[:8] == b"\x89PNG\r\n\x1a\n" and pdf0[:5] == b"%PDF-"
    assert png0 == png1 and pdf0 == pdf1  # reruns are byte-identical
    assert b"CreationDate" not in pdf0 and b"Matplotlib" not in pdf0


@pytest.fixture
def figure_problems(caplog):
    """The figure-text warnings logged while a test draws."""
    caplog.set_level(logging.WARNING, logger="ailabor.figures")

    def collect():
        return [r.getMessage() for r in caplog.records if r.name == "ailabor.figures"]

    return collect


def test_bbz_figures_read_plainly(tmp_path, figure_problems):
    t = np.linspace(0, 150, 61)
    path = pd.concat(
        [
            pd.DataFrame(
                {
                    "run": run,
                    "t": t,
                    "converged": True,
                    "w_rel": 1 + 0.1 * np.tanh(t / 20) * k,
                    "Q_rel": 1 + 0.2 * np.tanh(t / 30),
                    "K": 3 + 0.1 * t / 150,
                    "Z": 0.5 + t / 150,
                    "share_L": 0.6 - 0.01 * k,
                    "I_Z_share": 0.02 + 0 * t,
                }
            )
            for k, run in enumerate(("model2_sigma3_0.5", "omega_k_2"))
        ]
    )
    bbz_figures.paths(
        path,
        {"model2_sigma3_0.5": "Model 2, sigma3 0.5", "omega_k_2": "Omega_K 2"},
        "T4: Model 2 base run (sigma2 2.5) under alternative sigma1, Omega_K",
        str(tmp_path / "p.png"),
    )
    table = pd.DataFrame(
        [(s1, s2, 0.6 * s2 - s1) for s1 in (0.4, 0.5) for s2 in (2.5, 5.0)], columns=["sigma1", "sigma2", "sigma3_star"]
    )
    curve = pd.DataFrame(
        [(0.5, s2, s3, np.log(s3) / s2) for s2 in (2.5, 5.0) for s3 in (0.1, 1.0, 10.0)],
        columns=["sigma1", "sigma2", "sigma3", "impact_d_ln_w_d_ln_b"],
    )
    bbz_figures.sigma3_star(table, curve, str(tmp_path / "t2.png"), note="Model 2 calibration (theta_L2 .30).")
    assert figure_problems() == []
    assert (tmp_path / "t2.pdf").is_file() and (tmp_path / "p.pdf").is_file()


def test_calibration_figures_read_plainly(tmp_path, figure_problems):
    shocks = ["seed exposure (legacy)", "fractional_im / upper_bound"]
    models = ["Acemoglu-Restrepo", "Kaleckian", "Bhaduri-Marglin"]
    cons = pd.DataFrame(
        [
            (s, m, mode, -0.1 * (i + 1))
            for i, s in enumerate(shocks)
            for m in models
            for mode in ("legacy", "corrected")
        ],
        columns=["shock", "model", "mode", "value"],
    )
    cal_figures.consistency_chart(cons, str(tmp_path / "c.png"))
    oat = pd.DataFrame(
        {
            "parameter": ["c_w", "phi_feasible", "omega0"],
            "low_value": [0.7, 0.1, 0.5],
            "high_value": [0.9, 1.0, 0.6],
            "baseline_outcome": -0.13,
            "outcome_low": [-0.1, -0.02, -0.12],
            "outcome_high": [-0.2, np.nan, -0.14],
            "status_low": "ok",
            "status_high": ["ok", "failed", "ok"],
        }
    )
    cal_figures.tornado(oat, "kaleckian", str(tmp_path / "t.png"))
    corrected = pd.DataFrame(
        [
            ("acemoglu_restrepo", "upper_bound", s, m, v)
            for s in (0.5, 1.5)
            for m, v in (
                ("sr_d_ln_w", -0.1),
                ("lr_d_ln_w", 0.05),
                ("displacement_only_linear", -0.2),
                ("legacy_heuristic", 0.1),
                ("D", 0.25),
            )
        ],
        columns=["model", "scenario", "sigma", "metric", "value"],
    )
    cal_figures.sigma_grid(corrected, "upper_bound", str(tmp_path / "s.png"))
    assert figure_problems() == []


def test_exposure_figures_read_plainly(tmp_path, figure_problems):
    rng = np.random.default_rng(0)
    d = pd.DataFrame(
        {
            "oews_code": [f"11-{1000 + i}" for i in range(30)],
            "oews_title": [f"Occupation {i}" for i in range(30)],
            "exposure": rng.uniform(0, 1, 30),
            "employment": rng.uniform(100, 1000, 30),
        }
    )
    panels = {"fractional_im": d, "binary_uniform": d.assign(exposure=d["exposure"] ** 2)}
    exp_figures.distribution(panels, tmp_path / "d.png", note="n")
    exp_figures.top_occupations(panels, tmp_path / "t.png", note="n", top=5)
    assert figure_problems() == []


@pytest.mark.slow  # estimates an event study (about 30 s); the demo's figures are checked in tests/integration
def test_event_study_figure_reads_plainly(small_synthetic, tmp_path, figure_problems):
    from ailabor.econometrics import event_study
    from tests.conftest import synthetic_panel

    sp = synthetic_panel(small_synthetic)
    rows = [
        event_study.estimate(
            sp["panel"],
            sp["measure"],
            measure_name="fractional_im",
            outcome=o,
            date="2022-11-30",
            date_label="chatgpt",
            weights="none",
            kind=kind,
            base_employment=sp["base"],
        )[0]
        for o in ("ln_wage", "ln_emp")
        for kind in ("event", "dose")
    ]
    coefs = pd.concat(rows, ignore_index=True)
    title = f"Wages after the {labels.treatment_name('chatgpt')}; exposure: {labels.measure_label('fractional_im')}"
    primary_event_study(coefs, "chatgpt", tmp_path / "e.png", title=title, note="Source: synthetic.")
    assert figure_problems() == []


def test_labels_give_units_and_plain_words():
    assert labels.label("c_w") == "Workers' consumption (units of GDP at the initial steady state)"
    assert labels.parameter_label("c_w") == "Marginal propensity to consume out of wages (share, 0-1)"
    assert labels.parameter_words("phi_feasible") == "Share of exposed work that can profitably be automated"
    assert labels.measure_name("fractional_im") == "AI usage shared among occupations, importance-weighted"
    assert labels.scenario_name("fractional_im / upper_bound").endswith("(all exposed work displaced)")
    assert labels.symbols("sigma2 2.5, Omega_K 2") == r"σ2 2.5, $\Omega_K$ 2"
    for name in list(labels.VARIABLES) + list(labels.PARAMETERS):
        text = labels.label(name)
        assert not figures.IDENTIFIER.search(text), (name, text)
    with pytest.raises(KeyError, match="no display label"):
        labels.label("not_a_variable")
    from ailabor.ge import plain

    assert plain.measure_name is labels.measure_name  # one vocabulary


@pytest.mark.parametrize("layout", ["tight_layout", "constrained", None])
def test_save_cuts_the_png_as_matplotlib_tight_box_does(tmp_path, layout):
    """save measures the tight box itself (without a draw when no layout engine places the axes
    at draw time); its PNG has the pixels of matplotlib's own savefig(bbox_inches="tight") of the
    same figure, note included (the reference)."""
    import matplotlib.pyplot as plt
    from PIL import Image

    def fig_with_note():
        fig, axes = plt.subplots(1, 2, figsize=(6, 3), layout="constrained" if layout == "constrained" else None)
        for ax in axes:
            ax.barh(["Managers\nand officials", "Sales"], [1.0, 2.5])
            ax.set(title="Employment", xlabel="Workers (thousands)")
        fig.suptitle("A title above a legend", fontweight="bold")
        fig.legend([plt.Line2D([], [])], ["baseline"], loc="upper left", bbox_to_anchor=(0.01, 0.95))
        if layout == "tight_layout":
            fig.tight_layout(rect=(0, 0, 1, 0.85))
        return fig

    figures.apply_style()
    ours = tmp_path / "ours.png"
    figures.save(fig_with_note(), ours, note="Source: a note under the axes that widens the box. " * 3)
    ref = fig_with_note()
    ref.text(0.01, -0.01, "Source: a note under the axes that widens the box. " * 3, fontsize=7, color="0.35", va="top")
    ref.savefig(tmp_path / "ref.png", bbox_inches="tight", metadata=figures.PNG_METADATA)
    plt.close("all")
    a, b = (np.asarray(Image.open(p).convert("RGBA")) for p in (ours, tmp_path / "ref.png"))
    assert a.shape == b.shape
    np.testing.assert_array_equal(a, b)


def test_save_draws_only_a_figure_whose_layout_engine_needs_it(tmp_path, monkeypatch):
    """A tight_layout figure (no layout engine left) is measured without a draw; a constrained
    one is drawn without rendering first, so its axes are placed before the box is measured."""
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    drawn = []
    original = Figure.draw_without_rendering
    monkeypatch.setattr(Figure, "draw_without_rendering", lambda self: drawn.append(1) or original(self))
    fig = _plain_figure()
    fig.tight_layout()
    figures.save(fig, tmp_path / "tight.png")
    assert drawn == []
    fig, ax = plt.subplots(layout="constrained")
    ax.plot([0, 1], [1, 2])
    ax.set(xlabel="Years (count)", ylabel="Wage (%)")
    figures.save(fig, tmp_path / "constrained.png")
    assert drawn == [1]
