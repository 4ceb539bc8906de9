"""Dify's `extensions.ext_storage.storage` (local file system, as Dify's OpenDAL `fs` scheme)."""

import os
from pathlib import Path


class Storage:
    def _root(self) -> Path:
        return Path(os.environ.get("DIFY_STANDIN_STORAGE", "storage"))

    def _file(self, filename: str) -> Path:
        return self._root() / filename

    def save(self, filename: str, data: bytes) -> None:
        path = self._file(filename)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)

    def load(self, filename: str, stream: bool = False) -> bytes:
        path = self._file(filename)
        if not path.exists():
            raise FileNotFoundError("File not found")
        return path.read_bytes()

    def exists(self, filename: str) -> bool:
        return self._file(filename).exists()

    def delete(self, filename: str) -> None:
        self._file(filename).unlink(missing_ok=True)


storage = Storage()
