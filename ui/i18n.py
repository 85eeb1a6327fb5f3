"""UI texts in English and Spanish, and locale-aware number and date formatting."""

from __future__ import annotations

import datetime as dt
import math

import streamlit as st

LANGS = {"en": "English", "es": "Español"}

TEXTS: dict[str, dict[str, str]] = {
    "app_title": {
        "en": "cxkit · customer experience workbench",
        "es": "cxkit · banco de trabajo de experiencia de cliente",
    },
    "section_data": {"en": "Data", "es": "Datos"},
    "section_insights": {"en": "Insights", "es": "Análisis"},
    "section_planning": {"en": "Planning", "es": "Planificación"},
    "page_start": {"en": "Start", "es": "Inicio"},
    "language": {"en": "Language", "es": "Idioma"},
    "sample_note": {
        "en": "You are looking at the sample data of Tienda Verde, a small online shop (2025).",
        "es": "Está viendo los datos de ejemplo de Tienda Verde, una pequeña tienda online (2025).",
    },
    "your_data_note": {"en": "You are looking at your own files.", "es": "Está viendo sus propios archivos."},
    "loaded_data": {"en": "Loaded data", "es": "Datos cargados"},
    "rows": {"en": "rows", "es": "filas"},
    "kind_tickets": {"en": "Tickets", "es": "Tickets"},
    "kind_responses": {"en": "Survey answers", "es": "Respuestas de encuesta"},
    "kind_customers": {"en": "Customers", "es": "Clientes"},
    "kind_orders": {"en": "Orders", "es": "Pedidos"},
    "kind_costs": {"en": "Costs", "es": "Costes"},
    "file": {"en": "File", "es": "Archivo"},
    "kind": {"en": "Kind", "es": "Tipo"},
    "tool": {"en": "Detected tool", "es": "Herramienta detectada"},
    "rejected": {"en": "Rejected rows", "es": "Filas rechazadas"},
    "start_intro": {
        "en": "Upload the spreadsheets your helpdesk, survey, billing and shop tools export and get NPS, "
        "CSAT, churn, service times, ticket drift and ROI plans in minutes, without writing code.",
        "es": "Suba las hojas de cálculo que exportan su helpdesk, encuestas, facturación y tienda, y obtenga "
        "NPS, CSAT, bajas, tiempos de servicio, evolución de tipos de ticket y planes de ROI en minutos, sin "
        "escribir código.",
    },
}


def lang() -> str:
    """The language chosen in this session (``"en"`` or ``"es"``)."""
    return str(st.session_state.get("lang", "en"))


def t(key: str, **values: object) -> str:
    """The UI text ``key`` in the session's language."""
    entry = TEXTS.get(key)
    if entry is None:
        return key
    text = entry.get(lang(), entry["en"])
    return text.format(**values) if values else text


def fmt_number(value: float | int | None, decimals: int = 0) -> str:
    """``1234.5`` → ``1,234.5`` in English, ``1.234,5`` in Spanish; ``—`` for missing values."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    text = f"{value:,.{decimals}f}"
    if lang() == "es":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def fmt_pct(value: float | None, decimals: int = 1) -> str:
    """A fraction 0..1 shown as a percentage in the session's locale."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    return fmt_number(100 * value, decimals) + (" %" if lang() == "es" else "%")


def fmt_date(value: dt.date | dt.datetime | None) -> str:
    """dd/mm/yyyy in Spanish, yyyy-mm-dd in English."""
    if value is None:
        return "—"
    return value.strftime("%d/%m/%Y") if lang() == "es" else value.strftime("%Y-%m-%d")
