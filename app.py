"""cxkit's Streamlit app: the router and the frame (sidebar, language). Pages live in pages/."""

from __future__ import annotations

import streamlit as st

from ui.i18n import LANGS, fmt_number, t
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
        st.caption(f"{t('kind_' + loaded.kind)}: {fmt_number(loaded.frame.height)} {t('rows')}")

# Streamlit 1.67 still emulates the old pages/ discovery on a session's first run (and on every
# AppTest run) before st.navigation takes over; a page whose url_path equals its file name would then
# run without this frame. Page files are therefore named page_<name>.py and served at /<name>.
pages = {
    t("section_data"): [
        st.Page("pages/page_start.py", title=t("page_start"), icon="🏠", default=True, url_path="start"),
    ],
}
st.navigation(pages).run()
