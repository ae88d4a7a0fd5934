# AEI task texts -> O*NET task statements, and O*NET-SOC codes -> OEWS codes.

XWALK = f"{RESULTS}/crosswalk"
ONET_PRIMARY = ONET_RELEASES[0]
BASE_YEAR = config["exposure"]["base_year"]
AEI_PRIMARY = config["aei"]["primary"]
XW_OUT = dict(
    mapping=f"{XWALK}/onet_to_oews.parquet",
    changes=f"{XWALK}/onet_to_oews_not_direct.csv",
    base=f"{XWALK}/weighting_base.parquet",
    totals=f"{XWALK}/oews_totals.json",
    crosswalk=f"{XWALK}/crosswalk.parquet",
    fuzzy=f"{XWALK}/fuzzy_matches.csv",
    unmatched=f"{XWALK}/unmatched_tasks.csv",
    rates=f"{XWALK}/match_rates.csv",
    conservation=f"{XWALK}/split_conservation.csv",
)

if config["stages"].get("crosswalk", True):
    OUTPUTS += list(XW_OUT.values())
    OUTPUTS.append(f"{XWALK}/legacy/crosswalk_with_wages.parquet")


rule crosswalk_onet_oews:
    input:
        statements=f"{STAGED}/onet/{ONET_PRIMARY}/task_statements.parquet",
        oews=f"{STAGED}/oews/oews_{BASE_YEAR}.parquet",
        crosswalk=f"{STAGED}/soc_crosswalk.parquet",
    output:
        mapping=XW_OUT["mapping"],
        changes=XW_OUT["changes"],
        base=XW_OUT["base"],
        totals=XW_OUT["totals"],
    log:
        f"{LOGS}/crosswalk/onet_oews.log",
    benchmark:
        f"{BENCH}/crosswalk/onet_oews.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        base_year=BASE_YEAR,
        vintages={"onet_release": ONET_PRIMARY, "oews_year": BASE_YEAR},
    message:
        "Mapping O*NET {params.vintages[onet_release]} occupations to OEWS May {params.base_year} codes"
    script:
        "../scripts/crosswalk_onet_oews.py"


rule crosswalk_match:
    input:
        aei=f"{STAGED}/aei/{AEI_PRIMARY}.parquet",
        statements=f"{STAGED}/onet/{ONET_PRIMARY}/task_statements.parquet",
        mapping=XW_OUT["mapping"],
        base=XW_OUT["base"],
    output:
        crosswalk=XW_OUT["crosswalk"],
        fuzzy=XW_OUT["fuzzy"],
        unmatched=XW_OUT["unmatched"],
        rates=XW_OUT["rates"],
        conservation=XW_OUT["conservation"],
    log:
        f"{LOGS}/crosswalk/match.log",
    benchmark:
        f"{BENCH}/crosswalk/match.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=15,
    params:
        scorer=config["crosswalk"]["scorer"],
        threshold=config["crosswalk"]["threshold"],
        aei_format=RAW_FILES[f"aei/{AEI_PRIMARY}"].fmt,
        vintages={"onet_release": ONET_PRIMARY, "aei": AEI_PRIMARY},
    message:
        "Matching AEI tasks ({params.vintages[aei]}) to O*NET {params.vintages[onet_release]} statements"
    script:
        "../scripts/crosswalk_match.py"
