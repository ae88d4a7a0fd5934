"""BLS SOC 2010 -> 2018 crosswalk and the external exposure indices."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...errors import InputError
from ...soc.codes import ONET_SOC, SOC6
from . import schema
from .tables import (
    ROW,
    check_finite,
    check_range,
    check_unique,
    collapse_repeats,
    file_column,
    parse_float,
    parse_str,
    read_table,
)

SOC_EXPECTED = "a 6-digit SOC code like 15-1252"
ONET_EXPECTED = "an O*NET-SOC code like 15-1252.00"

CROSSWALK_SHEET = "Sorted by 2010"
CROSSWALK_COLUMNS = ["2010 SOC Code", "2010 SOC Title", "2018 SOC Code", "2018 SOC Title"]


def read_soc_crosswalk(path: str | Path) -> pd.DataFrame:
    """BLS ``soc_2010_to_2018_crosswalk.xlsx`` (sheet 'Sorted by 2010', title rows above the
    header), or a CSV with the same columns: one row per (2010 code, 2018 code) pair.

    A 2010 code may map to several 2018 codes and several 2010 codes to one 2018 code; the same
    pair twice is refused, as are malformed or empty codes and a file without data rows."""
    df = read_table(path, CROSSWALK_COLUMNS, sheet=CROSSWALK_SHEET)
    out = pd.DataFrame(
        {
            "soc_2010": parse_str(path, df, "2010 SOC Code", pattern=SOC6, expected=SOC_EXPECTED),
            "title_2010": parse_str(path, df, "2010 SOC Title"),
            "soc_2018": parse_str(path, df, "2018 SOC Code", pattern=SOC6, expected=SOC_EXPECTED),
            "title_2018": parse_str(path, df, "2018 SOC Title"),
            ROW: df[ROW],
        }
    )
    check_unique(
        path,
        out,
        ["soc_2010", "soc_2018"],
        columns=["2010 SOC Code", "2018 SOC Code"],
        expected="each (2010 SOC Code, 2018 SOC Code) pair once (a code may map to several codes, "
        "but the same pair twice is a defect)",
    )
    return schema.validate(out, "soc_crosswalk", path)


FELTEN_SHEET = "Appendix A"
FELTEN_COLUMNS = ["SOC Code", "Occupation Title", "AIOE"]


def read_felten_aioe(path: str | Path) -> pd.DataFrame:
    """Felten, Raj and Seamans AIOE (data appendix, sheet 'Appendix A'; or a CSV with the same
    columns): one standardised score (any finite number) per 6-digit SOC 2010 code. A code
    repeated with the same score is kept once; with another score it is refused."""
    df = read_table(path, FELTEN_COLUMNS, sheet=FELTEN_SHEET)
    out = pd.DataFrame(
        {
            "soc_code": parse_str(path, df, "SOC Code", pattern=SOC6, expected=SOC_EXPECTED),
            "title": parse_str(path, df, "Occupation Title"),
            "aioe": parse_float(path, df, "AIOE")[0],
            ROW: df[ROW],
        }
    )
    check_finite(path, df, "AIOE", out["aioe"])
    out = collapse_repeats(path, out, "soc_code", ["aioe"], column="SOC Code", value_columns=["AIOE"])
    return schema.validate(out, "exposure_felten_aioe", path)


ELOUNDOU = ["gpt4_alpha", "gpt4_beta", "gpt4_gamma", "human_alpha", "human_beta", "human_gamma"]
ELOUNDOU_ALIASES = {
    "gpt4_alpha": ["dv_rating_alpha"],
    "gpt4_beta": ["dv_rating_beta"],
    "gpt4_gamma": ["dv_rating_gamma"],
    "human_alpha": ["human_rating_alpha"],
    "human_beta": ["human_rating_beta"],
    "human_gamma": ["human_rating_gamma"],
}


def read_eloundou(path: str | Path) -> pd.DataFrame:
    """Eloundou et al. occupation-level exposure (alpha, beta, gamma; GPT-4 and human ratings),
    each a share in [0, 1] per O*NET-SOC code.

    Reads the authors' ``occ_level.csv`` (``dv_rating_*``/``human_rating_*``) and the xlsx
    re-publication (``gpt4_*``/``human_*``, first worksheet) into the same table. A code
    repeated with the same values is kept once; with other values it is refused.
    """
    path = Path(path)
    df = read_table(path, ["O*NET-SOC Code", "Title", *ELOUNDOU], aliases=ELOUNDOU_ALIASES)
    out = pd.DataFrame(
        {
            "onet_soc_code": parse_str(path, df, "O*NET-SOC Code", pattern=ONET_SOC, expected=ONET_EXPECTED),
            "title": parse_str(path, df, "Title"),
        }
    )
    for c in ELOUNDOU:
        out[c] = parse_float(path, df, c)[0]
        check_range(path, df, c, out[c], 0, 1)
    out[ROW] = df[ROW]
    out = collapse_repeats(
        path,
        out,
        "onet_soc_code",
        ELOUNDOU,
        column="O*NET-SOC Code",
        value_columns=[file_column(df, c) for c in ELOUNDOU],
    )
    return schema.validate(out, "exposure_eloundou", path)


READERS = {"felten_aioe": read_felten_aioe, "eloundou": read_eloundou}


def read_exposure_index(path: str | Path, fmt: str) -> pd.DataFrame:
    if fmt not in READERS:
        raise InputError(path, f"a known exposure index format ({', '.join(READERS)})", found=fmt)
    return READERS[fmt](path)
