"""The canonical data model: five kinds of table, their columns, types and header synonyms.

Column names are English snake_case. Any other source column is kept under its original header so
that it can be used as a segment (region, plan, product, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

__all__ = [
    "KINDS",
    "SCHEMAS",
    "STATUSES",
    "ColumnSpec",
    "Kind",
    "ValueType",
    "canonical_columns",
    "is_text",
    "required_columns",
]

Kind = Literal["tickets", "responses", "customers", "orders", "costs", "calls"]
KINDS: tuple[Kind, ...] = ("tickets", "responses", "customers", "orders", "costs", "calls")

ValueType = Literal[
    "id",  # text identifier; Excel's 1.2E+13 damage is detected
    "datetime",  # a point in time, naive local clock time
    "month",  # a calendar month, as the date of its first day
    "duration",  # minutes, as float
    "seconds",  # a duration in seconds, as float (telephony logs)
    "number",  # float, locale-aware
    "integer",  # whole number
    "nps",  # integer 0..10, anything else rejects the row
    "rating",  # a satisfaction rating: numeric scale or Good/Bad words
    "satisfied",  # boolean derived from a rating or given as words
    "boolean",
    "sla",  # Within SLA / SLA Violated → sla_breached bool
    "status",  # ticket status, normalised to STATUSES
    "emotion",  # positive / neutral / negative
    "nps_group",  # promoter / passive / detractor
    "order_kind",  # upsell / cross_sell / save_the_sale / other
    "churn_flag",  # Yes/No, active/cancelled, alta/baja → churned bool
    "call_outcome",  # answered / abandoned / voicemail / other
    "text",
    "category",
]

STATUSES: tuple[str, ...] = ("new", "open", "pending", "on_hold", "solved", "closed")

_POLARS_TYPES: dict[str, pl.DataType] = {
    "id": pl.String(),
    "datetime": pl.Datetime("us"),
    "month": pl.Date(),
    "duration": pl.Float64(),
    "seconds": pl.Float64(),
    "number": pl.Float64(),
    "integer": pl.Int64(),
    "nps": pl.Int8(),
    "rating": pl.Float64(),
    "satisfied": pl.Boolean(),
    "boolean": pl.Boolean(),
    "sla": pl.Boolean(),
    "status": pl.Enum(STATUSES),  # a fixed set: compared and grouped as small integers
    "emotion": pl.String(),
    "nps_group": pl.String(),
    "order_kind": pl.String(),
    "churn_flag": pl.Boolean(),
    "call_outcome": pl.String(),
    "text": pl.String(),
    "category": pl.Categorical(),  # few distinct values repeated on every row: grouped and filtered as integers
}


def is_text(dtype: pl.DataType) -> bool:
    """Whether a loaded column holds text: free text (String) or labels (Categorical, Enum)."""
    return dtype == pl.String or isinstance(dtype, (pl.Categorical, pl.Enum))


@dataclass(frozen=True)
class ColumnSpec:
    """One canonical column.

    Attributes:
        name: Canonical snake_case name.
        type: How values are read (see ``ValueType``).
        required: A row whose value here is empty or unreadable is rejected; a file without the
            column cannot be loaded as this kind.
        strict: A non-empty value that cannot be read rejects the row (scores), instead of being
            left empty with a warning.
        synonyms: Normalised source headers, most specific first (see ``cxkit.detect.normalise``).
        contains: Words that, found inside a header, suggest this column (weaker than synonyms).
        derived_from: For durations: (start, end) timestamp synonyms to compute it from.
        description: One line for the mapping UI.
    """

    name: str
    type: ValueType
    required: bool = False
    strict: bool = False
    synonyms: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()
    description: str = ""

    @property
    def dtype(self) -> pl.DataType:
        """The polars dtype of the column in a loaded frame."""
        return _POLARS_TYPES[self.type]


def _cols(*specs: ColumnSpec) -> dict[str, ColumnSpec]:
    return {spec.name: spec for spec in specs}


# E-mail first: it is the one key that support, survey, billing and shop exports share, so files
# from different tools can be linked (revenue after a contact, churn by service experience).
_EMAIL_SYNONYMS = (
    "customer email", "requester email", "user email", "contact email", "contact email address",
    "correo electronico de contacto", "email", "email address",
    "correo", "correo electronico", "e mail", "recipient email",
    # pt, fr, de, it
    "endereco de email", "endereco de e mail", "adresse e mail", "adresse email", "courriel", "e mail adresse",
    "email adresse", "indirizzo email", "indirizzo e mail",
)
_CUSTOMER_ID_SYNONYMS = (
    *_EMAIL_SYNONYMS, "customer id", "cust id", "id cliente", "id del cliente", "cliente id", "id de cliente",
    "id do cliente",
    "identifiant client", "kundennummer", "kunden id", "codice cliente", "requester id",
    "contact id", "id del contacto", "user id", "customer", "cliente", "requester", "associated contact", "caller id",
    "caller",
)

SCHEMAS: dict[Kind, dict[str, ColumnSpec]] = {
    "tickets": _cols(
        ColumnSpec("ticket_id", "id", synonyms=(
            "ticket id", "id del ticket", "id", "conversation id", "ticket number", "ticket", "numero",
            "number", "numero de ticket", "n ticket", "ticket no", "case id", "caso", "id ticket",
            "conversation number", "id de conversacion", "complaint id", "id reclamacion", "request id",
        ), description="Ticket or conversation id"),
        ColumnSpec("created_at", "datetime", required=True, synonyms=(
            "created at", "ticket created timestamp", "ticket creado marca de tiempo", "created time",
            "hora de creacion", "conversation started at", "conversation created at", "create date",
            "ticket created date", "ticket creado fecha", "created", "fecha de creacion", "creado",
            "opened at", "opened", "fecha creacion", "fecha de apertura", "fecha", "date", "created date",
            "recorded date", "fecha registrada", "date received", "received", "fecha de recepcion",
            "date submitted", "fecha de entrada",
        ), description="When the ticket was opened"),
        ColumnSpec("solved_at", "datetime", synonyms=(
            "solved at", "resolved time", "resolved at", "hora de resolucion", "ticket solved timestamp",
            "ticket resuelto marca de tiempo", "ticket solved date", "conversation last closed at",
            "conversation first closed at", "closed time", "hora de cierre", "close date", "closed at",
            "fecha de cierre", "fecha de resolucion", "fecha resolucion",
        ), description="When it was solved or closed"),
        ColumnSpec("updated_at", "datetime", synonyms=(
            "sys updated at", "updated at", "last update time", "hora de ultima actualizacion",
            "ticket updated timestamp", "last updated", "ultima actualizacion", "event time", "changed at",
        ), description="When this row's change happened (event logs)"),
        ColumnSpec("first_response_at", "datetime", synonyms=(
            "conversation first replied at", "initial response time", "tiempo de respuesta inicial",
            "first reply at", "first response at", "fecha primera respuesta",
        ), description="When the first agent reply was sent"),
        ColumnSpec("status", "status", synonyms=(
            "status", "ticket status", "estado del ticket", "estado", "current conversation state",
            "state", "conversation state", "incident state",
        ), description="new, open, pending, on_hold, solved or closed"),
        ColumnSpec("channel", "category", synonyms=(
            "channel", "ticket channel", "via", "canal", "source", "origen", "conversation source", "contact type",
            "canal del ticket", "inbox name", "inbox",
        ), description="Email, chat, phone, ..."),
        ColumnSpec("ticket_type", "category", synonyms=(
            "ticket category", "category", "categoria", "categorie", "kategorie", "motivo", "tipo de consulta",
            "contact reason",
            "ticket type", "tipo de ticket", "type", "tipo", "topic", "topics", "tema", "reason", "issue", "asunto",
            "typ", "motif", "thema",
        ), description="Kind of request"),
        ColumnSpec("agent", "category", synonyms=(
            "assignee", "assignee name", "nombre del agente asignado", "agent", "agent name", "agente",
            "nombre del agente", "teammate currently assigned", "ticket owner", "assigned to",
            "asignado a", "owner", "propietario del ticket",
        ), description="Agent who handled it"),
        ColumnSpec("customer_id", "id", synonyms=_CUSTOMER_ID_SYNONYMS, description="Who contacted"),
        ColumnSpec("first_response_minutes", "duration", synonyms=(
            "first reply time in minutes", "first reply time", "first response time",
            "tiempo de primera respuesta", "tiempo de primera respuesta en horas",
            "time to first agent reply", "avg first response time", "first reply time in hrs",
            "primera respuesta", "frt", "first response minutes",
        ), description="Minutes to the first reply"),
        ColumnSpec("resolution_minutes", "duration", synonyms=(
            "full resolution time in minutes", "full resolution time", "resolution time",
            "tiempo de resolucion completa", "tiempo de resolucion", "tiempo de resolucion en horas",
            "time to close", "avg resolution time", "first resolution time in minutes",
            "first resolution time", "resolution minutes",
        ), description="Minutes to resolution"),
        ColumnSpec("handle_minutes", "duration", synonyms=(
            "handling time", "handle time", "time tracked", "tiempo registrado", "tiempo transcurrido", "aht",
        ), description="Minutes an agent spent on it"),
        ColumnSpec("agent_replies", "integer", synonyms=(
            "agent replies", "replies", "agent interactions", "interacciones del agente",
            "respuestas del agente", "respuestas",
        ), description="Number of agent replies"),
        ColumnSpec("customer_messages", "integer", synonyms=(
            "customer interactions", "interacciones del cliente", "customer messages",
            "mensajes del cliente", "requester messages",
        ), description="Number of customer messages"),
        ColumnSpec("reopens", "integer", synonyms=("reopens", "reaperturas", "reopen count"),
                   description="Times it was reopened"),
        ColumnSpec("csat_score", "rating", synonyms=(
            "satisfaction score", "ticket satisfaction rating", "satisfaction", "satisfaccion",
            "survey results", "resultados de la encuesta", "last teammate rating", "conversation rating",
            "rating", "calificacion", "csat", "csat score", "valoracion", "puntuacion de satisfaccion",
        ), description="Satisfaction rating (1–5 or Good/Bad)"),
        ColumnSpec("satisfied", "satisfied", description="Good rating (or 4–5 of 5)"),
        ColumnSpec("sla_breached", "sla", synonyms=(
            "sla breached", "first response status", "estado de primera respuesta", "sla",
            "sla status", "resolution status", "estado de resolucion", "made sla",
        ), description="The export says the SLA was missed"),
    ),
    "responses": _cols(
        ColumnSpec("response_id", "id", synonyms=(
            "response id", "respondent id", "#", "id", "id respuesta", "id de respuesta",
            "token", "submission id",
        )),
        ColumnSpec("submitted_at", "datetime", required=True, synonyms=(
            "submit date", "submitted at", "recorded date", "fecha registrada",
            "end date", "enddate", "date", "fecha", "created at", "fecha de respuesta", "updated at",
            "timestamp", "marca temporal", "fecha de envio", "start date", "created",
        ), description="When the answer was given"),
        ColumnSpec("nps_score", "nps", strict=True, synonyms=(
            "nps", "nps score", "puntuacion nps", "nps puntuacion", "likelihood to recommend",
            "recomendacion", "score", "puntuacion", "nota",
        ), contains=("recommend", "recomendar", "recomendaria", "recomendarias"),
            description="0–10 likelihood to recommend"),
        ColumnSpec("nps_group", "nps_group", synonyms=("nps group", "grupo nps", "nps category"),
                   description="Promoter / passive / detractor as exported"),
        ColumnSpec("csat_score", "rating", strict=True, synonyms=(
            "csat", "satisfaction", "satisfaccion", "rating", "calificacion", "conversation rating",
            "valoracion", "stars", "estrellas", "csat score",
        ), contains=("satisf",), description="Satisfaction rating"),
        ColumnSpec("satisfied", "satisfied", description="Good rating (or 4–5 of 5)"),
        ColumnSpec("comment", "text", synonyms=(
            "comment", "comentario", "comments", "comentarios", "feedback", "feedback comment",
            "comentario de opinion", "conversation rating remark", "rating remark", "why", "por que",
            "open ended response", "observaciones",
        ), contains=("why", "por que", "comment", "comentario", "better", "mejorar")),
        ColumnSpec("customer_id", "id", synonyms=_CUSTOMER_ID_SYNONYMS),
        ColumnSpec("emotion", "emotion", synonyms=(
            "emotion", "emocion", "sentiment", "sentimiento", "feeling", "emoji", "mood",
        )),
    ),
    "customers": _cols(
        ColumnSpec("customer_id", "id", required=True, synonyms=(
            *_EMAIL_SYNONYMS, "customer id", "id cliente", "id del cliente", "cliente id", "customer", "cliente",
            "id",
        )),
        ColumnSpec("acquired_at", "datetime", synonyms=(
            "start date", "start", "acquired at", "fecha de alta", "fecha alta", "alta",
            "fecha inicio", "fecha de inicio", "signup date", "signed up", "created", "created at",
            "fecha de registro", "customer since", "cliente desde",
        )),
        ColumnSpec("churned_at", "datetime", synonyms=(
            "ended at", "churned at", "churn date", "fecha de baja", "fecha baja", "baja", "end date",
            "fecha fin", "fecha de fin", "canceled at", "cancelled at", "cancellation date",
            "fecha de cancelacion",
        )),
        ColumnSpec("mrr", "number", synonyms=(
            "mrr", "monthly revenue", "monthly charges", "cuota mensual", "importe mensual", "amount",
            "plan amount", "precio", "price", "importe", "cuota",
        )),
        ColumnSpec("plan", "category", synonyms=(
            "plan", "plan name", "tarifa", "product", "producto", "plan price id", "subscription plan", "contract",
            "contrato",
        )),
        ColumnSpec("churned", "churn_flag", synonyms=(
            "churned", "churn", "churn flag", "exited", "attrition", "is churned", "baja", "status", "estado",
            "estado del cliente", "customer status",
        ), description="Has left (Yes/No, active/cancelled, alta/baja)"),
        ColumnSpec("tenure_months", "number", synonyms=(
            "tenure", "tenure months", "tenure in months", "antiguedad", "antiguedad en meses", "meses de antiguedad",
            "meses", "months", "months as customer",
        ), description="Months as a customer"),
    ),
    "orders": _cols(
        ColumnSpec("order_id", "id", synonyms=(
            "order id", "id pedido", "id del pedido", "pedido", "numero de pedido", "order", "name",
            "order number", "id",
        )),
        ColumnSpec("customer_id", "id", synonyms=_CUSTOMER_ID_SYNONYMS),
        ColumnSpec("ordered_at", "datetime", required=True, synonyms=(
            "ordered at", "order date", "fecha pedido", "fecha del pedido", "created at", "paid at",
            "processed at", "fecha", "date", "created",
        )),
        ColumnSpec("amount", "number", required=True, synonyms=(
            "amount", "total", "importe", "importe total", "total price", "revenue", "ingresos",
            "subtotal", "order total", "total amount", "valor total", "total del pedido",
        )),
        ColumnSpec("discount_code", "category", synonyms=(
            "discount code", "codigo de descuento", "codigo descuento", "coupon", "cupon",
            "promo code", "codigo promocional",
        )),
        ColumnSpec("discount_amount", "number", synonyms=(
            "discount amount", "importe descuento", "descuento", "importe del descuento",
        )),
        ColumnSpec("agent", "category", synonyms=(
            "agent", "agente", "sales agent", "vendedor", "staff", "atendido por", "assisted by",
        )),
        ColumnSpec("kind", "order_kind", synonyms=(
            "kind", "sale type", "tipo de venta", "type", "tipo", "accion", "action",
        )),
        ColumnSpec("quantity", "number", synonyms=("quantity", "qty", "cantidad", "quantidade", "lineitem quantity"),
                   description="Units on the line (line-item exports)"),
        ColumnSpec("unit_price", "number", synonyms=("unit price", "unitprice", "precio unitario", "lineitem price",
                                                     "preco unitario", "price", "precio", "preco"),
                   description="Price of one unit (line-item exports)"),
        ColumnSpec("order_status", "text", synonyms=("financial status", "order status", "estado del pedido",
                                                     "status do pedido"),
                   description="Paid, refunded, voided, pending ... as exported"),
        ColumnSpec("cancelled_at", "datetime", synonyms=("cancelled at", "canceled at", "fecha de cancelacion"),
                   description="When the order was cancelled"),
        ColumnSpec("cancelled", "boolean", description="Cancelled, voided or refunded: left out of revenue"),
    ),
    "costs": _cols(
        ColumnSpec("month", "month", required=True, synonyms=("month", "mes", "period", "periodo", "fecha")),
        ColumnSpec("cost", "number", required=True, synonyms=(
            "cost", "coste", "costo", "gasto", "importe", "amount", "total cost", "coste total",
        )),
        ColumnSpec("agent", "category", synonyms=("agent", "agente")),
        ColumnSpec("item", "category", synonyms=("item", "concepto", "partida", "category", "categoria")),
    ),
}


SCHEMAS["calls"] = _cols(
    ColumnSpec("call_id", "id", synonyms=("call id", "id llamada", "id de llamada", "call", "llamada", "id")),
    ColumnSpec("started_at", "datetime", required=True, synonyms=(
        "call start", "start time", "started at", "queue entered", "time entered queue", "queue start", "inicio",
        "hora de inicio", "hora de entrada", "hora entrada", "entrada en cola", "hora", "time", "fecha de la llamada",
        "call date", "date time", "datetime", "fecha hora", "fecha", "date",
    ), description="When the call entered the queue"),
    ColumnSpec("queue", "category", synonyms=("queue", "cola", "line", "linea", "skill", "campaign", "campana",
                                              "department", "departamento")),
    ColumnSpec("agent", "category", synonyms=("agent", "agente", "operator", "operador", "answered by",
                                              "atendida por", "user", "usuario")),
    ColumnSpec("outcome", "call_outcome", synonyms=(
        "outcome", "result", "resultado", "disposition", "call status", "call result", "status", "estado",
    ), description="answered / abandoned / voicemail"),
    ColumnSpec("wait_seconds", "seconds", synonyms=(
        "wait time", "queue time", "time in queue", "tiempo en cola", "tiempo de espera", "espera", "wait",
        "speed of answer", "ring time", "queue seconds",
    ), description="Seconds waiting before an answer or hang-up"),
    ColumnSpec("talk_seconds", "seconds", synonyms=(
        "talk time", "talk", "tiempo de conversacion", "conversacion", "talk seconds", "duration", "duracion",
        "call duration",
    )),
    ColumnSpec("hold_seconds", "seconds", synonyms=("hold time", "hold", "tiempo en espera", "en espera",
                                                    "hold seconds")),
    ColumnSpec("wrap_seconds", "seconds", synonyms=(
        "after call work", "acw", "wrap up", "wrap up time", "wrap time", "tiempo de cierre", "post llamada",
        "after call work seconds", "acw seconds", "wrap seconds",
    )),
)


def canonical_columns(kind: Kind) -> list[str]:
    """Canonical column names of ``kind``, in model order."""
    return list(SCHEMAS[kind])


def required_columns(kind: Kind) -> list[str]:
    """Columns without which a file cannot be loaded as ``kind``."""
    return [name for name, spec in SCHEMAS[kind].items() if spec.required]
