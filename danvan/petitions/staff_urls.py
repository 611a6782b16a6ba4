"""Staff pages of the petitions app (owned by the petitions-web helper)."""

from __future__ import annotations

urlpatterns: list = []
