"""Parameters of the A-R task model (spec §0, §7.1, §7.3) and the quasi-labour supply.

Task technology (spec §1.1): y(i) = B[eta q^{(zeta-1)/zeta} + (1-eta) x^{(zeta-1)/zeta}]^{zeta/(zeta-1)}
with B = (1-eta)^{zeta/(1-zeta)}, so the unit cost of a task whose factor costs x is
c^u(x) = [a + x^{1-zeta}]^{1/(1-zeta)}, a = (eta/(1-eta))^zeta psi^{1-zeta} (spec §1.2).

Special cases:

* ``eta == 0``: c^u(x) = x (no intermediates), a = 0;
* ``zeta == 1``: the paper's B -> 0 as zeta -> 1, so the literal limit does not exist (spec §8
  item 3). We use the decision of spec §8 item 3: the Cobb-Douglas task technology
  y = q^eta x^{1-eta}, i.e. c(x) = (psi/eta)^eta (x/(1-eta))^{1-eta}. Gross output is then
  (eta/psi)^{eta/(1-eta)} times the CES (10), WL + rK = (1-eta) Y, intermediate spending is
  eta Y; the property :attr:`Params.a` returns eta, the intermediate cost share of every task,
  so that the CES identities "intermediate spending in task i = a Y c^{zeta-sigma}" carry over.

Quasi-labour supply L^s(omega), omega = W/(rK) (spec §1.4, §7.3): ``ls_kind="inelastic"``
gives L^s = L_bar; ``ls_kind="logistic"`` gives
L^s = ls_min + (ls_max - ls_min) omega^phi / (omega0^phi + omega^phi), increasing with
L^s(0) = ls_min > 0. The logistic defaults (0.6, 1.2, 2.5, 1) are illustrative, not calibrated:
omega0 = 2.5 is near omega at P0.

Default set P0 (spec §3A.6): sigma=0.5, zeta=0.2, eta=0.5, psi=0.824, A=2, rho=0.05,
delta=0.06, theta=1, mu=0.5, L^s = 1. Research: kappa_I = kappa_N = 0.016 and S = 1, the
spec §3B.4 choice that gives q = kappa_I/kappa_N = 1 and g = A kappa_I kappa_N S/(kappa_I+kappa_N) = 0.016,
the growth rate of footnote 19.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

import numpy as np

from .costs import cu_inv
from .errors import ModelError

LS_KINDS = ("inelastic", "logistic")


@dataclass(frozen=True)
class Params:
    sigma: float = 0.5  # elasticity between tasks
    zeta: float = 0.2  # elasticity between the intermediate and the factor within a task
    eta: float = 0.5  # CES weight of intermediates
    psi: float = 0.824  # limit price of intermediates
    mu: float = 0.5  # monopolist's marginal cost is mu*psi; per-unit profit (1-mu) psi
    A: float = 2.0  # slope of comparative advantage, gamma(i) = exp(A i)
    rho: float = 0.05
    delta: float = 0.06
    theta: float = 1.0  # inverse IES (theta = 0: linear utility)
    kappa_I: float = 0.016
    kappa_N: float = 0.016
    S: float = 1.0
    ls_kind: str = "inelastic"
    L_bar: float = 1.0
    ls_min: float = 0.6
    ls_max: float = 1.2
    ls_omega0: float = 2.5
    ls_phi: float = 1.0

    def __post_init__(self) -> None:
        if not self.sigma > 0:
            raise ModelError(f"A-R: sigma (elasticity between tasks) must be > 0, got {self.sigma}")
        if not self.zeta > 0:
            raise ModelError(f"A-R: zeta (within-task elasticity) must be > 0, got {self.zeta}")
        if not 0 <= self.eta < 1:
            raise ModelError(f"A-R: eta (intermediate weight) must be in [0, 1), got {self.eta}")
        if not self.psi > 0:
            raise ModelError(f"A-R: psi (intermediate price) must be > 0, got {self.psi}")
        if not 0 < self.mu <= 1:
            raise ModelError(f"A-R: mu (monopolist's relative marginal cost) must be in (0, 1], got {self.mu}")
        if not self.A > 0:
            raise ModelError(f"A-R: A (slope of comparative advantage) must be > 0, got {self.A}")
        if not self.rho > 0 or self.delta < 0 or self.theta < 0:
            raise ModelError(
                f"A-R: need rho > 0, delta >= 0, theta >= 0, got rho={self.rho}, delta={self.delta}, theta={self.theta}"
            )
        if min(self.kappa_I, self.kappa_N) <= 0 or self.S < 0:
            raise ModelError(f"A-R: need kappa_I, kappa_N > 0 and S >= 0, got {self.kappa_I}, {self.kappa_N}, {self.S}")
        if not self.a < 1:
            raise ModelError(
                f"A-R: a = (eta/(1-eta))^zeta psi^(1-zeta) = {self.a:.6g} must be < 1, otherwise intermediates alone "
                "cost more than the output price and the price index (9) has no solution (spec §1.5)"
            )
        if self.ls_kind not in LS_KINDS:
            raise ModelError(f"A-R: ls_kind must be one of {LS_KINDS}, got {self.ls_kind!r}")
        if self.ls_kind == "inelastic" and not self.L_bar > 0:
            raise ModelError(f"A-R: L_bar must be > 0, got {self.L_bar}")
        if self.ls_kind == "logistic" and not (
            0 < self.ls_min < self.ls_max and self.ls_omega0 > 0 and self.ls_phi > 0
        ):
            raise ModelError(
                "A-R: the logistic quasi-labour supply needs 0 < ls_min < ls_max, ls_omega0 > 0, ls_phi > 0, got "
                f"{self.ls_min}, {self.ls_max}, {self.ls_omega0}, {self.ls_phi}"
            )

    # -- cost function constants --------------------------------------------------------------
    @property
    def cobb_douglas(self) -> bool:
        """zeta == 1: the Cobb-Douglas task technology of spec §8 item 3."""
        return self.zeta == 1.0 and self.eta > 0

    @property
    def a(self) -> float:
        """a = (eta/(1-eta))^zeta psi^(1-zeta) (spec §1.2); eta when zeta == 1 (see module docstring)."""
        if self.eta == 0:
            return 0.0
        if self.zeta == 1.0:
            return self.eta
        return (self.eta / (1 - self.eta)) ** self.zeta * self.psi ** (1 - self.zeta)

    @property
    def sigma_hat(self) -> float | None:
        """The aggregate elasticity of (10): sigma if eta == 0, eta + (1-eta) sigma if zeta == 1, else None."""
        if self.eta == 0:
            return self.sigma
        if self.zeta == 1.0:
            return self.eta + (1 - self.eta) * self.sigma
        return None

    @property
    def Pi(self) -> float:
        """Profit factor (1-mu) a of spec §3B.2: the flow profit of a task is Pi Y c^u(x)^{zeta-sigma}."""
        return (1 - self.mu) * self.a

    @property
    def Rbar(self) -> float:
        """R-bar = (c^u)^{-1}(1), the rental rate of an all-capital economy (spec §3A.3)."""
        return float(cu_inv(self, 1.0))

    def rhobar(self, g: float = 0.0) -> float:
        """rho-bar = R-bar - delta - theta g (eq. A8)."""
        return self.Rbar - self.delta - self.theta * g

    def R_star(self, g: float = 0.0) -> float:
        """BGP rental rate R* = rho + delta + theta g (spec §3A.3)."""
        return self.rho + self.delta + self.theta * g

    # -- quasi-labour supply -----------------------------------------------------------------
    @property
    def elastic(self) -> bool:
        return self.ls_kind != "inelastic"

    def Ls(self, omega):
        """Quasi-labour supply L^s(omega), omega = W/(rK)."""
        omega = np.asarray(omega, dtype=float)
        if self.ls_kind == "inelastic":
            out = np.full_like(omega, self.L_bar)
        else:
            with np.errstate(divide="ignore", over="ignore"):
                t = (self.ls_omega0 / omega) ** self.ls_phi  # omega = inf gives ls_max, omega = 0 gives ls_min
            out = self.ls_min + (self.ls_max - self.ls_min) / (1 + t)
        return out if out.ndim else float(out)

    def Ls_elasticity(self, omega):
        """d ln L^s / d ln omega."""
        omega = np.asarray(omega, dtype=float)
        if self.ls_kind == "inelastic":
            out = np.zeros_like(omega)
        else:
            with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
                t = (self.ls_omega0 / omega) ** self.ls_phi
                out = np.nan_to_num((self.ls_max - self.ls_min) * self.ls_phi * t / (1 + t) ** 2 / self.Ls(omega))
        return out if out.ndim else float(out)

    def with_(self, **changes) -> Params:
        return replace(self, **changes)

    def to_dict(self) -> dict:
        d = asdict(self)
        d.update(a=self.a, Rbar=self.Rbar, sigma_hat=self.sigma_hat)
        return d


P0 = Params()

__all__ = ["P0", "Params", "LS_KINDS"]
