"""Write the synthetic world in the official file formats and layouts.

Each writer reproduces a real format, including the drift between releases that the readers
must survive: OEWS sheet names, column case, suppression (``*``, ``**``) and top-code (``#``)
markers; O*NET tab-separated CRLF text files and their Excel counterparts; the Anthropic
Economic Index long format. Outputs are deterministic: xlsx files carry a fixed creation date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..provenance import write_bytes_atomic
from ..soc.codes import code_system
from .world import MAJOR_GROUPS, World

XLSX_DATE = dt.datetime(2025, 1, 1)
Z = {"PCT10": -1.2815516, "PCT25": -0.6744898, "MEDIAN": 0.0, "PCT75": 0.6744898, "PCT90": 1.2815516}
GROUP_RANK = {"total": 0, "major": 1, "minor": 2, "broad": 3, "detailed": 4}

OEWS_STATS = [
    "TOT_EMP",
    "EMP_PRSE",
    "H_MEAN",
    "A_MEAN",
    "MEAN_PRSE",
    "H_PCT10",
    "H_PCT25",
    "H_MEDIAN",
    "H_PCT75",
    "H_PCT90",
    "A_PCT10",
    "A_PCT25",
    "A_MEDIAN",
    "A_PCT75",
    "A_PCT90",
    "ANNUAL",
    "HOURLY",
]
AREA_COLS = ["AREA", "AREA_TITLE", "AREA_TYPE", "PRIM_STATE", "NAICS", "NAICS_TITLE", "I_GROUP", "OWN_CODE"]
AREA_VALUES = {
    "AREA": "99",
    "AREA_TITLE": "U.S.",
    "AREA_TYPE": "1",
    "PRIM_STATE": "US",
    "NAICS": "000000",
    "NAICS_TITLE": "Cross-industry",
    "I_GROUP": "cross-industry",
    "OWN_CODE": "1235",
}


def oews_layout(year: int) -> tuple[str, list[str], bool, list[str]]:
    """(sheet name, columns, lower-case?, extra sheets) of the May ``year`` national workbook."""
    stats_head, stats_tail = OEWS_STATS[:2], OEWS_STATS[2:]
    if year <= 2018:
        cols = ["OCC_CODE", "OCC_TITLE", "OCC_GROUP", *OEWS_STATS]
        return "national_dl", cols, False, []
    share_cols = ["JOBS_1000", "LOC_QUOTIENT", "PCT_TOTAL"] + (["PCT_RPT"] if year >= 2021 else [])
    area = [c for c in AREA_COLS if year >= 2020 or c != "PRIM_STATE"]
    cols = [*area, "OCC_CODE", "OCC_TITLE", "O_GROUP", *stats_head, *share_cols, *stats_tail]
    extra = ["Field Descriptions"] + (["UpdateTime", "Filler"] if year >= 2020 else [])
    return f"national_M{year}_dl", cols, year == 2019, extra


def _top_codes(year: int) -> tuple[float | None, float | None]:
    """Published ceilings (annual, hourly) of OEWS wage percentiles; none from May 2025."""
    if year <= 2016:
        return 187_200.0, 90.0
    if year <= 2020:
        return 208_000.0, 100.0
    if year <= 2024:
        return 239_200.0, 115.0
    return None, None


def oews_rows(world: World, year: int) -> pd.DataFrame:
    """The published rows of the May ``year`` national file, values as they appear in it."""
    system = code_system(year)
    pub = world.publications[world.publications["system"] == system]
    p = world.panel[world.panel["year"] == year].set_index("soc")
    occ = world.occupations.set_index("soc")
    d = pub.assign(
        emp=pub["share"] * np.exp(pub["soc"].map(p["ln_emp"])),
        wage=np.exp(pub["soc"].map(p["ln_wage"])),
        disp=pub["soc"].map(occ["wage_dispersion"]),
        hourly_only=pub["soc"].map(occ["hourly_only"]),
        annual_only=pub["soc"].map(occ["annual_only"]),
    )
    d["wbill"] = d["emp"] * d["wage"]
    d["dbill"] = d["emp"] * d["disp"]
    levels = {
        "detailed": lambda c: c,
        "broad": lambda c: c[:6] + "0",
        "minor": lambda c: c[:4] + "000",
        "major": lambda c: c[:2] + "-0000",
        "total": lambda c: "00-0000",
    }
    titles = d.groupby("code")["title"].first()
    out = []
    for group, key in levels.items():
        g = d.assign(agg=d["code"].map(key)).groupby("agg")
        t = pd.DataFrame(
            {
                "emp": g["emp"].sum(),
                "wage": g["wbill"].sum() / g["emp"].sum(),
                "disp": g["dbill"].sum() / g["emp"].sum(),
                "hourly_only": g["hourly_only"].all(),
                "annual_only": g["annual_only"].all(),
                "n": g.size(),
                "first": g["code"].first(),
            }
        ).reset_index(names="code")
        t["group"] = group
        if group == "detailed":
            t["title"] = t["code"].map(titles)
        elif group == "broad":
            t["title"] = [
                titles[f] if n == 1 else f"{titles[f].split(' ', 1)[-1]} and Related Workers"
                for f, n in zip(t["first"], t["n"])
            ]
        elif group == "minor":
            t["title"] = [f"{MAJOR_GROUPS[c[:2]].replace(' Occupations', '')} Group {c[3]}" for c in t["code"]]
        elif group == "major":
            t["title"] = t["code"].str[:2].map(MAJOR_GROUPS)
        else:
            t["title"] = "All Occupations"
        out.append(t)
    rows = pd.concat(out, ignore_index=True)
    rows["rank"] = rows["group"].map(GROUP_RANK)
    rows = rows.sort_values(["code", "rank"], kind="stable").reset_index(drop=True)
    return _format_oews(rows, year, world)


def _format_oews(rows: pd.DataFrame, year: int, world: World) -> pd.DataFrame:
    cap_a, cap_h = _top_codes(year)
    recs = []
    occ = world.occupations
    suppressed_emp = occ.loc[(occ["major"] == "45") & (occ["kind"] == "plain"), "soc"].iloc[0]
    suppressed_prse = occ.loc[(occ["major"] == "47") & (occ["kind"] == "plain"), "soc"].iloc[0]
    for r in rows.itertuples():
        rec = {"OCC_CODE": r.code, "OCC_TITLE": r.title, "O_GROUP": r.group}
        rec["TOT_EMP"] = float(round(r.emp, -1))
        prse = 0.0 if r.group == "total" else min(40.0, 45.0 / np.sqrt(r.emp / 1000.0) + 0.3)
        rec["EMP_PRSE"] = round(prse, 1)
        rec["MEAN_PRSE"] = round(0.1 if r.group == "total" else min(20.0, 0.35 * prse + 0.2), 1)
        rec["A_MEAN"] = float(round(r.wage, -1))
        rec["H_MEAN"] = round(r.wage / 2080.0, 2)
        median = r.wage * np.exp(-(r.disp**2) / 2)
        for name, z in Z.items():
            a = median * np.exp(z * r.disp)
            rec[f"A_{name}"] = float(round(a, -1))
            rec[f"H_{name}"] = round(a / 2080.0, 2)
            if cap_a is not None and a >= cap_a:
                rec[f"A_{name}"] = "#"
            if cap_h is not None and a / 2080.0 >= cap_h:
                rec[f"H_{name}"] = "#"
        rec["ANNUAL"] = ""
        rec["HOURLY"] = ""
        if r.hourly_only:
            rec["A_MEAN"] = "*"
            for name in Z:
                rec[f"A_{name}"] = "*"
            rec["HOURLY"] = "TRUE"
        if r.annual_only:
            rec["H_MEAN"] = "*"
            for name in Z:
                rec[f"H_{name}"] = "*"
            rec["ANNUAL"] = "TRUE"
        if year == 2020 and r.group == "detailed" and r.code == suppressed_emp:
            rec["TOT_EMP"] = "**"
            rec["EMP_PRSE"] = "**"
        if year == 2021 and r.group == "detailed" and r.code == suppressed_prse:
            rec["MEAN_PRSE"] = "*"
        recs.append(rec)
    return pd.DataFrame(recs)


def _xlsx(sheets: Sequence[tuple[str, list[list]]]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False})
    wb.set_properties({"created": XLSX_DATE, "author": "ailabor synthetic generator"})
    for name, rows in sheets:
        ws = wb.add_worksheet(name)
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if v is None or (isinstance(v, str) and v == ""):
                    continue
                if isinstance(v, (bool, np.bool_)):
                    ws.write_string(i, j, "TRUE" if v else "FALSE")
                elif isinstance(v, (int, float, np.integer, np.floating)):
                    ws.write_number(i, j, float(v))
                else:
                    ws.write_string(i, j, str(v))
    wb.close()
    return buf.getvalue()


def sheet_rows(path: str | Path) -> tuple[str, list[list]]:
    """(first sheet name, rows as python values) of a workbook: the tests and the reliability
    suite read a generated file this way, plant one defect and write it back (``write_xlsx``)."""
    import python_calamine

    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    return wb.sheet_names[0], [list(r) for r in wb.get_sheet_by_name(wb.sheet_names[0]).to_python()]


def write_xlsx(path: str | Path, sheet: str, rows: list[list]) -> None:
    """Write rows to a one-sheet workbook (blank strings stay empty cells), as they were read by
    ``sheet_rows``: each cell keeps its python type (numbers stay numbers, text stays text)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(sheet)
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if v != "":
                ws.write(i, j, v)
    wb.close()


