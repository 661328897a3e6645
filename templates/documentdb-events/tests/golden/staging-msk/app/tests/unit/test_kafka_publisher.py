"""The MSK Serverless publisher, with fake Kafka clients: kafka-python and the MSK IAM signer
are imported lazily and never needed by the unit tests."""

import json
import sys
import types
from typing import Any

import pytest

from catalog_sync_consumer.integration import kafka as kafka_adapter
from catalog_sync_consumer.integration.kafka import KafkaChangePublisher, KafkaClientMissingError
from catalog_sync_consumer.models.changes import DocumentChange

TOPIC = "catalog.product-changes"
BROKERS = (
    "b-1.events.kafka-serverless.eu-west-1.amazonaws.com:9098,b-2.events.kafka-serverless.eu-west-1.amazonaws.com:9098"
)
CHANGE = DocumentChange(
    change_id='{"_data":"t1"}',
    operation="insert",
    database="app",
    collection="orders",
    document_id="63eeb6e7d418cd98afb1c1d7",
    document={"status": "NEW"},
)


class FakeFuture:
    def __init__(self, error: Exception | None = None) -> None:
        self._error = error

    def get(self, timeout: float) -> None:
        if self._error is not None:
            raise self._error


class FakeProducer:
    def __init__(self, error: Exception | None = None) -> None:
        self.sent: list[tuple[str, bytes, bytes]] = []
        self._error = error

    def send(self, topic: str, *, key: bytes, value: bytes) -> FakeFuture:
        self.sent.append((topic, key, value))
        return FakeFuture(self._error)


class FakeAdmin:
    def __init__(self) -> None:
        self.ensured: list[str] = []
        self.closed = False

    def ensure_topic(self, topic: str) -> None:
        self.ensured.append(topic)

    def close(self) -> None:
        self.closed = True


def _publisher(producer: FakeProducer, admin: FakeAdmin, *, create_topic: bool = True) -> KafkaChangePublisher:
    return KafkaChangePublisher(
        BROKERS,
        TOPIC,
        "eu-west-1",
        create_topic=create_topic,
        producer_factory=lambda servers, region: producer,
        admin_factory=lambda servers, region: admin,
    )


def test_publishes_json_keyed_by_document_id_after_creating_the_topic() -> None:
    producer, admin = FakeProducer(), FakeAdmin()
    publisher = _publisher(producer, admin)
    publisher.publish(CHANGE)
    publisher.flush()
    assert admin.ensured == [TOPIC] and admin.closed
    ((topic, key, value),) = producer.sent
    assert topic == TOPIC
    assert key == b"63eeb6e7d418cd98afb1c1d7"
    assert json.loads(value)["operation"] == "insert"


def test_the_topic_is_left_alone_when_creation_is_off() -> None:
    admin = FakeAdmin()
    publisher = _publisher(FakeProducer(), admin, create_topic=False)
    publisher.publish(CHANGE)
    assert admin.ensured == []


def test_an_unacknowledged_message_fails_the_flush() -> None:
    publisher = _publisher(FakeProducer(error=TimeoutError("no ack")), FakeAdmin())
    publisher.publish(CHANGE)
    with pytest.raises(TimeoutError):
        publisher.flush()


def test_a_missing_kafka_client_says_how_to_package_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "kafka",
        "kafka.admin",
        "kafka.errors",
        "kafka.sasl",
        "kafka.sasl.oauth",
        "kafka.oauth",
        "kafka.oauth.abstract",
    ):
        monkeypatch.setitem(sys.modules, name, None)  # type: ignore[arg-type]
    publisher = KafkaChangePublisher(BROKERS, TOPIC, "eu-west-1")
    with pytest.raises(KafkaClientMissingError, match="make vendor"):
        publisher.publish(CHANGE)


def test_the_real_factories_use_iam_authentication(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default factories against stand-ins of kafka-python and the MSK IAM signer."""
    created: dict[str, Any] = {}

    class TopicAlreadyExistsError(Exception):
        pass

    class AbstractTokenProvider:
        pass

    class KafkaProducer:
        def __init__(self, **kwargs: Any) -> None:
            created["producer"] = kwargs

        def send(self, topic: str, *, key: bytes, value: bytes) -> FakeFuture:
            return FakeFuture()

    class KafkaAdminClient:
        def __init__(self, **kwargs: Any) -> None:
            created["admin"] = kwargs

        def create_topics(self, topics: list[Any]) -> None:
            created["topics"] = topics
            raise TopicAlreadyExistsError

        def close(self) -> None:
            created["admin_closed"] = True

    class NewTopic:
        def __init__(self, **kwargs: Any) -> None:
            self.kwargs = kwargs

    class MSKAuthTokenProvider:
        @staticmethod
        def generate_auth_token(region: str) -> tuple[str, int]:
            return f"token-for-{region}", 900_000

    modules = {
        "kafka": types.SimpleNamespace(KafkaProducer=KafkaProducer),
        "kafka.admin": types.SimpleNamespace(KafkaAdminClient=KafkaAdminClient, NewTopic=NewTopic),
        "kafka.errors": types.SimpleNamespace(TopicAlreadyExistsError=TopicAlreadyExistsError),
        "kafka.sasl.oauth": types.SimpleNamespace(AbstractTokenProvider=AbstractTokenProvider),
        "aws_msk_iam_sasl_signer": types.SimpleNamespace(MSKAuthTokenProvider=MSKAuthTokenProvider),
    }
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)

    publisher = KafkaChangePublisher(BROKERS, TOPIC, "eu-west-1")
    publisher.publish(CHANGE)
    publisher.flush()

    producer = created["producer"]
    assert producer["bootstrap_servers"] == BROKERS.split(",")
    assert producer["security_protocol"] == "SASL_SSL" and producer["sasl_mechanism"] == "OAUTHBEARER"
    assert producer["acks"] == "all"
    assert producer["sasl_oauth_token_provider"].token() == "token-for-eu-west-1"
    assert created["topics"][0].kwargs == {
        "name": TOPIC,
        "num_partitions": kafka_adapter.DEFAULT_PARTITIONS,
        "replication_factor": 3,
    }
    assert created["admin_closed"]
