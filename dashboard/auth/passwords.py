"""Password hashing (argon2id) and the password policy. Pure: no Flask, no database."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")

# argon2-cffi's defaults are the RFC 9106 low-memory profile of argon2id
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def policy_problems(password: str, username: str = "") -> list[str]:
    """German reasons why `password` is not acceptable; empty when it is."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Das Passwort muss mindestens {MIN_LENGTH} Zeichen lang sein (jetzt {len(password)}).")
    folded = password.casefold()
    if folded in _common() or any(folded == c + d for c in _common() for d in ("!", "1", "123", "2026")):
        problems.append("Das Passwort steht in einer Liste häufig benutzter Passwörter; bitte ein anderes wählen.")
    if username and username.casefold() in folded:
        problems.append("Das Passwort darf den Benutzernamen nicht enthalten.")
    if len(set(password)) < 4:
        problems.append("Das Passwort besteht aus zu wenigen verschiedenen Zeichen.")
    return problems
