"""Import from evidence: header words in several languages and what the values look like decide the kind and the
columns; no row is lost for an optional cell; real shapes (line items, date + time columns, tenure units)."""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxkit
from cxkit.load import _DERIVED_COLUMNS
from cxkit.profile import profile_column


def load(text: str, name: str = "file.csv", **options: object) -> cxkit.Loaded:
    return cxkit.load(text.encode("utf-8"), name=name, **options)  # type: ignore[arg-type]


def test_an_unreadable_optional_cell_never_rejects_the_row() -> None:
    # a Spanish Freshdesk export whose survey column holds the five-level answers
    rows = ["ID del ticket,Asunto,Estado,Hora de creación,Resultados de la encuesta"]
    answers = ["Extremely Happy", "Happy", "Neutral", "Unhappy", "Extremely Unhappy", "Mmm?", ""]
    for i, answer in enumerate(answers * 3):
        rows.append(f"{i + 1},Pedido {i},Resuelto,2025-03-0{1 + i % 9} 10:00:00,{answer}")
    loaded = load("\n".join(rows))
    assert loaded.kind == "tickets" and loaded.frame.height == 21 and loaded.rejected.height == 0
    satisfied = loaded.frame["satisfied"].to_list()
    assert satisfied[:5] == [True, True, False, False, False] and satisfied[6] is None
    # the one word no scale knows is left empty and listed, with its row and why
    issues = loaded.cell_issues
    assert issues.height == 3 and set(issues["value"]) == {"Mmm?"} and issues["row"].to_list() == [6, 13, 20]
    assert any("3 value(s) in 'Resultados de la encuesta'" in w for w in loaded.warnings)


@pytest.mark.parametrize("question", [
    "¿Qué probabilidad hay de que recomiendes Tienda Verde a un amigo o colega?",
    "Qual a probabilidade de você recomendar a Loja Verde a um amigo?",
    "How likely are you to recommend us to a friend or colleague?",
])
def test_the_recommend_question_is_nps_in_any_language(question: str) -> None:
    rows = [f'#,"{question}",¿Por qué?,Submit Date (UTC),Network ID']
    for i, score in enumerate([10, 9, 8, 7, 6, 3, 0, 10, 9, 5]):
        rows.append(f"r{i},{score},porque sí,2025-02-{10 + i} 09:00:00,n{i}")
    loaded = load("\n".join(rows))
    assert loaded.kind == "responses" and loaded.mapping["nps_score"] == question
    row = cxkit.nps(loaded.frame).row(0, named=True)
    assert (row["responses"], row["promoters"], row["detractors"]) == (10, 4, 4)


def test_a_portuguese_helpdesk_export_is_read_from_its_words() -> None:
    text = "\n".join([
        "Protocolo;Data de abertura;Data de fechamento;Situação;Canal de atendimento;Assunto;Atendente",
        "1001;03/02/2025 09:15;03/02/2025 17:40;Fechado;Telefone;Cobrança;Ana",
        "1002;03/02/2025 10:05;;Aberto;E-mail;Entrega;Bruno",
        "1003;14/02/2025 11:30;15/02/2025 08:00;Resolvido;Chat;Entrega;Ana",
    ])
    loaded = load(text)
    assert loaded.kind == "tickets"
    assert loaded.mapping["created_at"] == "Data de abertura" and loaded.mapping["solved_at"] == "Data de fechamento"
    assert loaded.mapping["status"] == "Situação" and loaded.mapping["channel"] == "Canal de atendimento"
    assert loaded.mapping["agent"] == "Atendente"
    assert loaded.frame["status"].to_list() == ["closed", "open", "solved"]
    assert loaded.frame["created_at"][2] == dt.datetime(2025, 2, 14, 11, 30)


