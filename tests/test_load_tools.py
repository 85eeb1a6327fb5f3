"""Each real tool's export format loads into the canonical model with the right meaning."""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
import pytest
import xlsxwriter

import cxkit
from tests.conftest import DATA


def load(name: str, **options: object) -> cxkit.Loaded:
    return cxkit.load(DATA / name, **options)  # type: ignore[arg-type]


def test_zendesk_legacy_csv() -> None:
    loaded = load("zendesk_legacy.csv")
    assert (loaded.kind, loaded.source) == ("tickets", "zendesk")
    frame = loaded.frame
    assert frame["ticket_id"].to_list() == ["4", "5", "6", "7"]
    assert frame["created_at"][0] == dt.datetime(2009, 9, 1, 19, 2)
    assert frame["status"].to_list() == ["closed", "solved", "open", "pending"]
    assert frame["channel"].to_list() == ["Web form", "Mail", "Chat", "Mail"]
    # minutes as exported; calendar (not business-hours) columns are the ones chosen
    assert loaded.mapping["first_response_minutes"] == "First reply time in minutes"
    assert frame["first_response_minutes"].to_list() == [50.0, 125.0, 3.0, 70.0]
    assert frame["resolution_minutes"].to_list()[:2] == [1498.0, 1440.0]
    # Good/Bad are the rating; Offered and Not Offered are "not rated", never "unsatisfied"
    assert frame["satisfied"].to_list() == [None, True, None, False]
    # e-mails are case-insensitive keys, so the same requester links across files
    assert frame["customer_id"][1] == frame["customer_id"][3] == "ana@example.es"
    # custom fields and other columns are kept under their own headers as segments
    assert "JIRA ID [txt]" in frame.columns and "Priority" in frame.columns
    assert frame["reopens"].dtype == pl.Int64


def test_zendesk_explore_units_and_ratings() -> None:
    loaded = load("zendesk_explore_en.csv")
    assert (loaded.kind, loaded.source) == ("tickets", "zendesk")
    frame = loaded.frame
    assert frame["first_response_minutes"].to_list()[:2] == [12.0, 1.5]
    # "(hrs)" in the header: hours become minutes
    assert frame["resolution_minutes"].to_list()[:2] == pytest.approx([270.0, 19.8])
    assert frame["satisfied"].to_list() == [True, False, None, None, None]
    assert frame["status"].to_list() == ["solved", "closed", "open", "on_hold", "pending"]


def _spanish_explore_xlsx() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Informe")
    stamp = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    headers = ["ID del ticket", "Ticket creado - Marca de tiempo", "Asunto del ticket", "Nombre del agente asignado",
               "Ticket resuelto - Marca de tiempo", "Estado del ticket", "Tiempo de primera respuesta (min)",
               "Tiempo de resolución completa (min)", "Tiempo de resolución completa - Horas trabajo (h)"]
    sheet.write_row(0, 0, headers)
    rows = [
        (31, dt.datetime(2025, 1, 2, 9, 0), "Pedido", "Lucía", dt.datetime(2025, 1, 2, 11, 0), "Resuelto", 15, 120, 2),
        (32, dt.datetime(2025, 1, 13, 10, 0), "Pago", "Marta", None, "Abierto", 40, None, None),
        (33, dt.datetime(2025, 1, 14, 16, 30), "Envío", "Lucía", dt.datetime(2025, 1, 15, 9, 30), "Closed", 5, 1020, 8),
    ]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, stamp)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def test_zendesk_explore_spanish_xlsx_with_date_cells() -> None:
    loaded = cxkit.load(_spanish_explore_xlsx(), name="informe_explore.xlsx")
    assert (loaded.kind, loaded.source) == ("tickets", "zendesk")
    assert loaded.file_format == "xlsx" and loaded.sheet == "Informe"
    frame = loaded.frame
    assert frame["created_at"].to_list() == [
        dt.datetime(2025, 1, 2, 9), dt.datetime(2025, 1, 13, 10), dt.datetime(2025, 1, 14, 16, 30)
    ]
    assert frame["status"].to_list() == ["solved", "open", "closed"]
    assert frame["agent"].to_list() == ["Lucía", "Marta", "Lucía"]
    assert frame["resolution_minutes"].to_list() == [120.0, None, 1020.0]


