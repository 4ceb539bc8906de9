"""Dify's `core.helper.encrypter` (encrypt_token / decrypt_token, per tenant). Dify seals with the
tenant's RSA key; the stand-in only needs a per-tenant reversible form that is not the plain text."""

import base64
import hashlib


def _stream(tenant_id: str, n: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(f"{tenant_id}:{counter}".encode()).digest()
        counter += 1
    return out[:n]


def encrypt_token(tenant_id: str, token: str) -> str:
    raw = token.encode()
    return base64.b64encode(bytes(a ^ b for a, b in zip(raw, _stream(tenant_id, len(raw))))).decode()


def decrypt_token(tenant_id: str, token: str) -> str:
    raw = base64.b64decode(token)
    return bytes(a ^ b for a, b in zip(raw, _stream(tenant_id, len(raw)))).decode()
