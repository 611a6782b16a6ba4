"""Name and title the report charts without loading matplotlib: pages list them, reports/charts.py draws them."""

from __future__ import annotations

CHARTS = ("on_time", "petitions_by_month", "tasks")

CHART_TITLES = {
    "on_time": "Tỷ lệ giải quyết đơn đúng hạn",
    "petitions_by_month": "Đơn thư tiếp nhận theo tháng và loại đơn",
    "tasks": "Tình hình thực hiện nhiệm vụ",
    "submission": "Tình hình gửi báo cáo của các trường",
}
