"""User accounts: bcrypt hashes in app.users, and the platform admin made on first start."""

from __future__ import annotations

import re
from dataclasses import dataclass

import bcrypt
from sqlalchemy import Connection, text

from ayni import audit
from ayni.settings import Settings

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountError(ValueError):
    """The account cannot be created or changed; the message says why (Spanish)."""


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str
    is_admin: bool
    password_hash: str
    language: str = "es"


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def check_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode(), password_hash.encode())
    except ValueError:
        return False


_USER_COLUMNS = "id, email, name, is_admin, password_hash, language"


def get_by_email(conn: Connection, email: str) -> User | None:
    row = conn.execute(
        text(f"SELECT {_USER_COLUMNS} FROM app.users WHERE lower(email) = lower(:e)"),
        {"e": email.strip()},
    ).one_or_none()
    return User(*row) if row else None


def all_users(conn: Connection) -> list[User]:
    rows = conn.execute(text(f"SELECT {_USER_COLUMNS} FROM app.users ORDER BY id")).all()
    return [User(*r) for r in rows]


def create_user(conn: Connection, email: str, name: str, password: str, *,
                is_admin: bool = False) -> User:
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise AccountError(f"«{email}» no es un correo válido")
    if len(password) < 8:
        raise AccountError("la contraseña debe tener al menos 8 caracteres")
    if get_by_email(conn, email):
        raise AccountError(f"ya existe una cuenta con el correo {email}")
    row = conn.execute(
        text(
            "INSERT INTO app.users (email, name, password_hash, is_admin) "
            f"VALUES (:e, :n, :h, :a) RETURNING {_USER_COLUMNS}"
        ),
        {"e": email, "n": name.strip() or email, "h": hash_password(password), "a": is_admin},
    ).one()
    user = User(*row)
    audit.record(conn, "user.created", user_id=user.id, email=email, is_admin=is_admin)
    return user


def ensure_admin(conn: Connection, settings: Settings) -> bool:
    """Create the platform admin if missing; True when created now."""
    if get_by_email(conn, settings.admin_email):
        return False
    create_user(conn, settings.admin_email, "Administrador AYNI",
                settings.admin_password.get_secret_value(), is_admin=True)
    return True
