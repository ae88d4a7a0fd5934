"""Readers on synthetic files in the official formats, and their errors on malformed input."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from ailabor.errors import InputError
from ailabor.intake.readers import aei, external, oews, onet
from ailabor.intake.staging import stage
from ailabor.soc.codes import code_system
from ailabor.synthetic import SyntheticSpec, generate
from tests.conftest import base_config, sheet_rows, write_xlsx


def mirror_path(small_synthetic, key):
    out, files, _ = small_synthetic
    return out / files[key].mirror_relpath


# --- O*NET ---------------------------------------------------------------------------


def test_onet_txt_and_xlsx_releases_give_identical_tables(tmp_path, registry):
    from ailabor.intake.sources import onet_files

    txt = onet_files(registry, "30.1", "txt", ["task_statements", "task_ratings", "occupation_data", "job_zones"], True)
    xlsx = onet_files(
        registry, "30.1", "xlsx", ["task_statements", "task_ratings", "occupation_data", "job_zones"], True
    )
    oews = [
        f
        for f in __import__("ailabor.intake.sources", fromlist=["x"])
        .raw_files(base_config("demo.yaml"), registry)
        .values()
        if f.key == "oews/2024"
    ]
    spec = SyntheticSpec(occupations_per_major=2)
    generate(spec, tmp_path, [*txt.values(), *oews])
    generate(spec, tmp_path, [*xlsx.values(), *oews])
    for table, reader in onet.READERS.items():
        a = reader(tmp_path / txt[f"onet/30.1/{table}"].mirror_relpath)
        b = reader(tmp_path / xlsx[f"onet/30.1/{table}"].mirror_relpath)
        pd.testing.assert_frame_equal(a, b, check_dtype=True)
        assert len(a) > 0


def test_onet_tables_are_typed(small_synthetic):
    _, _, truth = small_synthetic
    ts = onet.read_task_statements(mirror_path(small_synthetic, "onet/30.1/task_statements"))
    assert ts["task_id"].dtype == "int64" and ts["incumbents_responding"].dtype == "Int64"
    assert ts["task_type"].isna().sum() == (~ts["task_type"].isin(["Core", "Supplemental"])).sum() > 0
    tr = onet.read_task_ratings(mirror_path(small_synthetic, "onet/30.1/task_ratings"))
    assert set(tr["scale_id"]) == {"IM", "RT", "FT"}
    assert tr.loc[tr["scale_id"] == "IM", "category"].isna().all()
    assert tr.loc[tr["scale_id"] == "FT", "category"].between(1, 7).all()
    assert (tr["scale_id"] == "IM").sum() == truth.parameters["n_rated_tasks"]
    rel = onet.read_release(mirror_path(small_synthetic, "onet/30.1/read_me"))
    assert rel == {"release": "30.1", "release_date": "December 2025", "synthetic": True}


def test_onet_bad_code_names_file_column_row(tmp_path, small_synthetic):
    src = mirror_path(small_synthetic, "onet/30.1/task_statements")
    lines = src.read_bytes().decode().split("\r\n")
    lines[7] = "15-12X2.00" + lines[7][10:]
    bad = tmp_path / "Task Statements.txt"
    bad.write_bytes("\r\n".join(lines).encode())
    with pytest.raises(InputError) as info:
        onet.read_task_statements(bad)
    msg = str(info.value)
    assert (
        str(bad) in msg
        and "column 'O*NET-SOC Code'" in msg
        and "row 8" in msg
        and "15-1252.00" in msg
        and "15-12X2.00" in msg
    )


def test_onet_duplicated_key_is_refused(tmp_path, small_synthetic):
    src = mirror_path(small_synthetic, "onet/30.1/task_statements")
    lines = src.read_bytes().decode().split("\r\n")
    lines.insert(5, lines[3])
    bad = tmp_path / "Task Statements.txt"
    bad.write_bytes("\r\n".join(lines).encode())
    with pytest.raises(InputError, match=r"row 6: expected unique \(onet_soc_code, task_id\).*first at row 4"):
        onet.read_task_statements(bad)


def test_onet_ratings_importance_out_of_scale(tmp_path, small_synthetic):
    src = mirror_path(small_synthetic, "onet/30.1/task_ratings")
    text = src.read_bytes().decode().split("\r\n")
    i = next(k for k, line in enumerate(text) if "\tIM\t" in line)
    fields = text[i].split("\t")
    fields[4] = "7.20"
    text[i] = "\t".join(fields)
    bad = tmp_path / "Task Ratings.txt"
    bad.write_bytes("\r\n".join(text).encode())
    with pytest.raises(
        InputError, match=rf"column 'Data Value', row {i + 1}: expected importance \(IM\) on the 1-5 scale"
    ):
        onet.read_task_ratings(bad)


# --- OEWS ----------------------------------------------------------------------------


def test_oews_every_year_format_reads_with_flags(small_synthetic):
    _, _, truth = small_synthetic
    for year in truth.parameters["years"]:
        df = oews.read_oews_national(mirror_path(small_synthetic, f"oews/{year}"), year)
        assert (df["year"] == year).all()
        det = df[df["o_group"] == "detailed"]
        pubs = truth.publications[truth.publications["system"] == code_system(year)]
        assert set(det["occ_code"]) == set(pubs["code"])
        # flagged cells are missing values with the marker kept
        star = df["a_mean_flag"] == "*"
        assert star.any() and df.loc[star, "a_mean"].isna().all() and df.loc[star, "hourly_only"].all()
        assert df.loc[df["a_mean_flag"].isna(), "a_mean"].notna().all()
        assert (df["a_pct90_flag"] == "#").any() == (year <= 2024)
        assert ((df["tot_emp_flag"] == "**").sum() == 1) == (year == 2020)


def test_oews_lowercase_2019_and_occ_group_2018_headers(small_synthetic):
    s19, rows19 = sheet_rows(mirror_path(small_synthetic, "oews/2019"))
    s18, rows18 = sheet_rows(mirror_path(small_synthetic, "oews/2018"))
    assert s19 == "national_M2019_dl" and "o_group" in rows19[0]
    assert s18 == "national_dl" and "OCC_GROUP" in rows18[0]
    a = oews.read_oews_national(mirror_path(small_synthetic, "oews/2019"), 2019)
    assert list(a.columns) == list(oews.read_oews_national(mirror_path(small_synthetic, "oews/2018"), 2018).columns)


def corrupt_oews(tmp_path, small_synthetic, year, fn):
    sheet, rows = sheet_rows(mirror_path(small_synthetic, f"oews/{year}"))
    rows = [list(r) for r in rows]
    fn(rows)
    bad = tmp_path / f"national_M{year}_dl.xlsx"
    write_xlsx(bad, sheet, rows)
    return bad


def col(rows, name):
    return [h.upper() for h in rows[0]].index(name)


@pytest.mark.parametrize(
    "mutation, expected",
    [
        (
            lambda rows: [r.pop(i) for i in [col(rows, "A_MEAN")] for r in rows],
            r"column 'A_MEAN', row 1: expected a column 'A_MEAN', found \"header \['AREA'",
        ),
        (
            lambda rows: rows[11].__setitem__(col(rows, "OCC_CODE"), "15-12X2"),
            r"column 'OCC_CODE', row 12: expected an occupation code like 15-1252, found '15-12X2'",
        ),
        (
            lambda rows: rows[20].__setitem__(col(rows, "TOT_EMP"), "n.a."),
            r"column 'TOT_EMP', row 21: expected a number or one of \['#', '\*', '\*\*'\], found 'n.a.'",
        ),
        (
            lambda rows: rows.insert(30, list(rows[25])),
            r"column 'OCC_CODE', row 31: expected unique \(OCC_CODE, O_GROUP\), found .* again \(first at row 26\)",
        ),
        (
            lambda rows: rows[15].__setitem__(col(rows, "A_MEAN"), -5.0),
            r"column 'A_MEAN', row 16: expected a positive wage",
        ),
    ],
    ids=["missing-column", "bad-soc-code", "not-a-number", "duplicated-key", "negative-wage"],
)
def test_oews_malformed_input_names_file_column_row_and_expectation(tmp_path, small_synthetic, mutation, expected):
    bad = corrupt_oews(tmp_path, small_synthetic, 2024, mutation)
    with pytest.raises(InputError, match=expected) as info:
        oews.read_oews_national(bad, 2024)
    assert str(bad) in str(info.value)


def test_oews_empty_truncated_and_wrong_sheet_workbooks_are_named(tmp_path, small_synthetic):
    """Workbook faults short of a bad cell: an empty file, a copy cut short, a workbook without
    the national sheet. Each names the file and what was expected, with what was found."""
    good = mirror_path(small_synthetic, "oews/2024")
    data = good.read_bytes()
    empty, cut = tmp_path / "empty.xlsx", tmp_path / "cut.xlsx"
    empty.write_bytes(b"")
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as info:
        oews.read_oews_national(empty, 2024)
    msg = str(info.value)
    assert msg.startswith(f"file {empty}: expected a readable .xlsx workbook, found 'an empty file (0 bytes)'"), msg
    with pytest.raises(InputError) as info:
        oews.read_oews_national(cut, 2024)
    msg = str(info.value)
    assert f"file {cut}: expected a readable .xlsx workbook" in msg and f"({len(data) // 2} bytes)" in msg, msg
    assert "cut short" in msg, msg
    sheet, rows = sheet_rows(good)
    other = tmp_path / "other.xlsx"
    write_xlsx(other, "Sheet1", rows)
    with pytest.raises(InputError, match=r"expected a worksheet named like .*national.*found \"sheets \['Sheet1'\]\""):
        oews.read_oews_national(other, 2024)


def test_oews_wrong_year_is_refused(small_synthetic):
    with pytest.raises(InputError, match="May 2023 national file"):
        oews.read_oews_national(mirror_path(small_synthetic, "oews/2024"), 2023)


def test_staging_failure_leaves_no_partial_output(tmp_path, small_synthetic):
    bad = corrupt_oews(tmp_path, small_synthetic, 2024, lambda rows: rows[20].__setitem__(col(rows, "TOT_EMP"), "n.a."))
    out = tmp_path / "staged" / "oews_2024.parquet"
    out.parent.mkdir()
    out.write_bytes(b"previous good output")
    with pytest.raises(InputError):
        stage("oews", bad, out, manifest=tmp_path / "MANIFEST.json", provenance={}, year=2024)
    assert out.read_bytes() == b"previous good output"
    assert sorted(p.name for p in out.parent.iterdir()) == ["oews_2024.parquet"]


# --- AEI -----------------------------------------------------------------------------


def test_aei_raw_long_geography_filter_and_task_counts(small_synthetic):
    _, _, truth = small_synthetic
    path = mirror_path(small_synthetic, "aei/raw_1p_api_2025_11")
    glob = aei.read_raw_long(path, "global")
    assert set(glob["geography"]) == {"global"}
    assert set(aei.read_raw_long(path, "country")["geo_id"]) == {"GB", "US"}
    counts = aei.task_counts_from_raw(glob, path)
    tasks = counts[counts["is_task"]]
    assert len(tasks) == len(truth.aei_texts)
    assert tasks["count"].sum() == truth.aei_texts["count"].sum()
    assert set(counts.loc[~counts["is_task"], "task_text"]) == {"not_classified", "none"}
    with pytest.raises(InputError, match="geography 'state_us'"):
        aei.read_raw_long(path, "state_us")


def test_aei_raw_long_requires_one_row_per_task(tmp_path, small_synthetic):
    path = mirror_path(small_synthetic, "aei/raw_1p_api_2025_11")
    raw = aei.read_raw_long(path, "global")
    dup = pd.concat([raw, raw.iloc[[0]].assign(geo_id="GLOBAL2")], ignore_index=True)
    with pytest.raises(InputError, match="one onet_task_count row per task"):
        aei.task_counts_from_raw(dup, path)


def test_aei_task_pct_and_generic_counts(tmp_path, small_synthetic):
    pct = aei.read_task_pct(mirror_path(small_synthetic, "aei/task_pct_v2"))
    assert pct["pct"].sum() == pytest.approx(100)
    counts = aei.read_task_counts(mirror_path(small_synthetic, "aei/api_usage_by_task_2025_11"))
    assert counts["task_text"].is_unique
    # repeated rows of one description (one per matched occupation) collapse; conflicts stop
    p = tmp_path / "counts.csv"
    p.write_text("task_description,api_count\nfile reports.,3\nfile reports.,3\nsort mail.,2\n")
    assert aei.read_task_counts(p)["count"].tolist() == [3.0, 2.0]
    p.write_text("task_description,api_count\nfile reports.,3\nsort mail.,2\nfile reports.,4\n")
    with pytest.raises(InputError, match=r"column 'count', row 4: expected one count per task text"):
        aei.read_task_counts(p)
    p.write_text("task_name,pct\nfile reports.,abc\n")
    with pytest.raises(InputError, match=r"column 'pct', row 2: expected a number, found 'abc'"):
        aei.read_task_pct(p)


def test_missing_column_message_shows_the_files_header_and_accepted_names(tmp_path):
    """A renamed count column: the message shows the header as written in the file (not the
    reader's renamed one) and every name the column is accepted under."""
    p = tmp_path / "counts.csv"
    p.write_text("task_description,api_cnt\nfile reports.,3\n")
    with pytest.raises(InputError) as err:
        aei.read_task_counts(p)
    msg = str(err.value)
    assert "found \"header ['task_description', 'api_cnt']\"" in msg, msg
    for name in aei.COUNT_ALIASES:
        assert repr(name) in msg, (name, msg)
    assert "task_text" not in msg.split("found")[1], msg


def test_aei_automation_augmentation_shares(small_synthetic):
    aa = aei.read_automation_augmentation(mirror_path(small_synthetic, "aei/automation_augmentation_v2"))
    shares = aa.drop(columns="task_name").sum(axis=1)
    np.testing.assert_allclose(shares, 1.0)


# --- crosswalk and exposure indices ---------------------------------------------------


def test_soc_crosswalk_splits_and_merges(small_synthetic):
    _, _, truth = small_synthetic
    xw = external.read_soc_crosswalk(mirror_path(small_synthetic, "soc_crosswalk"))
    assert (xw.groupby("soc_2010")["soc_2018"].nunique() > 1).any()  # a split
    assert (xw.groupby("soc_2018")["soc_2010"].nunique() > 1).any()  # a merge
    # SOC codes, not OEWS publication codes: aggregates such as m-1070 are absent, members present
    assert set(xw["soc_2018"]) == set(truth.occupations["soc"])


def test_exposure_indices_both_eloundou_layouts(tmp_path, small_synthetic, registry):
    out, files, truth = small_synthetic
    felten = external.read_felten_aioe(mirror_path(small_synthetic, "exposure_indices/felten_aioe"))
    assert felten["aioe"].mean() == pytest.approx(0, abs=1e-6)
    xlsx = external.read_eloundou(mirror_path(small_synthetic, "exposure_indices/eloundou_gpt"))
    entry = files["exposure_indices/eloundou_gpt"]
    csv_entry = dataclasses.replace(entry, mirror_relpath="other/eloundou_occ_level.csv")
    oews_files = [f for f in files.values() if f.family == "oews"]
    generate(SyntheticSpec(occupations_per_major=3), tmp_path, [csv_entry, *oews_files])
    csv = external.read_eloundou(tmp_path / "other" / "eloundou_occ_level.csv")
    pd.testing.assert_frame_equal(xlsx, csv)
    assert len(csv) == len(truth.exposure_onet)


# --- user-supplied crosswalk and exposure indices: bad files -------------------------
#
# A user may replace the SOC crosswalk or an exposure index with their own file (a file at the
# entry's mirror path, or a copy of config/sources.yaml). Each case below starts from the
# synthetic file in the official layout, plants one defect, writes a real file (xlsx with
# xlsxwriter, csv with pandas) and checks that the error names the file, the column, the row
# (as in the file: spreadsheet row, or line with header = 1) and the expectation.

XW, FE, EL = "soc_crosswalk", "exposure_indices/felten_aioe", "exposure_indices/eloundou_gpt"
SHEETS = {XW: "Sorted by 2010", FE: "Appendix A", EL: "Sheet1"}
READ = {XW: external.read_soc_crosswalk, FE: external.read_felten_aioe, EL: external.read_eloundou}


def _sheet(path, sheet):
    import python_calamine

    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    return [list(r) for r in wb.get_sheet_by_name(sheet).to_python()]


def _official_rows(small_synthetic, key, fmt):
    """(rows, index of the header row) of the synthetic file; for the Eloundou csv, the
    authors' own header (dv_rating_*, human_rating_*)."""
    rows = _sheet(mirror_path(small_synthetic, key), SHEETS[key])
    h = next(i for i, r in enumerate(rows) if str(r[0]).strip() in ("2010 SOC Code", "SOC Code", "O*NET-SOC Code"))
    if key == EL and fmt == "csv":
        rows[h] = [external.ELOUNDOU_ALIASES.get(c, [c])[0] for c in rows[h]]
    return rows, h


def _write(path, rows, fmt, sheet):
    if fmt == "xlsx":
        write_xlsx(path, sheet, rows)
    elif rows:
        pd.DataFrame(rows[1:], columns=rows[0]).to_csv(path, index=False)
    else:
        path.write_text("")


def _set(r, h, k, j, v):
    """Data row ``k`` (0-based below the header) gets value ``v`` in column ``j``."""
    r[h + 1 + k][j] = v
    return r


def _repeat(r, h, k, j=None, v=None):
    """Append a copy of data row ``k``, with column ``j`` changed to ``v`` when given."""
    row = list(r[h + 1 + k])
    if j is not None:
        row[j] = v
    return [*r, row]


# case: (file, format, edit(rows, h), column, row(h, n) with n the last row of the file, expectation)
BAD_FILES = {
    "xw_short_code": (
        XW,
        "xlsx",
        lambda r, h: _set(r, h, 2, 0, "15-11"),
        "2010 SOC Code",
        lambda h, n: h + 4,
        "a 6-digit SOC code like 15-1252, found '15-11'",
    ),
    "xw_text_code": (
        XW,
        "xlsx",
        lambda r, h: _set(r, h, 2, 2, "abc"),
        "2018 SOC Code",
        lambda h, n: h + 4,
        "a 6-digit SOC code like 15-1252, found 'abc'",
    ),
    "xw_empty_code": (
        XW,
        "xlsx",
        lambda r, h: _set(r, h, 2, 2, ""),
        "2018 SOC Code",
        lambda h, n: h + 4,
        "a 6-digit SOC code like 15-1252, found ''",
    ),
    "xw_same_pair_twice": (
        XW,
        "xlsx",
        lambda r, h: _repeat(r, h, 2),
        "2010 SOC Code",
        lambda h, n: n,
        "the same pair twice is a defect",
    ),
    "xw_missing_column": (
        XW,
        "xlsx",
        lambda r, h: _set(r, h, -1, 3, "Title 2018"),
        "2018 SOC Title",
        lambda h, n: h + 1,
        "a column '2018 SOC Title', found \"header ['2010 SOC Code', "
        "'2010 SOC Title', '2018 SOC Code', 'Title 2018']\"",
    ),
    "xw_csv_bad_code": (
        XW,
        "csv",
        lambda r, h: _set(r[h:], 0, 0, 0, "1511-32"),
        "2010 SOC Code",
        lambda h, n: 2,
        "a 6-digit SOC code like 15-1252, found '1511-32'",
    ),
    "fe_text_score": (
        FE,
        "xlsx",
        lambda r, h: _set(r, h, 2, 2, "high"),
        "AIOE",
        lambda h, n: 4,
        "a number, found 'high'",
    ),
    "fe_empty_score": (
        FE,
        "xlsx",
        lambda r, h: _set(r, h, 2, 2, ""),
        "AIOE",
        lambda h, n: 4,
        "a number, found ''",
    ),
    "fe_infinite_score": (
        FE,
        "csv",
        lambda r, h: _set(r, h, 2, 2, "inf"),
        "AIOE",
        lambda h, n: 4,
        "a finite number, found 'inf'",
    ),
    "fe_onet_code": (
        FE,
        "xlsx",
        lambda r, h: _set(r, h, 2, 0, "15-1252.00"),
        "SOC Code",
        lambda h, n: 4,
        "a 6-digit SOC code like 15-1252, found '15-1252.00'",
    ),
    "fe_empty_code": (
        FE,
        "csv",
        lambda r, h: _set(r, h, 2, 0, ""),
        "SOC Code",
        lambda h, n: 4,
        "a 6-digit SOC code like 15-1252, found ''",
    ),
    "fe_conflicting_repeat": (
        FE,
        "xlsx",
        lambda r, h: _repeat(r, h, 2, 2, r[h + 3][2] + 0.5),
        "SOC Code",
        lambda h, n: n,
        "each SOC Code once, or repeated with the same values",
    ),
    "fe_missing_column": (
        FE,
        "xlsx",
        lambda r, h: _set(r, h, -1, 2, "AIOE score"),
        "AIOE",
        lambda h, n: 1,
        "a column 'AIOE', found \"header ['SOC Code', 'Occupation Title', 'AIOE score']\"",
    ),
    "el_above_one": (
        EL,
        "xlsx",
        lambda r, h: _set(r, h, 2, 3, 1.2),
        "gpt4_beta",
        lambda h, n: 4,
        "a value in [0, 1], found 1.2",
    ),
    "el_csv_above_one_authors_header": (
        EL,
        "csv",
        lambda r, h: _set(r, h, 2, 3, 1.2),
        "dv_rating_beta",
        lambda h, n: 4,
        "a value in [0, 1], found '1.2'",
    ),
    "el_csv_negative": (
        EL,
        "csv",
        lambda r, h: _set(r, h, 2, 6, -0.1),
        "human_rating_beta",
        lambda h, n: 4,
        "a value in [0, 1], found '-0.1'",
    ),
    "el_csv_text": (
        EL,
        "csv",
        lambda r, h: _set(r, h, 2, 5, "n/a"),
        "human_rating_alpha",
        lambda h, n: 4,
        "a number, found 'n/a'",
    ),
    "el_soc6_code": (
        EL,
        "xlsx",
        lambda r, h: _set(r, h, 2, 0, "15-1252"),
        "O*NET-SOC Code",
        lambda h, n: 4,
        "an O*NET-SOC code like 15-1252.00, found '15-1252'",
    ),
    "el_conflicting_repeat": (
        EL,
        "csv",
        lambda r, h: _repeat(r, h, 2, 4, r[h + 3][4] / 2 + 0.01),
        "O*NET-SOC Code",
        lambda h, n: n,
        "each O*NET-SOC Code once, or repeated with the same values",
    ),
    "el_missing_column": (
        EL,
        "csv",
        lambda r, h: [[c for j, c in enumerate(x) if j != 1] for x in r],
        "Title",
        lambda h, n: 1,
        "a column 'Title', found \"header ['O*NET-SOC Code', 'dv_rating_alpha'",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_user_supplied_crosswalk_and_indices_bad_cells(tmp_path, small_synthetic, case):
    key, fmt, edit, column, row, expected = BAD_FILES[case]
    rows, h = _official_rows(small_synthetic, key, fmt)
    rows = edit(rows, h)
    path = tmp_path / f"user.{fmt}"
    _write(path, rows, fmt, SHEETS[key])
    with pytest.raises(InputError) as err:
        READ[key](path)
    msg = str(err.value)
    want = f"file {path}, column {column!r}, row {row(h, len(rows))}: expected "
    assert msg.startswith(want) and expected in msg, (want, expected, msg)


def test_user_supplied_repeats_with_the_same_values_are_kept_once(tmp_path, small_synthetic):
    """An index row repeated with the same values is collapsed (as in the user exposure CSV);
    the table read is the one read without the repeat."""
    for key, fmt in ((FE, "xlsx"), (EL, "csv")):
        rows, h = _official_rows(small_synthetic, key, fmt)
        clean, repeated = tmp_path / f"clean.{fmt}", tmp_path / f"repeated.{fmt}"
        _write(clean, rows, fmt, SHEETS[key])
        _write(repeated, _repeat(rows, h, 3), fmt, SHEETS[key])
        pd.testing.assert_frame_equal(READ[key](repeated), READ[key](clean))
    # in the crosswalk, by contrast, a 2010 code mapping to several 2018 codes is legitimate:
    # the synthetic file has splits and merges and reads (test_soc_crosswalk_splits_and_merges)


@pytest.mark.parametrize(
    "key, fmt, layout, expected",
    [
        (XW, "xlsx", "header_only", "row {h2}: expected at least one data row below the header"),
        (FE, "xlsx", "header_only", "row 2: expected at least one data row below the header"),
        (
            EL,
            "csv",
            "header_only",
            "row 2: expected at least one data row below the header ['O*NET-SOC Code', 'Title', 'dv_rating_alpha'",
        ),
        (EL, "csv", "empty", "row 1: expected a header row, found 'an empty file'"),
        (XW, "xlsx", "empty", "row 1: expected a header row with the columns ['2010 SOC Code'"),
        (XW, "xlsx", "wrong_sheet", "expected a worksheet named 'Sorted by 2010', found \"sheets ['Sheet1']\""),
        (FE, "xlsx", "wrong_sheet", "expected a worksheet named 'Appendix A', found \"sheets ['Sheet1']\""),
        (EL, "xlsx", "no_header", "row 1: expected a header row with the columns ['O*NET-SOC Code'"),
    ],
    ids=lambda v: v.split("/")[-1] if isinstance(v, str) and len(v) < 30 else "",
)
def test_user_supplied_empty_files_and_wrong_sheets(tmp_path, small_synthetic, key, fmt, layout, expected):
    """Files without data, or with the table on another worksheet, are refused naming the file,
    the row where data or a header was expected, and the worksheets the file has."""
    rows, h = _official_rows(small_synthetic, key, fmt)
    sheet = SHEETS[key]
    if layout == "header_only":
        rows = rows[: h + 1] if fmt == "xlsx" else rows[h : h + 1]
    elif layout == "empty":
        rows = []
    elif layout == "wrong_sheet":
        sheet = "Sheet1"
    elif layout == "no_header":
        sheet, rows = "Notes", [["Occupation-level exposure, see the appendix of the paper"], [""], ["version 2"]]
    path = tmp_path / f"user.{fmt}"
    _write(path, rows, fmt, sheet)
    with pytest.raises(InputError) as err:
        READ[key](path)
    msg = str(err.value)
    assert msg.startswith(f"file {path}") and expected.format(h2=h + 2) in msg, msg
    if layout in ("empty", "no_header") and fmt == "xlsx":
        assert f"(sheets in the file: ['{sheet}'])" in msg, msg
