"""The A-R model's error, in a module of its own so that every other module, :mod:`.params`
included, can raise it without importing the package (whose ``__init__`` imports :mod:`.params`)."""

from __future__ import annotations

from ...errors import AilaborError


class ModelError(AilaborError):
    """The A-R model has no equilibrium at these parameters."""
