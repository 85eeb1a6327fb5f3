"""Overview: the KPIs that matter, their change against the previous period, and what stands out."""

from __future__ import annotations

import streamlit as st

from ui import kpis, widgets
from ui.i18n import L, fmt_date
from ui.state import View

v: View = st.session_state["_view"]
st.title(L("Overview", "Resumen"))
if st.session_state.get("use_sample"):
    st.info(L("Sample data of Tienda Verde, a small online shop. Switch it off in the sidebar to use your files.",
              "Datos de ejemplo de Tienda Verde, una pequeña tienda online. Desactívelos en la barra lateral para "
              "usar sus archivos."), icon="ℹ️")
if not v.all:
    st.warning(L("No data yet. Add your files on the Data page.", "Aún no hay datos. Añada sus archivos en la "
                 "página Datos."))
    st.stop()
if v.period is not None:
    previous = v.period.previous()
    st.caption(L("{a} – {b}, compared with {c} – {d}. Arrows show the change; the note under it says whether it is "
                 "more than chance.", "{a} – {b}, comparado con {c} – {d}. Las flechas muestran el cambio; la nota "
                 "dice si es más que azar.", a=fmt_date(v.period.start), b=fmt_date(v.period.end),
                 c=fmt_date(previous.start), d=fmt_date(previous.end)))

sla = float(st.session_state.get("sla_minutes", 1440))
cards = [k for k in (kpis.nps_kpi(v), kpis.csat_kpi(v), kpis.churn_kpi(v)) if k is not None]
cards += kpis.service_kpis(v, sla)
if not cards:
    st.info(L("The loaded data has nothing to measure yet.", "Los datos cargados aún no tienen nada que medir."))
for start in range(0, len(cards), 4):
    columns = st.columns(4)
    for column, card in zip(columns, cards[start:start + 4], strict=False):
        widgets.kpi(column, card.label, card.value, card.change if v.compare else None,
                    delta_text=card.delta if v.compare else None, higher_is_better=card.higher_is_better,
                    help=card.help or None)

st.subheader(L("What stands out", "Lo que destaca"))
found = kpis.highlights(v, sla)
if found:
    for sentence in found:
        st.markdown(f"- {sentence}")
else:
    st.caption(L("Nothing stands out beyond chance in this period.", "Nada destaca más allá del azar en este periodo."))
