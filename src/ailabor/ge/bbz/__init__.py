"""Berg, Buffie and Zanna (2018), "Should We Fear the Robot Revolution?", IMF WP/18/116
(spec-berg-buffie-zanna.md).

* :mod:`.params`: the base calibration and model-specific parameters;
* :mod:`.ces`: normalised CES aggregators with the Cobb-Douglas and linear limits;
* :mod:`.base`: the interface every model shares (stocks, budget, derivatives, steady state);
* :mod:`.models`: Models 1-3 (static block, steady state, saver economy) and :func:`~.models.make`;
* :mod:`.model4`: Model 4, with a non-automatable sector;
* :mod:`.singularity`: the sigma2 = infinity case on its balanced growth path;
* :mod:`.dynamics`: the paper's linear stable manifold in levels (LIN) and an exact nonlinear
  perfect-foresight solver (NL);
* :mod:`.analysis`: wage trough, low-wage phase, equivalent variations, compensating transfers;
* :mod:`.analytics`: the paper's closed-form comparative statics;
* :mod:`.experiments`: the experiment catalogue (S1, S2, S1R, T1-T4, F5, F6, S3, F9, F10).
"""

from ...errors import AilaborError


class ModelError(AilaborError):
    """A model has no equilibrium at these parameters (no steady state, no saddle path)."""
