"""Content hashes: the same bytes from the built-in and OpenSSL implementations."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from cfg_i18n import hashing


def test_hashes_match_hashlib_before_and_after_the_switch_to_openssl() -> None:
    page = "Wir treffen uns in lokalen Labs. Ä ö ü ß\n".encode() * 150
    for _ in range(2 * hashing.OPENSSL_AFTER // len(page) + 2):  # crosses the switch
        assert hashing.sha256_hex(page) == hashlib.sha256(page).hexdigest()
    assert hashing._hashed > hashing.OPENSSL_AFTER
    assert hashing.sha256_hex(b"") == hashlib.sha256(b"").hexdigest()
    assert hashing.blake2b_hex(page) == hashlib.blake2b(page, digest_size=16).hexdigest()
    assert hashing.blake2b_hex(page, 8) == hashlib.blake2b(page, digest_size=8).hexdigest()


def test_a_run_that_hashes_little_does_not_load_openssl() -> None:
    code = ("import sys; from cfg_i18n.hashing import sha256_hex, blake2b_hex; "
            "sha256_hex(b'x' * 100_000); blake2b_hex(b'x'); print('hashlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"
