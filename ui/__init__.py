"""Shared UI code of the Streamlit app (translations, session state, charts, exports).

Pages import from here; all metric math lives in ``cxkit``.
"""
