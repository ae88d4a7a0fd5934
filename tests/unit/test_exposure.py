"""Crosswalk and exposure on synthetic data: the planted exposure is recovered exactly."""

import numpy as np
import pandas as pd
import pytest

from ailabor.crosswalk.matching import aei_usage, match_tasks
from ailabor.crosswalk.onet_oews import onet_to_oews, totals, weighting_base
from ailabor.crosswalk.split import add_employment_split, conservation
from ailabor.exposure import external, legacy, measures
from ailabor.intake.readers.aei import read_raw_long
from ailabor.intake.readers.external import read_eloundou, read_felten_aioe, read_soc_crosswalk
from ailabor.intake.readers.oews import read_oews_national
from ailabor.intake.readers.onet import read_job_zones, read_occupation_data, read_task_ratings, read_task_statements

THRESHOLDS = [1, 5, 10, 25]


@pytest.fixture(scope="module")
def stage(small_synthetic):
    out, files, truth = small_synthetic
    p = lambda key: out / files[key].mirror_relpath  # noqa: E731
    statements = read_task_statements(p("onet/30.1/task_statements"))
    ratings = read_task_ratings(p("onet/30.1/task_ratings"))
    oews = read_oews_national(p("oews/2024"), 2024)
    xw = read_soc_crosswalk(p("soc_crosswalk"))
    mapping = onet_to_oews(statements["onet_soc_code"], oews, 2024, xw)
    base = weighting_base(oews)
    usage = aei_usage(read_raw_long(p("aei/raw_1p_api_2025_11")), "raw_long")
    result = match_tasks(usage, statements)
    cw = add_employment_split(result.crosswalk, mapping, base)
    tasks = measures.task_credits(
        measures.rated_universe(statements, ratings), measures.pair_usage(cw), THRESHOLDS, 0.9
    )
    onet = measures.exposure_onet(tasks, THRESHOLDS, ["im", "uniform", "imrt"])
    return dict(
        files=files,
        out=out,
        truth=truth,
        statements=statements,
        ratings=ratings,
        oews=oews,
        xw=xw,
        mapping=mapping,
        base=base,
        result=result,
        crosswalk=cw,
        tasks=tasks,
        onet=onet,
    )


def test_matching_recovers_every_planted_text(stage):
    truth, res = stage["truth"], stage["result"]
    aei = truth.aei_texts
    assert set(res.unmatched["anthropic_task_description"]) == set(
        aei.loc[aei["variant"] == "unmatched", "cluster_name"]
    )
    typos = aei[aei["variant"] == "typo"]
    assert len(typos) > 0, "the synthetic usage data plants no typos"
    fz = res.fuzzy.set_index("anthropic_task_description")
    assert set(fz.index) == set(typos["cluster_name"])
    for r in typos.itertuples():  # every typo goes back to its own statement
        assert (
            fz.loc[r.cluster_name, "matched_onet_task"] == r.source_task and fz.loc[r.cluster_name, "match_score"] >= 85
        )
    rates = res.rates.set_index("measure")["value"]
    assert rates["usage"] == rates["usage matched"] + rates["usage unmatched"]


@pytest.mark.parametrize(
    "variant, truth_column",
    [
        ("binary_im", "exposure_binary_im"),
        ("fractional_im", "exposure_fractional_im"),
        ("unambiguous_im", "exposure_unambiguous_im"),
        ("binary_uniform", "exposure_binary_uniform"),
        ("binary_imrt", "exposure_binary_im_rt"),
        ("tau1_im", "exposure_binary_im"),
    ],
)
def test_planted_exposure_is_recovered_exactly(stage, variant, truth_column):
    onet, truth = stage["onet"], stage["truth"]
    mine = onet[onet["variant"] == variant].set_index("onet_soc_code")["exposure"]
    t = truth.exposure_onet.set_index("onet_soc_code")[truth_column]
    assert set(mine.index) == set(t.index)  # the full rated universe, untouched at zero
    np.testing.assert_allclose(mine.loc[t.index], t, rtol=0, atol=1e-12)
    assert (mine == 0).sum() == (t == 0).sum() > 0


