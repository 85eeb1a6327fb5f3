"""Overview: the KPIs that matter, their change against the previous period, and what stands out."""

from __future__ import annotations

import streamlit as st

from ui import kpis, widgets
from ui.context import page_context
from ui.i18n import _
from ui.state import View

ctx = page_context()
v: View = ctx.view
st.title(_("Overview"))
if st.session_state.get("use_sample"):
    st.info(_("Sample data of Tienda Verde, a small online shop. Switch it off in the sidebar to use your files."), icon="ℹ️")
if not v.all:
    st.warning(_("No data yet. Add your files on the Data page."))
    st.stop()
sla = ctx.sla_minutes
cards, found = kpis.overview(v, sla)  # once per view: coming back to the Overview draws them without computing
if not cards:
    st.info(_("The loaded data has nothing to measure yet."))
for start in range(0, len(cards), 4):
    columns = st.columns(4)
    for column, card in zip(columns, cards[start:start + 4], strict=False):
        # the change is shown only where the data covers the previous period (no "+5,000" against nothing)
        comparable = v.comparable(card.kind) if card.kind else v.compare
        help_text = card.help or ""
        if v.compare and not comparable:
            help_text += ("\n\n" if help_text else "") + _(
                "No change shown: this data begins after the start of the previous period.")
        if card.kind in v.unfiltered:
            help_text += ("\n\n" if help_text else "") + _(
                "Not filtered by {f}: this data has no such column.", f=", ".join(_(v.filter_label(k)) for k in v.unfiltered[card.kind]))
        widgets.kpi(column, card.label, card.value, card.change if comparable else None,
                    delta_text=card.delta if comparable else None, higher_is_better=card.higher_is_better,
                    help=help_text or None)

st.subheader(_("What stands out"))
if found:
    for sentence in found:
        st.markdown(f"- {sentence}")
else:
    st.caption(_("Nothing stands out beyond chance in this period."))
