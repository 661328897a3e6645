"""Layering rules of the service, checked on the source code."""

import ast
from pathlib import Path

import catalog_sync_consumer

PACKAGE = Path(catalog_sync_consumer.__file__).parent
AWS_SDKS = {"boto3", "botocore", "aioboto3", "aiobotocore"}
KAFKA_CLIENTS = {"kafka", "aws_msk_iam_sasl_signer", "confluent_kafka"}


def _imports(path: Path) -> set[str]:
    """Top-level names of absolute imports, and ".name" for the service's own layers."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = (node.module or "").split(".")[0]
            found.add("." + module if node.level else module)
    return found


def test_domain_does_not_use_the_aws_sdk_or_kafka() -> None:
    for path in sorted((PACKAGE / "domain").glob("*.py")):
        assert not _imports(path) & (AWS_SDKS | KAFKA_CLIENTS), (
            f"domain/{path.name} imports a client; go through integration/"
        )


def test_inner_layers_do_not_import_handlers() -> None:
    for layer in ("domain", "models", "integration"):
        for path in sorted((PACKAGE / layer).glob("*.py")):
            assert ".handlers" not in _imports(path), f"{layer}/{path.name} must not depend on handlers"


def test_kafka_client_is_never_imported_at_module_level() -> None:
    # It is not in the Lambda runtime or the Powertools layer: only the adapter may load it, lazily.
    for path in sorted(PACKAGE.rglob("*.py")):
        assert not _imports(path) & KAFKA_CLIENTS, f"{path.relative_to(PACKAGE)} imports a Kafka client at module level"
