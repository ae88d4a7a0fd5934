# AEI task texts -> O*NET task statements, and O*NET-SOC codes -> OEWS codes.

XWALK = f"{RESULTS}/crosswalk"
BASE_YEAR = config["exposure"]["base_year"]


rule crosswalk_onet_oews:
    """O*NET-SOC occupations mapped to the OEWS codes of the exposure base year (direct,
    through the SOC crosswalk, or split by employment), the employment weighting base and the
    OEWS totals."""
    input:
        statements=staged(f"onet/{ONET_PRIMARY}/task_statements"),
        oews=staged(f"oews/{BASE_YEAR}"),
        crosswalk=staged("soc_crosswalk"),
    output:
        mapping=f"{XWALK}/onet_to_oews.parquet",
        changes=f"{XWALK}/onet_to_oews_not_direct.csv",
        base=f"{XWALK}/weighting_base.parquet",
        totals=f"{XWALK}/oews_totals.json",
    log:
        logs("crosswalk/onet_oews"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        base_year=BASE_YEAR,
        vintages={"onet_release": ONET_PRIMARY, "oews_year": BASE_YEAR},
        code=code("crosswalk_onet_oews.py"),
    message:
        "Mapping O*NET {params.vintages[onet_release]} occupations to OEWS May {params.base_year} codes"
    run:
        script_job("crosswalk_onet_oews.py", locals())


rule crosswalk_match:
    """AEI task texts matched to O*NET task statements (exact after normalisation, then fuzzy
    above the configured threshold), with the fuzzy matches, unmatched tasks, match rates and
    the split-conservation check."""
    input:
        aei=staged(f"aei/{AEI_PRIMARY}"),
        statements=staged(f"onet/{ONET_PRIMARY}/task_statements"),
        mapping=rules.crosswalk_onet_oews.output.mapping,
        base=rules.crosswalk_onet_oews.output.base,
    output:
        crosswalk=f"{XWALK}/crosswalk.parquet",
        fuzzy=f"{XWALK}/fuzzy_matches.csv",
        unmatched=f"{XWALK}/unmatched_tasks.csv",
        rates=f"{XWALK}/match_rates.csv",
        conservation=f"{XWALK}/split_conservation.csv",
    log:
        logs("crosswalk/match"),
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
        code=code("crosswalk_match.py"),
    message:
        "Matching AEI tasks ({params.vintages[aei]}) to O*NET {params.vintages[onet_release]} statements"
    run:
        script_job("crosswalk_match.py", locals())
