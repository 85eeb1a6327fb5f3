"""Start page: what cxkit does and which data is loaded."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui.i18n import t
from ui.state import active_datasets

st.title(t("app_title"))
st.write(t("start_intro"))
if st.session_state["use_sample"]:
    st.info(t("sample_note"))

rows = [
    {
        t("file"): d.name,
        t("kind"): t("kind_" + d.kind),
        t("tool"): d.source or "—",
        t("rows"): d.frame.height,
        t("rejected"): d.rejected.height,
    }
    for d in active_datasets()
]
st.subheader(t("loaded_data"))
st.dataframe(pl.DataFrame(rows), hide_index=True, key="start_datasets")