def test_statuses_are_read_by_their_words_and_unknown_ones_are_kept_not_counted() -> None:
    text = "Ticket ID,Created at,Status\n1,2025-01-01 10:00,Pending Customer Response\n2,2025-01-01 11:00,Closed\n" \
           "3,2025-01-02 10:00,Escalated to L2\n4,2025-01-02 12:00,\n"
    loaded = load(text)
    frame = loaded.frame
    assert frame["status"].to_list() == ["pending", "closed", None, None]
    assert frame["status_text"].to_list() == ["Pending Customer Response", "Closed", "Escalated to L2", None]
    assert any("'Escalated to L2'" in w for w in loaded.warnings)
    # an unknown status counts as neither open nor solved
    volume = cxkit.ticket_volume(frame, every="1mo").row(0, named=True)
    assert (volume["created"], volume["solved"], volume["unknown_status"], volume["backlog"]) == (4, 1, 2, 1)
    # the user says what the word means, and it counts
    told = load(text, labels={"status": {"Escalated to L2": "on_hold"}})
    assert told.frame["status"].to_list() == ["pending", "closed", "on_hold", None]


def test_dates_and_times_of_day_in_separate_columns_are_joined() -> None:
    text = "Ticket #,Customer Complaint,Date,Date_month_year,Time,Received Via,Status\n" \
           "1,Slow internet,22-04-15,22-Apr-15,3:53:50 PM,Customer Care Call,Closed\n" \
           "2,Billing,04-08-15,04-Aug-15,10:22:56 AM,Internet,Open\n" \
           "3,Outage,18-04-15,18-Apr-15,12:05:00 AM,Internet,Solved\n"
    loaded = load(text)
    assert loaded.kind == "tickets"
    assert loaded.frame["created_at"].to_list() == [
        dt.datetime(2015, 4, 22, 15, 53, 50), dt.datetime(2015, 8, 4, 10, 22, 56), dt.datetime(2015, 4, 18, 0, 5)]
    assert loaded.mapping["channel"] == "Received Via"
    assert any("joined with the dates in 'Date'" in w for w in loaded.warnings)


def test_month_names_are_dates() -> None:
    values = ["22-Apr-15", "5 de marzo de 2024", "12 fev 2023 10:00", "Apr 22, 2015 3:00 PM", "31/xx/2020"]
    parsed = cxkit.load(("Fecha;Puntuación\n" + "\n".join(f"{v};{i}" for i, v in enumerate(values))).encode(),
                        name="a.csv")
    assert parsed.frame["submitted_at"].to_list() == [
        dt.datetime(2015, 4, 22), dt.datetime(2024, 3, 5), dt.datetime(2023, 2, 12, 10), dt.datetime(2015, 4, 22, 15)]
    assert parsed.rejected.height == 1


def test_google_forms_timestamps_are_month_first() -> None:
    text = "Timestamp,How likely are you to recommend us?,Anything else?\n" \
           "11/1/2019 8:51:12,9,Great\n11/2/2019 10:00:00,6,Slow\n12/1/2019 9:00:00,10,\n"
    loaded = load(text)
    assert loaded.source == "google_forms" and loaded.kind == "responses"
    assert loaded.frame["submitted_at"].to_list()[:2] == [dt.datetime(2019, 11, 1, 8, 51, 12),
                                                         dt.datetime(2019, 11, 2, 10)]


def test_line_items_become_orders_with_cancellations_flagged() -> None:
    text = "\n".join([
        '"InvoiceNo","StockCode","Description","Quantity","InvoiceDate","UnitPrice","CustomerID","Country"',
        '"536365","85123A","HEART","6","2010-12-01 08:26:00",2.55,17850,"United Kingdom"',
        '"536365","71053","LANTERN","6","2010-12-01 08:26:00",3.39,17850,"United Kingdom"',
        '"536366","22633","WARMER","2","2010-12-01 08:28:00",1.85,NA,"United Kingdom"',
        '"C536379","D","Discount","-1","2010-12-01 09:41:00",27.5,14527,"United Kingdom"',
    ])
    loaded = load(text)
    assert loaded.kind == "orders" and loaded.lines is not None and loaded.lines.height == 4
    frame = loaded.frame.sort("order_id")
    assert frame["order_id"].to_list() == ["536365", "536366", "C536379"]
    assert frame["amount"].to_list() == pytest.approx([6 * 2.55 + 6 * 3.39, 2 * 1.85, -27.5])
    assert frame["lines"].to_list() == [2, 1, 1]
    assert frame["cancelled"].to_list() == [False, False, True]
    assert frame["customer_id"].to_list() == ["17850", None, "14527"]
    assert loaded.data_rows == 4 and loaded.rejected.height == 0
    # revenue leaves the cancellation out
    frame = frame.with_columns(pl.lit("Ana").alias("agent"))
    sales = cxkit.agent_sales(frame, every=None).row(0, named=True)
    assert sales["orders"] == 2 and sales["revenue"] == pytest.approx(6 * 2.55 + 6 * 3.39 + 2 * 1.85)


