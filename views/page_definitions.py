"""Definitions: every metric's formula, unit and source, in the user's language (cxkit's catalog has both)."""

from __future__ import annotations

import streamlit as st

import cxkit
from ui.i18n import _, lang

st.title(_("Definitions"))
st.write(_("Every number in cxkit, how it is computed, and where the definition comes from."))

catalog = cxkit.metric_catalog()
# cxkit's catalog is written in English, Spanish and Portuguese (columns title_en / title_es / title_pt,
# formula / formula_es / formula_pt...); another language shows the English text until cxkit's catalog has it.
suffix = lang() if f"title_{lang()}" in catalog.columns else "en"
extra = "" if suffix == "en" else f"_{suffix}"
formula, unit, source = _("Formula"), _("Unit"), _("Source")  # (Babel on Python 3.11 reads no calls in f-strings)
for row in catalog.iter_rows(named=True):
    with st.expander(row[f"title_{suffix}"]):
        st.markdown(row[f"definition_{suffix}"])
        st.markdown(f"**{formula}:** {row[f'formula{extra}']}")
        st.markdown(f"**{unit}:** {row[f'unit{extra}']}")
        st.markdown(f"**{source}:** {row[f'source{extra}']}")
        st.caption(_("In cxkit: `{f}`", f=row["function"]))
