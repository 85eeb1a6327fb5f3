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


def _cell(value: object) -> str:
    text = str(value)
    return f'"{text}"' if "," in text else text


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    return "\n".join(",".join(_cell(c) for c in row) for row in [header, *rows]).encode()


def test_a_recommend_column_with_a_few_invalid_answers_is_still_a_score_column() -> None:
    """~4 % of the 0–10 answers out of range or fractional: survey answers, the invalid rows listed."""
    rows = [[f"R{i}", f"2024-01-{1 + i % 28:02}", (11 if i % 50 else 7.5) if i % 25 == 0 else i % 11, "ok"]
            for i in range(100)]
    loaded = cxkit.load(_csv(["Response ID", "Date", "How likely are you to recommend us to a friend?", "Comment"],
                             rows), name="nps.csv")
    assert loaded.kind == "responses"
    assert loaded.mapping["nps_score"].startswith("How likely")
    assert loaded.rejected.height == 4 and loaded.frame.height == 96
    assert set(loaded.rejected["row"].to_list()) == {1, 26, 51, 76}


def test_headers_sharing_one_prefix_are_matched_without_it() -> None:
    rows = [[f"T{i}", f"2024-01-{1 + i % 28:02} 10:00", ["Open", "Closed"][i % 2], ["Email", "Phone"][i % 2]]
            for i in range(40)]
    loaded = cxkit.load(_csv(["ticket_number", "ticket_opened", "ticket_state_now", "ticket_via"], rows),
                        name="t.csv")
    assert loaded.kind == "tickets"
    assert loaded.mapping["created_at"] == "ticket_opened"
    assert loaded.mapping["channel"] == "ticket_via"


def test_orders_without_an_amount_are_not_read_as_tickets() -> None:
    """An orders export whose headers share `order_`, with a purchase time and a status but no amount: refused
    as orders without an amount (a reason the user can act on), never tickets opened at the delivery date."""
    rows = [[f"o{i}", f"2024-01-{1 + i % 28:02} 10:{i % 60:02}:00", "delivered", f"2024-02-{1 + i % 28:02}", "web"]
            for i in range(60)]
    data = _csv(["order_id", "order_purchase_timestamp", "order_status", "order_delivered_date", "order_channel"],
                rows)
    with pytest.raises(cxkit.LoadError) as error:
        cxkit.load(data, name="orders.csv")
    assert error.value.code == "missing_required" and "amount" in str(error.value)


def test_a_call_log_without_a_header_row_keeps_its_first_record() -> None:
    rows = [[f"2024-01-{1 + i % 28:02} 10:{i % 60:02}:00", 1000 + i, f"agent{i % 4}", i % 90, 60 + i,
             "ANSWERED" if i % 5 else "ABANDONED"] for i in range(60)]
    data = "\n".join(",".join(str(c) for c in row) for row in rows).encode()
    loaded = cxkit.load(data, name="pbx.csv")
    assert loaded.headers == [f"column {i}" for i in range(1, 7)]
    assert loaded.data_rows == 60 and loaded.frame.height == 60
    assert loaded.kind == "calls"
    assert loaded.mapping["started_at"] == "column 1" and loaded.mapping["outcome"] == "column 6"
    assert any("header row" in w for w in loaded.warnings)


def test_a_first_row_of_words_or_years_stays_the_headers() -> None:
    from cxkit._header_row import first_row_is_data
    frame = pl.DataFrame({"a": ["Date", "2024-01-01", "2024-01-02", "2024-01-03"], "b": ["Wait", "1", "2", "3"]})
    assert not first_row_is_data(frame)
    years = pl.DataFrame({"a": ["2021", "5", "6", "7"], "b": ["2022", "1", "2", "3"]})
    assert not first_row_is_data(years)  # bare years are a report's headers
    data = pl.DataFrame({"a": ["2024-01-01", "2024-01-02", "2024-01-03"], "b": ["9", "1", "2"]})
    assert first_row_is_data(data)


def test_of_two_dates_the_one_with_times_is_when_it_happened() -> None:
    rows = [[f"2024-01-{1 + i % 28:02}", f"2024-01-{1 + i % 28:02} 1{i % 10}:{i % 60:02}:00", i % 11]
            for i in range(60)]
    loaded = cxkit.load(_csv(["Sent date", "Answered date", "Score"], rows), name="s.csv")
    assert loaded.kind == "responses"
    assert loaded.mapping["submitted_at"] == "Answered date"


