from pathlib import Path

import pytest

from dashboard.settings import Settings, SettingsError


def test_defaults_are_safe(tmp_path):
    s = Settings.from_env({"IMC_INSTANCE_PATH": str(tmp_path)})
    assert s.database_url == f"sqlite:///{tmp_path / 'im-cockpit.sqlite3'}"
    assert (s.staff_ratio, s.small_count_threshold, s.host, s.port) == (90, 5, "127.0.0.1", 8050)
    assert s.is_sqlite


def test_values_from_environment(tmp_path):
    s = Settings.from_env({
        "DATABASE_URL": "postgresql+psycopg://u@db:5432/imc", "IMC_STAFF_RATIO": "80",
        "IMC_SMALL_COUNT_THRESHOLD": "3", "IMC_PORT": "9000", "IMC_STATUS_OK_MAX": "95,5",
        "IMC_INSTANCE_PATH": str(tmp_path),
    })
    assert (s.staff_ratio, s.small_count_threshold, s.port, s.status_ok_max) == (80, 3, 9000, 95.5)
    assert not s.is_sqlite
    assert Settings.from_env({"IMC_INSTANCE_PATH": str(tmp_path)}).accessibility_contact is None
    assert Settings.from_env({"IMC_INSTANCE_PATH": str(tmp_path), "IMC_ACCESSIBILITY_CONTACT": " a11y@stadt.example "}
                             ).accessibility_contact == "a11y@stadt.example"


@pytest.mark.parametrize(
    "env, fragment",
    [
        ({"IMC_STAFF_RATIO": "neunzig"}, "IMC_STAFF_RATIO muss eine ganze Zahl sein"),
        ({"IMC_STAFF_RATIO": "0"}, "IMC_STAFF_RATIO muss zwischen 1 und 1000"),
        ({"IMC_PORT": "70000"}, "IMC_PORT muss zwischen 1 und 65535"),
        ({"DATABASE_URL": "kein url"}, "DATABASE_URL ist keine gültige Datenbank-URL"),
        ({"DATABASE_URL": "mysql://x@y/z"}, "wird nicht unterstützt"),
        ({"DATABASE_URL": "postgresql+psycopg2://x@y/z"}, "Treiber 'psycopg2' ist nicht installiert"),
        ({"IMC_STATUS_OK_MAX": "120", "IMC_STATUS_ATTENTION_MAX": "110"}, "muss kleiner sein"),
        ({"IMC_STATUS_OK_MAX": "x"}, "IMC_STATUS_OK_MAX muss eine Zahl sein"),
        ({"IMC_ACCESSIBILITY_CONTACT": "Frau Muster"}, "IMC_ACCESSIBILITY_CONTACT ist keine E-Mail-Adresse"),
    ],
)
def test_invalid_settings_stop_with_german_message(env, fragment, tmp_path):
    with pytest.raises(SettingsError, match=fragment):
        Settings.from_env({"IMC_INSTANCE_PATH": str(tmp_path), **env})


def test_plain_postgres_url_uses_psycopg3(tmp_path):
    s = Settings.from_env({"DATABASE_URL": "postgres://u@db/imc", "IMC_INSTANCE_PATH": str(tmp_path)})
    assert s.database_url == "postgresql+psycopg://u@db/imc"


def test_secret_key_is_created_once_and_kept(tmp_path):
    s = Settings.from_env({"IMC_INSTANCE_PATH": str(tmp_path)})
    first = s.with_secret().secret_key
    assert len(first) > 40
    assert s.with_secret().secret_key == first
    assert (Path(tmp_path) / "secret_key").stat().st_mode & 0o077 == 0
    assert Settings.from_env({"IMC_SECRET_KEY": "given", "IMC_INSTANCE_PATH": str(tmp_path)}).with_secret().secret_key == "given"


def test_staffing_settings_defaults_and_values(tmp_path):
    s = Settings.from_env({"IMC_INSTANCE_PATH": str(tmp_path)})
    assert (s.cost_per_fte, s.overhead_rate_pct, s.land_funds_per_fte, s.funding_warning_months) == (
        75000, 20.0, 68000, 12)
    s = Settings.from_env({"IMC_INSTANCE_PATH": str(tmp_path), "IMC_COST_PER_FTE": "78000",
                           "IMC_OVERHEAD_RATE": "17,5", "IMC_LAND_FUNDS_PER_FTE": "0",
                           "IMC_FUNDING_WARNING_MONTHS": "24"})
    assert (s.cost_per_fte, s.overhead_rate_pct, s.land_funds_per_fte, s.funding_warning_months) == (
        78000, 17.5, 0, 24)


