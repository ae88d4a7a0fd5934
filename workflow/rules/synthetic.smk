# Synthetic demo data: every raw file the configuration needs, written in the official
# formats at its mirror path, plus the planted ground truth.

if SYNTHETIC:
    SYNTH_FILES = [f"{MIRROR}/{f.mirror_relpath}" for f in RAW_FILES.values()]
    FIRST_SYNTH = next(iter(RAW_FILES.values())).mirror_relpath
    TRUTH_TABLES = [
        "occupations",
        "exposure_onet",
        "exposure_soc",
        "panel",
        "publications",
        "aei_texts",
    ]
    OUTPUTS += expand(
        f"{RESULTS}/synthetic/truth_{{table}}.parquet", table=TRUTH_TABLES
    )
    OUTPUTS.append(f"{RESULTS}/synthetic/planted.json")

    rule generate_synthetic:
        output:
            files=SYNTH_FILES,
            truth=expand(
                f"{RESULTS}/synthetic/truth_{{table}}.parquet", table=TRUTH_TABLES
            ),
            planted=f"{RESULTS}/synthetic/planted.json",
        log:
            f"{LOGS}/generate_synthetic.log",
        benchmark:
            f"{BENCH}/generate_synthetic.tsv"
        conda:
            ENV
        threads: 1
        resources:
            mem_mb=2000,
            runtime=10,
        params:
            out_dir=lambda w, output: output.files[0][: -len(FIRST_SYNTH) - 1],
            spec=dict(
                seed=config["synthetic"]["seed"],
                occupations_per_major=config["synthetic"]["occupations_per_major"],
                onet_release=config["onet"]["release"],
            ),
            files=raw_file_dicts(sorted(RAW_FILES)),
        message:
            "Generating synthetic raw data (seed {params.spec[seed]}) in {params.out_dir}"
        script:
            "../scripts/generate_synthetic.py"
