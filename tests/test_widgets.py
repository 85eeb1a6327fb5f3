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


def _kept_script() -> None:
    import streamlit as st

    from ui.widgets import keep

    options = st.session_state.get("_options", ["ticket_type", "channel"])
    keep("kept_column", options=options, default=options[0])
    st.session_state["_shown"] = st.selectbox("Column", options, key="kept_column")
    keep("kept_days", low=1, high=30, integer=True, default=7)
    st.session_state["_days"] = st.slider("Days", 1, 30, key="kept_days")


def test_a_kept_widget_starts_at_its_default_and_drops_a_choice_its_data_no_longer_offers() -> None:
    """widgets.keep gives the widget its starting value (the widget takes none of its own, so Streamlit logs no
    "set via the Session State API" warning), and a kept choice that other data no longer offers starts again
    from the default instead of failing the select box."""
    at = AppTest.from_function(_kept_script)
    at.run()
    assert not at.exception and (at.session_state["_shown"], at.session_state["_days"]) == ("ticket_type", 7)
    at.selectbox(key="kept_column").set_value("channel").run()
    at.slider(key="kept_days").set_value(12).run()
    assert (at.session_state["_shown"], at.session_state["_days"]) == ("channel", 12)
    at.session_state["_options"] = ["priority", "ticket_type"]  # other data: no channel column
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert (at.session_state["_shown"], at.session_state["_days"]) == ("priority", 12)


def _restarting_script() -> None:
    import streamlit as st

    from ui import urlstate
    from ui.widgets import keep

    calls = st.session_state.get("_calls", True)
    if st.session_state.get("_show", True):  # the page drawn, or another page
        keep("target_seconds", low=5, high=86_400, integer=True, default=20 if calls else 3600, restart_on=calls)
        st.session_state["_target"] = st.number_input("Within (seconds)", 5, 86_400, key="target_seconds")
    urlstate.persist()  # as app.py does after every run: the page's last values are kept while it is not drawn


def test_a_kept_widget_whose_default_depends_on_the_data_starts_again_when_the_data_changes() -> None:
    """A target worked out from the data (20 s for calls, an hour for tickets): the visitor's own value stays
    while the data stays, also after another page, and the new data's default comes with other data, even when
    the page was left with the old value and is drawn again."""
    at = AppTest.from_function(_restarting_script)
    at.run()
    assert not at.exception and at.session_state["_target"] == 20
    at.number_input(key="target_seconds").set_value(45).run()
    at.session_state["_show"] = False
    at.run()  # another page
    at.session_state["_show"] = True
    at.run()
    assert at.session_state["_target"] == 45, "back on the page with the same data: as it was left"
    at.session_state["_show"] = False
    at.run()
    at.session_state["_calls"] = False  # tickets now
    at.session_state["_show"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["_target"] == 3600
    at.session_state["_calls"] = True  # and back, on the page itself
    at.run()
    assert at.session_state["_target"] == 20