def test_shopify_line_items_take_the_order_total_once() -> None:
    text = "\n".join([
        "Name,Email,Financial Status,Paid at,Total,Lineitem quantity,Lineitem name,Lineitem price",
        "#1001,ana@x.es,paid,2025-03-01 10:00:00 +0100,45.00,1,Caja,30.00",
        "#1001,ana@x.es,,,,1,Taza,15.00",
        "#1002,luis@x.es,refunded,2025-03-02 11:00:00 +0100,20.00,2,Jabón,10.00",
    ])
    loaded = load(text)
    assert loaded.kind == "orders" and loaded.source == "shopify"
    frame = loaded.frame.sort("order_id")
    assert frame["amount"].to_list() == [45.0, 20.0]
    assert frame["cancelled"].to_list() == [False, True]


@pytest.mark.parametrize(("header", "values", "months"), [
    ("Tenure", [2, 1, 8, 10, 0], [24, 12, 96, 120, 0]),  # a bank's 0–10 tenure is years
    ("tenure", [2, 45, 72, 10, 0], [2, 45, 72, 10, 0]),  # telecom tenures run to 72 months
    ("Antigüedad (años)", [2, 1], [24, 12]),
    ("Tenure in days", [365, 730], [12, 24]),
])
def test_tenure_units_are_detected_and_stated(header: str, values: list[int], months: list[float]) -> None:
    text = f"CustomerId,{header},Exited\n" + "\n".join(f"c{i},{v},{i % 2}" for i, v in enumerate(values))
    loaded = load(text)
    assert loaded.kind == "customers"
    assert loaded.frame["tenure_months"].to_list() == pytest.approx(months, rel=1e-3)
    if months != values:
        assert any("converted to months" in w for w in loaded.warnings)


def test_question_marks_are_empty_and_listed() -> None:
    text = "CustomerId,Tenure,Exited,Geography\nc1,2,1,France\nc2,?,0,Spain\nc3,5,?,?\n"
    loaded = load(text)
    assert loaded.frame.height == 3 and loaded.rejected.height == 0
    assert loaded.frame["churned"].to_list() == [True, False, None]
    marks = loaded.cell_issues.filter(pl.col("value") == "?")
    assert marks.select("row", "column").rows() == [(2, "Tenure"), (3, "Exited"), (3, "Geography")]
    assert any("3 cell(s) hold a 'no value' mark" in w for w in loaded.warnings)


def test_tickets_without_a_creation_time_load_and_the_metrics_say_why() -> None:
    text = "Ticket ID,Ticket Status,Ticket Channel,Ticket Type,First Response Time\n" \
           "1,Open,Email,Billing,2023-06-01 10:00:00\n2,Closed,Chat,Refund,2023-06-01 11:00:00\n"
    loaded = load(text)
    assert loaded.kind == "tickets" and "created_at" not in loaded.frame.columns
    # a timestamp under a duration's header is a timestamp
    assert loaded.mapping["first_response_at"] == "First Response Time"
    assert any("no column for when each ticket was opened" in w for w in loaded.warnings)
    with pytest.raises(cxkit.MetricError, match="created_at"):
        cxkit.ticket_volume(loaded.frame)


def test_verbal_scales_in_three_languages() -> None:
    text = "Fecha,Satisfacción\n" + "\n".join(f"2025-01-0{i + 1},{w}" for i, w in enumerate(
        ["Muy satisfecho", "Muito insatisfeito", "Very satisfied", "Ni satisfecho ni insatisfecho", "Satisfeito"]))
    loaded = load(text)
    assert loaded.kind == "responses"
    assert loaded.frame["satisfied"].to_list() == [True, False, True, False, True]


def test_a_close_call_between_two_columns_is_said() -> None:
    text = "Ticket ID,Created at,Opened,Status\n1,2025-01-01 10:00,2025-01-01 10:00,Open\n"
    loaded = load(text)
    assert loaded.mapping["created_at"] == "Created at"
    assert any("'Opened' could be it too" in w for w in loaded.warnings)


