"""General import rules, each shown on a small file built here (a class of exports, not one file): Excel clock
cells, status words in six languages and shortened, a scored log of contacts read as contacts."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import polars as pl
import pytest
import xlsxwriter

import cxkit
from cxkit._excel_time import clock_cells, is_clock_column
from cxkit.status_words import status_by_stem


def _workbook(rows: list[list[object]], formats: dict[int, str]) -> bytes:
    """A workbook whose columns are written with Excel's own number formats (time cells are fractions of a day)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("calls")
    styles = {i: book.add_format({"num_format": f}) for i, f in formats.items()}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if r and c in styles:
                sheet.write_datetime(r, c, value, styles[c]) if isinstance(value, (datetime, time, timedelta)) \
                    else sheet.write(r, c, value, styles[c])
            else:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def test_excel_time_of_day_joins_the_date_and_duration_cells_are_seconds() -> None:
    """A time-of-day cell beside a date column and an h:mm:ss duration cell: read as one start time and as
    seconds, not as dates of 1899 (which rejected every row)."""
    rows: list[list[object]] = [["Call ID", "Agent", "Date", "Time", "Wait (s)", "Talk duration"]]
    for i in range(30):
        rows.append([f"C{i:03}", ["Ana", "Luis"][i % 2], f"2024-03-{1 + i % 9:02}", time(8 + i % 9, i % 60, 5),
                     10 + i, timedelta(minutes=2, seconds=i)])
    data = _workbook(rows, {3: "hh:mm:ss", 5: "[h]:mm:ss"})
    loaded = cxkit.load(data, name="calls.xlsx")
    assert loaded.kind == "calls"
    assert loaded.rejected.height == 0
    first = loaded.frame.sort("call_id").row(0, named=True)
    assert first["started_at"] == datetime(2024, 3, 1, 8, 0, 5)
    assert first["talk_seconds"] == pytest.approx(120.0)
    assert loaded.frame["talk_seconds"].max() == pytest.approx(149.0)


def test_clock_columns_are_only_those_on_excel_day_zero() -> None:
    clocks = pl.Series("t", [datetime(1899, 12, 31, 9, 12, 58), datetime(1899, 12, 30, 0, 2, 3), None])
    assert is_clock_column(clocks)
    durations, text = clock_cells(clocks)
    assert text.to_list() == ["09:12:58", "00:02:03", None]
    assert durations.dt.total_seconds().to_list() == [33178, 123, None]
    assert not is_clock_column(pl.Series("d", [datetime(1899, 12, 31, 9), datetime(2024, 1, 1)]))
    assert not is_clock_column(pl.Series("d", [date(2024, 1, 1)]))


@pytest.mark.parametrize(("word", "status"), [
    ("RESOL", "solved"), ("Resolv.", "solved"), ("résolu", "solved"), ("gelöst", "solved"), ("Risolto", "solved"),
    ("CLSD", "closed"), ("Fech.", "closed"), ("Fermé", "closed"), ("Geschlossen", "closed"), ("Chiuso", "closed"),
    ("Cerrado", "closed"), ("Fechado", "closed"), ("En attente", "pending"), ("In attesa", "pending"),
    ("In Bearbeitung", "open"), ("Ouvert", "open"), ("Aperto", "open"), ("Offen", "open"), ("Nuovo", "new"),
])
def test_status_words_by_stem_and_abbreviation(word: str, status: str) -> None:
    from cxkit._parse import fold
    assert status_by_stem(fold(word)) == status


def test_status_words_that_disagree_or_are_unknown_stay_text() -> None:
    assert status_by_stem("pending resolution") is None
    assert status_by_stem("michigan") is None
    assert status_by_stem("escalated to tier 2") is None


def test_shortened_and_foreign_statuses_count_as_done_and_unknown_ones_are_listed() -> None:
    statuses = ["RESOL", "OPEN", "CLSD", "Geschlossen", "Risolto", "Escalated"] * 5
    lines = ["CASE ID,CREATION DATE,STATUS"] + [f"{100 + i},2024-01-{1 + i % 28:02} 10:00,{s}"
                                                 for i, s in enumerate(statuses)]
    loaded = cxkit.load("\n".join(lines).encode(), name="requests.csv")
    assert loaded.kind == "tickets"
    counts = dict(loaded.frame.group_by("status").len().iter_rows())
    assert counts["solved"] == 10 and counts["closed"] == 10 and counts["open"] == 5
    assert counts[None] == 5  # 'Escalated' stays its own text, counted and listed
    unknown = loaded.frame.filter(pl.col("status").is_null())["status_text"]
    assert unknown.to_list() == ["Escalated"] * 5
    assert any("Escalated" in w for w in loaded.warnings)


def _contact_log(n: int = 60) -> bytes:
    lines = ["id,customer_name,sentiment,csat_score,contact_date,reason,channel,response_time,handling minutes,team"]
    for i in range(n):
        lines.append(f"X{i:05}Q,Name {i},{['Positive', 'Negative', 'Neutral'][i % 3]},{'' if i % 4 else 1 + i % 10},"
                     f"{1 + i % 12}/{1 + i % 28}/2023,{['Billing', 'Outage'][i % 2]},{['Email', 'Chat', 'Phone'][i % 3]},"
                     f"{['Within SLA', 'Above SLA'][i % 2]},{5 + i % 20},{['North', 'South'][i % 2]}")
    return "\n".join(lines).encode()


def test_a_scored_log_of_contacts_is_contacts_not_survey_answers() -> None:
    """A channel, an SLA band and a handling time beside a satisfaction score: tickets, not survey answers."""
    loaded = cxkit.load(_contact_log(), name="contacts.csv")
    assert loaded.kind in ("tickets", "calls"), loaded.mapping


def test_a_survey_with_a_channel_is_still_survey_answers() -> None:
    """One contact-like column (where the survey was answered) does not make a survey a contact log."""
    lines = ["Response ID,Submitted at,How likely are you to recommend us?,Channel,Comment"]
    lines += [f"R{i},2024-02-{1 + i % 28:02} 09:{i % 60:02},{i % 11},{['Email', 'Web'][i % 2]},fine {i}"
              for i in range(40)]
    loaded = cxkit.load("\n".join(lines).encode(), name="survey.csv")
    assert loaded.kind == "responses"
