"""What the schedule tests share: the zones, the fixed "now", instants in Berlin and UTC, and
hypothesis strategies for recurrences."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from bot.language.schedule import Recurrence, Unit

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
# Wednesday, 19 June 2024, 20:00 in Berlin; the chat's reminder hour is 9.
NOW = datetime(2024, 6, 19, 20, 0, tzinfo=BERLIN)
HOUR = 9


def berlin(text: str) -> datetime:
    """'2024-06-24 09:00' local Berlin time as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN).astimezone(UTC)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


ZONE_NAMES = ("Europe/Berlin", "America/New_York", "UTC", "Australia/Lord_Howe", "America/Santiago")
ZONES = [ZoneInfo(name) for name in (*ZONE_NAMES, "Asia/Kolkata")]
PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
UNITS: list[Unit] = ["day", "week", "month"]


@st.composite
def recurrences(draw: st.DrawFn) -> Recurrence:
    unit = draw(st.sampled_from(UNITS))
    weekday = draw(st.none() | st.integers(0, 6)) if unit == "week" else None
    at = draw(st.none() | st.builds(time, st.integers(0, 23), st.integers(0, 59)))
    return Recurrence(unit, draw(st.integers(1, 52)), weekday, at)