def test_a_column_profile_states_what_the_values_are() -> None:
    profile = profile_column(pl.Series("at", ["2024-05-24 09:12:43", "2024-05-23 00:00:00", None]))
    assert profile.is_datetime and profile.n == 2 and profile.filled == pytest.approx(2 / 3)
    assert profile.with_time == 0.5
    scores = profile_column(pl.Series("score", ["1", "5", "3", "4"]))
    assert scores.is_number and (scores.low, scores.high) == (1.0, 5.0) and scores.integer == 1.0
    words = profile_column(pl.Series("s", ["Open", "Closed", "Open", "Pending"]))
    assert words.vocab["status"] == 1.0 and words.distinct == 3


INTERNAL = sorted({"row", "reason", "__row", "column", "value", *_DERIVED_COLUMNS,
                   *(c for kind in cxkit.KINDS for c in cxkit.SCHEMAS[kind])})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(INTERNAL), min_size=1, max_size=8), st.integers(0, 3))
def test_headers_named_like_internal_columns_never_crash(headers: list[str], extra: int) -> None:
    """A file whose headers are named like the loader's own columns (row, reason, events, status_text, every
    canonical column...) loads or ends in a LoadError, with or without a mapping."""
    headers = [*headers, *("Created at", "Status", "Ticket ID")[:extra]]
    body = [",".join(headers)]
    for i in range(3):
        body.append(",".join([f"2025-01-0{i + 1} 10:00" if j % 3 == 0 else str(i) if j % 3 == 1 else "Open"
                              for j in range(len(headers))]))
    data = "\n".join(body).encode()
    for mapping in (None, {"created_at": headers[0]}):
        try:
            loaded = cxkit.load(io.BytesIO(data), name="x.csv", kind="tickets" if mapping else None,
                                mapping=mapping)
        except cxkit.LoadError:
            continue
        # an event log or order lines collapse to fewer rows: the rows as read are what must add up
        read = loaded.events if loaded.events is not None else loaded.lines if loaded.lines is not None \
            else loaded.frame
        assert read.height + loaded.rejected.height == 3 == loaded.data_rows
        assert len(set(loaded.frame.columns)) == loaded.frame.width
        assert len(set(loaded.rejected.columns)) == loaded.rejected.width


