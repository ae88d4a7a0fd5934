# Occupation exposure: corrected variants, the seed's legacy measure, external indices and a
# user measure as alternatives (the {measure} wildcard the downstream models fan out over).

EXPO = f"{RESULTS}/exposure"
RATINGS = config["onet"]["task_ratings"]
EXPO_CFG = config["exposure"]
MEASURES = list(EXPO_CFG["measures"])
FIGURE_VARIANTS = [
    f"{credit}_{'im' if RATINGS else 'uniform'}" for credit in ("binary", "fractional", "unambiguous", "tau25")
]
XW = rules.crosswalk_onet_oews.output
XM = rules.crosswalk_match.output


# The O*NET Task Ratings table when configured (importance weights), else nothing.
RATINGS_INPUT = {"ratings": staged(f"onet/{ONET_PRIMARY}/task_ratings")} if RATINGS else {}


rule exposure_build:
    """Task credits and every corrected exposure variant (credit rule x task weighting) at the
    O*NET and the OEWS level, a summary and the coverage report."""
    input:
        **RATINGS_INPUT,
        statements=staged(f"onet/{ONET_PRIMARY}/task_statements"),
        crosswalk=XM.crosswalk,
        rates=XM.rates,
        mapping=XW.mapping,
        base=XW.base,
        totals=XW.totals,
    output:
        tasks=f"{EXPO}/task_credits.parquet",
        onet=f"{EXPO}/exposure_onet.parquet",
        oews=f"{EXPO}/exposure_oews.parquet",
        summary=f"{EXPO}/summary.csv",
        coverage=f"{EXPO}/coverage_report.csv",
    log:
        logs("exposure/build"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=3000,
        runtime=15,
    params:
        thresholds=EXPO_CFG["thresholds"],
        intensity_cap_quantile=EXPO_CFG["intensity_cap_quantile"],
        aggregation=EXPO_CFG["aggregation"],
        vintages={
            "onet_release": ONET_PRIMARY,
            "aei": AEI_PRIMARY,
            "oews_year": BASE_YEAR,
            "task_ratings": RATINGS,
        },
        code=code("exposure_build.py"),
    message:
        "Computing exposure variants"
    run:
        script_job("exposure_build.py", locals())


rule exposure_legacy:
    """The seed project's crosswalk with wages and its occupation exposure, reproduced
    (legacy mode; the exposure needs the Task Ratings)."""
    input:
        **RATINGS_INPUT,
        crosswalk=XM.crosswalk,
        occupation_data=staged(f"onet/{ONET_PRIMARY}/occupation_data"),
        job_zones=staged(f"onet/{ONET_PRIMARY}/job_zones"),
        oews=staged(f"oews/{BASE_YEAR}"),
    output:
        crosswalk=f"{XWALK}/legacy/crosswalk_with_wages.parquet",
        exposure=f"{EXPO}/legacy/occupation_exposure.parquet" if RATINGS else [],
    log:
        logs("exposure/legacy"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        vintages={"onet_release": ONET_PRIMARY, "oews_year": BASE_YEAR},
        code=code("exposure_legacy.py"),
    message:
        "Reproducing the seed's crosswalk with wages and exposure (legacy)"
    run:
        script_job("exposure_legacy.py", locals())


# What each exposure measure is built from (the corrected OEWS-level variants, an external
# index with the SOC crosswalk, or the user's CSV) and how it is read.
MEASURE_INPUTS = {
    m: {"mapping": XW.mapping, "base": XW.base}
    | (
        {"user": EXPO_CFG["user_csv"]["path"]}
        if m == "user"
        else (
            {
                "index": staged(f"exposure_indices/{m}"),
                "crosswalk": staged("soc_crosswalk"),
            }
            if m in EXPOSURE_INDICES
            else {"oews": rules.exposure_build.output.oews}
        )
    )
    for m in MEASURES
}
MEASURE_KIND = {
    m: ("user" if m == "user" else (RAW_FILES[f"exposure_indices/{m}"].fmt if m in EXPOSURE_INDICES else "variant"))
    for m in MEASURES
}


rule exposure_measure:
    """One exposure measure (the {measure} wildcard every downstream model fans out over) on
    the OEWS codes of the base year, with employment."""
    input:
        unpack(lambda w: MEASURE_INPUTS[w.measure]),
    output:
        f"{EXPO}/measures/{{measure}}.parquet",
    log:
        logs("exposure/measure_{measure}"),
    wildcard_constraints:
        measure=choices(MEASURES),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        measure=lambda w: w.measure,
        kind=lambda w: MEASURE_KIND[w.measure],
        user=EXPO_CFG["user_csv"],
        vintages={"oews_year": BASE_YEAR},
        code=code("exposure_measure.py"),
    message:
        "Exposure measure {wildcards.measure}"
    run:
        script_job("exposure_measure.py", locals())


# The table of each exposure measure.
MEASURE_FILES = {m: one(rules.exposure_measure.output[0], measure=m) for m in MEASURES}


rule exposure_figures:
    """Exposure distributions of the corrected variants (and the legacy measure), the most
    exposed occupations, and task coverage."""
    input:
        oews=rules.exposure_build.output.oews,
        coverage=rules.exposure_build.output.coverage,
        legacy=rules.exposure_legacy.output.exposure,
    output:
        distribution=rep(
            figure("exposure_distribution.png"),
            "exposure_distribution",
            "3. Exposure",
        ),
        distribution_pdf=figure("exposure_distribution.pdf"),
        top=rep(
            figure("exposure_top_occupations.png"),
            "exposure_top",
            "3. Exposure",
        ),
        top_pdf=figure("exposure_top_occupations.pdf"),
        coverage=rep(
            figure("exposure_coverage.png"),
            "exposure_coverage",
            "1. Data and coverage",
        ),
        coverage_pdf=figure("exposure_coverage.pdf"),
    log:
        logs("exposure/figures"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        variants=FIGURE_VARIANTS,
        note=f"Source: AEI {AEI_PRIMARY} matched to O*NET {ONET_PRIMARY} ({DATASET} data); OEWS May {BASE_YEAR} codes."
        + ("" if RATINGS else " Task Ratings not available: uniform task weights."),
        code=code("exposure_figures.py"),
    message:
        "Plotting exposure distributions"
    run:
        script_job("exposure_figures.py", locals())