def test_pooled_oews_exposure_matches_the_soc_truth(stage):
    oews = measures.exposure_oews(stage["onet"], stage["mapping"], stage["base"], "pooled")
    truth = stage["truth"].exposure_soc.set_index("soc")
    for variant, col in (("binary_im", "exposure_binary_im"), ("fractional_im", "exposure_fractional_im")):
        d = oews[(oews["variant"] == variant) & oews["oews_code"].isin(truth.index)].set_index("oews_code")
        np.testing.assert_allclose(d["exposure"], truth.loc[d.index, col], atol=1e-12)
    # an OEWS aggregate pools its O*NET children: sum of weights over all of them
    occ = stage["truth"].occupations
    agg = occ.loc[occ["kind"] == "oews_aggregate", "group"].iloc[0]
    members = occ.loc[occ["group"] == agg, "soc"]
    row = oews[(oews["variant"] == "binary_im") & (oews["oews_code"] == agg)].iloc[0]
    assert row["n_onet"] >= len(members)
    t = stage["truth"].exposure_onet
    sub = t[t["soc"].isin(members)]
    assert row["exposure"] == pytest.approx(sub["ai_im_binary"].sum() / sub["total_im"].sum())


def test_threshold_and_credit_orderings(stage):
    onet = stage["onet"].pivot(index="onet_soc_code", columns="variant", values="exposure")
    assert (onet["tau5_im"] <= onet["tau1_im"] + 1e-12).all() and (onet["tau25_im"] <= onet["tau10_im"] + 1e-12).all()
    assert (onet["fractional_im"] <= onet["binary_im"] + 1e-12).all()
    assert (onet["unambiguous_im"] <= onet["fractional_im"] + 1e-12).all()
    assert onet.min().min() >= 0 and onet.max().max() <= 1


def test_onet_to_oews_uses_the_year_code_list(stage):
    m, truth = stage["mapping"], stage["truth"]
    occ = truth.occupations
    aggregates = occ[occ["kind"] == "oews_aggregate"]
    assert len(aggregates) > 0, "the synthetic data plants no OEWS aggregates"
    for r in aggregates.itertuples():
        rows = m[m["soc6"] == r.soc]
        assert len(rows) > 0, r.soc
        assert (rows["oews_code"] == r.group).all() and (rows["mapping"] == "aggregate").all()
    plain = occ.loc[occ["kind"] == "plain", "soc"]
    assert m["soc6"].isin(plain).any()
    assert (m[m["soc6"].isin(plain)]["mapping"] == "direct").all()
    with pytest.raises(ValueError, match="SOC 2018"):
        onet_to_oews(["11-1011.00"], stage["oews"], 2018, stage["xw"])


def test_weighting_base_never_exceeds_the_oews_totals(stage):
    base, tot = stage["base"], totals(stage["oews"])
    assert base["oews_code"].is_unique
    assert base["employment"].sum() <= tot["employment"]
    assert base["wage_bill"].sum() <= tot["wage_bill"] * (1 + 1e-6)
    oews = measures.exposure_oews(stage["onet"], stage["mapping"], base, "pooled")
    assert oews["variant"].nunique() > 0
    for _, d in oews.groupby("variant"):
        assert d["oews_code"].is_unique
        assert d["employment"].sum() <= tot["employment"]
        assert d["wage_bill"].sum() <= tot["wage_bill"]


def test_split_weights_conserve_usage(stage):
    cw = stage["crosswalk"]
    check = conservation(cw)
    assert len(check) == cw["anthropic_task_description"].nunique()
    shared = cw[cw["is_ambiguous"]]
    assert len(shared)
    sums = shared.groupby("anthropic_task_description")[["split_weight", "split_weight_emp"]].sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0)
    # employment-weighted shares follow employment
    g = shared.groupby("anthropic_task_description").filter(lambda d: d["split_weight_emp"].nunique() > 1)
    assert len(g)
    broken = cw.assign(api_usage_count=cw["api_usage_count"] * 1.01)
    with pytest.raises(AssertionError, match="does not sum back"):
        conservation(broken)


