# OEWS occupation x year panels: long (all groups), harmonised detailed, balanced windows,
# the wage-growth figure, and the seed project's legacy panels.

PANEL = f"{RESULTS}/panel"
STAGED_OEWS = expand(f"{STAGED}/oews/oews_{{year}}.parquet", year=OEWS_YEARS)
WINDOWS = [f"{a}_{b}" for a, b in config["panel"]["balanced_windows"]]
LEGACY_PANEL = "occupation_exposure" in config["legacy"]["seed_reference"]
LEGACY_YEARS = [2022, 2023, 2024]

if config["stages"].get("panel", True):
    OUTPUTS += [
        f"{PANEL}/oews_long.parquet",
        f"{PANEL}/harmonised.parquet",
        f"{PANEL}/codes.parquet",
        f"{PANEL}/units.parquet",
        f"{PANEL}/code_changes.csv",
        f"{PANEL}/checks.csv",
        f"{PANEL}/major_group_wage_growth.csv",
        f"{RESULTS}/figures/panel_wage_growth_by_major.png",
    ]
    OUTPUTS += expand(f"{PANEL}/balanced_{{window}}.parquet", window=WINDOWS)
    OUTPUTS += expand(f"{PANEL}/balanced_{{window}}_excluded.csv", window=WINDOWS)
    if LEGACY_PANEL:
        OUTPUTS += [
            f"{PANEL}/legacy/wage_panel_2022_2024.parquet",
            f"{PANEL}/legacy/did_panel_2022_2024.parquet",
        ]


rule panel_harmonise:
    input:
        oews=STAGED_OEWS,
        crosswalk=f"{STAGED}/soc_crosswalk.parquet",
    output:
        long=f"{PANEL}/oews_long.parquet",
        harmonised=f"{PANEL}/harmonised.parquet",
        codes=f"{PANEL}/codes.parquet",
        units=f"{PANEL}/units.parquet",
        changes=f"{PANEL}/code_changes.csv",
        checks=f"{PANEL}/checks.csv",
    log:
        f"{LOGS}/panel/harmonise.log",
    benchmark:
        f"{BENCH}/panel/harmonise.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=15,
    params:
        vintages={"oews_years": OEWS_YEARS},
    message:
        "Building the harmonised OEWS panel, May {params.vintages[oews_years]}"
    script:
        "../scripts/panel_harmonise.py"


rule panel_balanced:
    input:
        oews=STAGED_OEWS,
        crosswalk=f"{STAGED}/soc_crosswalk.parquet",
    output:
        panel=f"{PANEL}/balanced_{{start}}_{{end}}.parquet",
        excluded=f"{PANEL}/balanced_{{start}}_{{end}}_excluded.csv",
    log:
        f"{LOGS}/panel/balanced_{{start}}_{{end}}.log",
    benchmark:
        f"{BENCH}/panel/balanced_{{start}}_{{end}}.tsv"
    wildcard_constraints:
        start=r"\d{4}",
        end=r"\d{4}",
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=15,
    params:
        window=lambda w: [int(w.start), int(w.end)],
        vintages=lambda w: {
            "oews_years": [y for y in OEWS_YEARS if int(w.start) <= y <= int(w.end)]
        },
    message:
        "Balanced panel of May {wildcards.start}-{wildcards.end}"
    script:
        "../scripts/panel_balanced.py"


rule panel_figures:
    input:
        long=f"{PANEL}/oews_long.parquet",
    output:
        table=f"{PANEL}/major_group_wage_growth.csv",
        figure=rep(
            f"{RESULTS}/figures/panel_wage_growth_by_major.png",
            "panel_wage_growth",
            "2. Wage panel",
        ),
    log:
        f"{LOGS}/panel/figures.log",
    benchmark:
        f"{BENCH}/panel/figures.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        source=f"Source: BLS OEWS national estimates ({DATASET} data), May {', '.join(map(str, OEWS_YEARS))}. Periods spanning missing years are annualised.",
    message:
        "Plotting wage growth by major group"
    script:
        "../scripts/panel_figures.py"


rule legacy_panel:
    input:
        oews=expand(f"{STAGED}/oews/oews_{{year}}.parquet", year=LEGACY_YEARS),
        exposure=f"{STAGED}/seed_reference/occupation_exposure.parquet",
    output:
        wages=f"{PANEL}/legacy/wage_panel_2022_2024.parquet",
        did=f"{PANEL}/legacy/did_panel_2022_2024.parquet",
    log:
        f"{LOGS}/panel/legacy.log",
    benchmark:
        f"{BENCH}/panel/legacy.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        vintages={"oews_years": LEGACY_YEARS, "seed": "occupation_exposure"},
    message:
        "Reproducing the seed project's wage and DiD panels (legacy)"
    script:
        "../scripts/legacy_panel.py"
