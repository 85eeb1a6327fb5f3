"""Shared UI code of the Streamlit app (translations, session state, data loading).

Pages import from here; all metric math lives in ``cxkit``.
"""