# Exports of tools and portals the project has no file of, built with their real headers and value formats:
# each must load as the right kind with its key columns, from the headers' words and the values alone.
def _foreign_exports() -> dict[str, bytes]:
    import random

    random.seed(1)

    def csv(header, rows, sep=","):
        return (sep.join(header) + "\n" + "\n".join(sep.join(map(str, r)) for r in rows)).encode()
    cases = {}
    # NYC 311
    cases["nyc311.csv"] = csv(["Unique Key","Created Date","Closed Date","Agency","Agency Name","Complaint Type","Descriptor","Location Type","Incident Zip","Status","Due Date","Resolution Description","Resolution Action Updated Date","Open Data Channel Type","Borough"],
      [[50000000+i, f"01/{1+i%28:02d}/2022 {1+i%12:02d}:15:00 {'AM' if i%2 else 'PM'}", "" if i%5==0 else f"01/{2+i%27:02d}/2022 09:00:00 AM", "NYPD","New York City Police Department", random.choice(["Noise - Residential","Illegal Parking","Blocked Driveway"]), "Loud Music/Party","Street/Sidewalk", 10001+i%50, "Open" if i%5==0 else "Closed", "", "The Police Department responded", "01/05/2022 10:00:00 AM", random.choice(["PHONE","ONLINE","MOBILE","UNKNOWN"]), "MANHATTAN"] for i in range(60)])
    # SF 311
    cases["sf311.csv"] = csv(["CaseID","Opened","Closed","Updated","Status","Status Notes","Responsible Agency","Category","Request Type","Request Details","Address","Supervisor District","Neighborhood","Source","Media URL"],
      [[12000000+i, f"12/{1+i%28:02d}/2019 05:09:00 PM", "" if i%4==0 else f"12/{1+i%28:02d}/2019 07:09:00 PM", f"12/{1+i%28:02d}/2019 07:09:00 PM", "Open" if i%4==0 else "Closed", "Case Resolved", "DPW", random.choice(["Street and Sidewalk Cleaning","Graffiti","Encampments"]), "Bulky Items", "Other", "1 Market St", 6, "SoMa", random.choice(["Phone","Mobile/Open311","Web","Integrated Agency"]), ""] for i in range(60)])
    # Olist reviews
    cases["olist_reviews.csv"] = csv(["review_id","order_id","review_score","review_comment_title","review_comment_message","review_creation_date","review_answer_timestamp"],
      [[f"r{i:030d}", f"o{i:030d}", random.randint(1,5), "", random.choice(["Recebi bem antes do prazo","","Produto ruim"]), f"2018-01-{1+i%28:02d} 00:00:00", f"2018-01-{1+i%28:02d} 21:46:59"] for i in range(60)])
    # Online retail II
    cases["online_retail_ii.csv"] = csv(["Invoice","StockCode","Description","Quantity","InvoiceDate","Price","Customer ID","Country"],
      [[489434 + i//3, 85048, "LED BOX", 12, f"12/{1+i//30}/2009 7:45", "6.95", 13085, "United Kingdom"] for i in range(60)])
    # Telco-ish bank churners
    cases["bankchurners.csv"] = csv(["CLIENTNUM","Attrition_Flag","Customer_Age","Gender","Months_on_book","Credit_Limit"],
      [[768805383+i, random.choice(["Existing Customer","Attrited Customer"]), 45, "M", 39, 12691.0] for i in range(60)])
    # Call centre workbook
    cases["callcenter.csv"] = csv(["Call Id","Agent","Date","Time","Topic","Answered (Y/N)","Resolved","Speed of answer in seconds","AvgTalkDuration","Satisfaction rating"],
      [[f"ID{i:04d}", random.choice(["Diane","Becky","Stewart"]), f"2021-01-{1+i%28:02d}", f"{9+i%8}:{i%60:02d}:{i%60:02d}", "Contract related", "Y" if i%5 else "N", "Y", 109 if i%5 else "", "00:02:23" if i%5 else "", 3 if i%5 else ""] for i in range(60)])
    # Apple app store reviews
    cases["appstore.csv"] = csv(["Date","User Name","Title","Review","Rating","App Version"],
      [[f"2023-0{1+i%9}-1{i%9} 10:0{i%9}:00", f"user{i}", "Nice", "Works great but crashes sometimes when I open it", random.randint(1,5), "1.2.3"] for i in range(60)])
    # MS Forms es
    cases["msforms_es.csv"] = csv(["Id.","Hora de inicio","Hora de finalización","Correo electrónico","Nombre","¿Cuál es la probabilidad de que nos recomiende a un amigo?","Comentarios"],
      [[i+1, f"3/{1+i%28}/24 10:00:00", f"3/{1+i%28}/24 10:03:00", "anonymous", "", random.randint(0,10), "bien"] for i in range(60)], sep=";")
    # HubSpot pt tickets
    cases["hubspot_pt.csv"] = csv(["ID do ticket","Nome do ticket","Pipeline","Status do ticket","Data de criação","Proprietário do ticket","Origem","Prioridade"],
      [[1000+i, "Problema", "Suporte", random.choice(["Novo","Aguardando contato","Fechado"]), f"2024-02-{1+i%28:02d} 10:{i%60:02d}", "Maria", random.choice(["E-mail","Chat","Telefone"]), "Alta"] for i in range(60)])
    # KKBox
    cases["kkbox.csv"] = csv(["msno","is_churn"], [[f"waLDQMmcOu2jLDaV1ddDkgCrB/jl6sD66Xzs0Vqax{i:03d}=", i%2] for i in range(60)])
    # subscriptions Spanish
    cases["suscripciones.csv"] = csv(["ID Cliente","Fecha de alta","Fecha de baja","Plan","Cuota mensual"],
      [[f"C{i}", f"{1+i%28:02d}/01/2023", "" if i%3 else f"{1+i%28:02d}/06/2023", "Básico", "9,99"] for i in range(60)], sep=";")
    return cases


FOREIGN = _foreign_exports()
FOREIGN_EXPECTED: dict[str, tuple[str, dict[str, str]]] = {
    "nyc311.csv": ("tickets", {"created_at": "Created Date", "solved_at": "Closed Date", "status": "Status",
                               "channel": "Open Data Channel Type", "ticket_type": "Complaint Type"}),
    "sf311.csv": ("tickets", {"created_at": "Opened", "solved_at": "Closed", "channel": "Source"}),
    # Olist sends the survey on review_creation_date (always midnight) and the answer has a time
    # (review_answer_timestamp): the answer is when it was given (issue #26)
    "olist_reviews.csv": ("responses", {"submitted_at": "review_answer_timestamp", "csat_score": "review_score",
                                        "comment": "review_comment_message", "response_id": "review_id"}),
    "online_retail_ii.csv": ("orders", {"quantity": "Quantity", "unit_price": "Price", "order_id": "Invoice"}),
    "bankchurners.csv": ("customers", {"churned": "Attrition_Flag", "customer_id": "CLIENTNUM"}),
    "callcenter.csv": ("calls", {"started_at": "Date", "wait_seconds": "Speed of answer in seconds",
                                 "outcome": "Answered (Y/N)"}),
    "appstore.csv": ("responses", {"csat_score": "Rating", "submitted_at": "Date", "comment": "Review"}),
    "msforms_es.csv": ("responses", {"submitted_at": "Hora de finalización"}),
    "hubspot_pt.csv": ("tickets", {"created_at": "Data de criação", "status": "Status do ticket",
                                   "agent": "Proprietário do ticket"}),
    "kkbox.csv": ("customers", {"churned": "is_churn", "customer_id": "msno"}),
    "suscripciones.csv": ("customers", {"acquired_at": "Fecha de alta", "churned_at": "Fecha de baja",
                                        "mrr": "Cuota mensual"}),
}


@pytest.mark.parametrize("name", sorted(FOREIGN_EXPECTED))
def test_exports_of_unseen_tools_load_from_evidence(name: str) -> None:
    kind, columns = FOREIGN_EXPECTED[name]
    loaded = cxkit.load(FOREIGN[name], name=name)
    assert loaded.kind == kind
    assert {c: loaded.mapping.get(c) for c in columns} == columns
    assert loaded.frame.height + loaded.rejected.height > 0 and loaded.rejected.height == 0


def test_excel_date_cells_and_time_cells_are_joined() -> None:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    day, clock = book.add_format({"num_format": "dd/mm/yyyy"}), book.add_format({"num_format": "hh:mm:ss"})
    sheet.write_row(0, 0, ["Nº caso", "Fecha", "Hora", "Canal", "Estado"])
    for i in range(25):
        sheet.write(i + 1, 0, i + 1)
        sheet.write_datetime(i + 1, 1, dt.datetime(2025, 3, 1 + i), day)
        sheet.write_datetime(i + 1, 2, dt.datetime(1899, 12, 31, 9 + i % 8, 15, 30), clock)
        sheet.write_row(i + 1, 3, ["Email", "Cerrado"])
    book.close()
    loaded = cxkit.load(buffer.getvalue(), name="casos.xlsx")
    assert loaded.kind == "tickets"
    assert loaded.frame["created_at"].to_list()[:2] == [dt.datetime(2025, 3, 1, 9, 15, 30),
                                                        dt.datetime(2025, 3, 2, 10, 15, 30)]


def test_a_tool_added_from_outside_uses_the_same_registry() -> None:
    from cxkit import tools
    from cxkit.detect import register_tool

    text = "Fecha del aviso,Nota,Comentario\n03/01/2025 10:00,9,ok\n04/01/2025 11:00,7,\n"
    before = load(text)
    assert before.source is None and before.frame["submitted_at"][0] == dt.datetime(2025, 1, 3, 10)
    register_tool("avisos_pro", "responses", all_of=("fecha del aviso", "nota"), day_first={"fecha del aviso": False})
    try:
        after = load(text)
        assert after.source == "avisos_pro" and after.kind_reason == "tool"
        # the tool's date order decides what the column alone cannot
        assert after.frame["submitted_at"][0] == dt.datetime(2025, 3, 1, 10)
        assert any(t.name == "zendesk" for t in tools.registered())  # built-ins sit in the same table
    finally:
        tools._REGISTRY.pop("avisos_pro")
