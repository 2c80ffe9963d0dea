"""Công Văn — an open-source electronic office for Vietnamese state agencies."""

__version__ = "0.1.0"
