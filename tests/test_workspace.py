"""Workspace files: every kind of upload and every choice comes back identical; anything damaged, tampered
with or oversized is refused with a WorkspaceError in the user's language, never with another exception."""

from __future__ import annotations

import io
import json
import tracemalloc
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import cxkit
from cxkit import roi
from tests.conftest import DATA, SAMPLE
from ui import workspace
from ui.state import Upload, read_upload

CSV_FILES = sorted(DATA.glob("*.csv"))


def _parquet_upload() -> tuple[str, bytes]:
    """A Parquet export (typed columns under the tool's own headers)."""
    buffer = io.BytesIO()
    pl.read_csv(DATA / "stripe_subscriptions.csv", infer_schema_length=0).write_parquet(buffer)
    return "stripe_subscriptions.parquet", buffer.getvalue()


FILES: list[tuple[str, bytes]] = [
    *[(p.name, p.read_bytes()) for p in CSV_FILES],
    ("pedidos.xlsx", (SAMPLE / "pedidos.xlsx").read_bytes()),
    ("costes_equipo.csv", (SAMPLE / "costes_equipo.csv").read_bytes()),
    _parquet_upload(),
]
SCENARIOS = [s.to_json() for s in roi.examples().values()]


def _outcome(upload: Upload) -> Any:
    """Everything the app shows of a reading."""
    if upload.loaded is None:
        return ("error", upload.error, upload.error_code)
    loaded = upload.loaded
    return ("loaded", loaded.kind, loaded.mapping, loaded.warnings, loaded.source, loaded.frame.to_dicts(),
            loaded.rejected.to_dicts(), loaded.headers)


def _load_in_process(data: bytes, name: str, *, progress: Any = None, **options: Any) -> cxkit.Loaded:
    """``cxkit.load_isolated`` without its worker process: the same reading (the worker runs ``cxkit.load``;
    its bounds and its process have their own tests in test_bounded.py), so the properties below spend their
    time on workspaces, not on starting a process per read."""
    return cxkit.load(data, name=name, **options)


@pytest.fixture(autouse=True, scope="module")
def _read_in_process() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cxkit, "load_isolated", _load_in_process)
        yield


def _read(upload: Upload) -> Upload:
    return read_upload(upload, "en", OrderedDict())


@st.composite
def _uploads(draw: st.DrawFn) -> dict[str, Upload]:
    chosen = draw(st.lists(st.sampled_from(range(len(FILES))), min_size=0, max_size=4, unique=True))
    uploads: dict[str, Upload] = {}
    for index in chosen:
        name, data = FILES[index]
        upload = _read(Upload(name=name, data=data))
        choice = draw(st.sampled_from(["detected", "kind", "mapping"]))
        if choice != "detected":
            upload.kind = draw(st.sampled_from(cxkit.KINDS))
            if choice == "mapping":
                headers = upload.loaded.headers if upload.loaded is not None else []
                columns = draw(st.lists(st.sampled_from(list(cxkit.SCHEMAS[upload.kind])), max_size=4, unique=True))
                upload.mapping = {c: draw(st.sampled_from([None, *headers])) for c in columns}
            _read(upload)
        if draw(st.booleans()):  # the user said what some of the file's words mean
            upload.labels = {"status": {"Escalated to L2": "on_hold"}, "outcome": {"Sin respuesta": "abandoned"}}
            _read(upload)
        upload.included = draw(st.booleans())
        uploads[f"{name}:{index}"] = upload
    return uploads


@pytest.mark.slow  # 25 hypothesis examples, each reading uploads: about 30 s (make test runs it)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(uploads=_uploads(), scenario=st.one_of(st.none(), st.sampled_from(SCENARIOS)),
       horizon=st.integers(1, 120))
def test_a_workspace_brings_back_every_upload_and_choice_identical(uploads: dict[str, Upload], scenario: str | None,
                                                                   horizon: int) -> None:
    if scenario is not None:
        data = json.loads(scenario)
        data["horizon_months"] = horizon
        scenario = roi.Scenario.from_dict(data).to_json()
    restored, scenario_back = workspace.open_workspace(workspace.build(uploads, scenario))
    assert scenario_back == scenario
    assert len(restored) == len(uploads)
    for back, original in zip(restored, uploads.values(), strict=True):
        assert (back.name, back.data, back.kind, back.mapping, back.included, back.labels) == \
               (original.name, original.data, original.kind, original.mapping, original.included, original.labels)
        assert _outcome(_read(back)) == _outcome(original)


