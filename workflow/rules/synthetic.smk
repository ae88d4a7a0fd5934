# Synthetic demo data: every raw file the configuration needs, written in the official
# formats at its mirror path, plus the planted ground truth.

if SYNTHETIC:
    SYNTH_FILES = [mirror_file(f) for f in RAW_FILES.values()]
    FIRST_SYNTH = next(iter(RAW_FILES.values())).mirror_relpath
    TRUTH_TABLES = [
        "occupations",
        "exposure_onet",
        "exposure_soc",
        "panel",
        "publications",
        "aei_texts",
    ]

    rule generate_synthetic:
        """Synthetic raw data for the demo: every configured raw file in its official format,
        at its mirror path, and the planted ground truth the tests recover."""
        output:
            files=SYNTH_FILES,
            truth=expand(f"{RESULTS}/synthetic/truth_{{table}}.parquet", table=TRUTH_TABLES),
            planted=f"{RESULTS}/synthetic/planted.json",
        log:
            logs("generate_synthetic"),
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
            truth_tables=TRUTH_TABLES,
            code=code("generate_synthetic.py"),
        message:
            "Generating synthetic raw data (seed {params.spec[seed]}) in {params.out_dir}"
        run:
            script_job("generate_synthetic.py", locals())
