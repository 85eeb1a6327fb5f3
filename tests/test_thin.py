"""Thin data: the ``thin`` flags of the rate functions against counts made another way (plain Python), edge
cases, a property (thin ⇔ denominator < THIN_BELOW), exit-only columns, and the churn page's notes in
Spanish."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxkit
from cxkit.thin import THIN_BELOW, churn_reasons, exit_only_columns, is_thin, thin_expr
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def customers() -> pl.DataFrame:
    return cxkit.load(SAMPLE / "suscripciones_stripe.csv").frame


def month(d: dt.datetime | dt.date) -> dt.date:
    return dt.date(d.year, d.month, 1)


def test_threshold_and_scalar_helper() -> None:
    assert THIN_BELOW == 30
    assert is_thin(0) and is_thin(29) and is_thin(29.5) and not is_thin(30) and not is_thin(1000)
    assert is_thin(None) and is_thin(math.nan)


def test_thin_expr_on_nulls_zero_and_nan() -> None:
    frame = pl.DataFrame({"n": [None, 0, 29, 30, 31]}, schema={"n": pl.Int64})
    assert frame.select(thin_expr("n"))["n"].to_list() == [True, True, True, False, False]
    floats = pl.DataFrame({"n": [math.nan, 30.0, None]})
    assert floats.select(thin_expr(pl.col("n")).alias("t"))["t"].to_list() == [True, False, True]
    assert pl.DataFrame({"n": []}, schema={"n": pl.Int64}).select(thin_expr("n")).height == 0
    assert pl.DataFrame({"n": [None, None]}, schema={"n": pl.Int64}).select(thin_expr("n"))["n"].to_list() == [True] * 2


def reference_churn(frame: pl.DataFrame, months: list[dt.date]) -> dict[dt.date, tuple[int, int]]:
    """Customers at each month's start and sign-ups in it, counted customer by customer in plain Python."""
    first: dict[str, dt.datetime] = {}
    last: dict[str, dt.datetime | None] = {}
    for cid, acquired, churned in frame.select("customer_id", "acquired_at", "churned_at").iter_rows():
        if acquired is None:
            continue
        first[cid] = min(first.get(cid, acquired), acquired)
        if cid not in last:
            last[cid] = churned
        elif last[cid] is not None:
            last[cid] = None if churned is None else max(churned, last[cid])  # type: ignore[type-var]
    out = {}
    for m in months:
        start = dt.datetime.combine(m, dt.time())
        at_start = sum(1 for c, a in first.items() if a < start and (last[c] is None or max(last[c], a) >= start))
        signups = sum(1 for a in first.values() if month(a) == m)
        out[m] = (at_start, signups)
    return out


def test_churn_flags_match_a_plain_count(customers: pl.DataFrame) -> None:
    small = customers.filter(pl.col("plan") == "Premium").head(200)
    table = cxkit.churn(small)
    expected = reference_churn(small, table["period"].to_list())
    assert table.height > 0
    for row in table.iter_rows(named=True):
        at_start, signups = expected[row["period"]]
        assert row["customers_start"] == at_start, row["period"]
        assert row["acquired"] == signups, row["period"]
        assert row["thin"] is (at_start < THIN_BELOW)
        assert row["thin_acquired"] is (signups < THIN_BELOW)
    assert table["thin"].any() and table["thin_acquired"].any()


def test_churn_by_segment_flags_each_segment(customers: pl.DataFrame) -> None:
    table = cxkit.churn(customers, by="plan")
    assert table.select((pl.col("thin") == (pl.col("customers_start") < THIN_BELOW)).all()).item()
    assert table.select((pl.col("thin_acquired") == (pl.col("acquired") < THIN_BELOW)).all()).item()


def test_cohort_and_curve_flags_match_plain_counts(customers: pl.DataFrame) -> None:
    small = customers.sample(300, seed=1)
    cohorts = cxkit.cohort_retention(small)
    sizes = Counter(month(a) for a in small.group_by("customer_id").agg(pl.col("acquired_at").min())["acquired_at"])
    for cohort, size, flag in cohorts.select("cohort", "cohort_size", "thin").iter_rows():
        assert size == sizes[cohort] and flag is (sizes[cohort] < THIN_BELOW)
    curve = cxkit.retention_curve(small)
    by_age: Counter[int] = Counter()
    for age, size in cohorts.select("age", "cohort_size").iter_rows():
        by_age[age] += size
    for age, flag in curve.select("age", "thin").iter_rows():
        assert flag is (by_age[age] < THIN_BELOW)
    assert curve["thin"].any()