def test_an_excel_upload_comes_back_as_excel() -> None:
    """The old format stored Parquet under the .xlsx name, which was then refused as a fake Excel file."""
    upload = _read(Upload(name="pedidos.xlsx", data=(SAMPLE / "pedidos.xlsx").read_bytes()))
    restored, _ = workspace.open_workspace(workspace.build({"k": upload}, None))
    back = _read(restored[0])
    assert back.error is None and back.loaded is not None and back.loaded.file_format == "xlsx"
    assert back.loaded.frame.equals(upload.loaded.frame)  # type: ignore[union-attr]


# ------------------------------------------------------------------------------------------- tampering


def _valid() -> bytes:
    uploads = {}
    for name in ("typeform.csv", "freshdesk_es.csv"):
        uploads[name] = _read(Upload(name=name, data=(DATA / name).read_bytes()))
    return workspace.build(uploads, SCENARIOS[0])


VALID = _valid()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _with_manifest(manifest: Any, replace: dict[str, bytes | None] | None = None) -> bytes:
    """The valid workspace with another manifest, and members replaced (``None``: removed)."""
    members = _members(VALID)
    members["manifest.json"] = manifest if isinstance(manifest, bytes) else json.dumps(manifest).encode()
    for name, content in (replace or {}).items():
        if content is None:
            members.pop(name, None)
        else:
            members[name] = content
    return _zip(members)


MANIFEST = json.loads(_members(VALID)["manifest.json"])
SAVED_CONTENTS = {content for name, content in _members(VALID).items() if name.startswith("files/")}
ENTRY = MANIFEST["files"][0]


def _manifest_with(**changes: Any) -> dict[str, Any]:
    return {**MANIFEST, **changes}


def _entry_with(**changes: Any) -> dict[str, Any]:
    return _manifest_with(files=[{**ENTRY, **changes}, *MANIFEST["files"][1:]])


TAMPERED: dict[str, bytes] = {
    "not a zip": b"PK\x03\x04 this is not a zip",
    "empty": b"",
    "manifest is a list": _with_manifest([MANIFEST]),
    "manifest is a string": _with_manifest("workspace"),
    "manifest not json": _with_manifest(b"{version: 2"),
    "manifest not utf-8": _with_manifest(b'{"version": 2, "x": "\xff"}'),
    "manifest deeply nested": _with_manifest(b"[" * 100_000 + b"]" * 100_000),
    "files is text": _with_manifest(_manifest_with(files="all of them")),
    "files is a dict": _with_manifest(_manifest_with(files={"a": ENTRY})),
    "version missing": _with_manifest({k: v for k, v in MANIFEST.items() if k != "version"}),
    "version 1": _with_manifest(_manifest_with(version=1)),
    "version true": _with_manifest(_manifest_with(version=True)),
    "version as text": _with_manifest(_manifest_with(version="2")),
    "unknown field": _with_manifest(_manifest_with(extra=1)),
    "wrong format": _with_manifest(_manifest_with(format="other")),
    "scenario path elsewhere": _with_manifest(_manifest_with(scenario="../../etc/passwd")),
    "entry is a list": _with_manifest(_manifest_with(files=[["typeform.csv"]])),
    "kind missing": _with_manifest(_manifest_with(files=[{k: v for k, v in ENTRY.items() if k != "kind"}])),
    "unknown kind": _with_manifest(_entry_with(kind="invoices")),
    "kind is a number": _with_manifest(_entry_with(kind=3)),
    "mapping is a list": _with_manifest(_entry_with(mapping=["a"])),
    "labels are a list": _with_manifest(_entry_with(labels=["a"])),
    "a label meaning is a number": _with_manifest(_entry_with(labels={"status": {"Escalated": 3}})),
    "mapping to a number": _with_manifest(_entry_with(kind="responses", mapping={"nps_score": 7})),
    "mapping to an unknown column": _with_manifest(_entry_with(kind="responses", mapping={"salary": "x"})),
    "mapping without a kind": _with_manifest(_entry_with(kind=None, mapping={"nps_score": "x"})),
    "name empty": _with_manifest(_entry_with(name="")),
    "name is a number": _with_manifest(_entry_with(name=5)),
    "name with a line break": _with_manifest(_entry_with(name="a\n# Title")),
    "size is text": _with_manifest(_entry_with(size="10")),
    "size negative": _with_manifest(_entry_with(size=-1)),
    "size wrong": _with_manifest(_entry_with(size=ENTRY["size"] + 1)),
    "checksum wrong": _with_manifest(_entry_with(sha256="0" * 64)),
    "checksum not hex": _with_manifest(_entry_with(sha256="z" * 64)),
    "included is text": _with_manifest(_entry_with(included="yes")),
    "duplicate files": _with_manifest(_manifest_with(files=[ENTRY, ENTRY])),
    "duplicate content": _with_manifest(_manifest_with(files=[ENTRY, {**ENTRY, "member": "files/005.bin"}]),
                                        {"files/005.bin": _members(VALID)[ENTRY["member"]]}),
    "traversal member": _with_manifest(_entry_with(member="../../evil.bin"), {"../../evil.bin": b"x"}),
    "absolute member": _with_manifest(_entry_with(member="/etc/passwd")),
    "member missing": _with_manifest(MANIFEST, {"files/000.bin": None}),
    "manifest missing": _zip({k: v for k, v in _members(VALID).items() if k != "manifest.json"}),
    "scenario missing": _with_manifest(MANIFEST, {"scenario.json": None}),
    "scenario not utf-8": _with_manifest(MANIFEST, {"scenario.json": b'{"name": "\xe9t\xe9"}'}),
    "scenario not json": _with_manifest(MANIFEST, {"scenario.json": b"horizon: 12"}),
    "scenario invalid": _with_manifest(MANIFEST, {"scenario.json": json.dumps(
        {**json.loads(SCENARIOS[0]), "horizon_months": -4}).encode()}),
    "scenario a list": _with_manifest(MANIFEST, {"scenario.json": b"[1, 2]"}),
    "scenario with markdown": _with_manifest(MANIFEST, {"scenario.json": json.dumps(
        {**json.loads(SCENARIOS[0]), "version": "![x](http://example.invalid/a.png)"}).encode()}),
}


