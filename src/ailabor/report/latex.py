"""Paper tables as LaTeX (booktabs): the same :class:`~ailabor.report.tables.Table` objects as the
markdown and HTML pages, so every cell is the same formatted number.

Each table is a ``table`` float with a caption, a label, a booktabs tabular (``\\toprule``,
``\\midrule``, ``\\bottomrule``) and a note under it saying what the numbers are (the table's
caption sentence, its source file and, when a cell carries stars, the significance levels). In
regression tables (``se_below=True``) a cell ``'-0.0123** (0.0051)'`` becomes the coefficient
with its stars on one line and the standard error in parentheses on the line below.

Text is escaped for LaTeX: the specials ``\\ & % $ # _ { } ~ ^`` and the non-ASCII characters the
tables use (Greek letters, ×, −, en dashes, ...) become LaTeX commands, so the file compiles
with pdflatex and needs only ``\\usepackage{booktabs}``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..provenance import write_text_atomic

SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # not specials, but the default OT1 font encoding prints them as other glyphs
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
# Non-ASCII characters of the tables' text, as LaTeX (text mode).
UNICODE = {
    "×": r"$\times$",
    "−": "$-$",
    "–": "--",
    "—": "---",
    "’": "'",
    "‘": "`",
    "“": "``",
    "”": "''",
    "…": r"\ldots{}",
    "·": r"$\cdot$",
    "≤": r"$\leq$",
    "≥": r"$\geq$",
    "≈": r"$\approx$",
    "→": r"$\rightarrow$",
    "∞": r"$\infty$",
    "²": r"$^{2}$",
    "³": r"$^{3}$",
    "Δ": r"$\Delta$",
    "χ": r"$\chi$",
    "β": r"$\beta$",
    "σ": r"$\sigma$",
    "θ": r"$\theta$",
    "ω": r"$\omega$",
    "φ": r"$\phi$",
    "ρ": r"$\rho$",
    "π": r"$\pi$",
    "λ": r"$\lambda$",
    "η": r"$\eta$",
    "γ": r"$\gamma$",
    "δ": r"$\delta$",
    "κ": r"$\kappa$",
    "μ": r"$\mu$",
    "α": r"$\alpha$",
    "§": r"\S{}",
    "\u00a0": "~",
}
# 'M̄' (M with a combining macron) and the like
MACRON = "\u0304"

# A regression cell: estimate with optional stars, then the SE in parentheses.
EST_SE = re.compile(
    r"^\s*(?P<est>[-−+]?[\d.]+(?:e[-+]\d+)?)(?P<stars>\*{1,3})?\s+\((?P<se>[-−+]?[\d.]+(?:e[-+]\d+)?|–)\)\s*$"
)
STARS_NOTE = r"* $p<0.10$, ** $p<0.05$, *** $p<0.01$."


def escape(text) -> str:
    """``text`` with LaTeX specials escaped and non-ASCII characters written as LaTeX."""
    out = []
    s = unicodedata.normalize("NFC", str(text))
    i = 0
    while i < len(s):
        ch = s[i]
        nxt = s[i + 1] if i + 1 < len(s) else ""
        if nxt == MACRON and ch.isalpha():
            out.append(rf"$\bar{{{ch}}}$")
            i += 2
            continue
        if ch in SPECIALS:
            out.append(SPECIALS[ch])
        elif ch in UNICODE:
            out.append(UNICODE[ch])
        elif ord(ch) < 128:
            out.append(ch)
        else:  # accented letters: their base letter; anything else kept (utf8 input)
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            out.append(base if base.isascii() and base else ch)
        i += 1
    return re.sub(r"(?<!\\)\$\$", "", "".join(out))  # adjacent maths pieces joined


def _stars(s: str) -> str:
    return rf"$^{{{s}}}$" if s else ""


def _is_number(cell: str) -> bool:
    return bool(re.fullmatch(r"[\s\-−+–$]*[\d.,]+(e[+\-]\d+)?[%\s]*(\*{1,3})?|–|-|never|-inf", cell.strip()))


def column_spec(frame) -> str:
    """'l' for columns of words, 'r' for columns of numbers (and the first column always 'l')."""
    spec = []
    for k, col in enumerate(frame.columns):
        cells = [str(v) for v in frame[col]]
        numeric = cells and all(_is_number(c) or EST_SE.match(c) or c.startswith("[") for c in cells)
        spec.append("r" if k > 0 and numeric else "l")
    return "".join(spec)


def _rows(frame, se_below: bool) -> tuple[list[str], bool]:
    """Body rows of ``frame`` (each 'a & b \\\\'), and whether any cell has stars."""
    rows, starred = [], False
    for r in frame.itertuples(index=False):
        cells = [str(v) for v in r]
        first, second = [], []
        for c in cells:
            m = EST_SE.match(c) if se_below else None
            if m:
                starred |= bool(m["stars"])
                first.append(escape(m["est"]) + _stars(m["stars"] or ""))
                second.append(f"({escape(m['se'])})")
            else:
                starred |= bool(re.search(r"\d\*{1,3}(\s|$)", c))
                first.append(escape(c))
                second.append("")
        rows.append(" & ".join(first) + r" \\")
        if any(second):
            rows.append(" & ".join(second) + r" \\")
    return rows, starred


def slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def latex_table(table, *, label: str, se_below: bool = False, note: str = "") -> str:
    """One :class:`~ailabor.report.tables.Table` as a booktabs ``table`` float, labelled
    ``tab:<label>``; ``note`` is added after the table's caption sentence in the note."""
    frame = table.frame
    if frame.shape[1] == 0:
        raise ValueError(f"table {table.title!r} has no columns")
    spec = column_spec(frame)
    head = " & ".join(escape(c) for c in frame.columns) + r" \\"
    body, starred = _rows(frame, se_below)
    notes = " ".join(x for x in (escape(table.caption), escape(note)) if x)
    notes += rf" Source: \texttt{{{escape(table.source)}}}."
    if starred:
        notes += " " + STARS_NOTE
    lines = [
        r"\begin{table}[htbp]",
        r"\centering",
        r"\footnotesize",
        rf"\caption{{{escape(table.title)}}}",
        rf"\label{{tab:{label}}}",
        rf"\begin{{tabular}}{{{spec}}}",
        r"\toprule",
        head,
        r"\midrule",
        *body,
        r"\bottomrule",
        r"\end{tabular}",
        r"\par\smallskip",
        rf"\parbox{{\linewidth}}{{\scriptsize\textit{{Notes:}} {notes}}}",
        r"\end{table}",
    ]
    return "\n".join(lines) + "\n"