def test_survival_flags_where_few_remain_at_risk(customers: pl.DataFrame) -> None:
    curve = cxkit.survival(customers, by="plan")
    tenure = cxkit.lifetimes(customers)
    for plan, t, at_risk, flag in curve.select("plan", "tenure", "at_risk", "thin").iter_rows():
        counted = tenure.filter((pl.col("plan") == plan) & (pl.col("tenure") >= t)).height
        assert at_risk == counted and flag is (counted < THIN_BELOW)
    assert curve["thin"].any() and not curve["thin"].all()


def test_churn_share_and_growth_flags(customers: pl.DataFrame) -> None:
    share = cxkit.churn_share(customers.head(100), by="region (metadata)")
    counts = Counter(customers.head(100)["region (metadata)"].to_list())
    for region, flag in share.select("region (metadata)", "thin").iter_rows():
        assert flag is (counts[region] < THIN_BELOW)
    growth = cxkit.growth_accounting(customers)
    assert growth.select((pl.col("thin") == (pl.col("churned") < THIN_BELOW)).all()).item()


def test_empty_frames_and_one_group(customers: pl.DataFrame) -> None:
    empty = customers.head(0)
    for table in (cxkit.churn(empty), cxkit.cohort_retention(empty), cxkit.retention_curve(empty),
                  cxkit.survival(empty), cxkit.growth_accounting(empty)):
        assert table.height == 0 and table.schema["thin"] == pl.Boolean
    assert cxkit.churn(empty).schema["thin_acquired"] == pl.Boolean
    one = cxkit.churn_share(customers.with_columns(pl.lit("all").alias("g")), by="g")
    assert one.height == 1 and one["thin"].to_list() == [False]
    few = cxkit.churn_share(customers.head(5), by="plan")
    assert few["thin"].all()
    assert churn_reasons(empty)["churned"].to_list() == [0] and churn_reasons(empty)["thin"].to_list() == [True]


def test_zero_denominators_are_thin_and_their_rate_is_null(customers: pl.DataFrame) -> None:
    table = cxkit.churn(customers)
    first = table.row(0, named=True)
    assert first["customers_start"] == 0 and first["churn_rate"] is None and first["thin"] is True
    nobody = pl.DataFrame({"customer_id": ["a"], "acquired_at": [dt.datetime(2025, 1, 5)],
                           "churned_at": [dt.datetime(2025, 3, 5)]})
    table = cxkit.churn(nobody)
    february = table.filter(pl.col("period") == dt.date(2025, 2, 1)).row(0, named=True)
    assert february["acquired"] == 0 and february["lost_per_acquired"] is None and february["thin_acquired"]


def test_all_null_dates_give_an_empty_flagged_table() -> None:
    frame = pl.DataFrame({"customer_id": ["a", "b"], "acquired_at": [None, None], "churned_at": [None, None]},
                         schema={"customer_id": pl.String, "acquired_at": pl.Datetime, "churned_at": pl.Datetime})
    table = cxkit.churn(frame)
    assert table.height == 0 and "thin" in table.columns


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 17), st.one_of(st.none(), st.integers(0, 20)), st.sampled_from("AB")),
                min_size=0, max_size=120))
