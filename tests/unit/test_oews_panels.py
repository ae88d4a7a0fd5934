import datetime as dt

from ailabor.econometrics.oews_panels import dose, panels, post_share


def test_may_estimate_pools_six_panels_nov_y_minus_3_to_may_y():
    p = panels(2024)
    assert p[0] == dt.date(2021, 11, 12) and p[-1] == dt.date(2024, 5, 12) and len(set(p)) == 6


def test_chatgpt_dose_matches_spec_issue_21():
    # spec ISSUE-21: share of post-ChatGPT panels May 2022 = 0/6, 2023 = 1/6, 2024 = 3/6
    assert post_share(2022, "2022-11-30") == 0
    assert post_share(2023, "2022-11-30") == 1 / 6
    assert post_share(2024, "2022-11-30") == 3 / 6
    assert post_share(2027, "2022-11-30") == 1
    # GPT-4/Claude (14 Mar 2023): the Nov 2022 panel is pre, May 2023 post either way
    assert post_share(2023, dt.date(2023, 3, 14)) == 1 / 6


def test_dose_per_row_is_post_share_of_each_row():
    """dose computes post_share once per distinct year; row by row it is post_share itself."""
    years = [2024, 2019, 2024, 2022, 2023, 2019, 2025]
    for date in ("2022-11-30", "2023-03-14"):
        got = dose(years, date)
        assert got.tolist() == [post_share(y, date) for y in years]
    assert dose([], "2022-11-30").shape == (0,)
