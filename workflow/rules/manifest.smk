# The run manifest: every output of the tree with its sha256.


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
