"""The business clock: today and the end of today in the installation's time zone
(AYNI_TIMEZONE, America/Santiago by default).

Every layer asks here: the dashboard's periods, the upload preview and the loader's
"date in the future" rule agree on what today is, also at midnight in Chile while the
server's clock is in UTC.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from ayni.core.settings import Settings, get_settings


def now(settings: Settings | None = None) -> pd.Timestamp:
    """This moment in business time, without a time zone (like the lines' timestamps)."""
    settings = settings or get_settings()
    return pd.Timestamp.now(tz=settings.timezone).tz_localize(None)


def today(settings: Settings | None = None) -> date:
    return now(settings).date()


def end_of_today(settings: Settings | None = None) -> pd.Timestamp:
    """The last second of today: a line dated later is in the future."""
    return now(settings).normalize() + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
