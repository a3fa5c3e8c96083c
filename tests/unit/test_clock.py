"""The business clock: today is Chile's today, whatever the server's clock zone."""

from __future__ import annotations

from datetime import date

from ayni.core import clock
from ayni.core.settings import Settings


def test_end_of_today_is_the_last_second_of_the_business_day() -> None:
    settings = Settings(timezone="America/Santiago")
    end = clock.end_of_today(settings)
    assert end.date() == clock.today(settings)
    assert (end.hour, end.minute, end.second) == (23, 59, 59)
    assert end.tzinfo is None


def test_today_follows_the_installation_time_zone() -> None:
    # Kiritimati is UTC+14 and Pago Pago UTC-11: 25 hours apart, never the same date
    # (one day apart, two in the hour after Kiritimati's midnight).
    east = clock.today(Settings(timezone="Pacific/Kiritimati"))
    west = clock.today(Settings(timezone="Pacific/Pago_Pago"))
    assert isinstance(east, date)
    assert (east - west).days in (1, 2)
