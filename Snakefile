# ailabor: AI exposure of U.S. occupations -> wages, demand and growth.
#
#   snakemake --cores all                                  # official data (downloads)
#   snakemake --cores all --configfile config/demo.yaml    # offline synthetic demo
#
# All logic lives in src/ailabor; rules wire files to it. See README.md.

from snakemake.utils import min_version

min_version("9.0")


configfile: f"{workflow.basedir}/config/config.yaml"


include: "workflow/rules/common.smk"


report: "workflow/report/workflow.rst"


include: "workflow/rules/synthetic.smk"
include: "workflow/rules/acquire.smk"
include: "workflow/rules/stage.smk"
include: "workflow/rules/panel.smk"
include: "workflow/rules/crosswalk.smk"
include: "workflow/rules/exposure.smk"
include: "workflow/rules/estimation.smk"
include: "workflow/rules/calibration.smk"
include: "workflow/rules/ge_bbz.smk"
include: "workflow/rules/ge_ar.smk"
include: "workflow/rules/ge_scenarios.smk"
include: "workflow/rules/summary.smk"
include: "workflow/rules/targets.smk"
include: "workflow/rules/manifest.smk"


CODE_HASHES.save()


rule all:
    """Every final output of the run (targets(config) in workflow/rules/targets.smk)."""
    default_target: True
    input:
        targets(config),
