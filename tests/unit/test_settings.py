import pytest

from ayni.core.settings import Settings, SettingsError, get_settings

STRONG = "x" * 40


def production(**overrides):
    values = dict(env="production", database_url="postgresql://u:p@db/ayni",
                  redis_url="redis://cache:6379/0", cookie_key=STRONG, admin_password="s3cret-admin",
                  app_db_password="app-secret", worker_db_password="worker-secret",
                  file_key="q5bXb6Vf2HwJ8m3oQeM9pKzP1cYtR7uN4sLgA0dEiWk=")
    values.update(overrides)
    return Settings(_env_file=None, **values)


def test_dev_defaults_are_embedded_services(tmp_path, monkeypatch):
    monkeypatch.delenv("AYNI_DATABASE_URL", raising=False)
    monkeypatch.delenv("AYNI_REDIS_URL", raising=False)
    s = Settings(_env_file=None, data_dir=tmp_path / "d")
    assert s.embedded_postgres and s.embedded_redis
    assert s.data_dir.is_absolute()
    assert s.admin_email == "admin@ayni.cl"
    assert s.admin_password.get_secret_value() == "gabe123123"


def test_production_accepts_explicit_secrets():
    s = production()
    assert not s.embedded_postgres and not s.embedded_redis


@pytest.mark.parametrize("field, variable", [
    ("admin_password", "AYNI_ADMIN_PASSWORD"),
    ("cookie_key", "AYNI_COOKIE_KEY"),
    ("app_db_password", "AYNI_APP_DB_PASSWORD"),
    ("worker_db_password", "AYNI_WORKER_DB_PASSWORD"),
])
def test_production_refuses_each_default(field, variable):
    defaults = Settings.model_fields[field].default.get_secret_value()
    with pytest.raises(ValueError, match=variable):
        production(**{field: defaults})


def test_production_refuses_embedded_services():
    with pytest.raises(ValueError, match="AYNI_DATABASE_URL is required"):
        production(database_url=None)
    with pytest.raises(ValueError, match="AYNI_REDIS_URL is required"):
        production(redis_url=None)


def test_production_requires_a_file_key():
    with pytest.raises(ValueError, match="AYNI_FILE_KEY must be set"):
        production(file_key=None)


def test_file_key_must_be_a_fernet_key():
    with pytest.raises(ValueError, match="must be a Fernet key"):
        production(file_key="not-a-key")


def test_bad_url_names_the_variable(monkeypatch):
    monkeypatch.setenv("AYNI_DATABASE_URL", "mysql://nope")
    get_settings.cache_clear()
    try:
        with pytest.raises(SettingsError, match="AYNI_DATABASE_URL must start with postgresql"):
            get_settings()
    finally:
        get_settings.cache_clear()
