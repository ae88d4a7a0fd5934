# Macro calibrations: one shock per exposure measure and scenario feeds Acemoglu-Restrepo,
# Kaleckian and Bhaduri-Marglin; the seed's blocks reproduced (legacy); sensitivity fanned
# out by model and Monte Carlo chunk; the consistency table and the headline rows.

CAL = f"{RESULTS}/calibration"
CAL_CFG = config["calibration"]
CAL_MODELS = ["acemoglu_restrepo", "kaleckian", "bhaduri_marglin"]
AEI_AUTOMATION = any(s["phi_adopted"] == "aei_automation" for s in CAL_CFG["scenarios"])
MODEL_CFG = {
    k: CAL_CFG[k] for k in ("acemoglu_restrepo", "kaleckian", "bhaduri_marglin")
}
MC = CAL_CFG["sensitivity"]["monte_carlo"]
# The seed's exposure table when configured, else the pipeline's own legacy exposure.
CAL_LEGACY_INPUT = (
    f"{STAGED}/seed_reference/occupation_exposure.parquet"
    if "occupation_exposure" in SEED_FILES
    else (LEGACY_EXPOSURE if RATINGS else None)
)
CAL_LEGACY = CAL_LEGACY_INPUT is not None
CAL_LEGACY_TABLES = {m: f"{CAL}/legacy/{m}_model_results.csv" for m in CAL_MODELS}

if config["stages"].get("calibration", True):
    OUTPUTS += expand(f"{CAL}/shocks/{{m}}.parquet", m=MEASURES)
    OUTPUTS += expand(
        f"{CAL}/corrected/{{m}}/results.{{ext}}", m=MEASURES, ext=["parquet", "csv"]
    )
    OUTPUTS += expand(f"{RESULTS}/figures/ar_sigma_grid_{{m}}.png", m=MEASURES)
    OUTPUTS += [
        f"{CAL}/parameters.csv",
        f"{CAL}/consistency.parquet",
        f"{CAL}/consistency.csv",
        f"{CAL}/consistency_wide.csv",
        f"{CAL}/headlines.csv",
        f"{RESULTS}/figures/calibration_consistency.png",
    ]
    for model in CAL_MODELS:
        OUTPUTS += [
            f"{CAL}/sensitivity/{model}/grid.parquet",
            f"{CAL}/sensitivity/{model}/one_at_a_time.csv",
            f"{CAL}/sensitivity/{model}/monte_carlo.parquet",
            f"{CAL}/sensitivity/{model}/monte_carlo_summary.csv",
            f"{RESULTS}/figures/calibration_tornado_{model}.png",
        ]
    if CAL_LEGACY:
        OUTPUTS += list(CAL_LEGACY_TABLES.values())
        OUTPUTS += [
            f"{CAL}/legacy/bhaduri_marglin_parameters.csv",
            f"{CAL}/legacy/legacy.parquet",
            f"{CAL}/shocks/legacy.parquet",
        ]
    HEADLINE_PARTS.append(f"{CAL}/headlines.csv")


wildcard_constraints:
    model="|".join(CAL_MODELS),
    chunk=r"\d+",


rule calibration_aei_automation:
    input:
        unpack(calibration_automation_inputs),
    output:
        f"{CAL}/aei_automation_share.json",
    log:
        f"{LOGS}/calibration/aei_automation.log",
    benchmark:
        f"{BENCH}/calibration/aei_automation.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        tables=CAL_CFG["aei_automation"],
    message:
        "AEI share of automation patterns (phi_adopted of the aei_automation scenario)"
    script:
        "../scripts/calibration_aei_automation.py"


rule calibration_shock:
    input:
        unpack(calibration_shock_inputs),
    output:
        f"{CAL}/shocks/{{measure}}.parquet",
    log:
        f"{LOGS}/calibration/shock_{{measure}}.log",
    benchmark:
        f"{BENCH}/calibration/shock_{{measure}}.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        omega0=CAL_CFG["omega0"],
        scenarios=CAL_CFG["scenarios"],
        base_year=BASE_YEAR,
        vintages={"oews_year": BASE_YEAR, "aei": AEI_PRIMARY},
    message:
        "Shared shock of exposure measure {wildcards.measure}, every scenario"
    script:
        "../scripts/calibration_shock.py"


rule calibration_legacy:
    input:
        seed=CAL_LEGACY_INPUT or [],
    output:
        **CAL_LEGACY_TABLES,
        shock=f"{CAL}/shocks/legacy.parquet",
        tidy=f"{CAL}/legacy/legacy.parquet",
        bm_parameters=f"{CAL}/legacy/bhaduri_marglin_parameters.csv",
    log:
        f"{LOGS}/calibration/legacy.log",
    benchmark:
        f"{BENCH}/calibration/legacy.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        source=(
            "seed exposure table"
            if "occupation_exposure" in SEED_FILES
            else "pipeline legacy exposure"
        ),
    message:
        "Reproducing the seed's A-R, Kaleckian and Bhaduri-Marglin blocks (legacy)"
    script:
        "../scripts/calibration_legacy.py"


