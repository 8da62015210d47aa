"""Settings of one IM-Cockpit instance, read from environment variables.

Every setting has a safe default so that `make run` works on a fresh machine. Invalid values stop
start-up with a German message that names the variable and the fix. Nothing here is a module
constant that other code reads: the app factory and the CLI receive a `Settings` object.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError


class SettingsError(ValueError):
    """A setting is missing or invalid; the message is meant for the person starting the app."""


DEFAULT_INSTANCE_PATH = Path.cwd() / "instance"


@dataclass(frozen=True)
class Settings:
    """Configuration of one running instance (see README, section "Konfiguration")."""

    database_url: str
    secret_key: str
    staff_ratio: int = 90
    small_count_threshold: int = 5
    status_ok_max: float = 100.0
    status_attention_max: float = 110.0
    project_funds_per_year: int = 15000
    host: str = "127.0.0.1"
    port: int = 8050
    instance_path: Path = field(default=DEFAULT_INSTANCE_PATH)
    refresh_seconds: int = 30

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        """Read settings from `environ` (default: the process environment) and validate them."""
        env = dict(os.environ if environ is None else environ)
        instance_path = Path(env.get("IMC_INSTANCE_PATH") or DEFAULT_INSTANCE_PATH)
        database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'im-cockpit.sqlite3'}"
        for plain in ("postgresql://", "postgres://"):
            # the usual form from hosting platforms: use the installed psycopg 3 driver
            if database_url.startswith(plain):
                database_url = "postgresql+psycopg://" + database_url[len(plain):]
        settings = cls(
            database_url=database_url,
            secret_key=env.get("IMC_SECRET_KEY") or "",
            staff_ratio=_int(env, "IMC_STAFF_RATIO", 90, minimum=1, maximum=1000),
            small_count_threshold=_int(env, "IMC_SMALL_COUNT_THRESHOLD", 5, minimum=1, maximum=100),
            status_ok_max=_float(env, "IMC_STATUS_OK_MAX", 100.0),
            status_attention_max=_float(env, "IMC_STATUS_ATTENTION_MAX", 110.0),
            project_funds_per_year=_int(env, "IMC_PROJECT_FUNDS_PER_YEAR", 15000, minimum=0, maximum=10_000_000),
            host=env.get("IMC_HOST") or "127.0.0.1",
            port=_int(env, "IMC_PORT", 8050, minimum=1, maximum=65535),
            instance_path=instance_path,
            refresh_seconds=_int(env, "IMC_REFRESH_SECONDS", 30, minimum=5, maximum=3600),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        """Raise `SettingsError` if a combination of values makes no sense."""
        try:
            url = make_url(self.database_url)
        except ArgumentError:
            raise SettingsError(
                f"DATABASE_URL ist keine gültige Datenbank-URL: {self.database_url!r}. "
                "Beispiele: sqlite:///instance/im-cockpit.sqlite3 oder "
                "postgresql+psycopg://benutzer@host:5432/datenbank"
            ) from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise SettingsError(
                f"DATABASE_URL: Datenbanktyp {url.get_backend_name()!r} wird nicht unterstützt. "
                "Bitte SQLite (sqlite:///…) oder PostgreSQL (postgresql+psycopg://…) verwenden."
            )
        if url.get_backend_name() == "postgresql" and url.get_driver_name() != "psycopg":
            raise SettingsError(
                f"DATABASE_URL: Treiber {url.get_driver_name()!r} ist nicht installiert. "
                "Bitte postgresql+psycopg://… angeben."
            )
        if not self.status_ok_max < self.status_attention_max:
            raise SettingsError(
                "IMC_STATUS_OK_MAX muss kleiner sein als IMC_STATUS_ATTENTION_MAX "
                f"(jetzt {self.status_ok_max:g} und {self.status_attention_max:g}). "
                "Beispiel: 100 und 110."
            )

    @property
    def is_sqlite(self) -> bool:
        return make_url(self.database_url).get_backend_name() == "sqlite"

    def with_secret(self) -> "Settings":
        """Return settings with a secret key, creating and keeping one in the instance folder."""
        if self.secret_key:
            return self
        self.instance_path.mkdir(parents=True, exist_ok=True)
        key_file = self.instance_path / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(48), encoding="utf-8")
            key_file.chmod(0o600)
        return replace(self, secret_key=key_file.read_text(encoding="utf-8").strip())


def _int(env: Mapping[str, str], name: str, default: int, *, minimum: int, maximum: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise SettingsError(
            f"{name} muss eine ganze Zahl sein, ist aber {raw!r}. Beispiel: {name}={default}"
        ) from None
    if not minimum <= value <= maximum:
        raise SettingsError(
            f"{name} muss zwischen {minimum} und {maximum} liegen, ist aber {value}. "
            f"Standardwert: {default}"
        )
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw.strip().replace(",", "."))
    except ValueError:
        raise SettingsError(
            f"{name} muss eine Zahl sein, ist aber {raw!r}. Beispiel: {name}={default:g}"
        ) from None
    if not 0 < value < 10000:
        raise SettingsError(f"{name} muss größer als 0 sein (Prozentwert), ist aber {value:g}.")
    return value
