"""The synthetic economy behind the demo data, with its planted ground truth.

The world is built in SOC 2018 terms and then *published* the way the official sources do:
O*NET rates tasks of O*NET-SOC occupations, OEWS publishes each May year under that year's
code system (SOC 2010 until May 2018, hybrid codes in May 2019-2020, SOC 2018 from 2021, and
a few aggregate codes throughout), and the Anthropic Economic Index counts conversations per
lower-cased task statement.

Planted truths:

* exposure: which rated tasks carry AI usage is drawn, so the exposure of every O*NET-SOC
  occupation (and of every SOC code, pooled over its O*NET children) is known exactly;
* a wage effect: ln wage rises by ``wage_effect * exposure * dose(year)`` where ``dose`` is the
  share of the May estimate's six OEWS panels collected after the treatment date;
* an employment effect, built the same way;
* a usage-wage elasticity: expected AI usage of a SOC occupation is
  ``exp(c + elasticity * ln wage_level) * employment``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..crosswalk.textnorm import normalize_text as norm
from ..econometrics.oews_panels import post_share
from . import text as tx

MAJOR_GROUPS = {
    "11": "Management Occupations",
    "13": "Business and Financial Operations Occupations",
    "15": "Computer and Mathematical Occupations",
    "17": "Architecture and Engineering Occupations",
    "19": "Life, Physical, and Social Science Occupations",
    "21": "Community and Social Service Occupations",
    "23": "Legal Occupations",
    "25": "Educational Instruction and Library Occupations",
    "27": "Arts, Design, Entertainment, Sports, and Media Occupations",
    "29": "Healthcare Practitioners and Technical Occupations",
    "31": "Healthcare Support Occupations",
    "33": "Protective Service Occupations",
    "35": "Food Preparation and Serving Related Occupations",
    "37": "Building and Grounds Cleaning and Maintenance Occupations",
    "39": "Personal Care and Service Occupations",
    "41": "Sales and Related Occupations",
    "43": "Office and Administrative Support Occupations",
    "45": "Farming, Fishing, and Forestry Occupations",
    "47": "Construction and Extraction Occupations",
    "49": "Installation, Maintenance, and Repair Occupations",
    "51": "Production Occupations",
    "53": "Transportation and Material Moving Occupations",
}
# Log wage premium of each major group and its propensity for AI-usable tasks.
WAGE_PREMIUM = {
    "11": 0.55,
    "13": 0.30,
    "15": 0.50,
    "17": 0.40,
    "19": 0.25,
    "21": -0.05,
    "23": 0.55,
    "25": 0.05,
    "27": 0.05,
    "29": 0.35,
    "31": -0.40,
    "33": -0.05,
    "35": -0.60,
    "37": -0.45,
    "39": -0.45,
    "41": -0.20,
    "43": -0.20,
    "45": -0.50,
    "47": -0.05,
    "49": -0.05,
    "51": -0.25,
    "53": -0.30,
}
AI_PROPENSITY = {
    "11": 0.35,
    "13": 0.55,
    "15": 0.65,
    "17": 0.35,
    "19": 0.35,
    "21": 0.30,
    "23": 0.50,
    "25": 0.40,
    "27": 0.45,
    "29": 0.20,
    "31": 0.10,
    "33": 0.10,
    "35": 0.04,
    "37": 0.03,
    "39": 0.10,
    "41": 0.35,
    "43": 0.55,
    "45": 0.03,
    "47": 0.04,
    "49": 0.08,
    "51": 0.06,
    "53": 0.06,
}
ROLES = ("Specialists", "Technicians", "Analysts", "Coordinators", "Operators", "Clerks", "Managers", "Workers")
# Special code structures and the major groups that carry them (the real analogues in brackets).
OEWS_AGGREGATE_MAJORS = ("13", "29", "51")  # O*NET 13-1021/22/23 -> OEWS 13-1020
SPLIT_2010_MAJORS = ("15", "27", "43")  # SOC 2010 code split in 2018; hybrid code in 2019-20
MERGE_2010_MAJORS = ("11", "39")  # two SOC 2010 codes merged in 2018
RECODE_2010_MAJORS = ("17", "25")  # renumbered 1:1
ALL_OTHER_MAJORS = ("11", "13", "19", "21", "25", "29", "39", "43", "47", "51", "53")
HOURLY_ONLY_MAJOR = "27"  # e.g. actors, dancers: only hourly wages published
ANNUAL_ONLY_MAJOR = "25"  # e.g. teachers: only annual wages published
SHARED_STATEMENT_MAJOR = "25"  # postsecondary teachers share statements
HIGH_WAGE_MAJOR = "29"  # physicians: percentiles top-coded
# Plain occupations of a major group: the first 12 in minor groups 1-2 (broad groups 01-06, as
# always); beyond that (scaling benchmarks) minor groups 3-8 x broad groups 10-99, which no
# special code structure uses.
PLAIN_CODES_LOW = 12
EXTRA_MINORS = range(3, 9)
MAX_OCCUPATIONS_PER_MAJOR = PLAIN_CODES_LOW + len(EXTRA_MINORS) * 90


def plain_code(major: str, i: int) -> str:
    """SOC code (detailed digit 1) of the i-th plain occupation of a major group."""
    if i < PLAIN_CODES_LOW:
        return f"{major}-{1 + i % 2}0{1 + i // 2}1"
    j = i - PLAIN_CODES_LOW
    return f"{major}-{EXTRA_MINORS[j % len(EXTRA_MINORS)]}{10 + j // len(EXTRA_MINORS):02d}1"


@dataclass(frozen=True)
class SyntheticSpec:
    """Everything that shapes the synthetic world. Same spec, same bytes."""

    seed: int = 20260115
    onet_release: str = "30.1"
    occupations_per_major: int = 6
    tasks_min: int = 8
    tasks_max: int = 16
    share_untyped_tasks: float = 0.05
    wage_effect: float = -0.05
    employment_effect: float = -0.03
    treatment_date: str = "2022-11-30"
    effect_timing: str = "panel_dose"  # or "sharp": full effect from the first May after the date
    usage_wage_elasticity: float = 1.2
    wage_noise_sd: float = 0.01
    employment_noise_sd: float = 0.02
    base_year: int = 2014
    aei_window: tuple[str, str] = ("2025-11-13", "2025-11-20")
    share_punctuation_variants: float = 0.04
    share_typo_variants: float = 0.04
    n_unmatched_tasks: int = 12

    def __post_init__(self) -> None:
        if not 2 <= self.occupations_per_major <= MAX_OCCUPATIONS_PER_MAJOR:
            raise ValueError(
                f"occupations_per_major must be between 2 and {MAX_OCCUPATIONS_PER_MAJOR} (SOC minor and broad-group "
                "digits)"
            )


@dataclass
class World:
    spec: SyntheticSpec
    occupations: pd.DataFrame  # SOC 2018 detailed occupations (the truth's unit)
    onet: pd.DataFrame  # O*NET-SOC occupations
    tasks: pd.DataFrame  # O*NET task statements with ratings and drawn usage
    aei_texts: pd.DataFrame  # AEI cluster_name -> count (global), with the statement it stems from
    publications: pd.DataFrame  # (system, published code) <- (soc, share)
    panel: pd.DataFrame  # (soc, year) employment and wages before publication
    years: list[int]


def _dose(spec: SyntheticSpec, year: int) -> float:
    if spec.effect_timing == "sharp":
        return float(post_share(year, spec.treatment_date) > 0)
    if spec.effect_timing == "panel_dose":
        return post_share(year, spec.treatment_date)
    raise ValueError(f"effect_timing must be 'panel_dose' or 'sharp', got {spec.effect_timing!r}")


def _occupations(spec: SyntheticSpec, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    # 40 names per major group cover up to 15 occupations per group (the draws, and so the
    # default world, are unchanged); larger worlds draw more
    per_major = max(40, 2 * spec.occupations_per_major + 10)
    domains = iter(tx.domain_words(rng, per_major * len(MAJOR_GROUPS) + 200))

    def add(soc, major, kind, **kw):
        dom = next(domains)
        role = "Teachers, Postsecondary" if major == SHARED_STATEMENT_MAJOR else ROLES[rng.integers(len(ROLES))]
        rows.append(
            dict(
                soc=soc,
                major=major,
                title=f"{dom.capitalize()} {role}",
                domain=dom,
                kind=kind,
                **kw,
            )
        )

    for major in MAJOR_GROUPS:
        k = spec.occupations_per_major
        for i in range(k):
            code = plain_code(major, i)
            add(code, major, "plain")
            if rng.random() < 0.3:
                add(code[:-1] + "2", major, "plain")
        if major in OEWS_AGGREGATE_MAJORS:
            add(f"{major}-1071", major, "oews_aggregate", group=f"{major}-1070")
            add(f"{major}-1072", major, "oews_aggregate", group=f"{major}-1070")
        if major in SPLIT_2010_MAJORS:
            add(f"{major}-1081", major, "split_2010", group=f"{major}-1085")
            add(f"{major}-1082", major, "split_2010", group=f"{major}-1085")
        if major in MERGE_2010_MAJORS:
            add(f"{major}-1091", major, "merge_2010")
        if major in RECODE_2010_MAJORS:
            add(f"{major}-2071", major, "recode_2010")
        if major in ALL_OTHER_MAJORS:
            add(f"{major}-2099", major, "all_other")
    occ = pd.DataFrame(rows)
    for col in ("group",):
        if col not in occ:
            occ[col] = None
    occ["group"] = occ["group"].where(occ["group"].notna(), None)
    occ.loc[occ["kind"] == "all_other", "title"] = [
        f"{MAJOR_GROUPS[m].replace(' Occupations', '')} Workers, All Other"
        for m in occ.loc[occ["kind"] == "all_other", "major"]
    ]
    n = len(occ)
    prem = occ["major"].map(WAGE_PREMIUM).to_numpy()
    occ["ln_wage_level"] = np.log(48_000) + prem + rng.normal(0, 0.22, n)
    high = occ.index[(occ["major"] == HIGH_WAGE_MAJOR) & (occ["kind"] == "plain")][:2]
    occ.loc[high, "ln_wage_level"] = np.log(215_000) + rng.normal(0, 0.05, len(high))
    occ["ln_emp_level"] = np.clip(rng.normal(np.log(110_000), 1.1, n), np.log(1_500), np.log(2_500_000))
    occ["wage_dispersion"] = rng.uniform(0.28, 0.55, n)
    occ["wage_growth"] = occ["major"].map({m: 0.027 + rng.normal(0, 0.006) for m in MAJOR_GROUPS})
    occ["emp_growth"] = occ["major"].map({m: 0.008 + rng.normal(0, 0.01) for m in MAJOR_GROUPS})
    occ["hourly_only"] = False
    occ["annual_only"] = False
    plain = occ["kind"] == "plain"
    occ.loc[occ.index[plain & (occ["major"] == HOURLY_ONLY_MAJOR)][-1], "hourly_only"] = True
    occ.loc[occ.index[plain & (occ["major"] == ANNUAL_ONLY_MAJOR)][-2:], "annual_only"] = True
    occ["has_onet"] = occ["kind"] != "all_other"
    occ["job_zone"] = np.clip(
        np.round(3 + (occ["ln_wage_level"] - np.log(48_000)) * 2.5 + rng.normal(0, 0.5, n)), 1, 5
    ).astype(int)
    return occ.sort_values("soc", kind="stable").reset_index(drop=True)


def _onet(occ: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for r in occ.itertuples():
        if not r.has_onet:
            continue
        n_children = 1
        if r.kind == "plain" and rng.random() < 0.25:
            n_children = int(rng.integers(2, 4))
        for c in range(n_children):
            suffix = f".{c:02d}"
            title = r.title if c == 0 else f"{('Senior', 'Field', 'Lead')[c - 1]} {r.title}"
            rows.append(
                dict(
                    onet_soc_code=r.soc + suffix,
                    soc=r.soc,
                    title=title,
                    major=r.major,
                    domain=r.domain,
                    job_zone=r.job_zone,
                )
            )
    onet = pd.DataFrame(rows)
    p = onet["major"].map(AI_PROPENSITY).to_numpy()
    conc = 6.0
    onet["ai_propensity"] = rng.beta(p * conc + 1e-3, (1 - p) * conc + 1e-3)
    # Some occupations have no AI-usable task at all: they must enter exposure at zero.
    untouched = rng.random(len(onet)) < np.where(p < 0.15, 0.45, 0.05)
    onet.loc[untouched, "ai_propensity"] = 0.0
    return onet


def _tasks(spec: SyntheticSpec, onet: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    seen: set[str] = set()
    task_id = 8000

    for j in onet.itertuples():
        n = int(rng.integers(spec.tasks_min, spec.tasks_max + 1))
        for _ in range(n):
            for _attempt in range(100):
                t = tx.statement(rng, j.domain)
                if norm(t) not in seen:
                    break
            seen.add(norm(t))
            task_id += int(rng.integers(1, 4))
            rows.append(dict(onet_soc_code=j.onet_soc_code, task_id=task_id, task=t, shared_group=-1))
    tasks = pd.DataFrame(rows)
    # Shared statements: the same text rated in several occupations (postsecondary teachers).
    teachers = onet.loc[onet["major"] == SHARED_STATEMENT_MAJOR, "onet_soc_code"].tolist()
    shared_texts = [
        "Advise students on academic and vocational curricula, and on career issues.",
        "Prepare course materials such as syllabi, homework assignments, and handouts.",
        "Evaluate and grade students' class work, assignments, and papers.",
    ]
    extra = []
    for g, t in enumerate(shared_texts):
        members = teachers[: max(2, len(teachers) - g)]
        for code in members:
            task_id += int(rng.integers(1, 4))
            extra.append(dict(onet_soc_code=code, task_id=task_id, task=t, shared_group=g))
    # One statement shared across major groups.
    cross = onet.loc[onet["major"].isin(["11", "13"]), "onet_soc_code"].tolist()[:3]
    for code in cross:
        task_id += int(rng.integers(1, 4))
        extra.append(
            dict(
                onet_soc_code=code,
                task_id=task_id,
                task="Prepare budget reports, using computer software, to control expenses.",
                shared_group=len(shared_texts),
            )
        )
    tasks = pd.concat([tasks, pd.DataFrame(extra)], ignore_index=True)
    tasks = tasks.sort_values(["onet_soc_code", "task_id"], kind="stable").reset_index(drop=True)
    m = len(tasks)
    typed = rng.random(m) >= spec.share_untyped_tasks
    tasks["task_type"] = np.where(typed, np.where(rng.random(m) < 0.76, "Core", "Supplemental"), "n/a")
    tasks.loc[tasks["shared_group"] >= 0, "task_type"] = "Core"
    tasks["rated"] = tasks["task_type"] != "n/a"
    tasks["im"] = np.round(np.clip(rng.normal(3.8, 0.55, m), 1.0, 5.0), 2)
    tasks.loc[tasks["task_type"] == "Supplemental", "im"] = np.round(
        np.clip(rng.normal(3.0, 0.5, (tasks["task_type"] == "Supplemental").sum()), 1.0, 5.0), 2
    )
    tasks["rt"] = np.round(np.clip(rng.normal(80, 18, m), 5, 100), 2)
    tasks["n_raters"] = rng.integers(8, 90, m)
    tasks["recommend_suppress"] = np.where(rng.random(m) < 0.03, "Y", "N")
    tasks["ft"] = list(rng.dirichlet(np.ones(7) * 0.7, m) * 100)
    prop = tasks["onet_soc_code"].map(onet.set_index("onet_soc_code")["ai_propensity"]).to_numpy()
    tasks["ai_able"] = rng.random(m) < prop
    tasks.loc[tasks["shared_group"] >= 0, "ai_able"] = True
    tasks["usage_weight"] = rng.gamma(1.0, 1.0, m)
    tasks["automation_share"] = rng.beta(2.0, 2.0, m)
    return tasks


def _draw_usage(
    spec: SyntheticSpec, occ: pd.DataFrame, onet: pd.DataFrame, tasks: pd.DataFrame, rng: np.random.Generator
) -> None:
    """Poisson AI usage per task; touched = positive count of the task's text."""
    soc = occ.set_index("soc")
    ln_w = soc["ln_wage_level"]
    emp = np.exp(soc["ln_emp_level"])
    # Expected usage of each SOC occupation: exp(c + elasticity * ln w) * employment.
    mu_soc = np.exp(-6.5 + spec.usage_wage_elasticity * (ln_w - np.log(48_000))) * emp
    children = onet.groupby("soc")["onet_soc_code"].count()
    j_soc = tasks["onet_soc_code"].str[:7]
    able_w = tasks["usage_weight"].where(tasks["ai_able"], 0.0)
    denom = able_w.groupby(tasks["onet_soc_code"]).transform("sum").replace(0, np.nan)
    lam = (mu_soc.reindex(j_soc).to_numpy() / children.reindex(j_soc).to_numpy()) * (able_w / denom).fillna(
        0.0
    ).to_numpy()
    tasks["expected_usage"] = lam
    tasks["count"] = rng.poisson(lam)
    text_count = tasks.groupby("task")["count"].transform("sum")
    tasks["text_count"] = text_count
    tasks["n_candidates"] = tasks.groupby("task")["onet_soc_code"].transform("nunique")
    tasks["touched"] = tasks["text_count"] > 0


