"""Pricing a course: rate card × trainers × days, materials, travel and VAT, to the penny.

Plain Python with no Django import, in `Decimal` only (never float), so that every rule can be
tested by hand-worked examples and by properties. The rules:

1. Each group is priced alone: trainers = ⌈attendees / attendees_per_trainer⌉; fee = day
   rate × trainers × day-equivalents (`3h` and `half-day`: the card's part-day fraction;
   `1-day`: 1; `2-day`: 2).
2. Materials = materials per attendee × all attendees.
3. Travel, per trainer entry (one-way miles d, days k): commute = 2·d·k × mileage rate; stay
   (one return trip and a night before each day) = 2·d × mileage rate + k × overnight rate.
   Beyond the threshold (d > overnight_threshold_miles) the trainer stays; within it, the
   cheaper of the two (commuting on a tie).
4. One line per group, one for materials, one per trainer entry; each line is rounded half-up
   to the penny and the net is the sum of the rounded lines.
5. VAT = net × the rate in force on the supply date, rounded half-up; none for exempt,
   zero-rated or outside-the-scope supplies. Gross = net + VAT.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

PENNY = Decimal("0.01")
RISK_LEVELS = ("low", "medium", "high")
# Day-equivalents of each course length; None means the rate card's part-day fraction.
LENGTH_DAYS: dict[str, Decimal | None] = {
    "3h": None,
    "half-day": None,
    "1-day": Decimal(1),
    "2-day": Decimal(2),
}
LENGTH_WORDS = {"3h": "3 hours", "half-day": "half a day", "1-day": "1 day", "2-day": "2 days"}
VAT_TREATMENTS = ("standard", "exempt", "zero", "outside_scope")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# No price, distance or count in a request comes near this; far larger ones would overflow
# the penny rounding (28 significant digits) once multiplied together.
MAX_NUMBER = Decimal(10_000_000)


def money(amount: Decimal) -> Decimal:
    """Rounded half-up to the penny."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def money_text(amount: Decimal) -> str:
    """An amount as the contract writes it: a string with exactly two decimals."""
    return format(money(amount), "f")


def rate_text(rate: Decimal) -> str:
    """A VAT rate as a decimal string: "0.20", "0.175", "0"."""
    if rate == 0:
        return "0"
    plain = rate.normalize()
    if plain.as_tuple().exponent > -2:  # type: ignore[operator]
        plain = plain.quantize(PENNY)
    return format(plain, "f")


