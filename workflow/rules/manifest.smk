# The run manifest: every final output of the run (targets(config)) with its sha256.


# Tables and summaries that read a few small files and write a few kilobytes run as localrules:
# on a cluster the submitting host runs them at once instead of queueing a job for each.
localrules:
    manifest,


rule manifest:
    """The run manifest: every final output of the run with its sha256, the dataset and the
    vintage."""
    input:
        targets(config, manifest=False),
    output:
        f"{RESULTS}/manifest.json",
    log:
        logs("manifest"),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        dataset=DATASET,
        vintage=VINTAGE,
        code=code("manifest.py"),
    message:
        "Writing {output}"
    run:
        script_job("manifest.py", locals())
