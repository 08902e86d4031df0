"""Reading a PDF's text in tests: pdftotext (poppler-utils) when installed, and always the
outline (bookmarks), which WeasyPrint builds from the headings."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib

import pytest

PDFTOTEXT = shutil.which("pdftotext")


def pdf_text(pdf: bytes) -> str:
    """The PDF's text with pdftotext (poppler-utils; `make test` installs it where it can)."""
    if PDFTOTEXT is None:
        pytest.fail("The PDF tests need pdftotext: run `sudo apt-get install poppler-utils`.")
    result = subprocess.run(  # noqa: S603 - a fixed local program reading stdin
        [PDFTOTEXT, "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def pdf_inflated(pdf: bytes) -> bytes:
    """The PDF with every compressed stream inflated after it: its objects, readable."""
    inflated = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            inflated.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"".join(inflated)


def pdf_outline(pdf: bytes) -> list[str]:
    """The titles of the PDF's bookmarks (its headings), read from its compressed streams."""
    blob = pdf_inflated(pdf)
    return [
        title.decode("latin-1").replace("\\(", "(").replace("\\)", ")")
        for title in re.findall(rb"/Title \(((?:[^()\\]|\\.)*)\)", blob)
    ]
