"""A recurrence as an RFC 5545 recurrence rule: the value `bot.language.schedule` reads from a
phrase, storage keeps as RRULE text, `bot.reminders.schedule` expands with python-dateutil and
the ICS export writes out unchanged.

The stored text is the rule's properties without DTSTART, in one canonical order, e.g.
`FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0` or `FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20261221T235959`.
Times are wall times in the chat's zone (a "floating" rule in RFC 5545 terms): the rule is
expanded in naive local time and only then placed in the zone, so 09:00 stays 09:00 across DST.

Choices (one line each):
- No BYHOUR/BYMINUTE means "at the chat's reminder hour" (which the chat may change later).
- A day of month after the 28th means that day or the month's last day, whichever comes first:
  `BYMONTHDAY=28,29,30,31;BYSETPOS=-1` for the 31st (RFC 5545 would skip months without it).
- UNTIL is the last local day an occurrence may fall on, written as 23:59:59 floating time.
- `from_text` accepts exactly what `to_text` writes (anything else is a ValueError), so a stored
  rule always reads back as the value that wrote it.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Literal

from dateutil import rrule as rr

Unit = Literal["day", "week", "month", "year"]
FREQUENCIES: dict[Unit, str] = {
    "day": "DAILY",
    "week": "WEEKLY",
    "month": "MONTHLY",
    "year": "YEARLY",
}
_RRULE_FREQUENCIES: dict[Unit, Any] = {
    "day": rr.DAILY,
    "week": rr.WEEKLY,
    "month": rr.MONTHLY,
    "year": rr.YEARLY,
}
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WORKDAYS = (0, 1, 2, 3, 4)
LAST = -1  # "der letzte Freitag im Monat"
NTH_WEEKDAYS = (1, 2, 3, 4, LAST)
MAX_INTERVAL = 52
STABLE_MONTH_DAYS = 28  # every month has these days
UNTIL_TIME = time(23, 59, 59)


def _weekdays(value: int | tuple[int, ...] | None) -> tuple[int, ...] | None:
    if value is None:
        return None
    days = (value,) if isinstance(value, int) else value
    if not days or any(type(day) is not int or day not in range(7) for day in days):
        raise ValueError("weekdays must be 0..6")
    return tuple(sorted(set(days)))


@dataclass(frozen=True)
class Recurrence:
    """What a recurring phrase means; storage keeps `to_text()`."""

    unit: Unit
    interval: int = 1  # every `interval` units (1..52)
    weekday: int | tuple[int, ...] | None = None  # 0=Monday; kept as a sorted tuple
    at: time | None = None  # local time of day (minutes); None = the chat's reminder hour
    nth: int | None = None  # monthly: the 1st..4th or last (-1) of those weekdays
    month_day: int | None = None  # monthly or yearly: the day of the month (1..31)
    month: int | None = None  # yearly: the month (1..12)
    until: date | None = None  # the last local day an occurrence may fall on

    def __post_init__(self) -> None:
        object.__setattr__(self, "weekday", _weekdays(self.weekday))
        if self.unit not in FREQUENCIES:
            raise ValueError(f"unknown unit {self.unit!r}")
        if type(self.interval) is not int or not 1 <= self.interval <= MAX_INTERVAL:
            raise ValueError(f"interval must be 1..{MAX_INTERVAL}")
        if self.at is not None and (self.at.second or self.at.microsecond or self.at.tzinfo):
            raise ValueError("the time of day must be a naive time in whole minutes")
        self._check_days()

    def _check_days(self) -> None:
        monthly = self.unit == "month"
        if self.nth is not None and (self.nth not in NTH_WEEKDAYS or not monthly or not self.days):
            raise ValueError("an n-th weekday needs a monthly rule with weekdays")
        if self.days and self.unit != "week" and self.nth is None:
            raise ValueError("weekdays need a weekly rule (or an n-th weekday of the month)")
        if self.month_day is not None and (
            self.unit not in ("month", "year") or self.nth is not None
        ):
            raise ValueError("a day of the month needs a monthly or yearly rule")
        if self.month is not None and self.unit != "year":
            raise ValueError("a month needs a yearly rule")
        if self.unit == "year" and (self.month is None) != (self.month_day is None):
            raise ValueError("a yearly rule names both the month and the day, or neither")
        longest = 31 if self.month is None else monthrange(2024, self.month)[1]  # a leap year
        if self.month_day is not None and not 1 <= self.month_day <= longest:
            raise ValueError("no such day of the month")
        if self.month is not None and self.month not in range(1, 13):
            raise ValueError("month must be 1..12")

    @property
    def days(self) -> tuple[int, ...]:
        """The rule's weekdays (0=Monday), none for a rule without."""
        return self.weekday if isinstance(self.weekday, tuple) else ()

    def anchored(self, day: date) -> Recurrence:
        """The rule with the day of the month (and month) it leaves open taken from `day`, so a
        monthly rule counted from the 31st keeps to the month's end instead of skipping."""
        if self.unit == "month" and self.nth is None and self.month_day is None:
            return _replace(self, month_day=day.day)
        if self.unit == "year" and self.month is None:
            return _replace(self, month=day.month, month_day=day.day)
        return self

    def to_text(self) -> str:
        parts = [f"FREQ={FREQUENCIES[self.unit]}"]
        if self.interval > 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.month is not None:
            parts.append(f"BYMONTH={self.month}")
        if (day := self.month_day) is not None:
            if day > STABLE_MONTH_DAYS:
                parts.append(f"BYMONTHDAY={','.join(map(str, range(28, day + 1)))}")
                parts.append("BYSETPOS=-1")
            else:
                parts.append(f"BYMONTHDAY={day}")
        if self.days:
            prefix = "" if self.nth is None else str(self.nth)
            parts.append("BYDAY=" + ",".join(prefix + DAY_CODES[day] for day in self.days))
        if self.at is not None:
            parts += [f"BYHOUR={self.at.hour}", f"BYMINUTE={self.at.minute}"]
        if self.until is not None:
            parts.append(f"UNTIL={self.until:%Y%m%d}T235959")
        return ";".join(parts)

    @classmethod
    def from_text(cls, text: str) -> Recurrence:
        try:
            rule = cls(**_fields(text))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"not a recurrence: {text!r}") from error
        if rule.to_text() != text:
            raise ValueError(f"not a recurrence: {text!r}")
        return rule

    def rrule(self, start: date, hour: int) -> rr.rrule:
        """The dateutil rule expanded in naive local time from `start`, at the rule's time or
        the reminder hour. Monthly and yearly rules must be `anchored` first."""
        at = self.at if self.at is not None else time(hour)
        month_days: tuple[int, ...] | None = None
        if (day := self.month_day) is not None:
            month_days = tuple(range(28, day + 1)) if day > STABLE_MONTH_DAYS else (day,)
        weekdays = None
        if self.days:
            weekdays = [rr.weekday(day, self.nth) for day in self.days]
        return rr.rrule(
            _RRULE_FREQUENCIES[self.unit],
            dtstart=datetime.combine(start, at),
            interval=self.interval,
            bymonth=self.month,
            bymonthday=month_days,
            bysetpos=-1 if month_days and len(month_days) > 1 else None,
            byweekday=weekdays,
            byhour=at.hour,
            byminute=at.minute,
            bysecond=0,
            until=None if self.until is None else datetime.combine(self.until, UNTIL_TIME),
            cache=False,
        )