@pytest.mark.parametrize(("headers", "status"), [
    (["ID do chamado", "Data de abertura", "Data de resolução", "Status"], "Resolvido"),
    (["N° ticket", "Date de création", "Date de résolution", "Statut"], "Résolu"),
    (["Ticketnummer", "Erstellt am", "Gelöst am", "Status"], "Gelöst"),
    (["Numero ticket", "Data di creazione", "Data di risoluzione", "Stato"], "Risolto"),
])
def test_a_resolution_date_in_other_languages_is_the_solved_time(headers: list[str], status: str) -> None:
    rows = [[i, f"2024-01-{1 + i % 20:02} 10:00", f"2024-01-{5 + i % 20:02} 12:00", status] for i in range(40)]
    loaded = cxkit.load(_csv(headers, rows), name="t.csv")
    assert loaded.kind == "tickets"
    assert loaded.mapping["created_at"] == headers[1] and loaded.mapping["solved_at"] == headers[2]
    assert loaded.mapping["status"] == headers[3]
    assert (loaded.frame["status"] == "solved").all()


@pytest.mark.parametrize("team", ["Assigned team", "Equipo asignado", "Équipe", "Team"])
def test_a_team_beside_a_technician_leaves_the_person_as_agent(team: str) -> None:
    rows = [[i, f"2024-01-{1 + i % 20:02} 10:00", f"Team {i % 2}", f"Tech {i % 5}", "Open"] for i in range(40)]
    loaded = cxkit.load(_csv(["Ticket ID", "Created", team, "Technician", "Status"], rows), name="t.csv")
    assert loaded.mapping["agent"] == "Technician"


def test_a_discount_rate_is_not_a_discount_amount() -> None:
    rows = [[i, f"2024-01-{1 + i % 20:02}", 100 + i, (i % 9) / 10] for i in range(40)]
    loaded = cxkit.load(_csv(["Order ID", "Order Date", "Amount", "Discount"], rows), name="o.csv")
    assert loaded.kind == "orders" and "discount_amount" not in loaded.mapping
    amounts = [[i, f"2024-01-{1 + i % 20:02}", 100 + i, 5 + i % 9] for i in range(40)]
    assert cxkit.load(_csv(["Order ID", "Order Date", "Amount", "Discount"], amounts),
                      name="o.csv").mapping["discount_amount"] == "Discount"


@pytest.mark.parametrize("kind", [None, "responses"])
def test_survey_answers_with_scores_and_no_date_load_with_a_warning(kind: str | None) -> None:
    rows = [[i, i % 11, "fine"] for i in range(40)]
    loaded = cxkit.load(_csv(["Respondent", "How likely are you to recommend us?", "Comment"], rows),
                        name="s.csv", kind=kind)  # type: ignore[arg-type]
    assert loaded.kind == "responses" and loaded.frame.height == 40
    assert "submitted_at" not in loaded.frame.columns
    assert any("no column for when each answer" in w for w in loaded.warnings)
    spanish = cxkit.load(_csv(["Respondent", "How likely are you to recommend us?", "Comment"], rows),
                         name="s.csv", lang="es")
    assert any("fecha de cada respuesta" in w for w in spanish.warnings)


@pytest.mark.parametrize(("headers", "status"), [
    (["Numéro de ticket", "Date de création", "Statut", "Canal", "Technicien"], "Fermé"),
    (["Ticketnummer", "Erstellungsdatum", "Status", "Kanal", "Bearbeiter"], "Geschlossen"),
    (["Numero ticket", "Data di creazione", "Stato", "Canale", "Operatore"], "Chiuso"),
])
def test_french_german_and_italian_headers(headers: list[str], status: str) -> None:
    rows = [[i, f"2024-01-{1 + i % 20:02} 10:00", status, "Email", f"P{i % 3}"] for i in range(40)]
    loaded = cxkit.load(_csv(headers, rows), name="t.csv")
    assert loaded.kind == "tickets"
    assert loaded.mapping == {"ticket_id": headers[0], "created_at": headers[1], "status": headers[2],
                              "channel": headers[3], "agent": headers[4]}
    assert (loaded.frame["status"] == "closed").all()


