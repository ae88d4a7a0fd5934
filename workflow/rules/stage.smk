# Staging: every raw file becomes a typed, schema-checked parquet table under staged/.

from ailabor.intake.sources import onet_releases, onet_tables

STAGED = f"{RESULTS}/staged"
ONET_TABLES = [t for t in onet_tables(config) if t != "read_me"]
ONET_RELEASES = onet_releases(config)
OEWS_YEARS = [int(y) for y in config["oews"]["years"]]
AEI_TABLES = list(config["aei"]["sources"])
EXPOSURE_INDICES = list(config["exposure_indices"])
SEED_REFERENCE = list(config["legacy"]["seed_reference"])

if config["stages"].get("staging", True):
    OUTPUTS += expand(
        f"{STAGED}/onet/{{release}}/{{table}}.parquet",
        release=ONET_RELEASES,
        table=ONET_TABLES,
    )
    OUTPUTS += expand(f"{STAGED}/oews/oews_{{year}}.parquet", year=OEWS_YEARS)
    OUTPUTS += expand(f"{STAGED}/aei/{{table}}.parquet", table=AEI_TABLES)
    OUTPUTS.append(f"{STAGED}/soc_crosswalk.parquet")
    OUTPUTS += expand(
        f"{STAGED}/exposure_indices/{{name}}.parquet", name=EXPOSURE_INDICES
    )
    OUTPUTS += expand(f"{STAGED}/seed_reference/{{name}}.parquet", name=SEED_REFERENCE)


rule stage_onet:
    input:
        raw=lambda w: raw(f"onet/{w.release}/{w.table}"),
        read_me=lambda w: raw(f"onet/{w.release}/read_me"),
    output:
        f"{STAGED}/onet/{{release}}/{{table}}.parquet",
    log:
        f"{LOGS}/stage/onet_{{release}}_{{table}}.log",
    benchmark:
        f"{BENCH}/stage/onet_{{release}}_{{table}}.tsv"
    wildcard_constraints:
        release="|".join(re.escape(r) for r in ONET_RELEASES),
        table="|".join(ONET_TABLES),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        kind=lambda w: f"onet/{w.release}/{w.table}",
        options={},
        manifest=RAW_MANIFEST,
        vintages=lambda w: {
            "onet_release": w.release,
            "onet_format": config["onet"]["format"],
        },
    message:
        "Staging O*NET {wildcards.release} {wildcards.table}"
    script:
        "../scripts/stage.py"


rule stage_oews:
    input:
        raw=lambda w: raw(f"oews/{w.year}"),
    output:
        f"{STAGED}/oews/oews_{{year}}.parquet",
    log:
        f"{LOGS}/stage/oews_{{year}}.log",
    benchmark:
        f"{BENCH}/stage/oews_{{year}}.tsv"
    wildcard_constraints:
        year=r"\d{4}",
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        kind="oews",
        options=lambda w: {"year": int(w.year)},
        manifest=RAW_MANIFEST,
        vintages=lambda w: {"oews_year": int(w.year)},
    message:
        "Staging OEWS May {wildcards.year}"
    script:
        "../scripts/stage.py"


rule stage_aei:
    input:
        raw=lambda w: raw(f"aei/{w.table}"),
    output:
        f"{STAGED}/aei/{{table}}.parquet",
    log:
        f"{LOGS}/stage/aei_{{table}}.log",
    benchmark:
        f"{BENCH}/stage/aei_{{table}}.tsv"
    wildcard_constraints:
        table="|".join(AEI_TABLES),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        kind="aei",
        options=lambda w: {
            "fmt": RAW_FILES[f"aei/{w.table}"].fmt,
            "geography": config["aei"]["geography"],
        },
        manifest=RAW_MANIFEST,
        vintages=lambda w: {
            "aei_table": w.table,
            "aei_release": RAW_FILES[f"aei/{w.table}"].release,
            "aei_revision": config["aei"]["revision"],
        },
    message:
        "Staging AEI table {wildcards.table}"
    script:
        "../scripts/stage.py"


rule stage_soc_crosswalk:
    input:
        raw=raw("soc_crosswalk"),
    output:
        f"{STAGED}/soc_crosswalk.parquet",
    log:
        f"{LOGS}/stage/soc_crosswalk.log",
    benchmark:
        f"{BENCH}/stage/soc_crosswalk.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        kind="soc_crosswalk",
        options={},
        manifest=RAW_MANIFEST,
        vintages={"soc_crosswalk": RAW_FILES["soc_crosswalk"].release},
    message:
        "Staging the SOC 2010 to 2018 crosswalk"
    script:
        "../scripts/stage.py"


rule stage_exposure_index:
    input:
        raw=lambda w: raw(f"exposure_indices/{w.name}"),
    output:
        f"{STAGED}/exposure_indices/{{name}}.parquet",
    log:
        f"{LOGS}/stage/exposure_{{name}}.log",
    benchmark:
        f"{BENCH}/stage/exposure_{{name}}.tsv"
    wildcard_constraints:
        name="|".join(EXPOSURE_INDICES) or "(?!)",
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        kind="exposure_index",
        options=lambda w: {"fmt": RAW_FILES[f"exposure_indices/{w.name}"].fmt},
        manifest=RAW_MANIFEST,
        vintages=lambda w: {
            "exposure_index": RAW_FILES[f"exposure_indices/{w.name}"].release
        },
    message:
        "Staging exposure index {wildcards.name}"
    script:
        "../scripts/stage.py"


rule stage_seed_reference:
    input:
        raw=lambda w: raw(f"seed_reference/{w.name}"),
    output:
        f"{STAGED}/seed_reference/{{name}}.parquet",
    log:
        f"{LOGS}/stage/seed_reference_{{name}}.log",
    benchmark:
        f"{BENCH}/stage/seed_reference_{{name}}.tsv"
    wildcard_constraints:
        name="|".join(SEED_REFERENCE) or "(?!)",
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        kind="seed_reference",
        options=lambda w: {"fmt": RAW_FILES[f"seed_reference/{w.name}"].fmt},
        manifest=RAW_MANIFEST,
        vintages=lambda w: {
            "seed_reference": RAW_FILES[f"seed_reference/{w.name}"].release
        },
    message:
        "Staging the seed project's {wildcards.name} table"
    script:
        "../scripts/stage.py"
