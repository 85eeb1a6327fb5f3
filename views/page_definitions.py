"""Definitions: every metric's formula, unit and source, in the user's language (cxkit's catalog has both)."""

from __future__ import annotations

import streamlit as st

import cxkit
from ui.i18n import L, lang

st.title(L("Definitions", "Definiciones"))
st.write(L("Every number in cxkit, how it is computed, and where the definition comes from.",
           "Cada número de cxkit, cómo se calcula y de dónde sale la definición."))

catalog = cxkit.metric_catalog()
spanish = lang() == "es"
suffix = "es" if spanish else "en"
for row in catalog.iter_rows(named=True):
    with st.expander(row[f"title_{suffix}"]):
        st.markdown(row[f"definition_{suffix}"])
        st.markdown(f"**{L('Formula', 'Fórmula')}:** {row['formula_es' if spanish else 'formula']}")
        st.markdown(f"**{L('Unit', 'Unidad')}:** {row['unit_es' if spanish else 'unit']}")
        st.markdown(f"**{L('Source', 'Fuente')}:** {row['source_es' if spanish else 'source']}")
        st.caption(L("In cxkit: `{f}`", "En cxkit: `{f}`", f=row["function"]))