@pytest.mark.parametrize(("headers", "kind"), [
    (["Horodateur", "Quelle est la probabilité que vous nous recommandiez ?", "Commentaire"], "responses"),
    (["Zeitstempel", "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?", "Kommentar"], "responses"),
    (["Informazioni cronologiche", "Quanto è probabile che ci raccomandi?", "Commento"], "responses"),
])
def test_survey_headers_in_french_german_and_italian(headers: list[str], kind: str) -> None:
    rows = [[f"2024-01-{1 + i % 20:02} 10:{i % 60:02}", i % 11, "bien"] for i in range(40)]
    loaded = cxkit.load(_csv(headers, rows), name="s.csv")
    assert loaded.kind == kind
    assert loaded.mapping["submitted_at"] == headers[0] and loaded.mapping["nps_score"] == headers[1]
    assert loaded.mapping.get("comment") == headers[2]


def test_loaded_decisions_carry_confidence_and_runner_up() -> None:
    rows = [[f"R{i}", f"2024-01-{1 + i % 28:02} 10:00", i % 11, "fine"] for i in range(40)]
    data = _csv(["Response ID", "Submitted at", "How likely are you to recommend us?", "Comment"], rows)
    loaded = cxkit.load(data, name="s.csv")
    kind = loaded.decisions["kind"]
    assert kind.choice == "responses" and kind.confidence == loaded.kind_confidence
    assert kind.evidence == "evidence" and kind.runner_up in (None, "tickets", "customers", "orders", "calls")
    assert set(loaded.decisions) == {"kind", *loaded.mapping}
    for column, header in loaded.mapping.items():
        decision = loaded.decisions[column]
        assert decision.choice == header and 0 <= decision.confidence <= 1
    # what the user chose is sure
    mapped = cxkit.load(data, name="s.csv", kind="responses", mapping={"comment": "Response ID"})
    assert mapped.decisions["kind"].evidence == "user" and mapped.decisions["kind"].confidence == 1.0
    assert mapped.decisions["comment"].evidence == "user" and mapped.decisions["comment"].confidence == 1.0


def test_a_column_with_a_close_second_has_low_confidence_and_names_it() -> None:
    rows = [[i, f"2024-01-{1 + i % 20:02} 10:00", ["Email", "Chat"][i % 2], ["Web", "App"][i % 2]]
            for i in range(40)]
    loaded = cxkit.load(_csv(["Ticket ID", "Created", "Channel", "Source"], rows), name="t.csv")
    channel = loaded.decisions["channel"]
    assert channel.choice == "Channel" and channel.runner_up == "Source" and channel.confidence < 0.2


@pytest.mark.parametrize(("lang", "words"), [("en", "evidence for it is weak"), ("es", "indicios son débiles")])
def test_a_kind_decided_on_weak_evidence_is_said_in_plain_words(lang: str, words: str) -> None:
    weak = _csv(["Date", "Score"], [[f"2024-01-{1 + i % 28:02} 10:00", i % 11] for i in range(40)])
    loaded = cxkit.load(weak, name="w.csv", lang=lang)  # type: ignore[arg-type]
    assert loaded.decisions["kind"].confidence < 0.3 or loaded.decisions["kind"].score < 3
    assert any(words in w for w in loaded.warnings)
    # the user's own choice of kind is not questioned
    chosen = cxkit.load(weak, name="w.csv", lang=lang, kind="responses")  # type: ignore[arg-type]
    assert not any(words in w for w in chosen.warnings)
    # nor is a kind with strong evidence
    strong = _csv(["Response ID", "Submitted at", "How likely are you to recommend us?", "Comment"],
                  [[f"R{i}", f"2024-01-{1 + i % 28:02} 10:00", i % 11, "fine"] for i in range(40)])
    assert not any(words in w for w in cxkit.load(strong, name="s.csv", lang=lang).warnings)  # type: ignore[arg-type]


@pytest.mark.parametrize(("extra", "fee"), [("Extra monthly charge", "Monthly fee"), ("Roaming charge", "Plan price"),
                                            ("Cargo adicional mensual", "Cuota mensual")])
def test_a_secondary_charge_is_not_the_monthly_fee(extra: str, fee: str) -> None:
    rows = [[f"C{i}", f"2024-01-{1 + i % 28:02}", ["Yes", "No"][i % 2], 5, 30 + i % 7] for i in range(40)]
    for order in ([extra, fee], [fee, extra]):
        header = ["Customer ID", "Start date", "Churn", *order]
        cells = [[*r[:3], *(r[3:] if order[0] == extra else r[:2:-1])] for r in rows]
        loaded = cxkit.load(_csv(header, cells), name="c.csv")
        assert loaded.kind == "customers" and loaded.mapping["mrr"] == fee
        assert loaded.mapping.get("plan") != fee