def test_thin_if_and_only_if_the_denominator_is_small(rows: list[tuple[int, int | None, str]]) -> None:
    base = dt.datetime(2024, 1, 1)
    frame = pl.DataFrame(
        {"customer_id": [f"c{i}" for i in range(len(rows))],
         "acquired_at": [base + dt.timedelta(days=20 * a) for a, _, _ in rows],
         "churned_at": [None if c is None else base + dt.timedelta(days=20 * a + 15 * c) for a, c, _ in rows],
         "segment": [s for _, _, s in rows]},
        schema={"customer_id": pl.String, "acquired_at": pl.Datetime, "churned_at": pl.Datetime, "segment": pl.String})
    for table in (cxkit.churn(frame), cxkit.churn(frame, by="segment")):
        assert table.select((pl.col("thin") == (pl.col("customers_start") < THIN_BELOW)).all()).item() is True
        assert table.select((pl.col("thin_acquired") == (pl.col("acquired") < THIN_BELOW)).all()).item() is True
    share = cxkit.churn_share(frame, by="segment")
    assert share.select((pl.col("thin") == (pl.col("customers") < THIN_BELOW)).all()).item() is True
    cohorts = cxkit.cohort_retention(frame)
    assert cohorts.select((pl.col("thin") == (pl.col("cohort_size") < THIN_BELOW)).all()).item() is True
    reasons = churn_reasons(frame.with_columns(pl.when(pl.col("churned_at").is_not_null()).then(pl.lit("r"))
                                               .alias("reason")), by="reason")
    churned = sum(1 for _, c, _ in rows if c is not None)
    assert reasons["churned"].sum() == churned
    assert reasons["thin"].to_list() == [churned < THIN_BELOW] * reasons.height


def test_exit_only_columns_and_reasons(customers: pl.DataFrame) -> None:
    assert set(exit_only_columns(customers)) == {"Cancellation Reason", "Canceled At (UTC)"}
    assert "plan" not in exit_only_columns(customers) and "region (metadata)" not in exit_only_columns(customers)
    reasons = churn_reasons(customers, by="Cancellation Reason")
    expected = Counter(r for r, c in customers.select("Cancellation Reason", "churned_at").iter_rows() if c is not None)
    assert dict(reasons.select("Cancellation Reason", "churned").iter_rows()) == dict(expected)
    assert reasons["share_of_churned"].sum() == pytest.approx(1.0)
    assert "churn_share" not in reasons.columns and "churn_rate" not in reasons.columns
    snapshot = pl.DataFrame({"customer_id": ["a", "b", "c"], "churned": [True, False, True],
                             "why": ["price", None, None], "plan": ["x", "y", "x"]})
    assert exit_only_columns(snapshot) == ["why"]
    everyone_left = snapshot.with_columns(pl.lit(True).alias("churned"))
    assert exit_only_columns(everyone_left) == []
    assert exit_only_columns(snapshot.head(0)) == []
    with pytest.raises(cxkit.MetricError):
        exit_only_columns(pl.DataFrame({"customer_id": ["a"]}))


# --- the churn page ---------------------------------------------------------------------------------------


def thin_upload() -> bytes:
    """Customers joining 40 a month through 2025, 2 sign-ups in March 2026 while 6 leave; a cancellation
    reason filled only for those who left."""
    lines = ["customer_id,acquired_at,churned_at,plan,Cancellation Reason"]
    n = 0
    for m in range(1, 13):
        for i in range(40):
            churned = f"2026-03-{1 + i % 20:02d}" if (m == 2 and i < 6) else (
                f"2025-{min(m + 2, 12):02d}-20" if i % 10 == 0 and m < 11 else "")
            reason = ("price" if i % 2 else "service") if churned else ""
            lines.append(f"c{n}@x.es,2025-{m:02d}-{1 + i % 27:02d},{churned},{'Pro' if i % 3 else 'Basic'},{reason}")
            n += 1
    for i in range(40):
        lines.append(f"c{n}@x.es,2026-01-{1 + i % 27:02d},,Pro,")
        n += 1
    for i in range(40):
        lines.append(f"c{n}@x.es,2026-02-{1 + i % 27:02d},,Pro,")
        n += 1
    for i in range(2):
        lines.append(f"c{n}@x.es,2026-03-0{1 + i},,Pro,")
        n += 1
    return "\n".join(lines).encode()


def test_the_upload_has_a_thin_month() -> None:
    table = cxkit.load_bytes(thin_upload(), "clientes.csv").frame
    march = cxkit.churn(table).filter(pl.col("period") == dt.date(2026, 3, 1)).row(0, named=True)
    assert march["acquired"] == 2 and march["thin_acquired"] and march["lost_per_acquired"] > 1
    assert exit_only_columns(table) == ["Cancellation Reason"]


