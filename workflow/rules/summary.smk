# The end of the DAG: headline_comparison.csv from every stage's headline rows and the
# generated results summary. targets.smk lists every final output; the manifest rule
# (manifest.smk) hashes them.

HEADLINE_PARTS = ([rules.estimation_headlines.output[0]] if stage_on("estimation") else []) + (
    [rules.calibration_headlines.output[0]] if stage_on("calibration") else []
)


# Tables and summaries that read a few small files and write a few kilobytes run as localrules:
# on a cluster the submitting host runs them at once instead of queueing a job for each.
localrules:
    headline_comparison,
    results_summary,


rule headline_comparison:
    """The seed project's headline numbers, legacy and corrected side by side (with SE, N and
    unit), from every stage's headline rows."""
    input:
        HEADLINE_PARTS,
    output:
        rep(f"{RESULTS}/headline_comparison.csv", "headline_comparison", "0. Headlines"),
    log:
        logs("headline_comparison"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        code=code("headline_comparison.py"),
    message:
        "Writing headline_comparison.csv"
    run:
        script_job("headline_comparison.py", locals())


# The files the results summary reads, by section (ailabor.report.summary.INPUTS).
SUMMARY_INPUTS = {"headline": rules.headline_comparison.output[0]}
if stage_on("estimation"):
    SUMMARY_INPUTS["tables"] = one(rules.estimation_tables.output.md, measure=PRIMARY_MEASURE)
    if EST_LEGACY:
        SUMMARY_INPUTS["seed_tables"] = rules.seed_panel_tables.output.md
if stage_on("calibration"):
    SUMMARY_INPUTS["monte_carlo"] = expand(rules.calibration_monte_carlo_summary.output.summary, model=CAL_MODELS)
if stage_on("ge_ar"):
    SUMMARY_INPUTS["ar_transition"] = rules.ar_transition.output.summary
if stage_on("ge_bbz") and "S1" in BBZ_EXPERIMENTS:
    SUMMARY_INPUTS["bbz_base"] = expand(rules.bbz_experiment.output.summary, experiment="S1", method=BBZ_METHODS)
if GES_ON:
    SUMMARY_INPUTS["ge_scenarios"] = rules.ge_scenarios_table.output.csv
    SUMMARY_INPUTS["ge_mapping"] = rules.ge_response.output.mapping
    SUMMARY_INPUTS["ge_curves"] = rules.ge_response.output.curves
    SUMMARY_INPUTS["ge_uncertainty"] = rules.ge_uncertainty.output.summary
    SUMMARY_INPUTS["ge_containment"] = rules.ge_uncertainty.output.containment


rule results_summary:
    """The generated results summary (markdown): every number read from the output files
    named in its inputs; the README's results section is built from it."""
    input:
        **SUMMARY_INPUTS,
    output:
        rep(f"{RESULTS}/results_summary.md", "results_summary", "0. Headlines"),
    log:
        logs("results_summary"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        dataset=DATASET,
        vintage=VINTAGE,
        vintages={
            "O*NET release": config["onet"]["release"],
            "OEWS May years": ", ".join(str(y) for y in sorted(config["oews"]["years"])),
            "AEI source": config["aei"]["primary"],
            "exposure base year (OEWS May)": config["exposure"]["base_year"],
        },
        measure=PRIMARY_MEASURE,
        root=lambda w, output: os.path.dirname(output[0]),
        code=code("results_summary.py"),
    message:
        "Writing the generated results summary {output}"
    run:
        script_job("results_summary.py", locals())
