"""Calibration of the BBZ models (spec §6). One flat, frozen dataclass: the base case plus the
parameters of Models 2-4; experiments override fields with :meth:`Params.with_`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace


@dataclass(frozen=True)
class Params:
    # preferences, depreciation, adjustment costs (v = 1/(Omega delta), spec A3)
    rho: float = 0.06
    delta: float = 0.05
    tau: float = 0.5
    omega_k: float = 1.0
    omega_z: float = 0.5
    # cost shares of the base case (Q0 = L = 1)
    theta_K: float = 0.35
    theta_Z: float = 0.04
    # elasticities: K vs V, robots vs labour, K vs L2 (Model 2) or K vs S (Models 3-4)
    sigma1: float = 0.5
    sigma2: float = 2.5
    sigma3: float = 0.5
    # robot productivity path b(t) = b_bar - (b_bar - b(0)) e^{-s t}, b(0) = b0 + jump (b_bar - b0)
    b0: float = 0.5
    b_bar: float = 1.5
    jump: float = 0.1
    s: float = 0.15
    # Model 2: labour share working with K (L2); Model 3-4: skilled share and premium
    theta_L2: float = 0.30
    theta_S: float = 0.30
    premium: float = 2.0
    # Model 4: non-automatable sector 2 (cost shares of K2, S, L), its elasticities, the
    # consumption share of good 2 at the initial steady state and the elasticity between goods
    na_theta_K: float = 0.35
    na_theta_S: float = 0.45
    na_theta_L: float = 0.20
    beta1: float = 0.5
    beta3: float = 0.5
    gamma: float = 0.5
    epsilon: float = 1.0
    # Model 1 variant with traditional capital held fixed (spec §2.5)
    fixed_K: bool = False

    @property
    def v_k(self) -> float:
        return 1.0 / (self.omega_k * self.delta)

    @property
    def v_z(self) -> float:
        return 1.0 / (self.omega_z * self.delta)

    @property
    def R(self) -> float:
        """Steady-state rental rate of every capital stock, rho + delta."""
        return self.rho + self.delta

    @property
    def theta_L(self) -> float:
        return 1.0 - self.theta_K - self.theta_Z

    @property
    def b_init(self) -> float:
        return self.b0 + self.jump * (self.b_bar - self.b0)

    def b_path(self, t):
        import numpy as np

        return self.b_bar - (self.b_bar - self.b_init) * np.exp(-self.s * np.asarray(t, dtype=float))

    def with_(self, **changes) -> Params:
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return asdict(self)
