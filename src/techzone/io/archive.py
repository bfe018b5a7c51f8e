"""Bounds on what a received workbook may expand to (issue #14, "Safe files").

An .xlsx file is a zip archive: a few kilobytes can inflate to gigabytes and exhaust the memory
of the process that reads it. Before a workbook received from outside (a web upload) is read,
its members are decompressed and counted, never trusting the sizes the archive declares.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

# A 100,000-enterprise register exported by techzone expands to well under 200 MiB; a workbook
# larger than that is not one an officer uploads. Chosen locally, not from a document.
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
# Spreadsheet XML compresses about 10–20 times; far beyond that is a bomb, not a workbook.
MAX_RATIO = 200
MAX_MEMBERS = 10_000
_CHUNK = 1024 * 1024


class UnsafeArchive(ValueError):
    """The file would expand beyond the bounds; the message is for the person who sent it."""


class DamagedArchive(UnsafeArchive):
    """The archive cannot be inflated at all: a reader that has its own words for a damaged
    file (naming an old .xls, a CSV) says those instead."""


def check_archive(path: Path, *, size_bound: bool = True) -> None:
    """Refuse a zip-based file (.xlsx) that expands beyond the bounds; other files pass.

    ``size_bound=False`` (a file given to a command, not received from outside) keeps only the
    ratio and the members: cells formatted down to row 1,048,576 inflate to some 290 MB at an
    ordinary 13 to 1, and a command read such a workbook before the ratio was checked."""
    if not zipfile.is_zipfile(path):
        return
    compressed = max(path.stat().st_size, 1)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise UnsafeArchive(f"文件包含{len(members)}个部件，超过上限{MAX_MEMBERS}，已拒绝")
            total = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        total += len(chunk)
                        if total > compressed * MAX_RATIO:
                            raise UnsafeArchive(
                                f"文件解压后过大（超过文件本身的{MAX_RATIO}倍，可能是压缩炸弹），已拒绝"
                            )
                        if size_bound and total > MAX_EXPANDED_BYTES:
                            raise UnsafeArchive(
                                "文件解压后过大（可能是压缩炸弹），已拒绝；"
                                f"解压后不得超过{MAX_EXPANDED_BYTES // (1024 * 1024)}MB"
                            )
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise DamagedArchive("文件已损坏，无法作为工作簿读取") from error