def write_oews(world: World, year: int, path: Path) -> None:
    sheet, cols, lower, extra = oews_layout(year)
    rows = oews_rows(world, year)
    table = []
    for r in rows.to_dict("records"):
        rec = dict(AREA_VALUES)
        rec.update(r)
        rec["OCC_GROUP"] = r["O_GROUP"]
        for c in ("JOBS_1000", "LOC_QUOTIENT", "PCT_TOTAL", "PCT_RPT"):
            rec[c] = ""
        table.append([rec[c] for c in cols])
    header = [c.lower() for c in cols] if lower else list(cols)
    sheets = [(sheet, [header, *table])]
    if "Field Descriptions" in extra:
        fd = [
            [f"May {year} OEWS Estimates"],
            [""],
            ["Occupational Employment and Wage Statistics (OEWS) Survey"],
            ["Bureau of Labor Statistics, Department of Labor"],
            [""],
            ["Field", "Field Description"],
        ]
        fd += [[c.lower(), f"synthetic field {c.lower()}"] for c in cols]
        sheets.append(("Field Descriptions", fd))
    if "UpdateTime" in extra:
        sheets.append(("UpdateTime", [["alldataupdate"], [f"01APR{year + 1}:00:00:00"]]))
    if "Filler" in extra:
        sheets.append(("Filler", []))
    write_bytes_atomic(path, _xlsx(sheets))


