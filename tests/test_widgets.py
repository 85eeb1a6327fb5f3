"""ui.widgets.choice: a choice kept in the session that is no longer one of the options (other data uploaded)
falls back to the default, and to the first option when the default is not offered either; never a stale value
returned to the page (the forecast page met a KeyError from it)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import streamlit as st

    from ui.widgets import choice

    options = st.session_state.get("_options", {"tickets": "Tickets", "calls": "Calls"})
    default = st.session_state.get("_default", "tickets")
    st.session_state["_chosen"] = choice("Data", options, key="source", default=default)


def test_a_stale_choice_falls_back_to_the_default_or_the_first_option() -> None:
    at = AppTest.from_function(_script)
    at.session_state["source"] = "calls"
    at.run()
    assert not at.exception and at.session_state["_chosen"] == "calls"
    at.session_state["_options"] = {"tickets": "Tickets", "orders": "Orders"}  # calls gone with its file
    at.run()
    assert not at.exception and at.session_state["_chosen"] == "tickets"
    at.session_state["_options"] = {"orders": "Orders", "responses": "Answers"}
    at.session_state["_default"] = "calls"  # the default is not offered either
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["_chosen"] == "orders"
