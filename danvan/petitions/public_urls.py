"""Public (no-login) petition pages (owned by the petitions-web helper)."""

from __future__ import annotations

urlpatterns: list = []
