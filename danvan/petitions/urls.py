from __future__ import annotations

app_name = "petitions"
urlpatterns: list = []
