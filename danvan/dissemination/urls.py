from __future__ import annotations

app_name = "dissemination"
urlpatterns: list = []