def test_the_churn_page_says_in_spanish_where_the_data_is_thin() -> None:
    from streamlit.testing.v1 import AppTest

    from tests.test_app import APP

    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.sidebar.radio(key="lang").set_value("es").run()
    at.switch_page("views/page_data.py").run()
    at.file_uploader(key="uploader").set_value([("clientes.csv", thin_upload(), "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page("views/page_churn.py").run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    assert any("Solo 2 altas en marzo de 2026" in c and "el cociente bajas ÷ altas no es fiable" in c
               for c in captions), captions
    # the cancellation reason is shown as reasons among those who left, never as a churn rate by it
    assert "Por qué se fueron" in [s.value for s in at.subheader]
    segment_boxes = [s for s in at.selectbox if "Cancellation Reason" in [str(o) for o in s.options]]
    assert segment_boxes == [], [s.options for s in segment_boxes]
    tables = [d.value for d in at.dataframe]
    reasons = [t for t in tables if "Cancellation Reason" in t.columns]
    assert reasons and all("churn_rate" not in t.columns and "churn_share" not in t.columns for t in reasons)
    assert any("No es una tasa de bajas" in c for c in captions)


def test_the_growth_tab_says_where_the_quick_ratio_rests_on_few_departures() -> None:
    from streamlit.testing.v1 import AppTest

    from tests.test_app import APP

    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    at.sidebar.radio(key="lang").set_value("es").run()
    at.switch_page("views/page_beyond.py").run()
    assert not at.exception, [e.value for e in at.exception]
    notes = [c.value for c in at.caption if "quick ratio (ganados ÷ perdidos) no es fiable" in c.value]
    growth = cxkit.growth_accounting(cxkit.load(SAMPLE / "suscripciones_stripe.csv").frame)
    first = growth.filter(pl.col("quick_ratio").is_not_null() & (pl.col("churned") < 30)).row(0, named=True)
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
              "noviembre", "diciembre"]
    said = f"Solo {first['churned']} {'baja' if first['churned'] == 1 else 'bajas'} en " \
           f"{months[first['period'].month - 1]} de {first['period'].year}"
    assert notes and notes[0].startswith(said), (said, notes)


def test_notes_in_both_languages() -> None:
    from ui import thin as notes
    from ui.i18n import language

    table = cxkit.churn(cxkit.load_bytes(thin_upload(), "clientes.csv").frame)
    with language("es"):
        assert notes.fmt_period(dt.date(2026, 3, 1)) == "marzo de 2026"
        assert notes.fmt_period(dt.date(2026, 4, 1), "1q") == "T2 2026"
    with language("pt"):  # CLDR's month-year pattern of each language, "de" included
        assert notes.fmt_period(dt.date(2024, 2, 1)) == "fevereiro de 2024"
    with language("es"):
        said = notes.acquired_note(table, "1mo")
        assert said is not None and said.startswith("Solo 2 altas en marzo de 2026: el cociente bajas ÷ altas no es fiable")
        share = pl.DataFrame({"g": ["Islas", "Norte"], "responses": [12, 300], "small_sample": [True, False]})
        assert notes.groups_note(share, group="g", count="responses", flag="small_sample", answers=True) == (
            "Pocas respuestas en Islas (12): ahí la puntuación no es fiable (menos de 30; en trazo tenue).")
    with language("en"):
        said = notes.acquired_note(table, "1mo")
        assert said is not None and said.startswith("Only 2 sign-ups in March 2026: the lost ÷ acquired ratio")
        many = pl.DataFrame({"period": [dt.date(2025, m, 1) for m in range(1, 7)], "acquired": [1, 2, 3, 4, 5, 6],
                             "lost_per_acquired": [1.0] * 6, "thin_acquired": [True] * 6})
        said = notes.acquired_note(many, "1mo")
        assert said is not None and "1 sign-up in January 2025" in said and "and 3 more" in said
        assert notes.acquired_note(many.with_columns(pl.lit(False).alias("thin_acquired")), "1mo") is None
        assert notes.acquired_note(many.clear(), "1mo") is None
