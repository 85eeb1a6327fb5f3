"""Workspace files: every uploaded file as it was uploaded, the user's choices for it, and the ROI scenario,
in one zip, so that a workshop can be resumed exactly. Nothing is written to disk: the zip is built and
read in memory.

Format (version 2)::

    manifest.json   {"format": "cxkit-workspace", "version": 2,
                     "files": [{"name": str, "member": "files/000.bin", "size": int, "sha256": str,
                                "kind": str | null, "mapping": {canonical column: header | null},
                                "included": bool, "labels": {canonical column: {file's word: meaning}}},
                               ...],
                     "scenario": "scenario.json" | null,
                     "plans": "plans.json",            (optional: workspaces without it still open)
                     "sample": bool}                   (optional: made on the sample data, which is not in it)
    files/000.bin   the original bytes of the first upload (CSV, Excel, Parquet...), ...
    scenario.json   the ROI scenario (UTF-8 JSON, valid for ``cxkit.roi.Scenario.from_json``)
    plans.json      the ROI plans kept for comparison: {"plans": [scenario, ...]} (at most 20, each valid)

Because the original bytes come back with the same name, kind choice and mapping choice, a reopened file
is read exactly as before (an Excel file stays an Excel file). Opening checks everything: any problem is a
``WorkspaceError`` whose message is in the user's language, members are read in chunks and their real
inflated size is counted (the zip's declared sizes are never trusted), and only members named in the
manifest with the ``files/NNN.bin`` pattern are ever read.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from typing import Any

import cxkit
from cxkit import roi
from ui.i18n import N_
from ui.state import Upload

FORMAT = "cxkit-workspace"
VERSION = 2
MAX_WORKSPACE_BYTES = 500 * 1024 * 1024  # the zip itself
MAX_FILE_BYTES = 200 * 1024 * 1024  # one file inside (the upload limit)
MAX_EXPANDED_BYTES = 600 * 1024 * 1024  # everything inside, inflated
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_SCENARIO_BYTES = 1024 * 1024
MAX_FILES = 100
MAX_NAME = 255
CHUNK = 1024 * 1024
MANIFEST = "manifest.json"
SCENARIO = "scenario.json"
PLANS = "plans.json"
MAX_PLANS = 20
_MEMBER = re.compile(r"files/\d{3}\.bin")
_ENTRY_KEYS = {"name", "member", "size", "sha256", "kind", "mapping", "included"}
_HEX64 = re.compile(r"[0-9a-f]{64}")

_MESSAGES: dict[str, str] = {
    "too_big": N_("the file is larger than {mb} MB"),
    "not_zip": N_("it is not a cxkit workspace (not a zip file)"),
    "damaged": N_("it is damaged: {member} cannot be read"),
    "missing": N_("it is incomplete: {member} is missing"),
    "inflates": N_("{member} expands to more than {mb} MB"),
    "inflates_all": N_("its contents expand to more than {mb} MB"),
    "manifest_json": N_("its manifest is not valid JSON"),
    "manifest_shape": N_("its manifest is not in the cxkit workspace format ({detail})"),
    "version": N_("workspace version {version} is not supported (this app reads version {supported})"),
    "entry": N_("file entry {n} is not valid ({detail})"),
    "too_many": N_("it lists more than {n} files"),
    "duplicate": N_("file {name} is listed twice"),
    "checksum": N_("the data of {name} does not match its checksum"),
    "scenario_text": N_("its ROI scenario is not UTF-8 text"),
    "scenario": N_("its ROI scenario is not valid: {reason}"),
}

_DETAILS: dict[str, str] = {
    "not_object": N_("not an object"),
    "keys": N_("unexpected or missing fields"),
    "format": N_("wrong format name"),
    "files": N_("'files' is not a list"),
    "scenario": N_("'scenario' must be null or scenario.json"),
    "plans": N_("'plans' must be plans.json"),
    "sample": N_("'sample' is not true or false"),
    "name": N_("the name must be text of 1 to 255 characters"),
    "member": N_("unexpected member name"),
    "size": N_("the size is not a whole number of bytes"),
    "sha256": N_("the checksum is not a SHA-256"),
    "kind": N_("unknown kind of data"),
    "mapping": N_("the column choices are not valid for its kind"),
    "included": N_("'included' is not true or false"),
    "labels": N_("the meanings given to the file's words are not valid"),
}


class WorkspaceError(ValueError):
    """The workspace file cannot be opened; the message says why, in the user's language."""


def _text(table: dict[str, str], key: str, lang: str, **values: object) -> str:
    from ui.i18n import _, language

    with language(lang):
        return _(table[key], **values)


def _scenario_reason(error: BaseException, lang: str) -> str:
    """What is wrong with a scenario, in ``lang`` (from cxkit's error code; never its English message)."""
    from ui.i18n import language
    from ui.roi_text import explain

    with language(lang):
        return explain(error)[:300]


def _fail(key: str, lang: str, **values: object) -> WorkspaceError:
    reason = _text(_MESSAGES, key, lang, **values)
    return WorkspaceError(reason)


