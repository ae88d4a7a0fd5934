# OEWS occupation x year panels: long (all groups), harmonised detailed, balanced windows,
# the wage-growth figure, and the seed project's legacy panels.

PANEL = f"{RESULTS}/panel"
STAGED_OEWS = [staged(f"oews/{y}") for y in OEWS_YEARS]
WINDOWS = [f"{a}_{b}" for a, b in config["panel"]["balanced_windows"]]
LEGACY_PANEL = "occupation_exposure" in SEED_FILES
LEGACY_YEARS = [2022, 2023, 2024]


rule panel_harmonise:
    """Every staged OEWS May year in one long table (all occupation groups, flags, PRSEs) and
    the detailed occupations harmonised to SOC 2018 units across the 2010->2018 revision, with
    the code-change table and consistency checks."""
    input:
        oews=STAGED_OEWS,
        crosswalk=staged("soc_crosswalk"),
    output:
        long=f"{PANEL}/oews_long.parquet",
        harmonised=f"{PANEL}/harmonised.parquet",
        codes=f"{PANEL}/codes.parquet",
        units=f"{PANEL}/units.parquet",
        changes=f"{PANEL}/code_changes.csv",
        checks=f"{PANEL}/checks.csv",
    log:
        logs("panel/harmonise"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=15,
    params:
        vintages={"oews_years": OEWS_YEARS},
        code=code("panel_harmonise.py"),
    message:
        "Building the harmonised OEWS panel, May {params.vintages[oews_years]}"
    run:
        script_job("panel_harmonise.py", locals())


rule panel_balanced:
    """A balanced panel of one window of May years (config panel.balanced_windows), harmonised
    over its own window, with the excluded occupations and why."""
    input:
        oews=STAGED_OEWS,
        crosswalk=staged("soc_crosswalk"),
    output:
        panel=f"{PANEL}/balanced_{{start}}_{{end}}.parquet",
        excluded=f"{PANEL}/balanced_{{start}}_{{end}}_excluded.csv",
    log:
        logs("panel/balanced_{start}_{end}"),
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
        vintages=lambda w: {"oews_years": [y for y in OEWS_YEARS if int(w.start) <= y <= int(w.end)]},
        code=code("panel_balanced.py"),
    message:
        "Balanced panel of May {wildcards.start}-{wildcards.end}"
    run:
        script_job("panel_balanced.py", locals())


rule panel_figures:
    """Wage growth by SOC major group between consecutive May years: table and figure."""
    input:
        long=rules.panel_harmonise.output.long,
    output:
        table=f"{PANEL}/major_group_wage_growth.csv",
        figure=rep(
            figure("panel_wage_growth_by_major.png"),
            "panel_wage_growth",
            "2. Wage panel",
        ),
        figure_pdf=figure("panel_wage_growth_by_major.pdf"),
    log:
        logs("panel/figures"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        source=f"Source: BLS OEWS national estimates ({DATASET} data), May {', '.join(map(str, OEWS_YEARS))}. Periods spanning missing years are annualised.",
        code=code("panel_figures.py"),
    message:
        "Plotting wage growth by major group"
    run:
        script_job("panel_figures.py", locals())


rule legacy_panel:
    """The seed project's wage panel and DiD panel of May 2022-2024, reproduced exactly
    (legacy mode)."""
    input:
        oews=[staged(f"oews/{y}") for y in LEGACY_YEARS],
        exposure=staged("seed_reference/occupation_exposure"),
    output:
        wages=f"{PANEL}/legacy/wage_panel_2022_2024.parquet",
        did=f"{PANEL}/legacy/did_panel_2022_2024.parquet",
    log:
        logs("panel/legacy"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        vintages={"oews_years": LEGACY_YEARS, "seed": "occupation_exposure"},
        code=code("legacy_panel.py"),
    message:
        "Reproducing the seed project's wage and DiD panels (legacy)"
    run:
        script_job("legacy_panel.py", locals())
