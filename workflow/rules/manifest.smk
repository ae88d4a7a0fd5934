# headline_comparison.csv from every stage's headline rows, and the run manifest: every
# output of the tree with its sha256.

if HEADLINE_PARTS:
    OUTPUTS.append(f"{RESULTS}/headline_comparison.csv")


rule headline_comparison:
    input:
        HEADLINE_PARTS,
    output:
        f"{RESULTS}/headline_comparison.csv",
    log:
        f"{LOGS}/headline_comparison.log",
    benchmark:
        f"{BENCH}/headline_comparison.tsv"
    conda:
        ENV
    resources:
        mem_mb=500,
        runtime=5,
    message:
        "Writing headline_comparison.csv"
    script:
        "../scripts/headline_comparison.py"


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