def build(uploads: dict[str, Upload], scenario_json: str | None, plans: list[str] | None = None, *,
          sample: bool = False) -> bytes:
    """The workspace zip of these uploads (every one, loaded or not, with the user's choices), the scenario and
    the ROI plans kept for comparison (scenario JSON texts; none: no ``plans.json``). ``sample``: the workspace
    was made on the bundled sample data (not copied into it: opening it switches the sample on again); a
    workspace can be saved with no upload at all."""
    buffer = io.BytesIO()
    files: list[dict[str, Any]] = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for i, upload in enumerate(uploads.values()):
            member = f"files/{i:03d}.bin"
            archive.writestr(member, upload.data)
            files.append({
                "name": upload.name, "member": member, "size": len(upload.data),
                "sha256": hashlib.sha256(upload.data).hexdigest(), "kind": upload.kind,
                "mapping": dict(upload.mapping), "included": bool(upload.included),
                "labels": {column: dict(words) for column, words in upload.labels.items()},
            })
        if scenario_json:
            archive.writestr(SCENARIO, scenario_json.encode("utf-8"))
        manifest: dict[str, Any] = {"format": FORMAT, "version": VERSION, "files": files,
                                    "scenario": SCENARIO if scenario_json else None}
        if plans:
            archive.writestr(PLANS, json.dumps({"plans": [json.loads(p) for p in plans[:MAX_PLANS]]},
                                               ensure_ascii=False).encode("utf-8"))
            manifest["plans"] = PLANS
        if sample:
            manifest["sample"] = True
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8"))
    return buffer.getvalue()


