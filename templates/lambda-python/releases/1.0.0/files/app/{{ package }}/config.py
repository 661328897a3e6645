"""Runtime settings, read once from the environment variables the Terraform module sets."""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from . import SERVICE_NAME


class Settings(BaseModel):
    """Validated configuration of one function instance."""

    model_config = ConfigDict(frozen=True)

    service_name: str = Field(min_length=1)
    environment: str = Field(min_length=1)
{%- if enable_table %}
    orders_table_name: str = Field(min_length=3, max_length=255)
    idempotency_table_name: str = Field(min_length=3, max_length=255)
    idempotency_ttl_seconds: int = Field(default=3600, ge=60, le=604_800)
{%- endif %}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment; a missing or invalid value fails the cold start loudly."""
    return Settings(
        service_name=os.environ.get("POWERTOOLS_SERVICE_NAME", SERVICE_NAME),
        environment=os.environ.get("ENVIRONMENT", "local"),
{%- if enable_table %}
        orders_table_name=os.environ.get("ORDERS_TABLE_NAME", ""),
        idempotency_table_name=os.environ.get("IDEMPOTENCY_TABLE_NAME", ""),
        idempotency_ttl_seconds=int(os.environ.get("IDEMPOTENCY_TTL_SECONDS", "3600")),
{%- endif %}
    )
