"""Settings of one IM-Cockpit instance, read from environment variables.

Every setting has a safe default so that `make run` works on a fresh machine. Invalid values stop
start-up with a German message that names the variable and the fix. Nothing here is a module
constant that other code reads: the app factory and the CLI receive a `Settings` object.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from dashboard.model.vocabulary import (
    DEFAULT_ATTENTION_MAX,
    DEFAULT_OK_MAX,
    DEFAULT_SMALL_COUNT_THRESHOLD,
    DEFAULT_STAFF_RATIO,
)


class SettingsError(ValueError):
    """A setting is missing or invalid; the message is meant for the person starting the app."""


DEFAULT_INSTANCE_PATH = Path.cwd() / "instance"


@dataclass(frozen=True)
class Settings:
    """Configuration of one running instance (see README, section "Konfiguration")."""

    database_url: str
    secret_key: str
    staff_ratio: int = DEFAULT_STAFF_RATIO
    small_count_threshold: int = DEFAULT_SMALL_COUNT_THRESHOLD
    status_ok_max: float = DEFAULT_OK_MAX
    status_attention_max: float = DEFAULT_ATTENTION_MAX
    project_funds_per_year: int = 15000
    host: str = "127.0.0.1"
    port: int = 8050
    # production server (`im-cockpit serve --prod`, gunicorn): worker processes and threads per worker
    workers: int = 3
    threads: int = 4
    # reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are trusted (0: none);
    # without this every person behind the proxy has the proxy's address (login rate limit, audit log)
    trusted_proxies: int = 0
    instance_path: Path = field(default=DEFAULT_INSTANCE_PATH)
    refresh_seconds: int = 30
    # Personal (VZÄ): costs per year and the warning period of fixed-term funding
    cost_per_fte: int = 75000  # employer cost of a full-time post, planning value TVöD SuE S 11b (€)
    overhead_rate_pct: float = 20.0  # Sach- und Gemeinkostenpauschale, % of Land-funded personnel cost
    land_funds_per_fte: int = 68000  # Land funds (VwV IM) per VZÄ and year (€)
    cost_growth_pct: float = 3.0  # yearly increase of the cost per VZÄ in scenarios (pay rounds, DOMAIN §8)
    funding_warning_months: int = 12  # warn when a post's funding ends within this many months
    # Landkreis: the allocation rule of the Land's IM funds to the Gemeinden (seed 002)
    allocation_window_years: int = 3  # the survey window's length
    allocation_survey_lag_years: int = 3  # the window ends this many years before the calculation year
    eigenregie_min_post_pct: int = 50  # the smallest post (% of a VZÄ) a Gemeinde needs for Eigenregie
    weekly_hours_per_fte: int = 39  # Verbund: hours a week of one VZÄ (the hourly rate's divisor × 52)
    # Access control. From the environment login is always required; only tests build settings
    # without it (tests/conftest.py make_settings), to exercise pages without logging in first.
    login_required: bool = True
    session_idle_minutes: int = 30
    session_max_hours: int = 12
    cookie_secure: bool = True
    ratelimit_storage: str = "memory://"
    # Zwischenspeicher der Seitenzahlen: Redis-Adresse für alle Server gemeinsam (None: im Prozess), und die
    # Obergrenze des eingebauten Zwischenspeichers je Prozess in MB
    cache_url: str | None = None
    cache_max_mb: int = 128
    # Weighted caseload (off while empty): points per case category and the points one VZÄ carries
    case_weights: tuple[tuple[str, float], ...] = ()
    points_per_fte: float | None = None  # None: the staff ratio (a weight-1 case is one of 90)
    # Karte: optional background tiles, e.g. https://tiles.example.org/{z}/{x}/{y}.png (None: no tiles)
    map_tile_url: str | None = None
    # Imports (files and the ingest API): limits, and the API's rate limit per token
    import_max_mb: int = 10
    import_max_rows: int = 50000
    api_rate_limit: str = "60 per minute"
    # Erklärung zur Barrierefreiheit (§ 10 L-BGG BW): where people report barriers (None: not set up yet)
    accessibility_contact: str | None = None

    @property
    def import_max_bytes(self) -> int:
        return self.import_max_mb * 1024 * 1024

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
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
            staff_ratio=_int(env, "IMC_STAFF_RATIO", DEFAULT_STAFF_RATIO, minimum=1, maximum=1000),
            small_count_threshold=_int(env, "IMC_SMALL_COUNT_THRESHOLD", DEFAULT_SMALL_COUNT_THRESHOLD, minimum=1, maximum=100),
            status_ok_max=_float(env, "IMC_STATUS_OK_MAX", DEFAULT_OK_MAX),
            status_attention_max=_float(env, "IMC_STATUS_ATTENTION_MAX", DEFAULT_ATTENTION_MAX),
            project_funds_per_year=_int(env, "IMC_PROJECT_FUNDS_PER_YEAR", 15000, minimum=0, maximum=10_000_000),
            host=env.get("IMC_HOST") or "127.0.0.1",
            port=_int(env, "IMC_PORT", 8050, minimum=1, maximum=65535),
            workers=_int(env, "IMC_WORKERS", 3, minimum=1, maximum=64),
            threads=_int(env, "IMC_THREADS", 4, minimum=1, maximum=64),
            trusted_proxies=_int(env, "IMC_TRUSTED_PROXIES", 0, minimum=0, maximum=5),
            instance_path=instance_path,
            case_weights=_weights(env),
            session_idle_minutes=_int(env, "IMC_SESSION_IDLE_MINUTES", 30, minimum=1, maximum=24 * 60),
            session_max_hours=_int(env, "IMC_SESSION_MAX_HOURS", 12, minimum=1, maximum=24 * 7),
            cookie_secure=(env.get("IMC_COOKIE_SECURE") or "1").strip() not in ("0", "nein", "false"),
            # with a shared Redis the login and API rate limits count for all servers together
            ratelimit_storage=env.get("IMC_RATELIMIT_STORAGE") or _cache_url(env) or "memory://",
            cache_url=_cache_url(env),
            cache_max_mb=_int(env, "IMC_CACHE_MAX_MB", 128, minimum=8, maximum=65536),
            points_per_fte=(_float(env, "IMC_POINTS_PER_FTE", float(DEFAULT_STAFF_RATIO))
                            if (env.get("IMC_POINTS_PER_FTE") or "").strip() else None),
            refresh_seconds=_int(env, "IMC_REFRESH_SECONDS", 30, minimum=5, maximum=3600),
            cost_per_fte=_int(env, "IMC_COST_PER_FTE", 75000, minimum=1, maximum=1_000_000),
            overhead_rate_pct=_percent(env, "IMC_OVERHEAD_RATE", 20.0),
            land_funds_per_fte=_int(env, "IMC_LAND_FUNDS_PER_FTE", 68000, minimum=0, maximum=1_000_000),
            cost_growth_pct=_percent(env, "IMC_COST_GROWTH_PCT", 3.0),
            funding_warning_months=_int(env, "IMC_FUNDING_WARNING_MONTHS", 12, minimum=0, maximum=120),
            allocation_window_years=_int(env, "IMC_ALLOCATION_WINDOW_YEARS", 3, minimum=1, maximum=10),
            allocation_survey_lag_years=_int(env, "IMC_ALLOCATION_SURVEY_LAG_YEARS", 3, minimum=0, maximum=10),
            eigenregie_min_post_pct=_int(env, "IMC_EIGENREGIE_MIN_POST_PCT", 50, minimum=1, maximum=100),
            weekly_hours_per_fte=_int(env, "IMC_WEEKLY_HOURS_PER_FTE", 39, minimum=1, maximum=60),
            map_tile_url=_tile_url(env),
            import_max_mb=_int(env, "IMC_IMPORT_MAX_MB", 10, minimum=1, maximum=500),
            import_max_rows=_int(env, "IMC_IMPORT_MAX_ROWS", 50000, minimum=1, maximum=5_000_000),
            api_rate_limit=_rate(env, "IMC_API_RATE_LIMIT", "60 per minute"),
            accessibility_contact=(env.get("IMC_ACCESSIBILITY_CONTACT") or "").strip() or None,
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

        if self.accessibility_contact is not None and not _is_mail_address(self.accessibility_contact):
            raise SettingsError(
                f"IMC_ACCESSIBILITY_CONTACT ist keine E-Mail-Adresse: {self.accessibility_contact!r}. "
                "Beispiel: barrierefreiheit@stadt.example (die Adresse für Rückmeldungen zu Barrieren)."
            )

    def cache_fingerprint(self) -> str:
        """These settings as a cache key holds them: the same for every server of one installation
        (address, port, processes, secret and instance folder do not change a figure)."""
        shared = replace(self, host="", port=0, workers=0, threads=0, secret_key="", instance_path=Path("."),
                         ratelimit_storage="", cache_url=None, cache_max_mb=0)
        return "settings:" + hashlib.sha256(repr(shared).encode()).hexdigest()

    @property
    def is_sqlite(self) -> bool:
        return make_url(self.database_url).get_backend_name() == "sqlite"

    def with_secret(self) -> Settings:
        """Return settings with a secret key, creating and keeping one in the instance folder."""
        if self.secret_key:
            return self
        self.instance_path.mkdir(parents=True, exist_ok=True)
        key_file = self.instance_path / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(48), encoding="utf-8")
            key_file.chmod(0o600)
        return replace(self, secret_key=key_file.read_text(encoding="utf-8").strip())


def _is_mail_address(value: str) -> bool:
    local, _, domain = value.partition("@")
    return bool(local) and "." in domain and not any(c.isspace() or c in "<>\"," for c in value)


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


def _rate(env: Mapping[str, str], name: str, default: str) -> str:
    """A flask-limiter rate such as "60 per minute" or "1000 per hour"."""
    import re

    raw = " ".join((env.get(name) or "").split())
    if not raw:
        return default
    if not re.fullmatch(r"[1-9]\d{0,6} (per|/) (second|minute|hour|day)", raw):
        raise SettingsError(f"{name} muss eine Rate wie „60 per minute“ oder „1000 per hour“ sein, ist aber {raw!r}.")
    return raw


def _weights(env: Mapping[str, str]) -> tuple[tuple[str, float], ...]:
    """IMC_CASE_WEIGHTS="standard=1;intensiv=1,5": points per case category (Case.category)."""
    raw = (env.get("IMC_CASE_WEIGHTS") or "").strip()
    example = 'Beispiel: IMC_CASE_WEIGHTS="standard=1;intensiv=1,5"'
    weights: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in raw.split(";"))):
        category, sep, number = part.partition("=")
        try:
            weight = float(number.strip().replace(",", "."))
        except ValueError:
            weight = None
        if not sep or not category.strip() or weight is None or not 0 < weight <= 100:
            raise SettingsError(f"IMC_CASE_WEIGHTS: „{part}“ ist kein Eintrag Kategorie=Gewicht mit einem "
                                f"Gewicht über 0 und höchstens 100. {example}")
        if category.strip() in weights:
            raise SettingsError(f"IMC_CASE_WEIGHTS: die Kategorie „{category.strip()}“ steht doppelt. {example}")
        weights[category.strip()] = weight
    return tuple(weights.items())


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


def _percent(env: Mapping[str, str], name: str, default: float) -> float:
    """A percentage from 0 to 100; a decimal comma is accepted ("17,5")."""
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw.strip().removesuffix("%").strip().replace(",", "."))
    except ValueError:
        raise SettingsError(
            f"{name} muss eine Zahl (Prozentsatz) sein, ist aber {raw!r}. Beispiel: {name}={default:g}"
        ) from None
    if not 0 <= value <= 100:
        raise SettingsError(
            f"{name} muss zwischen 0 und 100 (Prozent) liegen, ist aber {value:g}. Standardwert: {default:g}"
        )
    return value


def _cache_url(env: Mapping[str, str]) -> str | None:
    """IMC_CACHE_URL: the Redis shared by every server (cache, rate limits, background jobs); empty: none."""
    value = (env.get("IMC_CACHE_URL") or "").strip()
    if not value:
        return None
    if not value.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError(
            f"IMC_CACHE_URL muss eine Redis-Adresse sein (redis://, rediss:// oder unix://), nicht „{value}“. "
            "Beispiel: IMC_CACHE_URL=redis://127.0.0.1:6379/0 – leer lassen für den eingebauten Zwischenspeicher.")
    return value


def _tile_url(env: Mapping[str, str]) -> str | None:
    """IMC_MAP_TILE_URL: an https XYZ tile template with {z}, {x} and {y}; empty = no tiles (offline)."""
    value = (env.get("IMC_MAP_TILE_URL") or "").strip()
    if not value:
        return None
    if not value.startswith("https://") or not all(p in value for p in ("{z}", "{x}", "{y}")):
        raise SettingsError(
            f"IMC_MAP_TILE_URL muss eine https-Adresse mit {{z}}, {{x}} und {{y}} sein, z. B. "
            f"https://kacheln.example.org/{{z}}/{{x}}/{{y}}.png – nicht „{value}“. Leer lassen für eine "
            "Karte ohne Hintergrund (funktioniert ohne Internet).")
    return value
