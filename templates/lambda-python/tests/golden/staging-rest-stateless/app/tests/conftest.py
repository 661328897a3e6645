"""Shared test configuration.

Unit tests run offline: pytest-socket blocks the network (``--disable-socket`` in
pyproject.toml). Integration tests need AWS credentials and the deployed resources;
end-to-end tests need a deployed API URL. Both are skipped when those are missing.
"""

import os

# Powertools reads these when the service modules are imported.
os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "unit-tests")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "unit-tests")
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
