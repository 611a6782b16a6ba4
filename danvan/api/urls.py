"""URLs of the api app: the JSON API at v1/ and the personal token page.

The API's patterns join this app's "api" namespace directly (NinjaAPI urls_namespace="api"), so
`reverse("api:openapi-view")` and the OpenAPI generator's `reverse("api:api-root")` both resolve.
"""

from __future__ import annotations

from django.urls import include, path

from danvan.api import views
from danvan.api.api import api

app_name = "api"
urlpatterns = [
    path("v1/", include(api.urls[0])),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