def test_freshdesk_english_hms_under_hours_header_and_sla() -> None:
    loaded = load("freshdesk_en.csv")
    assert (loaded.kind, loaded.source) == ("tickets", "freshdesk")
    frame = loaded.frame
    # "First response time (in hrs)" holds HH:MM:SS text: read as a clock, not as hours
    assert frame["first_response_minutes"][0] == 90.0
    assert frame["first_response_minutes"][1] == 26 * 60
    assert frame["resolution_minutes"][1] == 72 * 60
    # the numeric column is empty for ticket 103 and 104: computed from the timestamps instead
    assert frame["first_response_minutes"][2] == pytest.approx(2.0)
    assert frame["first_response_minutes"][3] == pytest.approx(60.0)
    assert frame["sla_breached"].to_list() == [False, True, False, False]
    assert frame["handle_minutes"].to_list()[:2] == [45.0, 70.0]
    assert frame["agent_replies"].to_list() == [2, 4, 1, 1]
    assert frame["customer_messages"].to_list() == [2, 3, 1, 1]


def test_freshdesk_spanish_headers_and_statuses() -> None:
    raw = (DATA / "freshdesk_es.csv").read_text(encoding="utf-8").encode("cp1252")
    loaded = cxkit.load(raw, name="tickets_freshdesk.csv")
    assert (loaded.kind, loaded.source) == ("tickets", "freshdesk")
    frame = loaded.frame
    assert frame["status"].to_list() == ["closed", "solved", "open", "pending"]
    assert frame["created_at"][1] == dt.datetime(2025, 2, 21, 12, 0)  # 21/02: day first, from evidence
    assert frame["first_response_minutes"][1] == 26 * 60
    assert frame["ticket_type"][1] == "Daños"  # cp1252 text decoded
    assert frame["sla_breached"].to_list() == [False, True, False, False]


def test_freshdesk_xlsx_duration_cells() -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Tickets")
    duration = book.add_format({"num_format": "[h]:mm:ss"})
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet.write_row(0, 0, ["Ticket ID", "Created time", "Status", "First response time (in hrs)",
                           "Resolution time (in hrs)", "Agent interactions", "Customer interactions"])
    sheet.write_number(1, 0, 7001)
    sheet.write_datetime(1, 1, dt.datetime(2025, 5, 1, 8, 0), stamp)
    sheet.write_string(1, 2, "Resolved")
    sheet.write_number(1, 3, (58 * 3600 + 22 * 60 + 50) / 86400, duration)  # 58:22:50
    sheet.write_number(1, 4, 0.5, duration)  # 12:00:00
    sheet.write_number(1, 5, 2)
    sheet.write_number(1, 6, 1)
    book.close()
    loaded = cxkit.load(buffer.getvalue(), name="freshdesk.xlsx")
    assert loaded.source == "freshdesk"
    assert loaded.frame["ticket_id"][0] == "7001"
    assert loaded.frame["first_response_minutes"][0] == pytest.approx(58 * 60 + 22 + 50 / 60)
    assert loaded.frame["resolution_minutes"][0] == pytest.approx(720.0)


def test_intercom_time_zone_headers_and_seconds() -> None:
    loaded = load("intercom_conversations.csv")
    assert (loaded.kind, loaded.source) == ("tickets", "intercom")
    frame = loaded.frame
    assert loaded.mapping["created_at"] == "Conversation started at (Europe/Madrid)"
    assert frame["created_at"][0] == dt.datetime(2025, 4, 1, 9, 0)
    assert frame["first_response_minutes"].to_list() == [2.5, 60.0, None, 1.0]
    assert frame["handle_minutes"].to_list()[:2] == [15.0, 20.0]
    assert frame["status"].to_list() == ["closed", "closed", "open", "pending"]  # snoozed → pending
    assert frame["csat_score"].to_list() == [5.0, 2.0, None, None]
    assert frame["satisfied"].to_list() == [True, False, None, None]


