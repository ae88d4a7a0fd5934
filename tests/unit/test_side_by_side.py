"""The Monte Carlo agreement check of bench/side_by_side.py (two bootstrap p-values from
independent draws), against simulated Monte Carlo p-values (binomial counts)."""

import math

import numpy as np
import pytest

from bench.side_by_side import mc_agreement


def test_standard_errors_are_the_binomial_ones():
    """Reference: the binomial variance p (1 - p) / B of a Monte Carlo proportion, and sqrt(2)
    times it for the difference of two independent ones."""
    out = mc_agreement(0.05, 0.05, 9999)
    assert out["mc_se"] == pytest.approx(math.sqrt(0.05 * 0.95 / 9999), rel=1e-12)
    assert out["se_diff"] == pytest.approx(math.sqrt(2 * 0.05 * 0.95 / 9999), rel=1e-12)
    assert out["diff"] == 0 and out["z"] == 0 and out["agree"]


@pytest.mark.parametrize("p", [0.005, 0.05, 0.34])
def test_independent_draws_of_one_p_value_agree_and_different_ones_do_not(p):
    """Simulated: p-values of the same test from independent draws, one with the project's
    convention (1 + #)/(1 + B) and one with wildboottest's #/B, agree in at least 99% of
    pairs (3 SE of the difference: 99.7% for a normal difference); p-values of tests whose
    true p differ by 6 SE of the difference are flagged in most pairs."""
    rng = np.random.default_rng(0)
    B, n = 9999, 4000
    c1, c2 = rng.binomial(B, p, n), rng.binomial(B, p, n)
    ok = [mc_agreement((1 + a) / (1 + B), b / B, B)["agree"] for a, b in zip(c1, c2)]
    assert np.mean(ok) >= 0.99
    shifted = p + 6 * math.sqrt(2 * p * (1 - p) / B)
    c3 = rng.binomial(B, shifted, n)
    bad = [mc_agreement((1 + a) / (1 + B), b / B, B)["agree"] for a, b in zip(c1, c3)]
    assert np.mean(bad) <= 0.2


def test_rejects_a_clear_disagreement_and_bad_draw_counts():
    out = mc_agreement(0.05, 0.07, 9999)
    assert not out["agree"] and out["z"] < -3
    with pytest.raises(ValueError, match="draws"):
        mc_agreement(0.05, 0.05, 0)
