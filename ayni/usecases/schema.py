"""Bringing a database up to date: what `ayni db migrate` and `ayni up` both do."""

from __future__ import annotations

from ayni.core import messages
from ayni.core.db import Role, engine
from ayni.core.migrate import migrate
from ayni.core.settings import Settings
from ayni.usecases import accounts
from workers import features


def bring_up_to_date(settings: Settings) -> str:
    """The roles and migrations, the feature tables of this installation's GabeDA, and the
    admin account on first start; returns what was done, in AYNI_LANGUAGE."""
    revision = migrate(settings)
    features.ensure_tables(settings)
    with engine(Role.OWNER, settings).begin() as conn:
        created = accounts.ensure_admin(conn, settings)
    said = messages.text("cli.migrated", settings.language, revision=revision)
    if created:
        said += messages.text("cli.admin_created", settings.language, email=settings.admin_email)
    return said