def test_intercom_csat_file_is_survey_answers() -> None:
    loaded = load("intercom_csat.csv")
    assert (loaded.kind, loaded.source) == ("responses", "intercom")
    assert loaded.frame["csat_score"].to_list() == [5.0, 2.0, 4.0]
    assert loaded.frame["comment"].to_list() == ["Rapidísimos", "Tardaron un día", None]


def test_hubspot_hms_durations() -> None:
    loaded = load("hubspot_tickets.csv")
    assert (loaded.kind, loaded.source) == ("tickets", "hubspot")
    assert loaded.frame["resolution_minutes"].to_list() == [26.5 * 60, None, None]
    assert loaded.frame["first_response_minutes"].to_list() == [75.0, 20.0, None]
    assert loaded.frame["status"].to_list() == ["closed", "pending", "new"]


@pytest.mark.parametrize("name", ["chatwoot_csat_en.csv", "chatwoot_csat_es.csv"])
def test_chatwoot_csat_with_report_period_line(name: str) -> None:
    loaded = load(name)
    assert (loaded.kind, loaded.source) == ("responses", "chatwoot")
    # the period line at the end is not a data row, and the user is told it was skipped
    assert loaded.data_rows == (3 if name.endswith("en.csv") else 2)
    assert loaded.rejected.height == 0
    assert any("period" in w.lower() or "periodo" in w.lower() for w in loaded.warnings)
    assert loaded.frame["csat_score"][0] == 5.0
    assert loaded.frame["customer_id"][0] == "ana@example.es"


def test_help_scout_words_are_top_box() -> None:
    loaded = load("helpscout_conversations.csv")
    assert (loaded.kind, loaded.source) == ("tickets", "helpscout")
    assert loaded.frame["satisfied"].to_list() == [True, False, False, None]
    assert loaded.frame["status"].to_list() == ["closed", "closed", "open", "pending"]


def test_typeform_nps_question() -> None:
    loaded = load("typeform.csv")
    assert (loaded.kind, loaded.source) == ("responses", "typeform")
    assert loaded.frame["nps_score"].to_list() == [10, 6, 8]
    assert loaded.frame["response_id"][0] == "odwdp4nzj1xg6m9l36odwdp4nzlv2gcw"
    assert loaded.frame["submitted_at"][0] == dt.datetime(2024, 10, 5, 2, 41, 38)


def test_surveymonkey_two_header_rows_and_us_dates() -> None:
    loaded = load("surveymonkey.csv")
    assert (loaded.kind, loaded.source) == ("responses", "surveymonkey")
    assert loaded.data_rows == 3  # the "Response" row is a header, not an answer
    assert loaded.frame["nps_score"].to_list() == [9, 3, 7]
    # 01/15/2025: the 15 can only be a day, so the column is month first; PM is 24-hour 14:07
    assert loaded.frame["submitted_at"][1] == dt.datetime(2025, 1, 16, 14, 7, 12)
    assert loaded.frame["comment"][0] == "Great products"


def test_qualtrics_three_header_rows_and_nps_group() -> None:
    loaded = load("qualtrics.csv")
    assert (loaded.kind, loaded.source) == ("responses", "qualtrics")
    assert loaded.data_rows == 3
    assert loaded.frame["nps_score"].to_list() == [10, 8, 2]
    assert loaded.frame["nps_group"].to_list() == ["promoter", "passive", "detractor"]
    assert loaded.frame["response_id"][0] == "R_1a2b3c4d5e6f7g8"
    assert loaded.rejected["row"].to_list() == []


def test_stripe_subscriptions_use_the_end_date() -> None:
    loaded = load("stripe_subscriptions.csv")
    assert (loaded.kind, loaded.source) == ("customers", "stripe")
    assert loaded.mapping["churned_at"] == "Ended At (UTC)"
    assert loaded.frame["churned_at"].to_list() == [None, dt.datetime(2025, 4, 10, 12), None]
    assert loaded.frame["mrr"].to_list() == [29.0, 29.0, 49.0]
    assert "channel (metadata)" in loaded.frame.columns


