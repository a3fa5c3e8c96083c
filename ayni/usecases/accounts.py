"""User accounts: bcrypt hashes in app.users, and the platform admin made on first start."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import bcrypt
from sqlalchemy import Connection, text

from ayni.core import audit
from ayni.core.messages import UserError
from ayni.core.settings import Settings

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The password rule of the registration form (streamlit-authenticator's): 8 to 20
# characters with a lowercase and an uppercase letter, a digit and a symbol.
_SYMBOLS = r"!@#$%^&*()_+\-=\[\]{};':\"\\|,.<>\/?`~"
PASSWORD = re.compile(rf"^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[{_SYMBOLS}])[A-Za-z\d{_SYMBOLS}]{{8,20}}$")
PASSWORD_RULE = ("la contraseña debe tener de 8 a 20 caracteres, con al menos una minúscula, "
                 "una mayúscula, un número y un símbolo")


class AccountError(UserError, ValueError):
    """The account cannot be created or changed; the message (a catalogue key) says why."""


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str
    is_admin: bool
    password_hash: str
    language: str = "es"
    totp_secret: str | None = None
    failed_logins: int = 0
    locked_until: datetime | None = None


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def check_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode(), password_hash.encode())
    except ValueError:
        return False


_USER_COLUMNS = ("id, email, name, is_admin, password_hash, language, totp_secret, failed_logins, "
                 "locked_until")


def get_by_email(conn: Connection, email: str) -> User | None:
    row = conn.execute(
        text(f"SELECT {_USER_COLUMNS} FROM app.users WHERE lower(email) = lower(:e)"),
        {"e": email.strip()},
    ).one_or_none()
    return User(*row) if row else None


def all_users(conn: Connection) -> list[User]:
    rows = conn.execute(text(f"SELECT {_USER_COLUMNS} FROM app.users ORDER BY id")).all()
    return [User(*r) for r in rows]


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None."""
    return None if PASSWORD.match(password) else PASSWORD_RULE


def create_user(conn: Connection, email: str, name: str, password: str, *,
                is_admin: bool = False, check_rule: bool = True) -> User:
    if check_rule and password_problem(password):
        raise AccountError("auth.error.rule")
    return create_user_with_hash(conn, email, name, hash_password(password), is_admin=is_admin)


def create_user_with_hash(conn: Connection, email: str, name: str, password_hash: str, *,
                          is_admin: bool = False) -> User:
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise AccountError("account.bad_email", email=email)
    if get_by_email(conn, email):
        raise AccountError("account.taken", email=email)
    row = conn.execute(
        text(
            "INSERT INTO app.users (email, name, password_hash, is_admin) "
            f"VALUES (:e, :n, :h, :a) RETURNING {_USER_COLUMNS}"
        ),
        {"e": email, "n": name.strip() or email, "h": password_hash, "a": is_admin},
    ).one()
    user = User(*row)
    audit.record(conn, "user.created", user_id=user.id, email=email, is_admin=is_admin)
    return user


def set_password_hash(conn: Connection, user_id: int, password_hash: str) -> None:
    conn.execute(text("UPDATE app.users SET password_hash = :h WHERE id = :i"),
                 {"h": password_hash, "i": user_id})
    audit.record(conn, "user.password_changed", user_id=user_id)


def record_failed_logins(conn: Connection, email: str, count: int,
                         locked_until: datetime | None) -> None:
    conn.execute(text("UPDATE app.users SET failed_logins = :n, locked_until = :l "
                      "WHERE lower(email) = lower(:e)"),
                 {"n": count, "l": locked_until, "e": email})
    if locked_until is not None:
        audit.record(conn, "user.locked", email=email.lower(), until=locked_until)


def record_login(conn: Connection, email: str) -> None:
    conn.execute(text("UPDATE app.users SET last_login_at = now(), failed_logins = 0, "
                      "locked_until = NULL WHERE lower(email) = lower(:e)"), {"e": email})


def set_totp(conn: Connection, user_id: int, secret: str | None) -> None:
    conn.execute(text("UPDATE app.users SET totp_secret = :s WHERE id = :i"),
                 {"s": secret, "i": user_id})
    audit.record(conn, "user.totp_enabled" if secret else "user.totp_disabled", user_id=user_id)


def set_language(conn: Connection, user_id: int, language: str) -> None:
    conn.execute(text("UPDATE app.users SET language = :l WHERE id = :i"),
                 {"l": language, "i": user_id})


def set_admin(conn: Connection, user_id: int, is_admin: bool, *, by: int | None = None) -> None:
    conn.execute(text("UPDATE app.users SET is_admin = :a WHERE id = :i"),
                 {"a": is_admin, "i": user_id})
    audit.record(conn, "user.admin_changed", user_id=by, target=user_id, is_admin=is_admin)


def new_totp_secret() -> str:
    import pyotp

    return pyotp.random_base32()


def totp_uri(secret: str, email: str) -> str:
    import pyotp

    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name="AYNI")


def totp_ok(secret: str, code: str) -> bool:
    """A six-digit code of now (or the step before/after: phone clocks drift)."""
    import pyotp

    return pyotp.TOTP(secret).verify(code.strip().replace(" ", ""), valid_window=1)


def ensure_admin(conn: Connection, settings: Settings) -> bool:
    """Create the platform admin if missing; True when created now."""
    if get_by_email(conn, settings.admin_email):
        return False
    # The admin's password comes from the settings, which decide its strength.
    create_user(conn, settings.admin_email, "Administrador AYNI",
                settings.admin_password.get_secret_value(), is_admin=True, check_rule=False)
    return True