def _replace(rule: Recurrence, **changes: int | None) -> Recurrence:
    values = {
        "unit": rule.unit,
        "interval": rule.interval,
        "weekday": rule.weekday,
        "at": rule.at,
        "nth": rule.nth,
        "month_day": rule.month_day,
        "month": rule.month,
        "until": rule.until,
    }
    return Recurrence(**{**values, **changes})  # type: ignore[arg-type]


_UNITS_BY_FREQUENCY = {frequency: unit for unit, frequency in FREQUENCIES.items()}
_PROPERTIES = (
    "FREQ",
    "INTERVAL",
    "BYMONTH",
    "BYMONTHDAY",
    "BYSETPOS",
    "BYDAY",
    "BYHOUR",
    "BYMINUTE",
)


def _fields(text: str) -> dict[str, Any]:
    """The constructor's arguments from RRULE text (its canonical form is checked after)."""
    pairs = dict(part.split("=", 1) for part in text.split(";"))
    if set(pairs) - {*_PROPERTIES, "UNTIL"}:
        raise ValueError("unknown property")
    fields: dict[str, Any] = {"unit": _UNITS_BY_FREQUENCY[pairs["FREQ"]]}
    fields["interval"] = int(pairs.get("INTERVAL", "1"))
    if "BYMONTH" in pairs:
        fields["month"] = int(pairs["BYMONTH"])
    if "BYMONTHDAY" in pairs:
        fields["month_day"] = max(int(day) for day in pairs["BYMONTHDAY"].split(","))
    if "BYDAY" in pairs:
        codes = pairs["BYDAY"].split(",")
        prefixes = {code[:-2] for code in codes}
        if len(prefixes) != 1:
            raise ValueError("mixed weekday positions")
        fields["weekday"] = tuple(DAY_CODES.index(code[-2:]) for code in codes)
        if prefix := prefixes.pop():
            fields["nth"] = int(prefix)
    if "BYHOUR" in pairs:
        fields["at"] = time(int(pairs["BYHOUR"]), int(pairs["BYMINUTE"]))
    if "UNTIL" in pairs:
        fields["until"] = datetime.strptime(pairs["UNTIL"], "%Y%m%dT235959").date()
    return fields
