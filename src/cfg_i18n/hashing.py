"""Content hashes from the interpreter's own implementations.

``import hashlib`` loads OpenSSL's libcrypto first (about 5 ms here), a twentieth of a warm
run that hashes a few pages. SHA-256 and BLAKE2b are built into CPython as well; the bytes
they produce are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_Hash = Callable[..., Any]


def _builtin(module: str, name: str) -> _Hash | None:
    try:
        return getattr(__import__(module), name)  # type: ignore[no-any-return]
    except (ImportError, AttributeError):
        return None


_sha256: _Hash = _builtin("_sha2", "sha256") or _builtin("_sha256", "sha256") or \
    __import__("hashlib").sha256  # 3.12+, 3.10-3.11, any other interpreter
_blake2b: _Hash = _builtin("_blake2", "blake2b") or __import__("hashlib").blake2b


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex (what manifests and cache keys keep)."""
    return str(_sha256(data).hexdigest())


def blake2b_hex(data: bytes, size: int = 16) -> str:
    """A ``size``-byte BLAKE2b of ``data`` in hex: content hashes of pages and data files."""
    return str(_blake2b(data, digest_size=size).hexdigest())
