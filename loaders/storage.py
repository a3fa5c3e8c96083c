"""Original files kept under the data dir, encrypted at rest with Fernet.

A file is stored as a sequence of Fernet tokens, one per block of 1 MiB, so that
encrypting and decrypting a 200 MB export never holds it whole in memory:

    b"AYNIENC1\\n" then, per block: 4-byte big-endian token length, token
"""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from cryptography.fernet import Fernet, InvalidToken

from ayni.core.messages import UserError
from ayni.core.settings import Settings

MAGIC = b"AYNIENC1\n"
BLOCK = 1 << 20


class StorageError(UserError, RuntimeError):
    """A stored file is missing or cannot be decrypted with the configured key."""


def _dev_key(settings: Settings) -> bytes:
    """Development only: a key made once per data dir (production sets AYNI_FILE_KEY)."""
    path = settings.data_dir / "secrets" / "file.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(Fernet.generate_key())
    return path.read_bytes().strip()


def _fernet(settings: Settings) -> Fernet:
    key = settings.file_key.get_secret_value().encode() if settings.file_key else _dev_key(settings)
    return Fernet(key)


def _blocks(source: Path | bytes | BinaryIO) -> Iterator[bytes]:
    if isinstance(source, bytes):
        for start in range(0, len(source), BLOCK):
            yield source[start:start + BLOCK]
    elif isinstance(source, Path):
        with source.open("rb") as fh:
            yield from iter(lambda: fh.read(BLOCK), b"")
    else:
        yield from iter(lambda: source.read(BLOCK), b"")


def sha256_of(source: Path | bytes | BinaryIO) -> str:
    digest = hashlib.sha256()
    for block in _blocks(source):
        digest.update(block)
    return digest.hexdigest()


def store(settings: Settings, source: Path | bytes | BinaryIO, target: Path) -> tuple[str, int]:
    """Encrypt `source` into `target`; returns (sha256 of the plain bytes, plain size)."""
    fernet = _fernet(settings)
    digest, size = hashlib.sha256(), 0
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with partial.open("wb") as out:
        out.write(MAGIC)
        for block in _blocks(source):
            digest.update(block)
            size += len(block)
            token = fernet.encrypt(block)
            out.write(struct.pack(">I", len(token)))
            out.write(token)
    partial.replace(target)  # a crash never leaves a truncated file under the final name
    return digest.hexdigest(), size


def decrypt_blocks(settings: Settings, path: Path) -> Iterator[bytes]:
    fernet = _fernet(settings)
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        # Users read this message: the file's name, not where the server keeps it.
        raise StorageError("storage.missing", name=path.name.removesuffix(".enc")) from None
    with fh:
        if fh.read(len(MAGIC)) != MAGIC:
            raise StorageError("storage.foreign", name=path.name)
        while header := fh.read(4):
            (length,) = struct.unpack(">I", header)
            try:
                yield fernet.decrypt(fh.read(length))
            except InvalidToken:
                raise StorageError("storage.key_changed", name=path.name) from None


def read_bytes(settings: Settings, path: Path) -> bytes:
    """The whole original file (downloads)."""
    return b"".join(decrypt_blocks(settings, path))


@contextmanager
def plain_copy(settings: Settings, path: Path, suffix: str = "") -> Iterator[Path]:
    """A decrypted copy in a private temporary folder, deleted when the block ends."""
    folder = settings.data_dir / "tmp"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, name = tempfile.mkstemp(dir=folder, suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            for block in decrypt_blocks(settings, path):
                out.write(block)
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)