def _bad_crc(data: bytes) -> bytes:
    """The first member's stored data changed without fixing its CRC."""
    members = _members(data)
    name = ENTRY["member"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    raw = bytearray(buffer.getvalue())
    at = raw.find(members[name][:40])
    raw[at + 5] ^= 0x20
    return bytes(raw)


TAMPERED["bad CRC"] = _bad_crc(VALID)


def _open_and_read(data: bytes, lang: str = "en") -> str:
    """What the app does with a workspace: open it, then read every file in it. A workspace that opens gives
    back only files it was saved with, byte for byte (a damaged or swapped file is never read as if it were
    the user's), each either read or with a message."""
    try:
        uploads, scenario = workspace.open_workspace(data, lang)
    except workspace.WorkspaceError as error:
        message = str(error)
        assert message and "Traceback" not in message and "site-packages" not in message and "/work" not in message
        return "refused"
    for upload in uploads:
        assert upload.data in SAVED_CONTENTS, f"{upload.name!r} opened with content it was not saved with"
        _read(upload)  # a LoadError becomes the upload's message; nothing else may escape
        assert (upload.loaded is None) != (upload.error is None), f"{upload.name!r}: neither read nor explained"
    if scenario is not None:
        roi.evaluate(roi.Scenario.from_json(scenario))
    return "loaded"


@pytest.mark.parametrize("case", list(TAMPERED), ids=list(TAMPERED))
def test_a_tampered_workspace_is_refused_with_a_plain_message(case: str) -> None:
    assert _open_and_read(TAMPERED[case]) == "refused"
    with pytest.raises(workspace.WorkspaceError) as spanish:
        workspace.open_workspace(TAMPERED[case], "es")
    with pytest.raises(workspace.WorkspaceError) as english:
        workspace.open_workspace(TAMPERED[case], "en")
    assert str(spanish.value) != str(english.value)  # the message is in the user's language


def test_the_valid_workspace_opens() -> None:
    assert _open_and_read(VALID) == "loaded"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flips=st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(1, 255)), min_size=1, max_size=6),
       cut=st.one_of(st.none(), st.integers(0, len(VALID))))
