"""The API's routers, one per domain app (each a thin door onto that app's services)."""
