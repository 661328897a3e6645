"""Models of the DocumentDB change-stream events Lambda delivers.

The event source mapping invokes the function with
``{"eventSourceArn": ..., "eventSource": "aws:docdb", "events": [{"event": {...}}, ...]}``;
each inner event is a MongoDB change event (``operationType``, ``ns``, ``documentKey``,
``fullDocument``, ``clusterTime``, the resume token as ``_id``), with BSON values in
MongoDB Extended JSON (``{"$oid": ...}``, ``{"$timestamp": {"t": ..., "i": ...}}``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# Operations on one document; everything else (drop, rename, dropDatabase, invalidate) is
# about a collection or database and is skipped by the consumer.
DocumentOperation = Literal["insert", "update", "replace", "delete"]
DOCUMENT_OPERATIONS: frozenset[str] = frozenset({"insert", "update", "replace", "delete"})


class ChangeBatch(BaseModel):
    """What one invocation receives. Records stay raw, so one malformed record can be set
    aside without failing the whole batch."""

    model_config = ConfigDict(populate_by_name=True)

    event_source_arn: str = Field(alias="eventSourceArn", min_length=1)
    event_source: Literal["aws:docdb"] = Field(alias="eventSource")
    events: list[dict[str, Any]]


class Namespace(BaseModel):
    model_config = ConfigDict(extra="ignore")

    db: str = Field(min_length=1)
    coll: str | None = None


class ChangeEvent(BaseModel):
    """One MongoDB change event, as DocumentDB emits it."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    resume_token: dict[str, Any] = Field(alias="_id")
    operation_type: str = Field(alias="operationType", min_length=1)
    ns: Namespace
    document_key: dict[str, Any] | None = Field(default=None, alias="documentKey")
    full_document: dict[str, Any] | None = Field(default=None, alias="fullDocument")
    update_description: dict[str, Any] | None = Field(default=None, alias="updateDescription")
    cluster_time: dict[str, Any] | None = Field(default=None, alias="clusterTime")


class ChangeRecord(BaseModel):
    """One record of a batch: the change event under ``event``."""

    model_config = ConfigDict(extra="ignore")

    event: ChangeEvent


class DocumentChange(BaseModel):
    """A change to one document, as the service hands it on."""

    model_config = ConfigDict(frozen=True)

    change_id: str = Field(min_length=1, description="The change stream's resume token: unique per change.")
    operation: DocumentOperation
    database: str
    collection: str
    document_id: str = Field(min_length=1)
    occurred_at: datetime | None = None
    document: dict[str, Any] | None = Field(
        default=None, description="The whole document (insert, replace, update with UpdateLookup)."
    )
    updated_fields: dict[str, Any] | None = None
    removed_fields: list[str] | None = None


class DeadLetter(BaseModel):
    """A record the consumer could not process, with the reason, for the dead-letter queue."""

    model_config = ConfigDict(frozen=True)

    reason: str = Field(min_length=1, max_length=1000)
    record: dict[str, Any]
    event_source_arn: str