def _number_text(value: Decimal) -> str:
    """42 for 42.0, 42.5 for 42.50: how a person writes a distance."""
    return format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class InvalidRequest(Exception):  # noqa: N818 - read as "raise InvalidRequest(problems)"
    """The request cannot be priced; `problems` lists every reason with its field path."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


# ------------------------------------------------------------------------------ reading values


class _Reader:
    """Collects problems while reading a JSON-like document, so that all are reported at once."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def mapping(self, value: Any, path: str) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.problem(path, "must be an object")
            return None
        return value

    def required(self, data: Mapping[str, Any], key: str, path: str) -> Any:
        if key not in data or data[key] is None:
            self.problem(_join(path, key), "is missing")
            return None
        return data[key]

    def unknown(self, data: Mapping[str, Any], known: Iterable[str], path: str) -> None:
        for key in data:
            if key not in known:
                self.problem(_join(path, str(key)), "is not a field we know; check the spelling")

    def decimal(self, value: Any, path: str, *, minimum: Decimal = Decimal(0)) -> Decimal | None:
        number = _to_decimal(value)
        if number is None:
            self.problem(path, f"{_show(value)} is not a number")
            return None
        if abs(number) > MAX_NUMBER:
            self.problem(path, f"{_show(value)} is too large; it must be at most {MAX_NUMBER:,}")
            return None
        if number < minimum:
            self.problem(path, f"{_show(value)} must be {minimum} or more")
            return None
        return number

    def whole(self, value: Any, path: str, *, minimum: int) -> int | None:
        number = _to_decimal(value)
        if number is not None and abs(number) > MAX_NUMBER:
            self.problem(path, f"{_show(value)} is too large; it must be at most {MAX_NUMBER:,}")
            return None
        if number is None or number != number.to_integral_value():
            self.problem(path, f"{_show(value)} is not a whole number")
            return None
        if number < minimum:
            self.problem(path, f"{_show(value)} must be {minimum} or more")
            return None
        return int(number)

    def day(self, value: Any, path: str) -> date | None:
        if isinstance(value, str) and _ISO_DATE.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(path, f"{_show(value)} is not a date; write it as YYYY-MM-DD")
        return None

    def choice(self, value: Any, path: str, choices: Sequence[str], what: str) -> str | None:
        if not isinstance(value, str) or value not in choices:
            self.problem(path, f"{_show(value)} is not a {what}; use one of {', '.join(choices)}")
            return None
        return value

    def text(self, value: Any, path: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.problem(path, "must be some text")
            return None
        return value.strip()


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _show(value: Any) -> str:
    return value if isinstance(value, str) else repr(value)


def _to_decimal(value: Any) -> Decimal | None:
    """A JSON number or a decimal string as a Decimal; None for anything else (bools too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int | float):
        number = Decimal(str(value))  # str() first: the float's shortest form, not its binary
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


# ----------------------------------------------------------------------------------- rate card


@dataclass(frozen=True)
class RateCard:
    """A provider's prices; build it with `RateCard.parse` (or check it with `problems()`)."""

    day_rates: Mapping[str, Mapping[str, Decimal]]
    part_day_fraction: Decimal
    materials_per_attendee: Decimal
    mileage_rate: Decimal
    overnight_threshold_miles: Decimal
    overnight_rate: Decimal

    FIELDS = (
        "day_rates",
        "part_day_fraction",
        "materials_per_attendee",
        "mileage_rate",
        "overnight_threshold_miles",
        "overnight_rate",
    )

    @classmethod
    def parse(cls, data: Any, path: str = "rate_card") -> RateCard:
        """A validated card from JSON-like data; raises InvalidRequest listing every problem."""
        reader = _Reader()
        card = cls._read(reader, data, path)
        if reader.problems or card is None:
            raise InvalidRequest(reader.problems)
        return card

    @classmethod
    def _read(cls, reader: _Reader, data: Any, path: str) -> RateCard | None:
        found = reader.mapping(data, path)
        if found is None:
            return None
        before = len(reader.problems)
        # Extra keys (a name, a currency) are allowed: a stored card carries more than prices.
        values = {key: reader.required(found, key, path) for key in cls.FIELDS}
        rates: dict[str, dict[str, Decimal]] = {}
        raw_rates = values["day_rates"]
        if raw_rates is not None:
            table = reader.mapping(raw_rates, _join(path, "day_rates"))
            if table is not None and not table:
                reader.problem(_join(path, "day_rates"), "must name at least one kind of course")
            for content, by_level in (table or {}).items():
                where = f"{_join(path, 'day_rates')}.{content}"
                levels = reader.mapping(by_level, where)
                if levels is None:
                    continue
                reader.unknown(levels, RISK_LEVELS, where)
                rates[str(content)] = {}
                for level in RISK_LEVELS:
                    raw = reader.required(levels, level, where)
                    if raw is not None:
                        rate = reader.decimal(raw, f"{where}.{level}")
                        if rate is not None:
                            rates[str(content)][level] = rate
        numbers: dict[str, Decimal] = {}
        for key in cls.FIELDS[1:]:
            if values[key] is not None:
                number = reader.decimal(values[key], _join(path, key))
                if number is not None:
                    numbers[key] = number
        fraction = numbers.get("part_day_fraction")
        if fraction is not None and not 0 < fraction <= 1:
            reader.problem(_join(path, "part_day_fraction"), "must be more than 0 and at most 1")
        if len(reader.problems) > before:
            return None
        return cls(day_rates=rates, **numbers)

    def problems(self) -> list[str]:
        """What is wrong with this card (for a model's clean()); empty when it can price."""
        try:
            RateCard.parse(self.to_dict(), path="")
        except InvalidRequest as invalid:
            return invalid.problems
        return []

    def to_dict(self) -> dict[str, Any]:
        """Amounts as decimal strings, so that storing it as JSON loses nothing."""
        return {
            "day_rates": {
                content: {level: format(rate, "f") for level, rate in levels.items()}
                for content, levels in self.day_rates.items()
            },
            **{key: format(getattr(self, key), "f") for key in self.FIELDS[1:]},
        }


# ------------------------------------------------------------------------------------------ VAT


@dataclass(frozen=True)
class VatRate:
    """A rate of VAT in force from `valid_from` until the next rate's `valid_from`."""

    rate: Decimal
    valid_from: date


# The UK standard rate since 1 April 1991 (17.5%), with the temporary cut of 2008–2009 and
# the rise of January 2011.
UK_STANDARD_RATES = (
    VatRate(Decimal("0.175"), date(1991, 4, 1)),
    VatRate(Decimal("0.15"), date(2008, 12, 1)),
    VatRate(Decimal("0.175"), date(2010, 1, 1)),
    VatRate(Decimal("0.20"), date(2011, 1, 4)),
)


class NoVatRate(InvalidRequest):
    """No rate of VAT is recorded as in force on the supply date."""


def vat_rate_on(on: date, rates: Iterable[VatRate], treatment: str = "standard") -> Decimal:
    """The rate in force on a supply date; 0 for exempt, zero-rated and outside-scope supplies."""
    if treatment not in VAT_TREATMENTS:
        raise InvalidRequest([f"vat_treatment: {treatment} is not a VAT treatment"])
    if treatment != "standard":
        return Decimal(0)
    in_force = [r for r in rates if r.valid_from <= on]
    if not in_force:
        raise NoVatRate([f"supply_date: no VAT rate is recorded as in force on {on.isoformat()}"])
    return max(in_force, key=lambda r: r.valid_from).rate


# -------------------------------------------------------------------------------------- request


@dataclass(frozen=True)
class GroupIn:
    starts_on: date
    attendees: int


@dataclass(frozen=True)
class TravelIn:
    trainer: str
    one_way_miles: Decimal
    days: int


@dataclass(frozen=True)
class PriceRequest:
    supply_date: date
    vat_treatment: str
    content: str
    risk_level: str
    length: str
    attendees_per_trainer: int
    groups: tuple[GroupIn, ...]
    travel: tuple[TravelIn, ...]
    rate_card: RateCard | None = None

    FIELDS = ("supply_date", "vat_treatment", "rate_card", "course", "groups", "travel")
    COURSE_FIELDS = ("content", "risk_level", "length", "attendees_per_trainer")

    @classmethod
    def parse(
        cls,
        data: Any,
        *,
        default_card: RateCard | None = None,
        vat_rates: Iterable[VatRate] | None = None,
    ) -> PriceRequest:
        """A checked request; raises InvalidRequest listing every problem with its field path.

        The content is checked against the request's own `rate_card`, or `default_card` (the
        provider's current card) when it has none; the supply date against `vat_rates` if given.
        """
        reader = _Reader()
        found = reader.mapping(data, "request")
        if found is None:
            raise InvalidRequest(reader.problems)
        reader.unknown(found, cls.FIELDS, "")
        supply_date = _maybe(reader.required(found, "supply_date", ""), reader.day, "supply_date")
        treatment = _maybe(
            reader.required(found, "vat_treatment", ""),
            lambda v, p: reader.choice(v, p, VAT_TREATMENTS, "VAT treatment"),
            "vat_treatment",
        )
        if vat_rates is not None and supply_date is not None and treatment is not None:
            try:
                vat_rate_on(supply_date, vat_rates, treatment)
            except InvalidRequest as invalid:
                reader.problems.extend(invalid.problems)
        card = default_card
        if found.get("rate_card") is not None:
            card = RateCard._read(reader, found["rate_card"], "rate_card")
        elif default_card is None:
            reader.problem("rate_card", "is missing, and the provider has no current rate card")

        course = _maybe(reader.required(found, "course", ""), reader.mapping, "course") or {}
        if course:
            reader.unknown(course, cls.COURSE_FIELDS, "course")
        content = _maybe(
            reader.required(course, "content", "course"), reader.text, "course.content"
        )
        if content is not None and card is not None and content not in card.day_rates:
            reader.problem(
                "course.content",
                f"{content} is not on the rate card; use one of {', '.join(card.day_rates)}",
            )
            content = None
        risk_level = _maybe(
            reader.required(course, "risk_level", "course"),
            lambda v, p: reader.choice(v, p, RISK_LEVELS, "risk level"),
            "course.risk_level",
        )
        length = _maybe(
            reader.required(course, "length", "course"),
            lambda v, p: reader.choice(v, p, tuple(LENGTH_DAYS), "course length"),
            "course.length",
        )
        ratio = _maybe(
            reader.required(course, "attendees_per_trainer", "course"),
            lambda v, p: reader.whole(v, p, minimum=1),
            "course.attendees_per_trainer",
        )

        groups = cls._groups(reader, reader.required(found, "groups", ""))
        travel = cls._travel(reader, reader.required(found, "travel", ""))
        if reader.problems:
            raise InvalidRequest(reader.problems)
        return cls(
            supply_date=supply_date,  # type: ignore[arg-type]
            vat_treatment=treatment,  # type: ignore[arg-type]
            content=content,  # type: ignore[arg-type]
            risk_level=risk_level,  # type: ignore[arg-type]
            length=length,  # type: ignore[arg-type]
            attendees_per_trainer=ratio,  # type: ignore[arg-type]
            groups=groups,
            travel=travel,
            rate_card=card if found.get("rate_card") is not None else None,
        )

    @staticmethod
    def _groups(reader: _Reader, raw: Any) -> tuple[GroupIn, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list) or not raw:
            reader.problem("groups", "must be a list of at least one group")
            return ()
        groups = []
        for index, item in enumerate(raw):
            path = f"groups[{index}]"
            entry = reader.mapping(item, path)
            if entry is None:
                continue
            reader.unknown(entry, ("date", "attendees"), path)
            starts_on = _maybe(reader.required(entry, "date", path), reader.day, f"{path}.date")
            attendees = _maybe(
                reader.required(entry, "attendees", path),
                lambda v, p: reader.whole(v, p, minimum=1),
                f"{path}.attendees",
            )
            if starts_on is not None and attendees is not None:
                groups.append(GroupIn(starts_on=starts_on, attendees=attendees))
        return tuple(groups)

    @staticmethod
    def _travel(reader: _Reader, raw: Any) -> tuple[TravelIn, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            reader.problem("travel", "must be a list (empty when nobody travels)")
            return ()
        entries = []
        for index, item in enumerate(raw):
            path = f"travel[{index}]"
            entry = reader.mapping(item, path)
            if entry is None:
                continue
            reader.unknown(entry, ("trainer", "one_way_miles", "days"), path)
            trainer = _maybe(
                reader.required(entry, "trainer", path), reader.text, f"{path}.trainer"
            )
            miles = _maybe(
                reader.required(entry, "one_way_miles", path),
                reader.decimal,
                f"{path}.one_way_miles",
            )
            days = _maybe(
                reader.required(entry, "days", path),
                lambda v, p: reader.whole(v, p, minimum=1),
                f"{path}.days",
            )
            if trainer is not None and miles is not None and days is not None:
                entries.append(TravelIn(trainer=trainer, one_way_miles=miles, days=days))
        return tuple(entries)


def _maybe(value: Any, read: Any, path: str) -> Any:
    """Read a value that is present; a missing one has been reported already."""
    return None if value is None else read(value, path)


# -------------------------------------------------------------------------------------- pricing


@dataclass(frozen=True)
class Line:
    kind: str  # training, materials or travel
    description: str
    amount: Decimal

    def to_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "description": self.description,
            "amount": money_text(self.amount),
        }


@dataclass(frozen=True)
class PricedGroup:
    starts_on: date
    attendees: int
    trainers: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.starts_on.isoformat(),
            "attendees": self.attendees,
            "trainers": self.trainers,
        }


