# headline_comparison.csv from every stage's headline rows, and the run manifest: every
# output of the tree with its sha256.

if HEADLINE_PARTS:
    OUTPUTS.append(f"{RESULTS}/headline_comparison.csv")
    OUTPUTS.append(f"{RESULTS}/results_summary.md")


rule headline_comparison:
    input:
        HEADLINE_PARTS,
    output:
        rep(f"{RESULTS}/headline_comparison.csv", "headline_comparison", "0. Headlines"),
    log:
        f"{LOGS}/headline_comparison.log",
    benchmark:
        f"{BENCH}/headline_comparison.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    message:
        "Writing headline_comparison.csv"
    script:
        "../scripts/headline_comparison.py"


rule results_summary:
    input:
        summary_inputs,
    output:
        rep(f"{RESULTS}/results_summary.md", "results_summary", "0. Headlines"),
    log:
        f"{LOGS}/results_summary.log",
    benchmark:
        f"{BENCH}/results_summary.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        dataset=DATASET,
        vintage=VINTAGE,
        vintages=summary_vintages(),
        measure=PRIMARY_MEASURE,
        root=lambda w, output: os.path.dirname(output[0]),
    message:
        "Writing the generated results summary {output}"
    script:
        "../scripts/results_summary.py"


rule manifest:
    input:
        OUTPUTS,
    output:
        MANIFEST,
    log:
        f"{LOGS}/manifest.log",
    benchmark:
        f"{BENCH}/manifest.tsv"
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        dataset=DATASET,
        vintage=VINTAGE,
    message:
        "Writing {output}"
    script:
        "../scripts/manifest.py"