def test_byte_flips_and_truncation_only_load_or_refuse(flips: list[tuple[int, int]], cut: int | None) -> None:
    data = bytearray(VALID)
    for at, mask in flips:
        data[at] ^= mask
    if cut is not None:
        data = data[:cut]
    event(_open_and_read(bytes(data)))  # the checks are inside: only saved bytes open, nothing escapes


_JSON = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=8)),
                     lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner,
                                                                                           max_size=3)),
                     max_leaves=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from([(), ("version",), ("format",), ("files",), ("scenario",), ("files", 0),
                             ("files", 0, "name"), ("files", 0, "kind"), ("files", 0, "mapping"),
                             ("files", 0, "member"), ("files", 0, "size"), ("files", 0, "sha256"),
                             ("files", 0, "included"), ("files", 1)]),
       value=_JSON)
def test_manifest_mutations_only_load_or_refuse(path: tuple[Any, ...], value: Any) -> None:
    manifest = json.loads(json.dumps(MANIFEST))
    if not path:
        manifest = value
    else:
        target = manifest
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    event(_open_and_read(_with_manifest(manifest)))  # the checks are inside: only saved bytes open


# ------------------------------------------------------------------------------------------ sizes


def _bomb(size: int) -> bytes:
    """A workspace whose one file is ``size`` zero bytes (a few kB compressed), with an honest manifest."""
    import hashlib

    content = bytes(size)
    manifest = {"format": "cxkit-workspace", "version": 2, "scenario": None, "files": [
        {"name": "zeros.csv", "member": "files/000.bin", "size": size, "sha256": hashlib.sha256(content).hexdigest(),
         "kind": None, "mapping": {}, "included": True}]}
    return _zip({"manifest.json": json.dumps(manifest).encode(), "files/000.bin": content})


def _declare(data: bytes, member: str, size: int) -> bytes:
    """The zip with ``member``'s declared uncompressed size changed in its local and central headers."""
    import struct

    raw = bytearray(data)
    encoded = member.encode()
    at = 0
    while (at := raw.find(encoded, at + 1)) != -1:
        if raw[at - 30:at - 26] == b"PK\x03\x04":
            struct.pack_into("<I", raw, at - 30 + 22, size)
        elif raw[at - 46:at - 42] == b"PK\x01\x02":
            struct.pack_into("<I", raw, at - 46 + 24, size)
    return bytes(raw)


def test_an_inflating_member_is_stopped_while_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workspace, "MAX_FILE_BYTES", 4 * 2**20)
    bomb = _bomb(40 * 2**20)
    assert len(bomb) < 200_000
    lying = _declare(bomb, "files/000.bin", 1000)  # claims 1 kB
    for data in (bomb, lying):
        tracemalloc.start()
        with pytest.raises(workspace.WorkspaceError):
            workspace.open_workspace(data)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 12 * 2**20  # never inflated the 40 MB


def test_the_whole_workspace_has_an_inflated_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workspace, "MAX_EXPANDED_BYTES", 3 * 2**20)
    with pytest.raises(workspace.WorkspaceError, match="expand"):
        workspace.open_workspace(_bomb(5 * 2**20))
    with pytest.raises(workspace.WorkspaceError, match="MB"):
        workspace.open_workspace(_bomb(5 * 2**20), "es")


def test_a_member_larger_than_declared_is_refused() -> None:
    data = _declare(_bomb(200_000), "files/000.bin", 10)
    with pytest.raises(workspace.WorkspaceError):
        workspace.open_workspace(data)


def test_a_file_too_large_to_open_is_refused_before_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workspace, "MAX_WORKSPACE_BYTES", 1000)
    with pytest.raises(workspace.WorkspaceError, match="larger than"):
        workspace.open_workspace(VALID)


def test_unlisted_members_are_never_read() -> None:
    members = _members(VALID)
    members["../../outside.txt"] = b"x"
    members["/abs.txt"] = b"x"
    assert _open_and_read(_zip(members)) == "loaded"
    assert not Path("outside.txt").exists() and not Path("/abs.txt").exists()


@pytest.mark.parametrize("case", [c for c in TAMPERED if c.startswith("scenario")])
def test_an_invalid_scenario_in_a_workspace_is_explained_without_english_in_spanish(case: str) -> None:
    from tests.spanish_walk import english_words

    with pytest.raises(workspace.WorkspaceError) as spanish:
        workspace.open_workspace(TAMPERED[case], "es")
    assert english_words(str(spanish.value)) == [], str(spanish.value)