def _tsv_crlf(header: list[str], rows: list[list]) -> bytes:
    lines = ["\t".join(header)] + ["\t".join(str(v) for v in r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _fmt(x: float, nd: int) -> str:
    return f"{x:.{nd}f}"


def onet_tables(world: World) -> dict[str, tuple[list[str], list[list]]]:
    """O*NET text-release tables (header, rows) with values formatted as in the release."""
    t = world.tasks
    onet = world.onet.set_index("onet_soc_code")
    ts_rows = []
    for r in t.itertuples():
        typed = r.task_type != "n/a"
        ts_rows.append(
            [
                r.onet_soc_code,
                r.task_id,
                r.task,
                r.task_type,
                r.n_raters if typed else "n/a",
                "08/2025" if typed else "06/2006",
                "Incumbent" if typed else "Analyst",
            ]
        )
    tr_rows = []
    for r in t[t["rated"]].itertuples():
        n = int(r.n_raters)
        for cat, val in enumerate(r.ft, start=1):
            se = float(np.sqrt(max(val * (100 - val), 1.0) / n))
            lo, hi = (
                ("n/a", "n/a")
                if val == 0
                else (_fmt(max(val - 1.96 * se, 0.0), 4), _fmt(min(val + 1.96 * se, 100.0), 4))
            )
            tr_rows.append(
                [
                    r.onet_soc_code,
                    r.task_id,
                    "FT",
                    cat,
                    _fmt(val, 2),
                    n,
                    _fmt(se, 4),
                    lo,
                    hi,
                    "N",
                    "08/2025",
                    "Incumbent",
                ]
            )
        se = 0.9 / np.sqrt(n)
        tr_rows.append(
            [
                r.onet_soc_code,
                r.task_id,
                "IM",
                "n/a",
                _fmt(r.im, 2),
                n,
                _fmt(se, 4),
                _fmt(max(r.im - 1.96 * se, 1.0), 4),
                _fmt(min(r.im + 1.96 * se, 5.0), 4),
                r.recommend_suppress,
                "08/2025",
                "Incumbent",
            ]
        )
        se_rt = float(np.sqrt(max(r.rt * (100 - r.rt), 1.0) / n))
        tr_rows.append(
            [
                r.onet_soc_code,
                r.task_id,
                "RT",
                "n/a",
                _fmt(r.rt, 2),
                n,
                _fmt(se_rt, 4),
                _fmt(max(r.rt - 1.96 * se_rt, 0.0), 4),
                _fmt(min(r.rt + 1.96 * se_rt, 100.0), 4),
                r.recommend_suppress,
                "08/2025",
                "Incumbent",
            ]
        )
    od_rows = [
        [c, row.title, f"Perform {row.domain} work as a synthetic occupation of major group {row.major}."]
        for c, row in onet.iterrows()
    ]
    jz_rows = [[c, int(row.job_zone), "08/2025", "Analyst"] for c, row in onet.iterrows()]
    return {
        "task_statements": (
            ["O*NET-SOC Code", "Task ID", "Task", "Task Type", "Incumbents Responding", "Date", "Domain Source"],
            ts_rows,
        ),
        "task_ratings": (
            [
                "O*NET-SOC Code",
                "Task ID",
                "Scale ID",
                "Category",
                "Data Value",
                "N",
                "Standard Error",
                "Lower CI Bound",
                "Upper CI Bound",
                "Recommend Suppress",
                "Date",
                "Domain Source",
            ],
            tr_rows,
        ),
        "occupation_data": (["O*NET-SOC Code", "Title", "Description"], od_rows),
        "job_zones": (["O*NET-SOC Code", "Job Zone", "Date", "Domain Source"], jz_rows),
    }


ONET_RELEASE_DATES = {"30.1": "December 2025", "29.1": "November 2024", "30.0": "August 2025", "29.0": "August 2024"}
SCALE_NAMES = {"IM": "Importance", "RT": "Relevance of Task", "FT": "Frequency of Task (Categories 1-7)"}


def write_onet(world: World, table: str, path: Path, release: str | None = None) -> None:
    release = release or world.spec.onet_release
    if table == "read_me":
        date = ONET_RELEASE_DATES.get(release, "Synthetic")
        text = (
            f"O*NET {release} Database\r\n{date} Release\r\n---------------------\r\n\r\n"
            f"SYNTHETIC DEMO DATA generated by ailabor (seed {world.spec.seed}); not O*NET content.\r\n"
        )
        write_bytes_atomic(path, text.encode("utf-8"))
        return
    header, rows = onet_tables(world)[table]
    if path.suffix == ".txt":
        write_bytes_atomic(path, _tsv_crlf(header, rows))
        return
    # Excel release: adds Title (and Task, Scale Name for ratings); numbers are numeric cells.
    titles = world.onet.set_index("onet_soc_code")["title"]
    task_text = world.tasks.set_index("task_id")["task"]
    if table == "task_statements":
        header = header[:1] + ["Title"] + header[1:]
        rows = [[r[0], titles[r[0]], *r[1:]] for r in rows]
    elif table == "task_ratings":
        header = ["O*NET-SOC Code", "Title", "Task ID", "Task", "Scale ID", "Scale Name", *header[3:]]
        rows = [[r[0], titles[r[0]], r[1], task_text[r[1]], r[2], SCALE_NAMES[r[2]], *r[3:]] for r in rows]
    elif table == "job_zones":
        header = header[:1] + ["Title"] + header[1:]
        rows = [[r[0], titles[r[0]], *r[1:]] for r in rows]

    def num(v):
        if isinstance(v, str):
            try:
                return float(v)
            except ValueError:
                return v
        return v

    rows = [[num(v) if h not in ("O*NET-SOC Code", "Date") else v for h, v in zip(header, r)] for r in rows]
    sheet = {
        "task_statements": "Task Statements",
        "task_ratings": "Task Ratings",
        "occupation_data": "Occupation Data",
        "job_zones": "Job Zones",
    }[table]
    write_bytes_atomic(path, _xlsx([(sheet, [header, *rows])]))


def _csv_bytes(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


COLLAB = ("directive", "feedback loop", "task iteration", "validation", "learning", "none")


def write_aei(world: World, fmt: str, path: Path, extra: dict, seed_offset: int) -> None:
    aei = world.aei_texts
    rng = np.random.default_rng(world.spec.seed + seed_offset)
    if fmt == "raw_long":
        start, end = extra.get("window", world.spec.aei_window)
        platform = extra.get("platform", "1P API")
        total = float(aei["count"].sum())
        base = ["GLOBAL", "global", str(start), str(end), platform]
        rows = []
        special = {"not_classified": int(total * 0.06) + 1, "none": int(total * 0.01) + 1}
        for name, c in [*zip(aei["cluster_name"], aei["count"]), *special.items()]:
            rows.append(base + ["onet_task", 0, "onet_task_count", name, float(c)])
            rows.append(base + ["onet_task", 0, "onet_task_pct", name, 100.0 * c / (total + sum(special.values()))])
        for r in aei.itertuples():
            a = r.automation_share
            probs = np.array([a * 0.7, a * 0.3, (1 - a) * 0.5, (1 - a) * 0.3, (1 - a) * 0.15, (1 - a) * 0.05])
            counts = rng.multinomial(r.count, probs / probs.sum())
            for pat, c in zip(COLLAB, counts):
                if c > 0:
                    rows.append(
                        base
                        + [
                            "onet_task::collaboration",
                            0,
                            "onet_task_collaboration_count",
                            f"{r.cluster_name}::{pat}",
                            float(c),
                        ]
                    )
        for geo in ("GB", "US"):
            keep = rng.random(len(aei)) < 0.6
            share = 0.45 if geo == "US" else 0.12
            for r, k in zip(aei.itertuples(), keep):
                c = rng.binomial(r.count, share)
                if k and c > 0:
                    rows.append(
                        [
                            geo,
                            "country",
                            str(start),
                            str(end),
                            platform,
                            "onet_task",
                            0,
                            "onet_task_count",
                            r.cluster_name,
                            float(c),
                        ]
                    )
        rows.sort(key=lambda x: (x[1] != "global", x[0], x[5], x[7], x[8]))
        header = [
            "geo_id",
            "geography",
            "date_start",
            "date_end",
            "platform_and_product",
            "facet",
            "level",
            "variable",
            "cluster_name",
            "value",
        ]
        write_bytes_atomic(path, _csv_bytes(header, rows))
    elif fmt == "task_pct":
        counts = rng.poisson(aei["count"].to_numpy() * 0.7 + 0.5)
        keep = counts > 0
        pct = 100.0 * counts[keep] / counts[keep].sum()
        rows = [[n, float(p)] for n, p in zip(aei.loc[keep, "cluster_name"], pct)]
        write_bytes_atomic(path, _csv_bytes(["task_name", "pct"], rows))
    elif fmt == "automation_augmentation":
        rows = []
        for r in aei.itertuples():
            a = r.automation_share
            v = np.array([a * 0.3, a * 0.7, (1 - a) * 0.5, (1 - a) * 0.3, (1 - a) * 0.2, 0.0])
            rows.append([r.cluster_name, *map(float, v / v.sum())])
        write_bytes_atomic(
            path,
            _csv_bytes(
                ["task_name", "feedback_loop", "directive", "task_iteration", "validation", "learning", "filtered"],
                rows,
            ),
        )
    elif fmt == "task_counts":
        first = world.tasks.assign(low=world.tasks["task"].str.lower()).groupby("task").first()
        rows = []
        for r in aei.itertuples():
            src = first.loc[r.source_task] if isinstance(r.source_task, str) else None
            rows.append(
                [
                    r.cluster_name,
                    float(r.count),
                    r.cluster_name,
                    "" if src is None else src["onet_soc_code"],
                    "" if src is None else float(src["task_id"]),
                    "",
                ]
            )
        write_bytes_atomic(
            path,
            _csv_bytes(
                ["task_description", "api_count", "task_lower", "soc_code", "task_id", "occupation_title"], rows
            ),
        )
    else:
        raise ValueError(f"no synthetic writer for AEI format {fmt!r}")


def soc_crosswalk_pairs(world: World) -> pd.DataFrame:
    """SOC 2010 -> 2018 detailed-code pairs of the synthetic world.

    Like the BLS file, it lists SOC detailed codes, not OEWS publication codes: an OEWS
    aggregate such as m-1070 does not appear, its members m-1071 and m-1072 do.
    """
    rows = []
    for r in world.occupations.itertuples():
        if r.kind == "split_2010":
            rows.append((r.group, f"{r.title} (SOC 2010)", r.soc, r.title))
        elif r.kind == "merge_2010":
            rows.append((r.soc[:6] + "3", f"{r.title}, Public Sector", r.soc, r.title))
            rows.append((r.soc[:6] + "4", f"{r.title}, Private Sector", r.soc, r.title))
        elif r.kind == "recode_2010":
            rows.append((r.soc[:6] + "9", r.title, r.soc, r.title))
        else:
            rows.append((r.soc, r.title, r.soc, r.title))
    out = pd.DataFrame(rows, columns=["soc_2010", "title_2010", "soc_2018", "title_2018"])
    split_titles = out[out["soc_2010"].duplicated(keep=False)].groupby("soc_2010")["title_2018"].agg(" and ".join)
    out["title_2010"] = out["soc_2010"].map(split_titles).fillna(out["title_2010"])
    return out.drop_duplicates(["soc_2010", "soc_2018"]).sort_values(["soc_2010", "soc_2018"]).reset_index(drop=True)


def write_soc_crosswalk(world: World, path: Path) -> None:
    head = [
        ["U.S. Bureau of Labor Statistics", "", "", ""],
        ["SYNTHETIC DEMO DATA generated by ailabor: SOC 2010 to 2018 crosswalk layout", "", "", ""],
        ["", "", "", ""],
        ["November 2017", "", "", ""],
        ["", "", "", ""],
        ["***Questions should be emailed to soc@bls.gov***", "", "", ""],
        ["", "", "", ""],
        ["", "", "", ""],
        ["2010 SOC Code", "2010 SOC Title", "2018 SOC Code", "2018 SOC Title"],
    ]
    rows = soc_crosswalk_pairs(world).values.tolist()
    write_bytes_atomic(path, _xlsx([("Sorted by 2010", head + rows)]))


def write_exposure_index(
    world: World, fmt: str, path: Path, seed_offset: int, onet_exposure: pd.DataFrame, soc_exposure: pd.DataFrame
) -> None:
    rng = np.random.default_rng(world.spec.seed + seed_offset)
    if fmt == "felten_aioe":
        pub = world.publications[world.publications["system"] == "soc2010"]
        x = pub["soc"].map(soc_exposure.set_index("soc")["exposure_fractional_im"]).fillna(0.0)
        d = pub.assign(x=x).groupby("code").agg(title=("title", "first"), x=("x", "mean")).reset_index()
        score = d["x"] + rng.normal(0, 0.1, len(d))
        d["aioe"] = np.round((score - score.mean()) / score.std(ddof=0), 6)
        index = [["Data Appendix A: AIOE Scores by Occupation"], ["SYNTHETIC DEMO DATA generated by ailabor"]]
        rows = [["SOC Code", "Occupation Title", "AIOE"]] + [
            [r.code, r.title, float(r.aioe)] for r in d.sort_values("aioe").itertuples()
        ]
        write_bytes_atomic(path, _xlsx([("Index", index), ("Appendix A", rows)]))
    elif fmt == "eloundou":
        e = onet_exposure.sort_values("onet_soc_code")
        beta = np.clip(e["exposure_fractional_im"].to_numpy() + rng.normal(0, 0.08, len(e)), 0, 1)
        alpha = np.clip(beta - 0.25 + rng.normal(0, 0.05, len(e)), 0, 1)
        gamma = np.clip(2 * beta - alpha, 0, 1)
        human = np.clip(beta + rng.normal(0, 0.1, len(e)), 0, 1)
        vals = list(
            zip(
                e["onet_soc_code"],
                e["title"],
                alpha,
                beta,
                gamma,
                np.clip(human - 0.2, 0, 1),
                human,
                np.clip(human + 0.2, 0, 1),
            )
        )
        if path.suffix == ".csv":
            header = [
                "O*NET-SOC Code",
                "Title",
                "dv_rating_alpha",
                "dv_rating_beta",
                "dv_rating_gamma",
                "human_rating_alpha",
                "human_rating_beta",
                "human_rating_gamma",
            ]
            write_bytes_atomic(path, _csv_bytes(header, [[a, b, *map(float, rest)] for a, b, *rest in vals]))
        else:
            header = [
                "O*NET-SOC Code",
                "Title",
                "gpt4_alpha",
                "gpt4_beta",
                "gpt4_gamma",
                "human_alpha",
                "human_beta",
                "human_gamma",
            ]
            write_bytes_atomic(
                path, _xlsx([("Sheet1", [header] + [[a, b, *map(float, rest)] for a, b, *rest in vals])])
            )
    else:
        raise ValueError(f"no synthetic writer for exposure index format {fmt!r}")


def write_seed_exposure(world: World, onet_exposure: pd.DataFrame, path: Path) -> None:
    """A table in the seed project's occupation_exposure.csv layout.

    Like the seed's, it keeps only occupations with at least one AI-touched rated task, and
    every O*NET-SOC child carries its parent SOC code's full employment and wage (the legacy
    behaviour the corrected pipeline fixes). Wages and employment are from the last year.
    """
    last = max(world.years)
    p = world.panel[world.panel["year"] == last].set_index("soc")
    e = onet_exposure[onet_exposure["exposure_binary_im"] > 0].merge(
        world.onet[["onet_soc_code", "job_zone"]], on="onet_soc_code"
    )
    soc = e["soc"]
    wage = np.round(np.exp(p.loc[soc, "ln_wage"].to_numpy()), -1)
    emp = np.round(np.exp(p.loc[soc, "ln_emp"].to_numpy()), -1)
    out = pd.DataFrame(
        {
            "onet_soc_code": e["onet_soc_code"],
            "total_task_importance": np.round(e["total_im"], 2),
            "ai_task_importance": np.round(e["ai_im_binary"], 2),
            "api_usage_count": e["usage_split"],
            "A_MEAN": wage,
            "A_MEDIAN": np.round(wage * 0.9, -1),
            "TOT_EMP": emp,
            "onet_occupation_title": e["title"],
            "job_zone": e["job_zone"].astype(float),
            "ai_exposure": e["exposure_binary_im"],
            "usage_per_worker": e["usage_split"] / emp,
        }
    )
    out["wage_bill"] = out["TOT_EMP"] * out["A_MEAN"]
    out["wage_share"] = out["wage_bill"] / out["wage_bill"].sum()
    out["emp_share"] = out["TOT_EMP"] / out["TOT_EMP"].sum()
    write_bytes_atomic(path, out.to_csv(index=False, lineterminator="\n").encode())
