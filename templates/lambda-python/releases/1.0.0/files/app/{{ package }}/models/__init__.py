"""Pydantic models exchanged between handlers, domain and integration."""
