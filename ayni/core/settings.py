"""Every setting of AYNI, read from `AYNI_*` environment variables and `.env`.

Validated once at start-up: a bad value stops the command with one line naming
the variable, and production mode refuses the development defaults.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Development defaults. Production refuses every one of them.
DEV_COOKIE_KEY = "ayni-dev-cookie-key-not-for-production"
DEV_ADMIN_PASSWORD = "gabe123123"
DEV_APP_DB_PASSWORD = "ayni_app_dev"
DEV_WORKER_DB_PASSWORD = "ayni_worker_dev"


class SettingsError(ValueError):
    """A setting is missing or not allowed; the message names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="AYNI_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    env: Literal["dev", "production"] = "dev"
    data_dir: Path = Field(default=Path(".ayni"), description="Files, embedded services, logs")

    # Services. Unset URL = the embedded server under data_dir.
    database_url: str | None = Field(
        default=None, description="PostgreSQL URL of an owner account (runs migrations)"
    )
    redis_url: str | None = Field(default=None, description="Redis or Valkey URL")
    valkey_port: int = Field(default=6390, ge=1, le=65535, description="Port of embedded Valkey")

    # Database roles the app and the workers log in as (see docs/ARCHITECTURE.md, Tenancy).
    app_db_password: SecretStr = SecretStr(DEV_APP_DB_PASSWORD)
    worker_db_password: SecretStr = SecretStr(DEV_WORKER_DB_PASSWORD)

    # Accounts and the web app.
    admin_email: str = "admin@ayni.cl"
    admin_password: SecretStr = SecretStr(DEV_ADMIN_PASSWORD)
    cookie_key: SecretStr = SecretStr(DEV_COOKIE_KEY)
    cookie_expiry_days: float = Field(default=7.0, gt=0)
    max_login_attempts: int = Field(default=5, ge=1, le=100,
                                    description="Failed logins before an account is locked")
    lockout_minutes: int = Field(default=15, ge=1, description="How long a lock lasts")
    streamlit_port: int = Field(default=8501, ge=1, le=65535)
    language: Literal["es", "en"] = "es"
    timezone: str = "America/Santiago"

    # Uploaded files: kept encrypted at rest (Fernet). Unset in dev: a key is made under data_dir.
    file_key: SecretStr | None = Field(default=None, description="Fernet key for stored files")
    max_upload_mb: int = Field(default=200, ge=1, le=10_000, description="Largest accepted file")
    max_error_pct: float = Field(default=5.0, ge=0, le=100,
                                 description="Share of bad lines above which nothing loads")

    # GabeDA's thresholds (docs/features.md lists them with their defaults), e.g.
    # AYNI_GABEDA_PARAMS='{"churn_days": 120, "abc_a_pct": 70}'.
    gabeda_params: dict[str, Any] = Field(default_factory=dict)

    # Processing.
    workers: int = Field(default=1, ge=1, le=32, description="RQ workers started by `ayni up`")
    job_timeout_s: int = Field(default=3600, ge=60)
    dbt_threads: int = Field(default=4, ge=1, le=32)
    dbt_schedule: str = Field(default="0 6 * * *",
                              description="Cron (UTC) of the scheduled full dbt build")

    # Assistant (any OpenAI-compatible endpoint).
    llm_model: str = "gpt-4o-mini"
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "AYNI_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "AYNI_OPENAI_BASE_URL")
    )

    @field_validator("data_dir")
    @classmethod
    def _absolute_data_dir(cls, value: Path) -> Path:
        # Child processes (worker, Streamlit) must see the same folder whatever their cwd.
        return value.expanduser().resolve()

    @field_validator("file_key")
    @classmethod
    def _fernet_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        from cryptography.fernet import Fernet

        try:
            Fernet(value.get_secret_value().encode())
        except ValueError:
            raise ValueError("AYNI_FILE_KEY must be a Fernet key (32 url-safe base64 bytes); make "
                             "one with `python -c 'from cryptography.fernet import Fernet; "
                             "print(Fernet.generate_key().decode())'`") from None
        return value

    @field_validator("database_url")
    @classmethod
    def _postgres_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
            raise ValueError("AYNI_DATABASE_URL must start with postgresql://")
        return value or None

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("AYNI_REDIS_URL must start with redis://, rediss:// or unix://")
        return value or None

    @model_validator(mode="after")
    def _production_refuses_defaults(self) -> Settings:
        if self.env != "production":
            return self
        problems = []
        if not self.database_url:
            problems.append("AYNI_DATABASE_URL is required (no embedded PostgreSQL in production)")
        if not self.redis_url:
            problems.append("AYNI_REDIS_URL is required (no embedded Valkey in production)")
        defaults = {
            "AYNI_COOKIE_KEY": (self.cookie_key, DEV_COOKIE_KEY),
            "AYNI_ADMIN_PASSWORD": (self.admin_password, DEV_ADMIN_PASSWORD),
            "AYNI_APP_DB_PASSWORD": (self.app_db_password, DEV_APP_DB_PASSWORD),
            "AYNI_WORKER_DB_PASSWORD": (self.worker_db_password, DEV_WORKER_DB_PASSWORD),
        }
        for name, (secret, default) in defaults.items():
            if secret.get_secret_value() == default:
                problems.append(f"{name} must be set (the development default is refused)")
        if self.file_key is None:
            problems.append("AYNI_FILE_KEY must be set (a Fernet key; uploaded files are encrypted)")
        if len(self.cookie_key.get_secret_value()) < 32:
            problems.append("AYNI_COOKIE_KEY must have at least 32 characters")
        if problems:
            raise ValueError("production settings: " + "; ".join(problems))
        return self

    @property
    def embedded_postgres(self) -> bool:
        return self.database_url is None

    @property
    def embedded_redis(self) -> bool:
        return self.redis_url is None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, validated once."""
    from pydantic import ValidationError

    try:
        return Settings()
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "settings"
            lines.append(f"{where}: {err['msg'].removeprefix('Value error, ')}")
        raise SettingsError("; ".join(lines)) from None
