# Staging: every raw file becomes a typed, schema-checked parquet table under staged/. One
# rule stages every kind of file; STAGE_PLAN (ailabor.intake.sources.stage_plan) says, per staged
# table, which raw file it reads, how (the reader and its options) and which data vintages it
# records. staged(key) in common.smk is the stage's path table.

from ailabor.intake.sources import onet_releases

ONET_RELEASES = onet_releases(config)
ONET_PRIMARY = ONET_RELEASES[0]
OEWS_YEARS = [int(y) for y in config["oews"]["years"]]
AEI_PRIMARY = config["aei"]["primary"]
EXPOSURE_INDICES = list(config["exposure_indices"])
SEED_FILES = set(config["legacy"]["seed_reference"])


rule stage:
    """A raw file (O*NET table, OEWS May workbook, AEI table, SOC crosswalk, external exposure
    index, seed-project table) read, typed and schema-checked into staged/<name>.parquet.
    """
    input:
        unpack(
            lambda w: {
                "raw": raw(STAGE_PLAN[w.staged]["key"]),
                **{k: raw(v) for k, v in STAGE_PLAN[w.staged]["extra"].items()},
            }
        ),
    output:
        STAGED_TABLE,
    log:
        logs("stage/{staged}"),
    wildcard_constraints:
        staged=choices(STAGE_PLAN),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=lambda w: STAGE_PLAN[w.staged]["mem_mb"],
        runtime=lambda w: STAGE_PLAN[w.staged]["runtime"],
    params:
        kind=lambda w: STAGE_PLAN[w.staged]["kind"],
        options=lambda w: STAGE_PLAN[w.staged]["options"],
        manifest=RAW_MANIFEST,
        # every raw file read, with its version (accepted updates) and origin, recorded once staged
        raw_files=lambda w: {
            raw(k): {"version": RAW_VERSIONS[raw(k)], "source": RAW_ORIGIN[k]}
            for k in [STAGE_PLAN[w.staged]["key"], *STAGE_PLAN[w.staged]["extra"].values()]
        },
        policy="update" if SYNTHETIC else "pin",
        vintages=lambda w: STAGE_PLAN[w.staged]["vintages"],
        what=lambda w: STAGE_PLAN[w.staged]["what"],
        code=code("stage.py"),
    message:
        "Staging {params.what}"
    run:
        script_job("stage.py", locals())
