from __future__ import annotations

import pytest

from danvan.open311 import services


@pytest.fixture
def partner(school):
    """A partner app's key for school A: (PartnerKey, raw key)."""
    return services.create_key(school, actor=None, name="Cổng phản ánh phường")


def form(**extra):
    """Return a valid GeoReport v2 POST body for a recommendation, with the citizen's name and phone."""
    return {
        "service_code": "kien-nghi",
        "description": "Đề nghị nhà trường lắp thêm mái che ở cổng trường.",
        "first_name": "Hoa",
        "last_name": "Nguyễn Thị",
        "phone": "0912 345 678",
        "attribute[danh_tinh]": "handler-only",
        **extra,
    }
