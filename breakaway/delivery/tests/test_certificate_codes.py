import datetime
import math

from hypothesis import given
from hypothesis import strategies as st

from breakaway.delivery.certificate_codes import (
    ALPHABET,
    CODE_BITS,
    CODE_LENGTH,
    add_months,
    code_display,
    code_is_valid,
    code_new,
    code_normalise,
    initialled_name,
)


def test_the_alphabet_has_no_easily_confused_letters():
    assert len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)


def test_codes_are_long_enough_and_carry_at_least_50_random_bits():
    assert CODE_LENGTH >= 10
    assert CODE_BITS == CODE_LENGTH * math.log2(len(ALPHABET)) >= 50


def test_new_codes_differ():
    codes = {code_new() for _ in range(2000)}
    assert len(codes) == 2000


@given(st.integers(min_value=0, max_value=200))
def test_new_codes_are_always_valid(attempt):
    code = code_new()
    assert len(code) == CODE_LENGTH
    assert code_is_valid(code)


@given(st.text(alphabet=ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH))
def test_normalising_a_code_as_printed_or_typed_gives_it_back(code):
    assert code_normalise(code) == code
    assert code_normalise(code_display(code)) == code
    assert code_normalise(code.lower()) == code
    assert code_normalise(" " + code_display(code).lower().replace("-", " ") + " ") == code


@given(st.text(alphabet=ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH))
def test_common_misreadings_are_fixed(code):
    misread = code.replace("0", "O").replace("1", "l")
    assert code_normalise(misread) == code


@given(st.text(max_size=40))
def test_normalising_anything_never_fails_and_never_makes_an_invalid_code_look_valid(text):
    normal = code_normalise(text)
    assert code_is_valid(normal) == (
        len(normal) == CODE_LENGTH and all(c in ALPHABET for c in normal)
    )


def test_a_month_after_31_january_is_the_end_of_february():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2028, 1, 31), 1) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 4, 30)
    assert add_months(datetime.date(2026, 11, 15), 12) == datetime.date(2027, 11, 15)
    assert add_months(datetime.date(2026, 2, 28), 12) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 5, 31), -3) == datetime.date(2026, 2, 28)


# Certificates are dated this century and the next; date.max is no concern of theirs.
@given(
    st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2199, 12, 31)),
    st.integers(min_value=0, max_value=240),
)
def test_adding_months_lands_in_the_right_month_never_later_day(day, months):
    later = add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day <= day.day


def test_names_are_initialled():
    assert initialled_name("Jane", "Smith") == "J. Smith"
    assert initialled_name("mary jane", "Smith") == "M. J. Smith"
    assert initialled_name("", "Smith") == "Smith"
    assert initialled_name("Jane", "") == "J."
