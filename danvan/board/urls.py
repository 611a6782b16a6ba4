from __future__ import annotations

app_name = "board"
urlpatterns: list = []