def test_legacy_exposure_keeps_the_seed_flaws(stage):
    cw = legacy.crosswalk_with_wages(
        stage["crosswalk"],
        read_occupation_data(stage["out"] / stage["files"]["onet/30.1/occupation_data"].mirror_relpath),
        read_job_zones(stage["out"] / stage["files"]["onet/30.1/job_zones"].mirror_relpath),
        stage["oews"],
    )
    occ = legacy.occupation_exposure(cw, stage["ratings"])
    binary = stage["onet"][stage["onet"]["variant"] == "binary_im"].set_index("onet_soc_code")["exposure"]
    assert (occ["ai_exposure"] > 0).all()  # untouched occupations dropped (ISSUE-02)
    assert len(occ) < (binary > 0).sum() + 1
    # aggregate-code children get no wage by truncation and vanish (ISSUE-05)
    aggregate = stage["mapping"].loc[stage["mapping"]["mapping"] == "aggregate", "onet_soc_code"]
    assert not set(aggregate) & set(occ["onet_soc_code"])
    # duplicated (occupation, task) pairs inflate the measure (ISSUE-03)
    kept = (cw["is_ambiguous"] == False) & cw["onet_soc_code"].isin(occ["onet_soc_code"])  # noqa: E712
    assert kept.any(), "no unambiguous pair of an occupation the legacy table keeps"
    dup = cw[kept].iloc[[0]]
    inflated = legacy.occupation_exposure(
        pd.concat([cw, dup.assign(anthropic_task_description="x " + dup["anthropic_task_description"])]),
        stage["ratings"],
    )
    code = dup["onet_soc_code"].iloc[0]
    assert (
        inflated.set_index("onet_soc_code").loc[code, "ai_exposure"]
        > occ.set_index("onet_soc_code").loc[code, "ai_exposure"]
    )


def test_external_indices_and_user_measure(stage, tmp_path):
    out, files = stage["out"], stage["files"]
    el = external.eloundou(
        read_eloundou(out / files["exposure_indices/eloundou_gpt"].mirror_relpath), stage["mapping"], stage["base"]
    )
    assert el["exposure"].between(0, 1).all() and el["oews_code"].is_unique
    fe = external.felten(
        read_felten_aioe(out / files["exposure_indices/felten_aioe"].mirror_relpath),
        stage["xw"],
        stage["mapping"],
        stage["base"],
    )
    assert fe["exposure"].between(0, 1).all() and fe["exposure"].max() == 1.0 and len(fe) > 0.9 * len(el)
    # both indices were planted as noisy versions of the true exposure
    truth = stage["truth"].exposure_soc.set_index("soc")["exposure_fractional_im"]
    for d in (el, fe):
        j = d.set_index("oews_code").join(truth, how="inner")
        assert j["exposure"].corr(j["exposure_fractional_im"], method="spearman") > 0.6
    user = pd.DataFrame({"code": stage["mapping"]["onet_soc_code"], "score": np.linspace(0, 1, len(stage["mapping"]))})
    um = external.user_measure(user, "code", "score", stage["mapping"], stage["base"], "user.csv")
    assert (um["scale"] == "share").all() and um["exposure"].between(0, 1).all()
    from ailabor.errors import InputError

    with pytest.raises(InputError, match="column 'value'"):
        external.user_measure(user, "code", "value", stage["mapping"], stage["base"], "user.csv")


def test_uniform_universe_without_ratings(stage):
    u = measures.rated_universe(stage["statements"], None)
    assert u["im"].isna().all() and "uniform weights" in u["universe"].iloc[0]
    assert len(u) == stage["statements"]["task_type"].notna().sum()


def _user_csv(tmp_path, rows, header=("code", "score")):
    path = tmp_path / "user.csv"
    path.write_text(",".join(header) + "\n" + "".join(f"{c},{v}\n" for c, v in rows))
    return str(path), external.read_user_csv(str(path), *header)


def _user_rows(stage, n=40):
    codes = stage["mapping"].dropna(subset=["oews_code"])
    codes = codes[codes["oews_code"].isin(stage["base"]["oews_code"])]["onet_soc_code"].drop_duplicates().head(n)
    return [(c, f"{v:.3f}") for c, v in zip(codes, np.linspace(0.05, 0.95, len(codes)))]