def _aei_texts(spec: SyntheticSpec, tasks: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """AEI cluster names: lower-cased statements, with punctuation variants, typos, misses.

    Typos and unmatched statements are checked against the statement universe with the
    matching rule the pipeline uses (normalised text, Levenshtein ratio): a typo must match
    its source best (score >= 90) and nothing else at >= 85; an unmatched statement must not
    reach 70 against any statement. Candidates that fail are drawn again (typos fall back to
    exact text), so the planted matches are exactly recoverable.
    """
    from rapidfuzz import fuzz, process

    choices = sorted({norm(t) for t in tasks["task"]})
    per_text = (
        tasks.groupby("task", sort=True)
        .agg(count=("count", "sum"), automation_share=("automation_share", "mean"))
        .reset_index()
    )
    per_text = per_text[per_text["count"] > 0]
    rows = []

    def row(name, count, source, variant, share):
        rows.append(
            dict(
                cluster_name=name, count=int(count), source_task=source, variant=variant, automation_share=float(share)
            )
        )

    for r in per_text.itertuples():
        low = r.task.lower()
        u = rng.random()
        variant = tx.punctuation_variant(low)
        if u < spec.share_punctuation_variants and variant is not None and r.count >= 2:
            k = int(rng.integers(1, r.count))
            row(low, r.count - k, r.task, "exact", r.automation_share)
            row(variant, k, r.task, "punctuation", r.automation_share)
            continue
        if u < spec.share_punctuation_variants + spec.share_typo_variants:
            typo = tx.typo_variant(rng, low)
            # only scores >= 85 can decide (the cutoff lets rapidfuzz skip the rest quickly)
            best = process.extract(norm(typo), choices, scorer=fuzz.ratio, limit=2, score_cutoff=85)
            if best and best[0][0] == norm(r.task) and best[0][1] >= 90 and (len(best) < 2 or best[1][1] < 85):
                row(typo, r.count, r.task, "typo", r.automation_share)
                continue
        row(low, r.count, r.task, "exact", r.automation_share)
    seen = {r["cluster_name"] for r in rows}
    while sum(r["variant"] == "unmatched" for r in rows) < spec.n_unmatched_tasks:
        t = tx.alien_statement(rng).lower()
        if t in seen or process.extractOne(norm(t), choices, scorer=fuzz.ratio, score_cutoff=70) is not None:
            continue
        seen.add(t)
        row(t, rng.integers(1, 400), None, "unmatched", rng.beta(2, 2))
    return pd.DataFrame(rows).sort_values("cluster_name", kind="stable").reset_index(drop=True)


def _publications(occ: pd.DataFrame) -> pd.DataFrame:
    """How each SOC 2018 occupation is published under each OEWS code system."""
    rows = []
    for r in occ.itertuples():
        base = dict(soc=r.soc, major=r.major)
        if r.kind == "oews_aggregate":
            for system in ("soc2010", "hybrid", "soc2018"):
                rows.append(
                    dict(
                        base,
                        system=system,
                        code=r.group,
                        title=f"{r.title.split(' ', 1)[1]} and Related Occupations",
                        share=1.0,
                    )
                )
        elif r.kind == "split_2010":
            pieces = occ.loc[occ["group"] == r.group, "title"].tolist()
            rows.append(dict(base, system="soc2018", code=r.soc, title=r.title, share=1.0))
            rows.append(dict(base, system="hybrid", code=r.soc[:6] + "8", title=" and ".join(pieces), share=1.0))
            rows.append(dict(base, system="soc2010", code=r.group, title=f"{pieces[0]} (SOC 2010)", share=1.0))
        elif r.kind == "merge_2010":
            rows.append(dict(base, system="soc2018", code=r.soc, title=r.title, share=1.0))
            rows.append(dict(base, system="hybrid", code=r.soc, title=r.title, share=1.0))
            rows.append(
                dict(base, system="soc2010", code=r.soc[:6] + "3", title=f"{r.title}, Public Sector", share=0.55)
            )
            rows.append(
                dict(base, system="soc2010", code=r.soc[:6] + "4", title=f"{r.title}, Private Sector", share=0.45)
            )
        elif r.kind == "recode_2010":
            rows.append(dict(base, system="soc2018", code=r.soc, title=r.title, share=1.0))
            rows.append(dict(base, system="hybrid", code=r.soc, title=r.title, share=1.0))
            rows.append(dict(base, system="soc2010", code=r.soc[:6] + "9", title=r.title, share=1.0))
        else:
            for system in ("soc2010", "hybrid", "soc2018"):
                rows.append(dict(base, system=system, code=r.soc, title=r.title, share=1.0))
    return pd.DataFrame(rows)


def exposure_tables(onet: pd.DataFrame, tasks: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """True exposure per O*NET-SOC occupation and per SOC code (pooled over O*NET children)."""
    r = tasks[tasks["rated"]].copy()
    r["touch"] = r["touched"].astype(float)
    r["frac"] = r["touch"] / r["n_candidates"]
    r["im_touch"] = r["im"] * r["touch"]
    r["im_frac"] = r["im"] * r["frac"]
    r["im_rt"] = r["im"] * r["rt"]
    r["im_rt_touch"] = r["im_rt"] * r["touch"]
    r["unamb"] = r["touch"] * (r["n_candidates"] == 1)
    r["im_unamb"] = r["im"] * r["unamb"]
    g = r.groupby("onet_soc_code")
    per = pd.DataFrame(
        {
            "n_rated_tasks": g.size(),
            "total_im": g["im"].sum(),
            "ai_im_binary": g["im_touch"].sum(),
            "ai_im_fractional": g["im_frac"].sum(),
            "ai_im_unambiguous": g["im_unamb"].sum(),
            "total_im_rt": g["im_rt"].sum(),
            "ai_im_rt_binary": g["im_rt_touch"].sum(),
            "n_touched": g["touch"].sum(),
        }
    )
    per["exposure_binary_im"] = per["ai_im_binary"] / per["total_im"]
    per["exposure_fractional_im"] = per["ai_im_fractional"] / per["total_im"]
    per["exposure_unambiguous_im"] = per["ai_im_unambiguous"] / per["total_im"]
    per["exposure_binary_uniform"] = per["n_touched"] / per["n_rated_tasks"]
    per["exposure_binary_im_rt"] = per["ai_im_rt_binary"] / per["total_im_rt"]
    usage = tasks.assign(split=tasks["text_count"] / tasks["n_candidates"]).groupby("onet_soc_code")["split"].sum()
    per["usage_split"] = usage.reindex(per.index).fillna(0.0)
    per = per.reset_index().merge(onet[["onet_soc_code", "soc", "title"]], on="onet_soc_code")
    pooled = per.groupby("soc")[["total_im", "ai_im_binary", "ai_im_fractional", "usage_split"]].sum()
    soc = pd.DataFrame(
        {
            "exposure_binary_im": pooled["ai_im_binary"] / pooled["total_im"],
            "exposure_fractional_im": pooled["ai_im_fractional"] / pooled["total_im"],
            "usage_split": pooled["usage_split"],
        }
    ).reset_index()
    return per, soc


def _panel(
    spec: SyntheticSpec, occ: pd.DataFrame, exposure_soc: pd.DataFrame, years: list[int], rng: np.random.Generator
) -> pd.DataFrame:
    """(SOC, year) employment and mean annual wage with the planted effects."""
    x = occ["soc"].map(exposure_soc.set_index("soc")["exposure_fractional_im"]).fillna(0.0).to_numpy()
    rows = []
    for year in years:
        d = _dose(spec, year)
        t = year - spec.base_year
        ln_w = (
            occ["ln_wage_level"].to_numpy()
            + occ["wage_growth"].to_numpy() * t
            + spec.wage_effect * x * d
            + rng.normal(0, spec.wage_noise_sd, len(occ))
        )
        ln_e = (
            occ["ln_emp_level"].to_numpy()
            + occ["emp_growth"].to_numpy() * t
            + spec.employment_effect * x * d
            + rng.normal(0, spec.employment_noise_sd, len(occ))
        )
        rows.append(
            pd.DataFrame({"soc": occ["soc"], "year": year, "dose": d, "exposure": x, "ln_wage": ln_w, "ln_emp": ln_e})
        )
    return pd.concat(rows, ignore_index=True)


def build_world(spec: SyntheticSpec, years: list[int]) -> World:
    rng = np.random.default_rng(spec.seed)
    occ = _occupations(spec, rng)
    onet = _onet(occ, rng)
    tasks = _tasks(spec, onet, rng)
    _draw_usage(spec, occ, onet, tasks, rng)
    aei = _aei_texts(spec, tasks, rng)
    _, exp_soc = exposure_tables(onet, tasks)
    panel = _panel(spec, occ, exp_soc, sorted(years), rng)
    return World(
        spec=spec,
        occupations=occ,
        onet=onet,
        tasks=tasks,
        aei_texts=aei,
        publications=_publications(occ),
        panel=panel,
        years=sorted(years),
    )
