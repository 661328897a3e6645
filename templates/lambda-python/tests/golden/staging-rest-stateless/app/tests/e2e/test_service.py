"""End-to-end: requests to the deployed API. Skipped unless API_URL is set, e.g.

export API_URL=$(terraform output -raw api_url)
export API_TOKEN=<a Cognito ID token of a test user>
make test-e2e
"""

import json
import os
import urllib.error
import urllib.request
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.enable_socket]


@pytest.fixture(scope="session")
def api_url() -> str:
    url = os.environ.get("API_URL")
    if not url:
        pytest.skip("API_URL is not set: end-to-end tests need a deployed API")
    if not url.startswith("https://"):
        pytest.fail("API_URL must be an https:// URL")
    return url.rstrip("/")


def request(url: str, method: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
    headers = {"content-type": "application/json"}
    if token:
        headers["Authorization"] = token
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310 - https enforced above
    try:
        with urllib.request.urlopen(req, timeout=15) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None


def test_requests_without_a_token_are_refused(api_url: str) -> None:
    status, _ = request(f"{api_url}/quotes", "POST", {"sku": "E2E", "quantity": 1, "unit_price_cents": 1})
    assert status == 401


def test_quote(api_url: str) -> None:
    token = os.environ.get("API_TOKEN")
    if not token:
        pytest.skip("API_TOKEN is not set")
    status, body = request(f"{api_url}/quotes", "POST", {"sku": "E2E", "quantity": 10, "unit_price_cents": 100}, token)
    assert status == 200
    assert body["total_cents"] == 950
