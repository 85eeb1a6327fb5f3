"""Definitions: every metric's formula, unit and source."""

from __future__ import annotations

import streamlit as st

import cxkit
from ui.i18n import L, lang

st.title(L("Definitions", "Definiciones"))
st.write(L("Every number in cxkit, how it is computed, and where the definition comes from.",
           "Cada número de cxkit, cómo se calcula y de dónde sale la definición."))
catalog = cxkit.metric_catalog()
suffix = "es" if lang() == "es" else "en"
for row in catalog.iter_rows(named=True):
    with st.expander(row[f"title_{suffix}"]):
        st.markdown(row[f"definition_{suffix}"])
        st.markdown(f"**{L('Formula', 'Fórmula')}:** {row['formula']}")
        st.markdown(f"**{L('Unit', 'Unidad')}:** {row['unit']}")
        st.markdown(f"**{L('Source', 'Fuente')}:** {row['source']}")
        st.caption(f"`{row['function']}`")
