"""Plain-language names of exposure measures and calibration scenarios: kept as an import path;
the vocabulary lives in :mod:`ailabor.labels`."""

from __future__ import annotations

from ..labels import CREDIT, MEASURES, SCENARIOS, WEIGHT, measure_name, scenario_name  # noqa: F401
