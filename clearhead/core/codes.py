"""Short codes people read out or type: 8 characters, no look-alikes."""

import secrets

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code: str) -> str:
    """Upper case, letters and digits only: 'abcd-2345 ' reads as 'ABCD2345'."""
    return "".join(ch for ch in code.upper() if ch.isalnum())
