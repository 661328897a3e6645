"""Shared test configuration.

Unit tests run offline: pytest-socket blocks the network (``--disable-socket`` in
pyproject.toml), and every adapter to AWS{% if enable_msk %} or Kafka{% endif %} is replaced by a fake.
"""

import os

# Powertools reads these when the service modules are imported.
os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "unit-tests")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "unit-tests")
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
