"""BLS SOC 2010 -> 2018 crosswalk and the external exposure indices."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...errors import InputError
from ...soc.codes import ONET_SOC, SOC6
from . import schema
from .tables import (
    ROW,
    check_range,
    check_unique,
    find_header,
    frame_from_rows,
    parse_float,
    parse_str,
    read_delimited,
    read_xlsx_rows,
    require_columns,
)


def read_soc_crosswalk(path: str | Path) -> pd.DataFrame:
    """BLS ``soc_2010_to_2018_crosswalk.xlsx``: one row per (2010 code, 2018 code) pair."""
    _, rows = read_xlsx_rows(path, sheet_pattern=r"Sorted by 2010|.*")
    header = find_header(path, rows, "2010 SOC Code")
    df = require_columns(
        frame_from_rows(path, rows, header),
        path,
        ["2010 SOC Code", "2010 SOC Title", "2018 SOC Code", "2018 SOC Title"],
    )
    msg = "a SOC code like 15-1252"
    out = pd.DataFrame(
        {
            "soc_2010": parse_str(path, df, "2010 SOC Code", pattern=SOC6, expected=msg),
            "title_2010": parse_str(path, df, "2010 SOC Title"),
            "soc_2018": parse_str(path, df, "2018 SOC Code", pattern=SOC6, expected=msg),
            "title_2018": parse_str(path, df, "2018 SOC Title"),
            ROW: df[ROW],
        }
    )
    check_unique(path, out, ["soc_2010", "soc_2018"])
    return schema.validate(out, "soc_crosswalk", path)


def read_felten_aioe(path: str | Path) -> pd.DataFrame:
    """Felten, Raj and Seamans AIOE (data appendix, sheet 'Appendix A'): one score per SOC code."""
    _, rows = read_xlsx_rows(path, "Appendix A")
    df = require_columns(
        frame_from_rows(path, rows, find_header(path, rows, "SOC Code")), path, ["SOC Code", "Occupation Title", "AIOE"]
    )
    out = pd.DataFrame(
        {
            "soc_code": parse_str(path, df, "SOC Code", pattern=SOC6, expected="a SOC code like 15-1252"),
            "title": parse_str(path, df, "Occupation Title"),
            "aioe": parse_float(path, df, "AIOE")[0],
            ROW: df[ROW],
        }
    )
    check_unique(path, out, ["soc_code"])
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
    """Eloundou et al. occupation-level exposure (alpha, beta, gamma; GPT-4 and human ratings).

    Reads the authors' ``occ_level.csv`` (``dv_rating_*``/``human_rating_*``) and the xlsx
    re-publication (``gpt4_*``/``human_*``) into the same table.
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        _, rows = read_xlsx_rows(path)
        df = frame_from_rows(path, rows, find_header(path, rows, "O*NET-SOC Code"))
    else:
        df = read_delimited(path, ",")
    df = require_columns(df, path, ["O*NET-SOC Code", "Title", *ELOUNDOU], aliases=ELOUNDOU_ALIASES)
    out = pd.DataFrame(
        {
            "onet_soc_code": parse_str(
                path, df, "O*NET-SOC Code", pattern=ONET_SOC, expected="an O*NET-SOC code like 15-1252.00"
            ),
            "title": parse_str(path, df, "Title"),
        }
    )
    for c in ELOUNDOU:
        out[c] = parse_float(path, df, c)[0]
        check_range(path, df, c, out[c], 0, 1)
    out[ROW] = df[ROW]
    check_unique(path, out, ["onet_soc_code"])
    return schema.validate(out, "exposure_eloundou", path)


READERS = {"felten_aioe": read_felten_aioe, "eloundou": read_eloundou}


def read_exposure_index(path: str | Path, fmt: str) -> pd.DataFrame:
    if fmt not in READERS:
        raise InputError(path, f"a known exposure index format ({', '.join(READERS)})", found=fmt)
    return READERS[fmt](path)
