"""Synthetic O*NET-style task statements.

Statements are built from small vocabularies so that they read like O*NET tasks, are unique
after the seed project's normalisation, and stay far apart under Levenshtein similarity, so
that a planted typo is matched back to its source and nothing else.
"""

from __future__ import annotations

import numpy as np

VERBS = (
    "Prepare",
    "Review",
    "Coordinate",
    "Inspect",
    "Analyze",
    "Maintain",
    "Schedule",
    "Monitor",
    "Evaluate",
    "Operate",
    "Document",
    "Negotiate",
    "Calibrate",
    "Design",
    "Advise",
    "Assemble",
    "Compile",
    "Train",
    "Estimate",
    "Investigate",
    "Install",
    "Repair",
    "Supervise",
    "Test",
    "Record",
    "Process",
    "Develop",
    "Present",
)
OBJECTS = (
    "budget reports",
    "safety procedures",
    "client accounts",
    "equipment logs",
    "inventory records",
    "production schedules",
    "contract terms",
    "quality samples",
    "project plans",
    "maintenance requests",
    "customer complaints",
    "shipping documents",
    "training materials",
    "patient charts",
    "legal filings",
    "survey data",
    "marketing campaigns",
    "network configurations",
    "construction drawings",
    "laboratory results",
    "payroll records",
    "insurance claims",
    "loan applications",
    "lesson plans",
    "food orders",
    "vehicle routes",
    "electrical systems",
    "software releases",
    "grant proposals",
    "court records",
)
PURPOSES = (
    "to ensure compliance with regulations",
    "to identify cost savings",
    "to meet production targets",
    "to resolve operational problems",
    "to improve service quality",
    "to support management decisions",
    "to reduce safety hazards",
    "to verify accuracy",
    "to plan future work",
    "to inform stakeholders",
    "to maintain accurate records",
    "to control expenses",
)
MANNERS = (
    "using computer software",
    "with other departments",
    "according to standard procedures",
    "in consultation with supervisors",
    "using specialized instruments",
    "during regular inspections",
    "for senior staff",
    "using statistical methods",
)
# Words that never occur in O*NET-like statements: unmatched AEI tasks use these.
ALIEN = (
    "orbital",
    "quantum",
    "glacier",
    "volcano",
    "meteor",
    "tapestry",
    "origami",
    "falconry",
    "submarine",
    "lighthouse",
    "telescope",
    "carnival",
    "harpsichord",
    "nebula",
    "aurora",
    "tundra",
    "coral",
    "zeppelin",
    "kaleidoscope",
    "labyrinth",
)


def domain_words(rng: np.random.Generator, n: int) -> list[str]:
    """Pseudo-words naming each occupation's domain (unique, pronounceable)."""
    cons = "bcdfghjklmnprstvz"
    vows = "aeiou"
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        syl = int(rng.integers(2, 4))
        w = "".join(cons[rng.integers(len(cons))] + vows[rng.integers(len(vows))] for _ in range(syl))
        w += cons[rng.integers(len(cons))]
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def statement(rng: np.random.Generator, domain: str) -> str:
    verb = VERBS[rng.integers(len(VERBS))]
    obj = OBJECTS[rng.integers(len(OBJECTS))]
    purpose = PURPOSES[rng.integers(len(PURPOSES))]
    if rng.random() < 0.5:
        manner = MANNERS[rng.integers(len(MANNERS))]
        return f"{verb} {domain} {obj}, {manner}, {purpose}."
    return f"{verb} {domain} {obj} {purpose}."


def alien_statement(rng: np.random.Generator) -> str:
    words = rng.choice(ALIEN, size=4, replace=False)
    return f"Catalogue {words[0]} {words[1]} beside the {words[2]} {words[3]}."


def punctuation_variant(text: str) -> str | None:
    """Drop the first comma (AEI strings often differ from O*NET only in punctuation)."""
    if "," not in text:
        return None
    i = text.index(",")
    return text[:i] + text[i + 1 :]


def typo_variant(rng: np.random.Generator, text: str) -> str:
    """Delete one letter in the middle of a word: a fuzzy, not an exact, match."""
    letters = [i for i, c in enumerate(text) if c.isalpha() and 5 < i < len(text) - 5]
    i = letters[int(rng.integers(len(letters)))]
    return text[:i] + text[i + 1 :]
