"""S3-compatible object storage for the uploads, loaded only when DANVAN_STORAGE names a bucket.

Kept apart from `core.storage` so that a server storing its files on disk never imports boto3 (some 80 ms and
~15 MB in every process: web workers, CLI commands, test workers).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from storages.backends.s3 import S3Storage

from danvan.core.storage import note_saved


class PrivateS3Storage(S3Storage):
    """S3-compatible object storage: no ACL sent (the bucket's private default), noting writes for the orphan check.

    Options come from DANVAN_STORAGE (danvan.lib.storage_url). Files are read back through `open()` by danvan's
    permission-checked views, never linked publicly.
    """

    def _save(self, name: str, content: Any) -> str:
        name = super()._save(name, content)
        note_saved(name)
        return name

    def stored_files(self, prefix: str = "") -> Iterator[tuple[str, float]]:
        """Yield (name, modification timestamp) under `prefix`: one listing request per thousand objects, no HEAD."""
        location = self.location.strip("/")
        start = "/".join(p for p in (location, prefix.strip("/")) if p)
        start = start + "/" if start else ""
        for obj in self.bucket.objects.filter(Prefix=start):
            name = obj.key[len(location) + 1 :] if location else obj.key
            if name and not name.endswith("/"):
                yield name, obj.last_modified.timestamp()