def latex_document_fragment(tables, *, prefix: str, title: str, se_below: bool = False) -> str:
    """Every table of a page, for ``\\input{...}`` in a paper (needs ``\\usepackage{booktabs}``)."""
    header = (
        f"% {escape(title)}\n% Generated by ailabor.report.latex from the pipeline's outputs; do not edit.\n"
        "% Needs \\usepackage{booktabs}.\n"
    )
    seen: dict[str, int] = {}
    parts = []
    for t in tables:
        base = f"{slug(prefix)}-{slug(t.title)}"
        seen[base] = seen.get(base, 0) + 1
        lab = base if seen[base] == 1 else f"{base}-{seen[base]}"
        parts.append(latex_table(t, label=lab, se_below=se_below))
    return header + "\n".join(parts)


def write_latex(tables, path: str | Path, *, prefix: str, title: str, se_below: bool = False) -> None:
    """:func:`latex_document_fragment` written atomically to ``path``."""
    write_text_atomic(path, latex_document_fragment(tables, prefix=prefix, title=title, se_below=se_below))


# --- a strict structural check (no LaTeX engine needed) ------------------------------------------

_UNESCAPED = re.compile(r"(?<!\\)[&%#_]|(?<!\\)[~^]")


def _split_cells(row: str) -> list[str]:
    """The cells of a tabular row ``a & b \\\\`` (an escaped ``\\&`` is not a separator)."""
    body = row.rstrip()
    if not body.endswith(r"\\"):
        raise ValueError(f"row does not end with \\\\: {row!r}")
    return re.split(r"(?<!\\)&", body[:-2])


def problems(text: str) -> list[str]:
    """What is wrong with the tables of a generated .tex file: every ``tabular`` must have booktabs
    rules in order (toprule, midrule, bottomrule), every row exactly the declared number of
    columns, no 'nan' cells, no unescaped ``% # _ ~ ^`` in cell text, balanced braces and an even
    number of unescaped ``$``. Empty when the file is well formed."""
    out = []
    blocks = re.findall(r"\\begin\{tabular\}\{([lrc]+)\}\n(.*?)\\end\{tabular\}", text, flags=re.S)
    if not blocks:
        out.append("no tabular environment")
    if text.count(r"\begin{table}") != text.count(r"\end{table}"):
        out.append("unbalanced table environments")
    for k, (spec, body) in enumerate(blocks):
        lines = [x for x in body.split("\n") if x.strip()]
        rules = [x for x in lines if x in (r"\toprule", r"\midrule", r"\bottomrule")]
        if rules != [r"\toprule", r"\midrule", r"\bottomrule"]:
            out.append(f"tabular {k}: booktabs rules {rules}, expected toprule, midrule, bottomrule")
        if lines and (lines[0] != r"\toprule" or lines[-1] != r"\bottomrule"):
            out.append(f"tabular {k}: must start with \\toprule and end with \\bottomrule")
        for row in (x for x in lines if x not in rules):
            try:
                cells = _split_cells(row)
            except ValueError as exc:
                out.append(f"tabular {k}: {exc}")
                continue
            if len(cells) != len(spec):
                out.append(f"tabular {k}: {len(cells)} cells, {len(spec)} declared: {row!r}")
            for c in cells:
                text_part = re.sub(r"\$[^$]*\$", "", c)  # maths may use _ and ^
                if re.search(r"\bnan\b|\bNaN\b|\bNone\b", c):
                    out.append(f"tabular {k}: missing value printed as text in {c!r}")
                bad = _UNESCAPED.findall(text_part.replace(r"\textasciitilde{}", "").replace(r"\textasciicircum{}", ""))
                if bad:
                    out.append(f"tabular {k}: unescaped {bad} in {c!r}")
    for label, chunk in (("braces", text),):
        depth = 0
        for ch, prev in zip(chunk, " " + chunk):
            if prev == "\\":
                continue
            depth += ch == "{"
            depth -= ch == "}"
            if depth < 0:
                break
        if depth != 0:
            out.append(f"unbalanced {label}")
    dollars = len(re.findall(r"(?<!\\)\$", text))
    if dollars % 2:
        out.append("odd number of unescaped $ (unclosed maths)")
    return out
