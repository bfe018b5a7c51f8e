"""Materials an enterprise uploads for its application: checked, stored whole, with a checksum.

The type is read from the file's own first bytes (PDF, JPEG, PNG; a .docx or .xlsx is a ZIP
holding Word's or Excel's main part), and must agree with the name's extension: a renamed
program is refused whatever it is called. Files are stored under the data folder by their
SHA-256, written to a temporary file and renamed into place, so a file is there whole or not at
all; an upload whose transaction fails leaves at most an unreferenced copy, never a record
without its file.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from sqlalchemy.orm import Session

from techzone.access import Role, Scope
from techzone.audit import Actor
from techzone.config import data_dir
from techzone.fulfilment.cases import get_case, note, writable
from techzone.fulfilment.clock import now
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
from techzone.io.files import OutputError, atomic_path
from techzone.model import CaseMaterial

MAX_BYTES = 20 * 1024 * 1024
KINDS = {
    "pdf": "PDF",
    "jpg": "JPG 图片",
    "png": "PNG 图片",
    "docx": "Word 文档",
    "xlsx": "Excel 表格",
}
EXTENSIONS = {
    ".pdf": "pdf",
    ".jpg": "jpg",
    ".jpeg": "jpg",
    ".png": "png",
    ".docx": "docx",
    ".xlsx": "xlsx",
}


def sniff(content: bytes) -> str | None:
    """The kind the bytes themselves say, or None."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
    return None


def upload(
    session: Session,
    scope: Scope,
    case_id: int,
    actor: Actor,
    filename: str,
    content: bytes,
    *,
    label: str,
    folder: Path | None = None,
) -> CaseMaterial:
    """Store one material (``label``: which of the policy's materials it is) for a case."""
    writable(scope)
    case = get_case(session, scope, case_id)
    if case.state not in (State.PENDING, State.RETURNED):
        raise FulfilmentError(f"案件 {case.id} 当前为「{State(case.state).label}」，不能上传材料")
    name = Path(filename).name.strip()
    label = label.strip()
    if not name or len(name) > 200:
        raise FulfilmentError("文件名不能为空，最多200个字")
    if not label or len(label) > 200:
        raise FulfilmentError("请注明材料名称（最多200个字）")
    if not content:
        raise FulfilmentError(f"文件「{name}」是空的")
    if len(content) > MAX_BYTES:
        raise FulfilmentError(f"文件「{name}」超过{MAX_BYTES // 1024 // 1024}MB，请压缩后上传")
    claimed = EXTENSIONS.get(Path(name).suffix.lower())
    if claimed is None:
        raise FulfilmentError(f"文件「{name}」类型不支持：只接受 PDF、JPG、PNG、DOCX、XLSX")
    actual = sniff(content)
    if actual != claimed:
        raise FulfilmentError(
            f"文件「{name}」的内容不是{KINDS[claimed]}（扩展名与文件内容不符），未保存"
        )
    digest = hashlib.sha256(content).hexdigest()
    root = (folder or data_dir()) / "materials" / str(case.id)
    target = root / f"{digest}.{actual}"
    if not target.exists():
        try:
            with atomic_path(target) as temporary:
                temporary.write_bytes(content)
        except OutputError as error:
            raise FulfilmentError(str(error)) from error
    on_behalf = not (actor.role == Role.ENTERPRISE.value and scope.uscc == case.uscc)
    material = CaseMaterial(
        case_id=case.id,
        name=label,
        kind=actual,
        size=len(content),
        sha256=digest,
        stored=str(target),
        uploaded_at=now(),
        uploaded_by=actor.name,
        on_behalf=on_behalf,
    )
    session.add(material)
    who = "经办人代企业上传" if on_behalf else "企业上传"
    note(
        session,
        case,
        actor,
        "material",
        f"{who}「{label}」：{name}（{len(content)}字节）",
        {"sha256": digest, "kind": actual},
    )
    return material
