"""Who may do what in a company: one rule for the pages' menu and the use cases.

A person acts in a company with their role there (app.user_companies); the platform
admin acts in every company as its owner; the operator (the `ayni` command, run by
someone with a shell on the server) may do what the admin may. The pages only hide
what a role may not do; the use cases refuse it.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("owner", "operations", "marketing", "finance")
# Submit an upload, retry one that failed.
UPLOADERS = frozenset({"owner", "operations"})


class NotAllowed(PermissionError):
    """The actor's role in the company does not allow this."""


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    role: str | None       # the role in the company acted on; None for the operator
    is_admin: bool = False

    @classmethod
    def operator(cls) -> Actor:
        return cls(user_id=None, role=None, is_admin=True)

    @property
    def may_upload(self) -> bool:
        return self.is_admin or self.role in UPLOADERS


def require_upload(actor: Actor) -> None:
    if not actor.may_upload:
        raise NotAllowed(f"role {actor.role!r} may not upload or retry files")
