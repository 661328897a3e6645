"""ChangePublisher on the MSK Serverless cluster created by the Terraform module.

Clients authenticate with IAM: SASL/OAUTHBEARER with a token the AWS MSK IAM signer makes
from the function's role. The Kafka client (kafka-python) and the signer are not in the
Lambda runtime or the Powertools layer: ``make vendor`` puts them into the deployment
package, and they are imported here, lazily, when the first producer is built. Unit tests
pass fake factories instead.

The topic is created on first use when it is missing (``create_topic``): Terraform would
need a Kafka provider to create it, and the platform adds none.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable
from typing import Any

from ..models.changes import DocumentChange

# MSK Serverless keeps three replicas of every partition.
REPLICATION_FACTOR = 3
DEFAULT_PARTITIONS = 3
SEND_TIMEOUT_SECONDS = 10

ClientFactory = Callable[[list[str], str], Any]


class KafkaClientMissingError(RuntimeError):
    """kafka-python or aws-msk-iam-sasl-signer-python is not in the deployment package."""


def _import(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise KafkaClientMissingError(
            f"{module} is not installed: run `make vendor` in app/ before terraform apply, "
            "so the Kafka client is zipped with the function"
        ) from error


def _token_provider(region: str) -> Any:
    """An OAUTHBEARER token provider that signs with the function's IAM role."""
    try:
        oauth = importlib.import_module("kafka.sasl.oauth")
    except ImportError:
        oauth = _import("kafka.oauth.abstract")  # kafka-python before 2.1
    signer = _import("aws_msk_iam_sasl_signer")

    class MskIamTokenProvider(oauth.AbstractTokenProvider):  # type: ignore[misc,name-defined]
        def token(self) -> str:
            token, _expiry_ms = signer.MSKAuthTokenProvider.generate_auth_token(region)
            return str(token)

    return MskIamTokenProvider()


def _iam_settings(region: str) -> dict[str, Any]:
    return {
        "security_protocol": "SASL_SSL",
        "sasl_mechanism": "OAUTHBEARER",
        "sasl_oauth_token_provider": _token_provider(region),
    }


def kafka_producer(bootstrap_servers: list[str], region: str) -> Any:
    """A kafka-python producer that waits for all in-sync replicas."""
    kafka = _import("kafka")
    return kafka.KafkaProducer(bootstrap_servers=bootstrap_servers, acks="all", **_iam_settings(region))


class KafkaTopicAdmin:
    """Creates the topic with kafka-python's admin client unless it exists."""

    def __init__(self, bootstrap_servers: list[str], region: str) -> None:
        self._admin = _import("kafka.admin")
        self._errors = _import("kafka.errors")
        self._client = self._admin.KafkaAdminClient(bootstrap_servers=bootstrap_servers, **_iam_settings(region))

    def ensure_topic(self, topic: str) -> None:
        new_topic = self._admin.NewTopic(
            name=topic, num_partitions=DEFAULT_PARTITIONS, replication_factor=REPLICATION_FACTOR
        )
        with contextlib.suppress(self._errors.TopicAlreadyExistsError):
            self._client.create_topics([new_topic])

    def close(self) -> None:
        self._client.close()


def kafka_admin(bootstrap_servers: list[str], region: str) -> Any:
    return KafkaTopicAdmin(bootstrap_servers, region)


class KafkaChangePublisher:
    """Publishes each change as JSON, keyed by the document id (changes to one document stay
    in one partition, in order)."""

    def __init__(
        self,
        bootstrap_servers: str,
        topic: str,
        region: str,
        *,
        create_topic: bool = True,
        producer_factory: ClientFactory = kafka_producer,
        admin_factory: ClientFactory = kafka_admin,
    ) -> None:
        self._servers = [s.strip() for s in bootstrap_servers.split(",") if s.strip()]
        self._topic = topic
        self._region = region
        self._create_topic = create_topic
        self._producer_factory = producer_factory
        self._admin_factory = admin_factory
        self._producer: Any = None
        self._pending: list[Any] = []

    def _ensure_topic(self) -> None:
        admin = self._admin_factory(self._servers, self._region)
        try:
            admin.ensure_topic(self._topic)
        finally:
            admin.close()

    def _get_producer(self) -> Any:
        if self._producer is None:
            if self._create_topic:
                self._ensure_topic()
            self._producer = self._producer_factory(self._servers, self._region)
        return self._producer

    def publish(self, change: DocumentChange) -> None:
        future = self._get_producer().send(
            self._topic,
            key=change.document_id.encode("utf-8"),
            value=change.model_dump_json().encode("utf-8"),
        )
        self._pending.append(future)

    def flush(self) -> None:
        """Wait until every message of the batch is acknowledged; raise otherwise."""
        pending, self._pending = self._pending, []
        for future in pending:
            future.get(timeout=SEND_TIMEOUT_SECONDS)
