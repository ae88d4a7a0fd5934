"""One exposure measure per OEWS code for the downstream models (exposure wildcard)."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.exposure.external import UserCoverage, measure_table, read_user_csv
from ailabor.provenance import write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.exposure_measure")


def main(smk):
    p, i = smk.params, smk.input

    def opt(name):
        return pd.read_parquet(i[name]) if name in i.keys() else None

    user, coverage = {}, None
    if "user" in i.keys():
        cols = (p.user["code_column"], p.user["value_column"])
        coverage = UserCoverage()
        options = {k: p.user[k] for k in ("scale", "duplicates", "unknown_codes") if k in p.user}
        user = dict(
            user=read_user_csv(i.user, *cols),
            user_columns=cols,
            user_path=i.user,
            user_options={**options, "coverage": coverage},
        )
    d = measure_table(
        p.kind,
        p.measure,
        pd.read_parquet(i.mapping),
        pd.read_parquet(i.base),
        variants=opt("oews"),
        index=opt("index"),
        soc_crosswalk=opt("crosswalk"),
        **user,
    )
    extra = {"user_csv_coverage": coverage.as_dict()} if coverage else None
    write_parquet(d, smk.output[0], **provenance_args(smk, spec_mode="corrected"), extra=extra)
    if coverage:
        c = coverage.as_dict()
        log.info(
            "user CSV %s: %d rows, %d codes, %d repeated rows collapsed, %d unknown codes dropped%s; "
            "%d OEWS codes with a value, %d base-year codes without one",
            i.user,
            c["rows"],
            c["codes"],
            c["duplicate_rows_collapsed"],
            c["unknown_codes_dropped"],
            f" ({', '.join(c['unknown_codes_examples'])})" if c["unknown_codes_dropped"] else "",
            c["oews_codes_with_value"],
            c["base_codes_without_value"],
        )
    log.info("%s: %d OEWS codes, mean exposure %.4f", p.measure, len(d), d["exposure"].mean())


run(main, snakemake)  # noqa: F821
