"""Workspace files: the loaded data (Parquet), how each file was read, and ROI scenarios, in one zip,
so that a workshop can be resumed. Nothing is written to disk: the zip is built in memory."""

from __future__ import annotations

import io
import json
import zipfile

import polars as pl

import cxkit
from ui.state import Upload

VERSION = 1
MAX_WORKSPACE_BYTES = 500 * 1024 * 1024


class WorkspaceError(ValueError):
    """The workspace file cannot be opened; the message says why."""


def build(uploads: dict[str, Upload], scenario_json: str | None) -> bytes:
    buffer = io.BytesIO()
    manifest: dict[str, object] = {"version": VERSION, "files": [], "scenario": None}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for i, upload in enumerate(u for u in uploads.values() if u.loaded is not None):
            assert upload.loaded is not None
            member = f"data/{i:03d}.parquet"
            parquet = io.BytesIO()
            upload.loaded.frame.write_parquet(parquet)
            archive.writestr(member, parquet.getvalue())
            manifest["files"].append({  # type: ignore[attr-defined]
                "name": upload.name, "kind": upload.loaded.kind, "source": upload.loaded.source,
                "original_mapping": upload.loaded.mapping, "member": member,
            })
        if scenario_json:
            archive.writestr("scenario.json", scenario_json)
            manifest["scenario"] = "scenario.json"
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    return buffer.getvalue()


def open_workspace(data: bytes) -> tuple[list[Upload], str | None]:
    """The uploads and scenario in a workspace zip.

    Raises:
        WorkspaceError: Not a cxkit workspace, another version, or damaged.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_WORKSPACE_BYTES:
            raise WorkspaceError("the workspace expands to more than 500 MB")
        manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, OSError, ValueError) as exc:
        if isinstance(exc, WorkspaceError):
            raise
        raise WorkspaceError(f"not a cxkit workspace ({exc})") from None
    if manifest.get("version") != VERSION:
        raise WorkspaceError(f"workspace version {manifest.get('version')!r} is not supported")
    uploads = []
    for entry in manifest.get("files", []):
        try:
            raw = archive.read(entry["member"])
            frame = pl.read_parquet(io.BytesIO(raw))
        except (KeyError, OSError, pl.exceptions.PolarsError) as exc:
            raise WorkspaceError(f"the data of {entry.get('name')} is damaged ({exc})") from None
        kind = entry["kind"]
        mapping = {c: c for c in cxkit.SCHEMAS[kind] if c in frame.columns}
        uploads.append(Upload(name=f"{entry['name']}", data=raw, kind=kind, mapping=mapping))  # type: ignore[arg-type]
    scenario = archive.read(manifest["scenario"]).decode("utf-8") if manifest.get("scenario") else None
    return uploads, scenario
