"""Macro calibrations fed by one shared exposure shock (spec §4.1, §4.4, §4.5).

* :mod:`.shock`: the shock object (task displacement, pass-through, feasible and adopted
  shares, the wage-share change) built from any exposure measure, or from the seed's table;
* :mod:`.legacy`: the seed's three blocks, reproduced number for number, errors included;
* :mod:`.acemoglu_restrepo`, :mod:`.kaleckian`, :mod:`.bhaduri_marglin`: the corrected models;
* :mod:`.sensitivity`: parameter grid, one-at-a-time swings and Monte Carlo;
* :mod:`.consistency`: the same shock through all three models, legacy and corrected.
"""

from ..errors import AilaborError


class CalibrationError(AilaborError):
    """A model cannot be evaluated at these parameters (outside its domain)."""


class StabilityError(CalibrationError):
    """The Keynesian stability condition fails: saving responds less to utilisation than
    investment does, so the goods market has no stable equilibrium."""
