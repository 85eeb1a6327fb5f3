"""Definitions: every metric's formula, unit and source."""

from __future__ import annotations

import streamlit as st

import cxkit
from ui.i18n import L, lang

st.title(L("Definitions", "Definiciones"))
st.write(L("Every number in cxkit, how it is computed, and where the definition comes from.",
           "Cada número de cxkit, cómo se calcula y de dónde sale la definición."))
# cxkit's catalog writes units in English; their words in Spanish (longest phrases first)
UNIT_WORDS_ES = [("(shown as %)", "(mostrada como %)"), ("by months of tenure", "por meses de antigüedad"),
                 ("fraction of MRR at start", "fracción del MRR inicial"), ("(can exceed 1)", "(puede superar 1)"),
                 ("currency a month", "moneda al mes"), ("per period", "por periodo"), ("fraction", "fracción"),
                 ("shares", "proporciones"), ("share", "proporción"), ("ratio", "razón"), ("rate", "tasa"),
                 ("points", "puntos"), ("p-values", "p-valores"), ("p-value", "p-valor"), ("currency", "moneda"),
                 ("customers", "clientes"), ("agents", "agentes"), ("seconds", "segundos"), ("minutes", "minutos"),
                 ("months", "meses"), ("hours", "horas"), ("orders", "pedidos"), ("tickets", "tickets"),
                 ("counts", "recuentos"), ("FTE", "jornadas completas")]


def unit(text: str) -> str:
    if lang() != "es":
        return text
    for en, es in UNIT_WORDS_ES:
        text = text.replace(en, es)
    return text


catalog = cxkit.metric_catalog()
suffix = "es" if lang() == "es" else "en"
for row in catalog.iter_rows(named=True):
    with st.expander(row[f"title_{suffix}"]):
        st.markdown(row[f"definition_{suffix}"])
        st.markdown(f"**{L('Formula', 'Fórmula')}:** {row['formula']}")
        st.markdown(f"**{L('Unit', 'Unidad')}:** {unit(row['unit'])}")
        st.markdown(f"**{L('Source', 'Fuente')}:** {row['source']}")
        st.caption(L("In cxkit: `{f}`", "En cxkit: `{f}`", f=row["function"]))