rule calibration_corrected:
    input:
        shock=f"{CAL}/shocks/{{measure}}.parquet",
    output:
        table=f"{CAL}/corrected/{{measure}}/results.parquet",
        csv=f"{CAL}/corrected/{{measure}}/results.csv",
        figure=rep(
            f"{RESULTS}/figures/ar_sigma_grid_{{measure}}.png",
            "ar_sigma_grid",
            "5. Calibration",
            "{measure}",
        ),
    log:
        f"{LOGS}/calibration/corrected_{{measure}}.log",
    benchmark:
        f"{BENCH}/calibration/corrected_{{measure}}.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        models=MODEL_CFG,
        primary_scenario=CAL_CFG["primary_scenario"],
    message:
        "Corrected A-R (sigma grid, short and long run), Kaleckian and B-M for {wildcards.measure}"
    script:
        "../scripts/calibration_corrected.py"


rule calibration_parameters:
    output:
        f"{CAL}/parameters.csv",
    log:
        f"{LOGS}/calibration/parameters.log",
    benchmark:
        f"{BENCH}/calibration/parameters.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=300,
        runtime=2,
    params:
        models=MODEL_CFG,
        omega0=CAL_CFG["omega0"],
        scenarios=CAL_CFG["scenarios"],
        primary_scenario=CAL_CFG["primary_scenario"],
        ranges=CAL_CFG["sensitivity"]["ranges"],
    message:
        "Table of calibration parameters, ranges and sources"
    script:
        "../scripts/calibration_parameters.py"


rule calibration_sensitivity:
    input:
        shock=f"{CAL}/shocks/{PRIMARY_MEASURE}.parquet",
    output:
        grid=f"{CAL}/sensitivity/{{model}}/grid.parquet",
        oat=f"{CAL}/sensitivity/{{model}}/one_at_a_time.csv",
        figure=rep(
            f"{RESULTS}/figures/calibration_tornado_{{model}}.png",
            "calibration_tornado",
            "5. Calibration",
            "sensitivity",
        ),
    log:
        f"{LOGS}/calibration/sensitivity_{{model}}.log",
    benchmark:
        f"{BENCH}/calibration/sensitivity_{{model}}.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        models=model_sections,
        ranges=model_ranges,
        scenario=CAL_CFG["primary_scenario"],
    message:
        "Parameter grid and tornado of {wildcards.model}"
    script:
        "../scripts/calibration_sensitivity.py"


rule calibration_monte_carlo:
    input:
        shock=f"{CAL}/shocks/{PRIMARY_MEASURE}.parquet",
    output:
        f"{CAL}/sensitivity/{{model}}/mc/chunk_{{chunk}}.parquet",
    log:
        f"{LOGS}/calibration/mc_{{model}}_{{chunk}}.log",
    benchmark:
        f"{BENCH}/calibration/mc_{{model}}_{{chunk}}.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=10,
    params:
        models=model_sections,
        ranges=model_ranges,
        scenario=CAL_CFG["primary_scenario"],
        monte_carlo=MC,
    message:
        "Monte Carlo of {wildcards.model}, chunk {wildcards.chunk}"
    script:
        "../scripts/calibration_monte_carlo.py"


rule calibration_monte_carlo_summary:
    input:
        chunks=expand(
            f"{CAL}/sensitivity/{{{{model}}}}/mc/chunk_{{c}}.parquet",
            c=range(MC["chunks"]),
        ),
        shock=f"{CAL}/shocks/{PRIMARY_MEASURE}.parquet",
    output:
        draws=f"{CAL}/sensitivity/{{model}}/monte_carlo.parquet",
        summary=f"{CAL}/sensitivity/{{model}}/monte_carlo_summary.csv",
    log:
        f"{LOGS}/calibration/mc_summary_{{model}}.log",
    benchmark:
        f"{BENCH}/calibration/mc_summary_{{model}}.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        models=model_sections,
        scenario=CAL_CFG["primary_scenario"],
    message:
        "Monte Carlo summary of {wildcards.model}"
    script:
        "../scripts/calibration_monte_carlo_summary.py"


rule calibration_consistency:
    input:
        unpack(consistency_inputs),
    output:
        table=f"{CAL}/consistency.parquet",
        csv=f"{CAL}/consistency.csv",
        wide=rep(
            f"{CAL}/consistency_wide.csv",
            "calibration_table",
            "5. Calibration",
            "consistency",
        ),
        figure=rep(
            f"{RESULTS}/figures/calibration_consistency.png",
            "calibration_consistency",
            "5. Calibration",
            "consistency",
        ),
    log:
        f"{LOGS}/calibration/consistency.log",
    benchmark:
        f"{BENCH}/calibration/consistency.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        models=MODEL_CFG,
    message:
        "Consistency table: every shock through the three models, legacy and corrected"
    script:
        "../scripts/calibration_consistency.py"


rule calibration_headlines:
    input:
        unpack(calibration_headline_inputs),
    output:
        f"{CAL}/headlines.csv",
    log:
        f"{LOGS}/calibration/headlines.log",
    benchmark:
        f"{BENCH}/calibration/headlines.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=300,
        runtime=2,
    params:
        sigma=CAL_CFG["acemoglu_restrepo"]["sigma"],
        scenario=CAL_CFG["primary_scenario"],
        base_year=BASE_YEAR,
    message:
        "Headline comparison rows of the calibration stage"
    script:
        "../scripts/calibration_headlines.py"