@pytest.mark.parametrize(
    "edit, column, expected",
    [
        (lambda r: r.__setitem__(3, (r[3][0], "1.7")), "score", "an exposure share in [0, 1]"),
        (lambda r: r.__setitem__(3, (r[3][0], "high")), "score", "a number"),
        (lambda r: r.__setitem__(3, (r[3][0], "")), "score", "a number"),
        (lambda r: r.__setitem__(3, ("151252", r[3][1])), "code", "an O*NET-SOC code"),
        (lambda r: r.__setitem__(3, ("99-9999", r[3][1])), "code", "maps to an OEWS occupation"),
        (lambda r: r.__setitem__(3, (r[2][0], "0.999")), "code", "each code once"),
    ],
    ids=["above_one", "text", "empty", "bad_code", "unknown_code", "conflicting_duplicate"],
)
def test_user_csv_errors_name_file_column_row(stage, tmp_path, edit, column, expected):
    """Each defect of a user exposure CSV is refused with its file, column and row (the data
    row edited is index 3, which is line 5 of the file: header = line 1)."""
    from ailabor.errors import InputError

    rows = _user_rows(stage)
    edit(rows)
    path, table = _user_csv(tmp_path, rows)
    with pytest.raises(InputError) as err:
        external.user_measure(table, "code", "score", stage["mapping"], stage["base"], path)
    msg = str(err.value)
    assert path in msg and f"column {column!r}" in msg and "row 5" in msg and expected in msg, msg


def test_user_csv_explicit_choices_and_coverage(stage, tmp_path):
    rows = _user_rows(stage)
    n = len(rows)
    # a score outside [0, 1]: refused as_is, rank-transformed only when the config says so
    scores = [(c, str(10 * float(v) - 3)) for c, v in rows]
    path, table = _user_csv(tmp_path, scores)
    cov = external.UserCoverage()
    pct = external.user_measure(
        table, "code", "score", stage["mapping"], stage["base"], path, scale="percentile", coverage=cov
    )
    assert (pct["scale"] == "percentile rank").all() and pct["exposure"].max() == 1.0
    assert cov.rows == n and cov.unknown_codes_dropped == [] and cov.duplicate_rows_collapsed == 0
    # the rank order is the score order (pandas rank as the reference)
    ref = pct["exposure_raw"].rank(pct=True)
    np.testing.assert_allclose(pct["exposure"], ref)
    # an unknown code and a conflicting repeat, dropped and averaged on request, and counted
    extra = rows + [("99-9999", "0.5"), (rows[0][0], "0.5"), (rows[1][0], rows[1][1])]
    path, table = _user_csv(tmp_path, extra)
    cov = external.UserCoverage()
    out = external.user_measure(
        table,
        "code",
        "score",
        stage["mapping"],
        stage["base"],
        path,
        duplicates="mean",
        unknown_codes="drop",
        coverage=cov,
    )
    assert cov.rows == n + 3 and cov.codes == n + 1 and cov.duplicate_rows_collapsed == 2
    assert cov.unknown_codes_dropped == ["99-9999"]
    assert cov.oews_codes_with_value == len(out)
    assert cov.base_codes_without_value == stage["base"]["oews_code"].nunique() - len(out)
    # the repeated code's value is the mean of its two rows: pick a code that is alone in its OEWS code
    to_oews = stage["mapping"].drop_duplicates("onet_soc_code").set_index("onet_soc_code")["oews_code"]
    per_oews = pd.Series([to_oews[c] for c, _ in rows]).value_counts()
    lone = next(i for i, (c, _) in enumerate(rows) if per_oews[to_oews[c]] == 1)
    extra = rows + [(rows[lone][0], "0.5")]
    path, table = _user_csv(tmp_path, extra)
    out = external.user_measure(table, "code", "score", stage["mapping"], stage["base"], path, duplicates="mean")
    got = out.set_index("oews_code").loc[to_oews[rows[lone][0]], "exposure_raw"]
    assert got == pytest.approx((float(rows[lone][1]) + 0.5) / 2)
    # identical repeats are collapsed without any option
    path, table = _user_csv(tmp_path, rows + [rows[5]])
    cov = external.UserCoverage()
    external.user_measure(table, "code", "score", stage["mapping"], stage["base"], path, coverage=cov)
    assert cov.duplicate_rows_collapsed == 1
    with pytest.raises(ValueError, match="scale must be one of"):
        external.user_measure(table, "code", "score", stage["mapping"], stage["base"], path, scale="rank")