def test_stripe_cancellation_date_is_used_with_a_warning() -> None:
    loaded = load("stripe_canceled_only.csv")
    assert loaded.mapping["churned_at"] == "Canceled At (UTC)"
    assert any("cancellation was requested" in w for w in loaded.warnings)


def test_stripe_customers() -> None:
    loaded = load("stripe_customers.csv")
    assert (loaded.kind, loaded.source) == ("customers", "stripe")
    assert loaded.frame["acquired_at"][1] == dt.datetime(2024, 2, 10, 12)


def test_shopify_customers_leading_apostrophe() -> None:
    loaded = load("shopify_customers.csv")
    assert (loaded.kind, loaded.source) == ("customers", "shopify")
    assert loaded.frame["Customer ID"].to_list() == ["'595909214328", "'595909214329"]  # kept as exported
    loaded_by_id = load("shopify_customers.csv", mapping={"customer_id": "Customer ID"})
    assert loaded_by_id.frame["customer_id"].to_list() == ["595909214328", "595909214329"]


def test_shopify_orders() -> None:
    loaded = load("shopify_orders.csv")
    assert (loaded.kind, loaded.source) == ("orders", "shopify")
    assert loaded.frame["order_id"].to_list() == ["#1001", "#1002"]
    assert loaded.frame["amount"].to_list() == [53.35, 35.81]
    assert loaded.frame["discount_code"].to_list() == ["VERDE10", None]
    assert loaded.frame["ordered_at"][0] == dt.datetime(2025, 3, 1, 10, 4, 11)


def test_handmade_spanish_sheet() -> None:
    loaded = load("handmade_es.csv")
    assert loaded.kind == "responses" and loaded.source is None
    assert loaded.mapping["nps_score"] == "puntuación"
    assert loaded.frame["nps_score"].to_list() == [9, 4, 7]
    assert loaded.frame["submitted_at"][1] == dt.datetime(2025, 2, 15)
    assert loaded.frame["región"].to_list() == ["Madrid", "Islas", "Norte"]


def test_handmade_english_sheet() -> None:
    loaded = load("handmade_en.csv")
    assert loaded.kind == "responses"
    assert loaded.frame["nps_score"].to_list() == [10, 6]
    assert loaded.frame["customer_id"].to_list() == ["ana@example.es", "bob@example.com"]


def test_servicenow_event_log_is_collapsed_to_one_row_per_ticket() -> None:
    loaded = load("servicenow_events.csv")
    assert loaded.kind == "tickets" and loaded.events is not None
    assert (loaded.events.height, loaded.frame.height, loaded.data_rows) == (7, 3, 7)
    assert any("event log (7 rows for 3 tickets" in w for w in loaded.warnings)
    assert not any("repeat an id" in w for w in loaded.warnings)
    rows = {r["ticket_id"]: r for r in loaded.frame.iter_rows(named=True)}
    first = rows["INC0000045"]
    assert (first["status"], first["events"], first["channel"]) == ("closed", 3, "Phone")
    assert first["created_at"] == dt.datetime(2016, 2, 29, 1, 16) and first["solved_at"] == dt.datetime(2016, 2, 29, 11, 29)
    assert first["resolution_minutes"] == 613.0
    waiting = rows["INC0000047"]
    assert (waiting["status"], waiting["reopens"], waiting["sla_breached"]) == ("pending", 1, True)  # made_sla false
    assert rows["INC0000048"]["agent"] is None  # '?' means no value
    assert cxkit.ticket_volume(loaded.frame, every="1d")["created"].sum() == 3


def test_us_dated_complaint_log_with_dates_only() -> None:
    data = b"Complaint ID,Date received,Product,Issue\n1,03/15/2024,Card,Fee\n2,04/02/2024,Loan,Late\n3,12/31/2024,Card,Fraud\n"
    loaded = cxkit.load(data, name="complaints.csv", kind="tickets")
    assert loaded.frame["created_at"].to_list() == [dt.datetime(2024, 3, 15), dt.datetime(2024, 4, 2), dt.datetime(2024, 12, 31)]
    assert any("month first" in w for w in loaded.warnings)
