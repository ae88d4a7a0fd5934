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
