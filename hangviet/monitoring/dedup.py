"""Near-duplicate detection: a story syndicated across portals is one story.

A 64-bit SimHash over the overlapping three-syllable shingles of the folded text: texts that
share most of their wording get hashes a few bits apart (a 60-word story with one figure
changed and a credit line added: 6 bits; unrelated stories: about 32). Syndication happens
within days, so the candidates are the articles published within `WINDOW_DAYS`; among them
the database keeps those sharing one of the eight 8-bit bands of the hash — every hash at
most 7 bits away does (pigeonhole), an unrelated one only 3% of the time — and the distance
is checked here."""

import hashlib

from hangviet.monitoring.relevance import fold_word, syllables

MAX_DISTANCE = 6
WINDOW_DAYS = 14
SHINGLE = 3


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def simhash(text: str) -> int:
    """Return the unsigned 64-bit SimHash of `text` (0 for a text without words)."""
    import numpy as np  # loaded on first use: web processes never compare articles

    words = [fold_word(w) for w in syllables(text)]
    if not words:
        return 0
    shingles = (
        [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
        if len(words) >= SHINGLE
        else [" ".join(words)]
    )
    hashes = np.array([_hash64(s) for s in shingles], dtype=">u8")
    # One row of 64 bits per shingle (most significant first); a bit of the result is set
    # when more shingles have it set than not.
    bits = np.unpackbits(hashes.view(np.uint8)).reshape(len(shingles), 64)
    majority = bits.sum(axis=0) * 2 > len(shingles)
    return int("".join("1" if b else "0" for b in majority), 2)


def to_signed(value: int) -> int:
    """Store an unsigned 64-bit value in a signed BIGINT column."""
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


BANDS = 8


def bands(value: int) -> tuple[int, ...]:
    return tuple((value >> (8 * i)) & 0xFF for i in range(BANDS))


def distance(a: int, b: int) -> int:
    return bin(to_unsigned(a) ^ to_unsigned(b)).count("1")


def near(a: int, b: int) -> bool:
    return a != 0 and b != 0 and distance(a, b) <= MAX_DISTANCE
