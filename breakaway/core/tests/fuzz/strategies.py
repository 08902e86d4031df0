"""Hypothesis strategies for fuzzing parsers of outside input.

`json_values` is any JSON document, including what JSON parsers let through and people
rarely think of: huge integers, NaN and infinities, lone surrogates' neighbours, deep nesting.
`near(template)` keeps a valid document's shape and swaps any part for something else, so
the fuzzer reaches the checks deep inside a parser rather than stopping at the first one.
`csv_text` and `file_bytes` are for importers.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import settings
from hypothesis import strategies as st

T = TypeVar("T")


def attempt(call: Callable[[], T], *errors: type[BaseException]) -> tuple[T | None, Any]:
    """`(result, None)`, or `(None, error)` when `call` raises one of `errors`: so that a
    test asserts on a refusal outside the `except` block, and anything else propagates."""
    try:
        return call(), None
    except errors as error:
        return None, error


# Moderate counts, so that the whole folder runs in about a minute on a busy 2-core machine;
# BREAKAWAY_FUZZ_EXAMPLES=2000 (say) raises them for a longer hunt.
EXAMPLES = int(os.environ.get("BREAKAWAY_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXAMPLES or 150, deadline=None)
FUZZ_SLOW = settings(max_examples=EXAMPLES or 50, deadline=None)

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)

numbers = st.one_of(
    st.integers(),
    st.integers(min_value=10**300, max_value=10**400),
    st.integers(min_value=-(10**400), max_value=-(10**300)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1, 0.5, -0.0, 1e308, 1e-320, 2**63, -(2**63) - 1]),
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    numbers,
    text,
    st.sampled_from(["", " ", "0", "-1", "1e400", "NaN", "inf", "2027-02-30", "0001-01-01"]),
)

json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
    max_leaves=12,
)


# What a workbook cell can hold: calamine gives text, 64-bit numbers, booleans, dates and
# times (and CSV gives text); never a 400-digit integer.
workbook_cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 1, 60, 2958465, 2958466, -1, 0.5, 45000.75, 1e20]),
    text,
    st.dates(),
    st.datetimes(),
    st.times(),
)


def near(template: Any) -> st.SearchStrategy[Any]:
    """Documents shaped like `template`, with any part of it replaced by any JSON value."""
    if isinstance(template, dict):
        same = st.fixed_dictionaries(
            {},
            optional={key: near(value) for key, value in template.items()},
        )
        extra = st.dictionaries(text, json_values, max_size=2)
        shaped = st.builds(lambda a, b: {**b, **a}, same, extra)
    elif isinstance(template, list):
        parts = [near(item) for item in template[:3]] or [json_values]
        shaped = st.lists(st.one_of(*parts), max_size=4)
    else:
        shaped = st.just(template)
    return st.one_of(shaped, shaped, shaped, json_values)


def _csv(rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


def csv_text(headers: list[str], cells: st.SearchStrategy[str] | None = None) -> Any:
    """CSV text whose first row is some of `headers` (or junk) and whose rows are any cells."""
    cell = cells if cells is not None else st.one_of(text, st.sampled_from(["", "n/a", "1", "x"]))
    header = st.lists(st.one_of(st.sampled_from(headers), text), max_size=len(headers) + 2)
    rows = st.lists(st.lists(cell, max_size=len(headers) + 2), max_size=12)
    return st.builds(
        lambda h, r, d: _csv([h, *r], d),
        header,
        rows,
        st.sampled_from([",", ";", "\t", "|"]),
    )


def _encode(content: str, encoding: str) -> bytes:
    return content.encode(encoding, errors="replace")


def file_bytes(headers: list[str]) -> Any:
    """What someone might upload: CSV in some encoding, or any bytes at all, or the start of
    a zip (a workbook) or a PDF with junk after it."""
    encoded = st.builds(
        _encode,
        csv_text(headers),
        st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]),
    )
    magic = st.builds(
        lambda head, tail: head + tail,
        st.sampled_from(
            [b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF-1.4", b""]
        ),
        st.binary(max_size=200),
    )
    return st.one_of(encoded, encoded, st.binary(max_size=300), magic)
