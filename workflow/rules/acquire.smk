# Raw inputs: linked from a mirror directory (raw_mirror) or downloaded from the official
# sources. Acquisition rules are localrules, so on a cluster the login node (which has
# internet) runs them and compute nodes only read the cache.

ARCHIVES = {
    f.archive_name: f for f in RAW_FILES.values() if f.archive_url and not MIRROR
}


localrules:
    acquire_raw,
    download_archive,


rule acquire_raw:
    input:
        unpack(acquire_inputs),
    output:
        f"{RAW}/{{relpath}}",
    log:
        f"{LOGS}/acquire/{{relpath}}.log",
    benchmark:
        f"{BENCH}/acquire/{{relpath}}.tsv"
    wildcard_constraints:
        relpath="|".join(re.escape(p) for p in sorted(BY_RELPATH)),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=30,
    params:
        file=acquire_params,
        mirror=MIRROR,
        mirror_manifest=MIRROR_MANIFEST,
        download=config["download"] if not MIRROR else None,
        manifest=RAW_MANIFEST,
        policy="update" if SYNTHETIC else "pin",
    message:
        "Acquiring {wildcards.relpath}"
    script:
        "../scripts/acquire_raw.py"


rule download_archive:
    output:
        f"{RAW}/_archives/{{archive}}",
    log:
        f"{LOGS}/acquire/{{archive}}.log",
    benchmark:
        f"{BENCH}/acquire/{{archive}}.tsv"
    wildcard_constraints:
        archive="|".join(re.escape(a) for a in sorted(ARCHIVES)) or "(?!)",
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=60,
    params:
        url=lambda w: ARCHIVES[w.archive].archive_url,
        sha256=lambda w: ARCHIVES[w.archive].archive_sha256,
        download=config["download"],
        manifest=RAW_MANIFEST,
    message:
        "Downloading {params.url}"
    script:
        "../scripts/download_archive.py"
