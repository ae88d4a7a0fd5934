"""Acemoglu and Restrepo (2015 draft), "The Race Between Man and Machine": the task model in
general equilibrium (spec-acemoglu-restrepo.md).

* :mod:`.errors`: :class:`ModelError`, raised when the model has no equilibrium;
* :mod:`.params`: the parameter set (frozen dataclass, default P0 of spec §3A.6) and the
  quasi-labour supply L^s(omega);
* :mod:`.costs`: the task unit cost c^u(x), its derivative, the factor share s(x), R-bar;
* :mod:`.tasks`: the task-integral closed form Gamma and Gauss-Legendre quadrature;
* :mod:`.static`: the static equilibrium (spec §1.8), closed forms (10)-(11) and the
  comparative statics of Proposition 2, Corollary 1, spec §2.3-2.4 (analytic and numeric);
* :mod:`.longrun`: the long-run wage w^LR(n, R) (18), thresholds n-bar, n-tilde, rho-bar, the
  long-run equilibrium with r = R, the displacement share of the wage bill;
* :mod:`.dynamics_exo`: the normalised static block, steady states, the balanced growth path
  and the transition after a one-time jump in automation (spec §3A, Figure 6);
* :mod:`.bgp_endo`: value functions v_I, v_N, the BGP gap n_D, Corollary 2, the Lemma A4
  Jacobian (spec §3B.4-3B.6);
* :mod:`.dynamics_endo`: endogenous technology with theta -> 0, S -> 0 (bang-bang path to n_D)
  and the welfare integral (spec §3B.6, §3C);
* :mod:`.skills`: the two-skill extension (spec §4);
* :mod:`.closed_forms`: the exact wage and share formulas of spec §6.2;
* :mod:`.ai_band`: the automation shock paired with AI capital productivity in the newly
  automatable tasks (the exposure scenarios, issue 15);
* :mod:`.figures`: Figures 4, 6, 7 and A2 analogues.
"""

from .errors import ModelError
from .params import P0, Params

__all__ = ["ModelError", "P0", "Params"]