@pytest.mark.parametrize(
    "env, fragment",
    [
        ({"IMC_COST_PER_FTE": "75.000 €"}, "IMC_COST_PER_FTE muss eine ganze Zahl sein"),
        ({"IMC_COST_PER_FTE": "0"}, "IMC_COST_PER_FTE muss zwischen 1 und 1000000"),
        ({"IMC_OVERHEAD_RATE": "zwanzig"}, "IMC_OVERHEAD_RATE muss eine Zahl"),
        ({"IMC_OVERHEAD_RATE": "120"}, "IMC_OVERHEAD_RATE muss zwischen 0 und 100"),
        ({"IMC_LAND_FUNDS_PER_FTE": "-1"}, "IMC_LAND_FUNDS_PER_FTE muss zwischen 0 und 1000000"),
        ({"IMC_FUNDING_WARNING_MONTHS": "ein Jahr"}, "IMC_FUNDING_WARNING_MONTHS muss eine ganze Zahl"),
        ({"IMC_FUNDING_WARNING_MONTHS": "121"}, "IMC_FUNDING_WARNING_MONTHS muss zwischen 0 und 120"),
    ],
)
def test_invalid_staffing_settings_stop_with_german_message(env, fragment, tmp_path):
    with pytest.raises(SettingsError, match=fragment):
        Settings.from_env({"IMC_INSTANCE_PATH": str(tmp_path), **env})


def test_case_weights_are_off_by_default_and_parsed_with_decimal_commas(tmp_path):
    base = {"IMC_INSTANCE_PATH": str(tmp_path)}
    assert Settings.from_env(base).case_weights == () and Settings.from_env(base).points_per_fte is None
    s = Settings.from_env({**base, "IMC_CASE_WEIGHTS": " einzeln=0,8; grossfamilie = 1.5 ;",
                           "IMC_POINTS_PER_FTE": "100"})
    assert dict(s.case_weights) == {"einzeln": 0.8, "grossfamilie": 1.5} and s.points_per_fte == 100.0


@pytest.mark.parametrize("value, fragment", [
    ("einzeln", "„einzeln“ ist kein Eintrag Kategorie=Gewicht"),
    ("einzeln=viel", "„einzeln=viel“ ist kein Eintrag"),
    ("einzeln=0", "Gewicht über 0"),
    ("=1", "„=1“ ist kein Eintrag"),
    ("a=1;a=2", "„a“ steht doppelt"),
])
def test_bad_case_weights_name_the_entry(value, fragment, tmp_path):
    with pytest.raises(SettingsError, match=fragment):
        Settings.from_env({"IMC_INSTANCE_PATH": str(tmp_path), "IMC_CASE_WEIGHTS": value})


def test_import_limits_and_api_rate(tmp_path):
    s = Settings.from_env({"IMC_INSTANCE_PATH": str(tmp_path)})
    assert (s.import_max_mb, s.import_max_rows, s.api_rate_limit) == (10, 50000, "60 per minute")
    assert s.import_max_bytes == 10 * 1024 * 1024
    s = Settings.from_env({"IMC_INSTANCE_PATH": str(tmp_path), "IMC_IMPORT_MAX_MB": "2",
                           "IMC_IMPORT_MAX_ROWS": "500", "IMC_API_RATE_LIMIT": "1000 per hour"})
    assert (s.import_max_mb, s.import_max_rows, s.api_rate_limit) == (2, 500, "1000 per hour")


@pytest.mark.parametrize("env, fragment", [
    ({"IMC_IMPORT_MAX_MB": "0"}, "IMC_IMPORT_MAX_MB muss zwischen 1 und 500"),
    ({"IMC_IMPORT_MAX_ROWS": "viele"}, "IMC_IMPORT_MAX_ROWS muss eine ganze Zahl sein"),
    ({"IMC_API_RATE_LIMIT": "schnell"}, "IMC_API_RATE_LIMIT muss eine Rate wie „60 per minute“"),
])
def test_invalid_import_settings(tmp_path, env, fragment):
    with pytest.raises(SettingsError, match=fragment):
        Settings.from_env({"IMC_INSTANCE_PATH": str(tmp_path), **env})
