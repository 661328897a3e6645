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
    region: str = Field(min_length=1)
    dead_letter_queue_url: str = Field(pattern=r"^https://")
{%- if enable_msk %}
    kafka_bootstrap_servers: str = Field(min_length=1)
    kafka_topic: str = Field(pattern=r"^[A-Za-z0-9._-]{1,249}$")
    kafka_create_topic: bool = True
{%- endif %}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment; a missing or invalid value fails the cold start loudly."""
    return Settings(
        service_name=os.environ.get("POWERTOOLS_SERVICE_NAME", SERVICE_NAME),
        environment=os.environ.get("ENVIRONMENT", "local"),
        region=os.environ.get("AWS_REGION", os.environ.get("AWS_DEFAULT_REGION", "")),
        dead_letter_queue_url=os.environ.get("DEAD_LETTER_QUEUE_URL", ""),
{%- if enable_msk %}
        kafka_bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", ""),
        kafka_topic=os.environ.get("KAFKA_TOPIC", ""),
        kafka_create_topic=os.environ.get("KAFKA_CREATE_TOPIC", "true").lower() == "true",
{%- endif %}
    )
