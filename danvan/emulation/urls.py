from __future__ import annotations

app_name = "emulation"
urlpatterns: list = []
