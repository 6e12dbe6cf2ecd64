"""Content hashes without loading OpenSSL for a run that hashes little.

``import hashlib`` loads OpenSSL's libcrypto first (about 5 ms here), a twentieth of a warm
run that hashes a few pages. SHA-256 and BLAKE2b are built into CPython as well and give the
same bytes. The built-in SHA-256 is slower, though (25 µs against 4 µs for a 6 KB page on
CPUs with SHA instructions), so a run that has hashed a megabyte, such as a cold merge,
switches to OpenSSL's: from there on its import costs less than it saves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_Hash = Callable[..., Any]

#: Bytes hashed with the built-in SHA-256 before a process switches to OpenSSL's.
OPENSSL_AFTER = 1 << 20


def _builtin(module: str, name: str) -> _Hash | None:
    try:
        return getattr(__import__(module), name)  # type: ignore[no-any-return]
    except (ImportError, AttributeError):
        return None


_sha256: _Hash = _builtin("_sha2", "sha256") or _builtin("_sha256", "sha256") or \
    __import__("hashlib").sha256  # 3.12+, 3.10-3.11, any other interpreter
_blake2b: _Hash = _builtin("_blake2", "blake2b") or __import__("hashlib").blake2b
_hashed = 0


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex (what manifests and cache keys keep)."""
    global _hashed, _sha256
    if _hashed <= OPENSSL_AFTER:
        _hashed += len(data)
        if _hashed > OPENSSL_AFTER:
            import hashlib

            _sha256 = hashlib.sha256
    return str(_sha256(data).hexdigest())


def blake2b_hex(data: bytes, size: int = 16) -> str:
    """A ``size``-byte BLAKE2b of ``data`` in hex: content hashes of pages and data files
    (the same implementation as ``hashlib``'s)."""
    return str(_blake2b(data, digest_size=size).hexdigest())
