# Occupation exposure: corrected variants, the seed's legacy measure, external indices and a
# user measure as alternatives (the {measure} wildcard the downstream models fan out over).

EXPO = f"{RESULTS}/exposure"
RATINGS = config["onet"]["task_ratings"]
EXPO_CFG = config["exposure"]
MEASURES = list(EXPO_CFG["measures"])
FIGURE_VARIANTS = [
    f"{credit}_{'im' if RATINGS else 'uniform'}"
    for credit in ("binary", "fractional", "unambiguous", "tau25")
]
EXPO_OUT = dict(
    tasks=f"{EXPO}/task_credits.parquet",
    onet=f"{EXPO}/exposure_onet.parquet",
    oews=f"{EXPO}/exposure_oews.parquet",
    summary=f"{EXPO}/summary.csv",
    coverage=f"{EXPO}/coverage_report.csv",
)
LEGACY_EXPOSURE = f"{EXPO}/legacy/occupation_exposure.parquet"

if config["stages"].get("exposure", True):
    OUTPUTS += list(EXPO_OUT.values())
    OUTPUTS += expand(f"{EXPO}/measures/{{measure}}.parquet", measure=MEASURES)
    OUTPUTS += [
        f"{RESULTS}/figures/exposure_distribution.png",
        f"{RESULTS}/figures/exposure_top_occupations.png",
        f"{RESULTS}/figures/exposure_coverage.png",
    ]
    if RATINGS:
        OUTPUTS.append(LEGACY_EXPOSURE)


rule exposure_build:
    input:
        unpack(ratings_input),
        statements=f"{STAGED}/onet/{ONET_PRIMARY}/task_statements.parquet",
        crosswalk=XW_OUT["crosswalk"],
        rates=XW_OUT["rates"],
        mapping=XW_OUT["mapping"],
        base=XW_OUT["base"],
        totals=XW_OUT["totals"],
    output:
        **EXPO_OUT,
    log:
        f"{LOGS}/exposure/build.log",
    benchmark:
        f"{BENCH}/exposure/build.tsv"
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
    message:
        "Computing exposure variants"
    script:
        "../scripts/exposure_build.py"


rule exposure_legacy:
    input:
        unpack(ratings_input),
        crosswalk=XW_OUT["crosswalk"],
        occupation_data=f"{STAGED}/onet/{ONET_PRIMARY}/occupation_data.parquet",
        job_zones=f"{STAGED}/onet/{ONET_PRIMARY}/job_zones.parquet",
        oews=f"{STAGED}/oews/oews_{BASE_YEAR}.parquet",
    output:
        crosswalk=f"{XWALK}/legacy/crosswalk_with_wages.parquet",
        exposure=LEGACY_EXPOSURE if RATINGS else [],
    log:
        f"{LOGS}/exposure/legacy.log",
    benchmark:
        f"{BENCH}/exposure/legacy.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        vintages={"onet_release": ONET_PRIMARY, "oews_year": BASE_YEAR},
    message:
        "Reproducing the seed's crosswalk with wages and exposure (legacy)"
    script:
        "../scripts/exposure_legacy.py"


rule exposure_measure:
    input:
        unpack(measure_inputs),
    output:
        f"{EXPO}/measures/{{measure}}.parquet",
    log:
        f"{LOGS}/exposure/measure_{{measure}}.log",
    benchmark:
        f"{BENCH}/exposure/measure_{{measure}}.tsv"
    wildcard_constraints:
        measure="|".join(re.escape(m) for m in MEASURES) or "(?!)",
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        measure=lambda w: w.measure,
        kind=measure_kind,
        user=EXPO_CFG["user_csv"],
        vintages={"oews_year": BASE_YEAR},
    message:
        "Exposure measure {wildcards.measure}"
    script:
        "../scripts/exposure_measure.py"


rule exposure_figures:
    input:
        oews=EXPO_OUT["oews"],
        coverage=EXPO_OUT["coverage"],
        legacy=LEGACY_EXPOSURE if RATINGS else [],
    output:
        distribution=rep(
            f"{RESULTS}/figures/exposure_distribution.png",
            "exposure_distribution",
            "3. Exposure",
        ),
        top=rep(
            f"{RESULTS}/figures/exposure_top_occupations.png",
            "exposure_top",
            "3. Exposure",
        ),
        coverage=rep(
            f"{RESULTS}/figures/exposure_coverage.png",
            "exposure_coverage",
            "1. Data and coverage",
        ),
    log:
        f"{LOGS}/exposure/figures.log",
    benchmark:
        f"{BENCH}/exposure/figures.tsv"
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
    message:
        "Plotting exposure distributions"
    script:
        "../scripts/exposure_figures.py"
