"""Pydantic models: the change events DocumentDB sends and what the consumer makes of them."""
