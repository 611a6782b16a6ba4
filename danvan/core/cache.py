"""The embedded cache backend: Django's file cache, without listing its directory on every write."""

from __future__ import annotations

import math
import time
from typing import Any

from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    """Django's file-based cache, shared by the web workers, culling at most once per `cull_interval`.

    Django's file cache lists its whole directory on every `set` to decide whether to cull. The public
    pages write one entry per visitor's address (spam limits), so on a busy day that listing grows
    with every citizen and becomes most of the cost of a write. Here each cache object culls at most
    once a minute; between two culls the directory may exceed `MAX_ENTRIES` by what a minute adds.
    """

    cull_interval = 60.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._last_cull = -math.inf

    def _cull(self) -> None:
        now = time.monotonic()
        if now - self._last_cull < self.cull_interval:
            return
        self._last_cull = now
        super()._cull()
