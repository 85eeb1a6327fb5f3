"""A tool may declare the positional layout of its exports with no header row (issue #26): Asterisk's CDR
``Master.csv`` loads as calls with its fields named and mapped by the layout, the decisions saying ``tool``; a
header-less file that fits no layout still gets generated headers and is told apart by its values."""

from __future__ import annotations

import io

import polars as pl
import pytest

import cxkit
from cxkit import tools
from cxkit.ingest.read import read_table
from tests import asterisk_cdr

MAPPED = {"started_at": "start", "queue": "dst", "outcome": "disposition", "talk_seconds": "billsec",
          "call_id": "uniqueid"}


def _cells(rows: list[list[str]], width: int) -> pl.DataFrame:
    """The generated records as their values (quotes removed), the layout's first ``width`` fields as names."""
    text = "".join(",".join(row) + "\n" for row in rows)
    fields = ("accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp", "lastdata",
              "start", "answer", "end", "duration", "billsec", "disposition", "amaflags", "uniqueid", "userfield")
    return pl.read_csv(io.StringIO(text), has_header=False, new_columns=list(fields[:width]),
                       infer_schema=False)


def test_the_sample_file_is_what_the_generator_writes() -> None:
    assert asterisk_cdr.PATH.read_text(encoding="utf-8") == asterisk_cdr.text()


def test_asterisk_master_csv_loads_as_calls_by_its_layout() -> None:
    loaded = cxkit.load(asterisk_cdr.PATH.read_bytes(), name="Master.csv")
    source = _cells(asterisk_cdr.records(), 17)
    assert loaded.kind == "calls" and loaded.source == "asterisk"
    assert loaded.mapping == MAPPED
    assert loaded.decisions["kind"].evidence == "tool"
    assert {c: d.evidence for c, d in loaded.decisions.items() if c != "kind"} == dict.fromkeys(MAPPED, "tool")
    assert all(d.confidence >= 0.9 for d in loaded.decisions.values())
    assert [i.code for i in loaded.issues][:1] == ["w_tool_layout"]
    frame = loaded.frame
    assert frame.height == source.height == 60 and loaded.rejected.height == 0  # the first record is a call
    assert frame["talk_seconds"].sum() == source["billsec"].cast(pl.Int64).sum()
    assert frame["started_at"].min() == source["start"].str.to_datetime().min()
    assert frame["started_at"].max() == source["start"].str.to_datetime().max()
    expected = {"ANSWERED": "answered", "NO ANSWER": "abandoned", "BUSY": "other", "FAILED": "other"}
    assert frame["outcome"].to_list() == source["disposition"].replace_strict(expected).to_list()
    assert frame["call_id"].to_list() == source["uniqueid"].to_list()
    # the wait is the seconds before the answer, or before the hang-up of a call never answered
    wait = source["duration"].cast(pl.Int64) - source["billsec"].cast(pl.Int64)
    assert frame["wait_seconds"].to_list() == wait.cast(pl.Float64).to_list()
    assert frame["wait_seconds"].sum() > 0
    assert "w_derived" in [i.code for i in loaded.issues]
    service = cxkit.call_service(frame).row(0, named=True)  # the call metrics run on it
    assert service["calls"] == 60
    assert service["answered"] == int((source["disposition"] == "ANSWERED").sum())
    assert service["abandoned"] == int((source["disposition"] == "NO ANSWER").sum())
    assert frame["queue"].cast(pl.String).to_list() == source["dst"].to_list()
    assert {"duration", "answer", "dstchannel"} <= set(frame.columns)  # the other fields are kept under their names