def _read_member(archive: zipfile.ZipFile, member: str, limit: int, budget: list[int], lang: str) -> bytes:
    """A member's bytes, inflated chunk by chunk and counted as they come (declared sizes are not trusted).

    ``budget`` holds the bytes still allowed for the whole workspace and is reduced as this member is read.
    """
    try:
        info = archive.getinfo(member)
    except KeyError:
        raise _fail("missing", lang, member=member) from None
    parts: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                budget[0] -= len(chunk)
                if size > limit:
                    raise _fail("inflates", lang, member=member, mb=limit // 2**20)
                if budget[0] < 0:
                    raise _fail("inflates_all", lang, mb=MAX_EXPANDED_BYTES // 2**20)
                parts.append(chunk)
    except WorkspaceError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError, NotImplementedError,
            zipfile.LargeZipFile):
        # bad CRC, truncated data, encryption, an unknown compression method, a lying header...
        raise _fail("damaged", lang, member=member) from None
    return b"".join(parts)


def _check_entry(n: int, entry: object, lang: str) -> dict[str, Any]:
    def bad(detail: str) -> WorkspaceError:
        return _fail("entry", lang, n=n, detail=_text(_DETAILS, detail, lang))

    if not isinstance(entry, dict):
        raise bad("not_object")
    if set(entry) not in (_ENTRY_KEYS, _ENTRY_KEYS | {"labels"}):  # "labels" came later: optional
        raise bad("keys")
    name = entry["name"]
    if not isinstance(name, str) or not 0 < len(name) <= MAX_NAME or any(ord(c) < 32 for c in name):
        raise bad("name")
    if not isinstance(entry["member"], str) or not _MEMBER.fullmatch(entry["member"]):
        raise bad("member")
    size = entry["size"]
    if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAX_FILE_BYTES:
        raise bad("size")
    if not isinstance(entry["sha256"], str) or not _HEX64.fullmatch(entry["sha256"]):
        raise bad("sha256")
    kind = entry["kind"]
    if kind is not None and kind not in cxkit.KINDS:
        raise bad("kind")
    mapping = entry["mapping"]
    if not isinstance(mapping, dict) or (mapping and kind is None):
        raise bad("mapping")
    for column, header in mapping.items():
        if column not in cxkit.SCHEMAS[kind] or not (header is None or isinstance(header, str)):
            raise bad("mapping")
    if not isinstance(entry["included"], bool):
        raise bad("included")
    labels = entry.setdefault("labels", {})
    if not isinstance(labels, dict) or len(labels) > 20 or any(
        not isinstance(column, str) or not isinstance(words, dict) or len(words) > 1000
        or not all(isinstance(k, str) and isinstance(v, str) and len(k) <= 500 and len(v) <= 50
                   for k, v in words.items())
        for column, words in labels.items()
    ):
        raise bad("labels")
    return entry


def _check_manifest(manifest: object, lang: str) -> dict[str, Any]:
    def bad(detail: str) -> WorkspaceError:
        return _fail("manifest_shape", lang, detail=_text(_DETAILS, detail, lang))

    if not isinstance(manifest, dict):
        raise bad("not_object")
    version = manifest.get("version")
    if version != VERSION or isinstance(version, bool):
        shown = version if isinstance(version, (int, float, str)) and len(str(version)) < 20 else "?"
        raise _fail("version", lang, version=json.dumps(shown), supported=VERSION)
    if set(manifest) - {"plans", "sample"} != {"format", "version", "files", "scenario"}:
        raise bad("keys")
    if not isinstance(manifest.get("sample", False), bool):
        raise bad("sample")
    if manifest["format"] != FORMAT:
        raise bad("format")
    if not isinstance(manifest["files"], list):
        raise bad("files")
    if manifest["scenario"] not in (None, SCENARIO):
        raise bad("scenario")
    if manifest.get("plans", PLANS) != PLANS:
        raise bad("plans")
    if len(manifest["files"]) > MAX_FILES:
        raise _fail("too_many", lang, n=MAX_FILES)
    members: set[str] = set()
    contents: set[tuple[str, str]] = set()
    for n, entry in enumerate(manifest["files"], start=1):
        checked = _check_entry(n, entry, lang)
        if checked["member"] in members or (checked["name"], checked["sha256"]) in contents:
            raise _fail("duplicate", lang, name=checked["name"])
        members.add(checked["member"])
        contents.add((checked["name"], checked["sha256"]))
    return manifest


def open_workspace(data: bytes, lang: str = "en") -> tuple[list[Upload], str | None]:
    """The uploads (not read yet: pass each to ``ui.state.read_upload``) and the scenario JSON in a
    workspace zip.

    Raises:
        WorkspaceError: Not a cxkit workspace, another version, too large, or damaged in any way; the
            message, in ``lang``, says which.
    """
    if len(data) > MAX_WORKSPACE_BYTES:
        raise _fail("too_big", lang, mb=MAX_WORKSPACE_BYTES // 2**20)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise _fail("not_zip", lang) from None
    with archive:
        budget = [MAX_EXPANDED_BYTES]
        raw = _read_member(archive, MANIFEST, MAX_MANIFEST_BYTES, budget, lang)
        try:
            manifest = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise _fail("manifest_json", lang) from None
        manifest = _check_manifest(manifest, lang)
        uploads = []
        for entry in manifest["files"]:
            content = _read_member(archive, entry["member"], MAX_FILE_BYTES, budget, lang)
            if len(content) != entry["size"] or hashlib.sha256(content).hexdigest() != entry["sha256"]:
                raise _fail("checksum", lang, name=entry["name"])
            uploads.append(Upload(name=entry["name"], data=content, kind=entry["kind"],
                                  mapping=dict(entry["mapping"]), included=entry["included"],
                                  labels={c: dict(w) for c, w in entry["labels"].items()}))
        scenario = None
        if manifest["scenario"] is not None:
            text = _read_member(archive, SCENARIO, MAX_SCENARIO_BYTES, budget, lang)
            try:
                scenario = text.decode("utf-8")
            except UnicodeDecodeError:
                raise _fail("scenario_text", lang) from None
            try:  # what the ROI page and the Excel report will do with it
                roi.evaluate(roi.Scenario.from_json(scenario))
            except (roi.ScenarioError, ValueError, TypeError, KeyError, AttributeError, ArithmeticError,
                    RecursionError) as exc:
                raise _fail("scenario", lang, reason=_scenario_reason(exc, lang)) from None
    return uploads, scenario


def open_plans(data: bytes, lang: str = "en") -> dict[str, str]:
    """The ROI plans kept for comparison in a workspace zip: plan name → scenario JSON ({} when it has none).
    Call after ``open_workspace`` accepted the zip.

    Raises:
        WorkspaceError: The plans are not valid (the message, in ``lang``, names the plan and the reason).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise _fail("not_zip", lang) from None
    with archive:
        budget = [MAX_EXPANDED_BYTES]
        try:
            manifest = json.loads(_read_member(archive, MANIFEST, MAX_MANIFEST_BYTES, budget, lang).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise _fail("manifest_json", lang) from None
        manifest = _check_manifest(manifest, lang)
        if "plans" not in manifest:
            return {}
        raw = _read_member(archive, PLANS, MAX_SCENARIO_BYTES * MAX_PLANS, budget, lang)
    try:
        items = json.loads(raw.decode("utf-8"))["plans"]
        if not isinstance(items, list) or len(items) > MAX_PLANS:
            raise TypeError(f"a list of at most {MAX_PLANS} plans")
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, KeyError, TypeError) as exc:
        raise _fail("scenario", lang, reason=f"{PLANS}: {_scenario_reason(exc, lang)}") from None
    texts: dict[str, str] = {}
    for item in items:
        try:
            scenario = roi.Scenario.from_dict(item)
            roi.evaluate(scenario)
        except (roi.ScenarioError, ValueError, TypeError, KeyError, AttributeError, ArithmeticError,
                RecursionError) as exc:
            raise _fail("scenario", lang, reason=f"{PLANS}: {_scenario_reason(exc, lang)}") from None
        texts[scenario.name] = scenario.to_json()
    return texts


def made_on_sample(data: bytes, lang: str = "en") -> bool:
    """The workspace was made on the sample data (its manifest says so). Call after ``open_workspace`` accepted
    the zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        raw = _read_member(archive, MANIFEST, MAX_MANIFEST_BYTES, [MAX_EXPANDED_BYTES], lang)
    manifest = _check_manifest(json.loads(raw.decode("utf-8")), lang)
    return bool(manifest.get("sample", False))
