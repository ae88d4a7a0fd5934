# Raw inputs: linked from a mirror directory (raw_mirror) or downloaded from the official
# sources. Acquisition rules are localrules, so on a cluster the login node (which has
# internet) runs them and compute nodes only read the cache.

ARCHIVES = {f.archive_name: f for f in RAW_FILES.values() if f.archive_url and not MIRROR}


localrules:
    acquire_raw,
    download_archive,


rule download_archive:
    """A zip archive of the official site (e.g. an O*NET release), downloaded once and checked
    against its pinned sha256; acquire_raw extracts members from it."""
    output:
        f"{RAW}/_archives/{{archive}}",
    log:
        logs("acquire/{archive}"),
    wildcard_constraints:
        archive=choices(sorted(ARCHIVES)),
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
        code=code("download_archive.py"),
    message:
        "Downloading {params.url}"
    run:
        script_job("download_archive.py", locals())


rule acquire_raw:
    """One raw file into the cache resources/raw/<dataset>/: linked from the mirror or
    downloaded and checked against its pinned sha256 (the staging job records it in
    resources/raw/MANIFEST.json once it has read it successfully).
    """
    input:
        unpack(
            lambda w: acquire_inputs(
                RAW_FILES[BY_RELPATH[w.relpath]],
                mirror_file(RAW_FILES[BY_RELPATH[w.relpath]]),
                rules.download_archive.output[0],
            )
        ),
    output:
        f"{RAW}/{{relpath}}",
    log:
        logs("acquire/{relpath}"),
    wildcard_constraints:
        relpath=choices(sorted(BY_RELPATH)),
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=500,
        runtime=30,
    params:
        file=lambda w: acquire_params(RAW_FILES[BY_RELPATH[w.relpath]], MIRROR),
        mirror=MIRROR,
        mirror_manifest=MIRROR_MANIFEST,
        download=config["download"] if not MIRROR else None,
        code=code("acquire_raw.py"),
    message:
        "Acquiring {wildcards.relpath}"
    run:
        script_job("acquire_raw.py", locals())
