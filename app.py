"""cxkit's Streamlit app: the router and the frame (sidebar, language). Pages live in pages/."""

from __future__ import annotations

import streamlit as st

from ui.i18n import LANGS, t
from ui.state import active_datasets, init_state

st.set_page_config(page_title="cxkit", page_icon="📊", layout="wide")
init_state()

with st.sidebar:
    st.radio(
        t("language"),
        options=list(LANGS),
        format_func=LANGS.__getitem__,
        key="lang",
        horizontal=True,
    )
    datasets = active_datasets()
    st.caption(t("sample_note") if st.session_state["use_sample"] else t("your_data_note"))
    for loaded in datasets:
        st.caption(f"{t('kind_' + loaded.kind)}: {loaded.frame.height:,} {t('rows')}")

pages = {
    t("section_data"): [
        st.Page("pages/start.py", title=t("page_start"), icon="🏠", default=True, url_path="start"),
    ],
}
st.navigation(pages).run()
