"""PIN and key hashing with the standard library's scrypt.

Stored form: ``scrypt$n$r$p$salt_hex$hash_hex``. PINs are short, so the cost parameters are what slows a
guesser down; the server also limits login attempts.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

_N, _R, _P = 2**14, 8, 1


def hash_secret(secret: str) -> str:
    """Hash *secret* (a PIN, password or device key) with a fresh salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


# Checked against when there is no real hash (unknown username, account without a PIN), so that a wrong
# username costs the same scrypt work as a wrong PIN and the answer's timing does not tell which it was.
NO_HASH = f"scrypt${_N}${_R}${_P}${'00' * 16}${'00' * 32}"


def verify_secret(secret: str, stored: str | None) -> bool:
    """Whether *secret* matches the stored hash (constant-time comparison). Without a stored hash the
    same work is done, and the answer is ``False``."""
    if not stored:
        verify_secret(secret, NO_HASH)
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        candidate = hashlib.scrypt(secret.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                                   p=int(p), dklen=len(digest) // 2)
    except ValueError:
        return False
    return hmac.compare_digest(candidate.hex(), digest)
