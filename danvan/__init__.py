"""danvan — công tác dân vận for Vietnamese schools and Departments of Education."""

__version__ = "0.1.0"