@pytest.mark.parametrize(("uniqueid", "userfield"), [(False, False), (True, True), (False, True)])
def test_the_optional_trailing_fields(uniqueid: bool, userfield: bool) -> None:
    """16 columns (no uniqueid), 18 (uniqueid and userfield) and 17 with userfield only: the same calls."""
    rows = asterisk_cdr.records(40, seed=7, uniqueid=uniqueid, userfield=userfield)
    data = "".join(",".join(row) + "\n" for row in rows).encode()
    loaded = cxkit.load(data, name="Master.csv")
    expected = {k: v for k, v in MAPPED.items() if uniqueid or k != "call_id"}
    assert loaded.kind == "calls" and loaded.mapping == expected
    assert loaded.frame.height == 40
    raw = read_table(data, "Master.csv")
    assert raw.layout == "asterisk"
    assert raw.headers[-1] == ("userfield" if userfield else "uniqueid" if uniqueid else "amaflags")


def test_the_same_fields_as_a_header_row_are_read_the_same_way() -> None:
    """A CDR table written with its field names as headers (a database export) is mapped by the same layout."""
    rows = asterisk_cdr.records(40, seed=3)
    header = ",".join(("accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp",
                       "lastdata", "start", "answer", "end", "duration", "billsec", "disposition", "amaflags",
                       "uniqueid"))
    data = (header + "\n" + "".join(",".join(row) + "\n" for row in rows)).encode()
    loaded = cxkit.load(data, name="cdr.csv")
    assert loaded.kind == "calls" and loaded.mapping == MAPPED and loaded.frame.height == 40
    assert "w_tool_layout" not in [i.code for i in loaded.issues]
    assert read_table(data, "cdr.csv").layout is None


def test_a_headerless_file_that_fits_no_layout_gets_generated_headers() -> None:
    """The Asterisk records with their disposition words changed fit no layout: generated names, told by values."""
    rows = asterisk_cdr.records(40, seed=5)
    for row in rows:
        row[14] = '"' + {'"ANSWERED"': "Answered", '"NO ANSWER"': "Missed"}.get(row[14], "Busy") + '"'
    data = "".join(",".join(row) + "\n" for row in rows).encode()
    raw = read_table(data, "calls.csv")
    assert raw.layout is None
    assert raw.headers == [f"column {i}" for i in range(1, 18)]
    assert raw.frame.height == 40
    assert [w.code for w in raw.warnings] == ["w_no_header_row"]


def test_a_layout_needs_its_width_and_its_first_row() -> None:
    layout = next(t for t in tools.registered() if t.name == "asterisk").layouts[0]
    cells = _cells(asterisk_cdr.records(20), 17)
    assert layout.fits(cells.rename(lambda c: f"c{c}"))
    assert not layout.fits(cells.drop("uniqueid", "amaflags"))  # 15 columns: not a width it is written with
    names = pl.DataFrame([pl.Series(c, [c], dtype=pl.String) for c in cells.columns])
    assert not layout.fits(pl.concat([names, cells]))  # a header row of its field names is not a record


def test_a_tool_registered_from_outside_declares_a_layout() -> None:
    """A layout registered the way a plugin would: a three-field phone log with no header row."""
    tools.register(tools.Tool("test_pbx", "calls", layouts=(tools.Layout(
        ("when", "line", "seconds_waited", "result"),
        {"when": "started_at", "line": "queue", "seconds_waited": "wait_seconds", "result": "outcome"},
        widths=(4,), shapes={"when": "date", "seconds_waited": "number"},
        words={"result": ("ok", "lost")}),)))
    try:
        data = "".join(f"2026-01-0{1 + i % 9} 10:{i:02d}:00,L{i % 3},{i * 3},{'ok' if i % 4 else 'lost'}\n"
                       for i in range(30)).encode()
        loaded = cxkit.load(data, name="pbx.csv")
        assert loaded.kind == "calls" and loaded.source == "test_pbx"
        assert loaded.mapping == {"started_at": "when", "queue": "line", "wait_seconds": "seconds_waited",
                                  "outcome": "result"}
        assert loaded.frame["wait_seconds"].sum() == sum(i * 3 for i in range(30))
    finally:
        tools._REGISTRY.pop("test_pbx", None)
