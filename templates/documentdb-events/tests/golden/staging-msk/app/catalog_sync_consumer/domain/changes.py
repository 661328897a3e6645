"""What the consumer does with a batch of change events.

Every record becomes exactly one outcome:

- a change to a document is handed to the publisher;
- a change that is not about one document (drop, rename, invalidate, ...) is skipped;
- a record that cannot be understood goes to the dead-letter queue with the reason, so one
  bad record never blocks the change stream (DocumentDB event source mappings retry a
  failed batch until its events expire and have no on-failure destination).

Errors of the publisher or of the dead-letter queue themselves propagate: the invocation
fails and Lambda retries the whole batch, in order. The publisher must therefore accept a
change twice (at-least-once delivery); ``change_id`` identifies duplicates.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from pydantic import ValidationError

from ..integration.dead_letters import DeadLetterQueue
from ..integration.publisher import ChangePublisher
from ..models.changes import (
    DOCUMENT_OPERATIONS,
    ChangeEvent,
    ChangeRecord,
    DeadLetter,
    DocumentChange,
    DocumentOperation,
)


class UnprocessableChangeError(ValueError):
    """A well-formed change event the consumer cannot act on."""


@dataclass
class BatchOutcome:
    """How many records of a batch ended where."""

    published: int = 0
    skipped: int = 0
    dead_lettered: int = 0
    reasons: list[str] = field(default_factory=list)


def document_id(key: Mapping[str, Any] | None) -> str:
    """The document's _id as text: the hex of an ObjectId, or the JSON of any other value."""
    if not key or "_id" not in key:
        raise UnprocessableChangeError("the change has no documentKey._id")
    value = key["_id"]
    if isinstance(value, Mapping) and set(value) == {"$oid"}:
        return str(value["$oid"])
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def occurred_at(cluster_time: Mapping[str, Any] | None) -> datetime | None:
    """The cluster time of the change ({"$timestamp": {"t": seconds, "i": increment}})."""
    if not cluster_time:
        return None
    try:
        return datetime.fromtimestamp(int(cluster_time["$timestamp"]["t"]), UTC)
    except (KeyError, TypeError, ValueError) as error:
        raise UnprocessableChangeError(f"unreadable clusterTime: {error}") from error


def to_document_change(event: ChangeEvent) -> DocumentChange:
    """The service's view of a change to one document."""
    if event.ns.coll is None:
        raise UnprocessableChangeError("a document change without a collection")
    update = event.update_description or {}
    return DocumentChange(
        change_id=json.dumps(event.resume_token, sort_keys=True, separators=(",", ":")),
        operation=cast(DocumentOperation, event.operation_type),
        database=event.ns.db,
        collection=event.ns.coll,
        document_id=document_id(event.document_key),
        occurred_at=occurred_at(event.cluster_time),
        document=event.full_document,
        updated_fields=update.get("updatedFields"),
        removed_fields=update.get("removedFields"),
    )


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        return f"invalid change event: {problems}"[:1000]
    return str(error)[:1000] or type(error).__name__


def process_batch(
    records: Sequence[dict[str, Any]],
    *,
    event_source_arn: str,
    publisher: ChangePublisher,
    dead_letters: DeadLetterQueue,
) -> BatchOutcome:
    """Hand every document change of the batch to the publisher, in order."""
    outcome = BatchOutcome()
    for record in records:
        try:
            event = ChangeRecord.model_validate(record).event
            if event.operation_type not in DOCUMENT_OPERATIONS:
                outcome.skipped += 1
                continue
            change = to_document_change(event)
        except (ValidationError, UnprocessableChangeError) as error:
            reason = _reason(error)
            dead_letters.send(DeadLetter(reason=reason, record=record, event_source_arn=event_source_arn))
            outcome.dead_lettered += 1
            outcome.reasons.append(reason)
            continue
        publisher.publish(change)
        outcome.published += 1
    publisher.flush()
    return outcome
