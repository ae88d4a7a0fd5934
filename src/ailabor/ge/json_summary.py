"""JSON output of summaries: numpy values to Python, non-finite numbers made explicit."""

from __future__ import annotations

import math

import numpy as np


def json_ready(obj):
    """Recursively convert numpy scalars and arrays; NaN becomes null and +-inf the strings
    "inf"/"-inf" (for example a low-wage phase still running at the horizon)."""
    if isinstance(obj, dict):
        return {str(k): json_ready(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_ready(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return [json_ready(v) for v in obj.tolist()]
    if isinstance(obj, (np.bool_, bool)):
        return bool(obj)
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        x = float(obj)
        if math.isnan(x):
            return None
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return x
    return obj


def json_plain(obj):
    """Like :func:`json_ready` but keeps NaN and +-inf as floats (``json.dumps`` writes them as
    NaN/Infinity and ``json.loads`` reads them back): for intermediate files that the pipeline
    itself reads again, where a value must come back exactly as it was computed."""
    if isinstance(obj, dict):
        return {str(k): json_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_plain(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return [json_plain(v) for v in obj.tolist()]
    if isinstance(obj, (np.bool_, bool)):
        return bool(obj)
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        return float(obj)
    return obj
