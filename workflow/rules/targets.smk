# targets(config): every final output of the run, stage by stage, each path taken from the
# rule that writes it. `rule all` (in the Snakefile) and the manifest rule (manifest.smk) both
# use it; nothing appends to a global list.


def outputs(rule, *combinator, **wildcards):
    """Every output of `rule`, expanded over `wildcards` (each a list of values)."""
    return expand(list(rule.output), *combinator, **wildcards)


def targets(config, manifest=True):
    """Every final output of the run, stage by stage (config `stages` switches a stage off),
    each path taken from the rule that writes it; with the manifest last."""

    def on(stage):
        """Whether `stage` is switched on in `config` (config `stages`, default on)."""
        return config["stages"].get(stage, True)

    t = []
    if SYNTHETIC:
        t += list(rules.generate_synthetic.output.truth)
        t += [rules.generate_synthetic.output.planted]
    if on("staging"):
        t += [one(rules.stage.output[0], staged=s) for s in STAGE_PLAN]
    if on("panel"):
        t += outputs(rules.panel_harmonise) + outputs(rules.panel_figures)
        t += outputs(
            rules.panel_balanced,
            zip,
            start=[w.split("_")[0] for w in WINDOWS],
            end=[w.split("_")[1] for w in WINDOWS],
        )
        if LEGACY_PANEL:
            t += outputs(rules.legacy_panel)
    if on("crosswalk"):
        t += outputs(rules.crosswalk_onet_oews) + outputs(rules.crosswalk_match)
        t += [rules.exposure_legacy.output.crosswalk]
    if on("exposure"):
        t += outputs(rules.exposure_build)
        t += outputs(rules.exposure_measure, measure=MEASURES)
        t += outputs(rules.exposure_figures)
        if RATINGS:
            t += [rules.exposure_legacy.output.exposure]
    if on("estimation"):
        t += outputs(rules.estimation_oring) + outputs(rules.estimation_headlines)
        for rule in (
            rules.estimation_corrected,
            rules.rambachan_roth,
            rules.inference_combine,
            rules.estimation_figures,
            rules.estimation_tables,
        ):
            t += outputs(rule, measure=MEASURES)
        if EST_LEGACY:
            t += outputs(rules.estimation_legacy) + outputs(rules.seed_panel_tables)
    if on("calibration"):
        t += outputs(rules.calibration_shock, measure=MEASURES)
        t += outputs(rules.calibration_corrected, measure=MEASURES)
        t += outputs(rules.calibration_parameters) + outputs(rules.calibration_consistency)
        t += outputs(rules.calibration_headlines) + outputs(rules.calibration_tables)
        t += outputs(rules.calibration_sensitivity, model=CAL_MODELS)
        t += outputs(rules.calibration_monte_carlo_summary, model=CAL_MODELS)
        if CAL_LEGACY:
            t += outputs(rules.calibration_legacy)
    if on("ge_bbz") and BBZ_EXPERIMENTS:
        t += outputs(rules.bbz_experiment, experiment=BBZ_EXPERIMENTS, method=BBZ_METHODS)
        t += outputs(rules.bbz_comparative_statics)
        if "T2" in BBZ_EXPERIMENTS:
            t += outputs(rules.bbz_tables_T2, method=BBZ_METHODS)
    if on("ge_ar"):
        t += outputs(rules.ar_static) + outputs(rules.ar_bgp) + outputs(rules.ar_transition)
        t += outputs(rules.ar_tables)
    if GES_ON:
        for m, s in GES_PAIRS:
            t += outputs(rules.ge_scenario_model, measure=m, scenario=s, gemodel=GE_MODELS)
            t += outputs(rules.ge_scenario, measure=m, scenario=s)
        t += outputs(rules.ge_scenarios_table) + outputs(rules.ge_scenarios_tables) + outputs(rules.ge_response)
        t += outputs(rules.ge_uncertainty)
    if HEADLINE_PARTS:
        t += outputs(rules.headline_comparison) + outputs(rules.results_summary)
    t = list(dict.fromkeys(t))
    return t + [rules.manifest.output[0]] if manifest else t
