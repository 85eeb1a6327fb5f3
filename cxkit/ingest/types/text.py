"""Free text (comments) and categories (a channel, a plan, a team): kept as written, cleaned, with cells a
spreadsheet would run as formulas said."""

from __future__ import annotations

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.issues import Issue, issue
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register


def formula_issues(header: str, values: pl.Series) -> list[Issue]:
    """Cells a spreadsheet would run as a formula (``=SUM(``), said once per column."""
    formula = values.str.contains(P.FORMULA_CELL).fill_null(False)
    n = int(formula.sum())
    if not n:
        return []
    example = str(values.filter(formula)[0])[:60]
    return [issue("w_formula_cells", n=n, column=header, example=example)]


def fit(p: ColumnProfile, column: str, column_type: str) -> float:
    if column_type == "text":
        return 1.0 if p.is_free_text else 0.5
    if p.is_free_text and p.unique > 0.5:
        return 0.15
    if (p.is_number and p.unique > 0.5) or p.email >= 0.5:
        return 0.2
    if p.vocab.get("boolean", 0) >= 0.99 and p.distinct <= 3:
        return 0.2  # yes/no is a flag ("International plan: yes"), not a label such as a plan or a channel
    return 1.0


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    result = ColumnRead()
    if ctx.spec.type == "category":
        parsed, formulas = P.parse_category(cells)
        if formulas:
            result.issues.extend(formula_issues(ctx.header, parsed.values.cast(pl.String)))
    else:
        parsed = P.parse_text(cells, cleaned=ctx.cleaned)
        result.issues.extend(formula_issues(ctx.header, parsed.values))
    result.stored.append((ctx.column, ctx.spec, parsed))
    return result


register(TypeDef("text", ("text", "category"), parse, fit, raw_for=("category",),
                 description="free text and categories, kept as written"))
