"""SOC code structure and OEWS code systems.

A SOC detailed code ``XX-ABCD`` sits in broad group ``XX-ABC0``, minor group ``XX-A000`` and
major group ``XX-0000`` (SOC 2018 numbers a few minor groups with two digits, e.g. 15-1200;
:func:`minor_of` follows the published group list when one is given).

OEWS has used three occupation code systems for its May estimates:

* ``soc2010``: SOC 2010 codes with OEWS aggregations, May 2012 to May 2018;
* ``hybrid``: SOC 2018 codes where 2010-based survey data allow, and hybrid codes combining
  SOC 2018 occupations where they do not (e.g. 15-1256 = 15-1252 + 15-1253), May 2019-2020;
* ``soc2018``: SOC 2018 codes with OEWS aggregations (e.g. 13-1020 = 13-1021 + 13-1022 +
  13-1023), from May 2021.
"""

from __future__ import annotations

import re

SOC6 = re.compile(r"^\d{2}-\d{4}$")  # a 6-digit SOC (or OEWS) code, 15-1252
ONET_SOC = re.compile(r"^\d{2}-\d{4}\.\d{2}$")  # an O*NET-SOC code, 15-1252.00


def code_system(may_year: int) -> str:
    """OEWS occupation code system of a May estimate."""
    if may_year <= 2018:
        return "soc2010"
    if may_year <= 2020:
        return "hybrid"
    return "soc2018"


def major_of(code: str) -> str:
    return code[:2] + "-0000"


def broad_of(code: str) -> str:
    return code[:6] + "0"


def minor_of(code: str, minor_codes: set[str] | None = None) -> str:
    """Minor group of ``code``: ``XX-A000``, or ``XX-AB00`` where that is a published minor."""
    two = code[:5] + "00"
    if minor_codes and two in minor_codes:
        return two
    return code[:4] + "000"