@dataclass(frozen=True)
class Priced:
    lines: tuple[Line, ...]
    groups: tuple[PricedGroup, ...]
    net: Decimal
    vat_rate: Decimal
    vat: Decimal
    gross: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": [line.to_dict() for line in self.lines],
            "groups": [group.to_dict() for group in self.groups],
            "net": money_text(self.net),
            "vat_rate": rate_text(self.vat_rate),
            "vat": money_text(self.vat),
            "gross": money_text(self.gross),
        }


def trainers_for(attendees: int, attendees_per_trainer: int) -> int:
    """⌈attendees / attendees_per_trainer⌉, in whole numbers (no float division)."""
    return -(-attendees // attendees_per_trainer)


def day_equivalents(length: str, card: RateCard) -> Decimal:
    days = LENGTH_DAYS[length]
    return card.part_day_fraction if days is None else days


@dataclass(frozen=True)
class TravelCost:
    commute: Decimal
    stay: Decimal
    stays: bool

    @property
    def amount(self) -> Decimal:
        return self.stay if self.stays else self.commute


def travel_cost(one_way_miles: Decimal, days: int, card: RateCard) -> TravelCost:
    """Beyond the threshold the trainer stays; within it, the cheaper (commuting on a tie)."""
    commute = 2 * one_way_miles * days * card.mileage_rate
    stay = 2 * one_way_miles * card.mileage_rate + days * card.overnight_rate
    stays = one_way_miles > card.overnight_threshold_miles or stay < commute
    return TravelCost(commute=commute, stay=stay, stays=stays)


def price(
    request: PriceRequest, rate_card: RateCard, vat_rates: Iterable[VatRate] = UK_STANDARD_RATES
) -> Priced:
    """The priced lines, net, VAT and gross of a checked request under a rate card."""
    if request.content not in rate_card.day_rates:
        raise InvalidRequest([f"course.content: {request.content} is not on the rate card"])
    day_rate = rate_card.day_rates[request.content][request.risk_level]
    per_group = day_equivalents(request.length, rate_card)
    lines: list[Line] = []
    groups: list[PricedGroup] = []
    for number, group in enumerate(request.groups, start=1):
        trainers = trainers_for(group.attendees, request.attendees_per_trainer)
        groups.append(PricedGroup(group.starts_on, group.attendees, trainers))
        when = _when(request.length, group.starts_on)
        description = (
            f"Training, group {number} ({_plural(group.attendees, 'attendee')}, "
            f"{_plural(trainers, 'trainer')}, {when})"
        )
        lines.append(Line("training", description, money(day_rate * trainers * per_group)))
    attendees = sum(g.attendees for g in request.groups)
    lines.append(
        Line(
            "materials",
            f"Materials for {_plural(attendees, 'attendee')}",
            money(rate_card.materials_per_attendee * attendees),
        )
    )
    for trip in request.travel:
        cost = travel_cost(trip.one_way_miles, trip.days, rate_card)
        how = f"staying {_plural(trip.days, 'night')}" if cost.stays else "commuting"
        description = (
            f"Travel: {trip.trainer}, {_number_text(trip.one_way_miles)} miles each way, "
            f"{_plural(trip.days, 'day')} ({how})"
        )
        lines.append(Line("travel", description, money(cost.amount)))
    net = sum((line.amount for line in lines), Decimal("0.00"))
    rate = vat_rate_on(request.supply_date, vat_rates, request.vat_treatment)
    vat = money(net * rate)
    return Priced(
        lines=tuple(lines),
        groups=tuple(groups),
        net=net,
        vat_rate=rate,
        vat=vat,
        gross=net + vat,
    )


def _when(length: str, starts_on: date) -> str:
    if length == "2-day":
        return f"2 days from {_long_date(starts_on)}"
    return f"{LENGTH_WORDS[length]} on {_long_date(starts_on)}"


def price_request(
    data: Any, *, default_card: RateCard | None, vat_rates: Iterable[VatRate]
) -> Priced:
    """Parse, check and price a request document; raises InvalidRequest with every problem."""
    rates = tuple(vat_rates)
    request = PriceRequest.parse(data, default_card=default_card, vat_rates=rates)
    card = request.rate_card or default_card
    if card is None:  # parse() has reported this already; kept for the type checker
        raise InvalidRequest(["rate_card: is missing"])
    return price(request, card, rates)
