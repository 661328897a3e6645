//! JSON over HTTPS for the forges without a client crate in the tree (GitLab, Azure DevOps):
//! the hyper and rustls stack octocrab already brings, with goldpath's retry policy.

use super::{ATTEMPTS, ForgeError, api_message, backoff, rate_limit_wait, retry_in};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::{HeaderName, HeaderValue};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client as Hyper;
use hyper_util::client::legacy::connect::HttpConnector;
use std::time::Duration;

/// The HTTP methods the forges need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Method {
    Get,
    Post,
    Put,
    Patch,
}

/// A client that sends the same authentication header with every request.
pub(super) struct Client {
    runtime: tokio::runtime::Runtime,
    hyper: Hyper<HttpsConnector<HttpConnector>, Full<Bytes>>,
    auth: (HeaderName, HeaderValue),
    forge: &'static str,
}

/// How long one attempt may take.
const TIMEOUT: Duration = Duration::from_secs(60);

impl Client {
    /// A client for `forge` (its name, for messages) sending `header: value` with each request.
    pub(super) fn new(
        forge: &'static str,
        header: &'static str,
        value: &str,
    ) -> Result<Client, ForgeError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| ForgeError::local(format!("cannot start the HTTP runtime: {e}")))?;
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            // Chosen explicitly: the dependency tree enables more than one rustls provider.
            .with_provider_and_native_roots(rustls::crypto::ring::default_provider())
            .map_err(|e| {
                ForgeError::local(format!("cannot read the system's CA certificates: {e}"))
            })?
            .https_or_http()
            .enable_http1()
            .build();
        let hyper = Hyper::builder(hyper_util::rt::TokioExecutor::new()).build(connector);
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            ForgeError::local("the token holds characters an HTTP header cannot carry")
        })?;
        value.set_sensitive(true);
        Ok(Client {
            runtime,
            hyper,
            auth: (HeaderName::from_static(header), value),
            forge,
        })
    }

    /// Sends one request and parses the JSON answer, retrying transport errors, 5xx and rate
    /// limits (honouring `Retry-After`). `already_open` tells whether a failed answer refuses a
    /// second pull request for a branch.
    pub(super) fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<&serde_json::Value>,
        already_open: fn(u16, &str) -> bool,
    ) -> Result<serde_json::Value, ForgeError> {
        let text = self
            .runtime
            .block_on(self.attempts(method, url, body, already_open))?;
        if text.trim().is_empty() {
            return Ok(serde_json::Value::Null);
        }
        serde_json::from_str(&text).map_err(|e| {
            ForgeError::local(format!(
                "{} answered with something that is not JSON: {e}",
                self.forge
            ))
        })
    }

    async fn attempts(
        &self,
        method: Method,
        url: &str,
        body: Option<&serde_json::Value>,
        already_open: fn(u16, &str) -> bool,
    ) -> Result<String, ForgeError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (status, headers, text) = match self.once(method, url, body).await {
                Ok(answer) => answer,
                Err(_) if attempt < ATTEMPTS => {
                    tokio::time::sleep(backoff(attempt)).await;
                    continue;
                }
                Err(message) => return Err(ForgeError::local(message)),
            };
            if (200..300).contains(&status) {
                return Ok(text);
            }
            let wait = rate_limit_wait(status, |name| {
                headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse().ok())
            });
            match retry_in(status, wait, status == 429, attempt) {
                Some(wait) => tokio::time::sleep(wait).await,
                None => {
                    let message = api_message(&text);
                    return Err(ForgeError {
                        status: Some(status),
                        rate_limited: status == 429 || wait.is_some(),
                        already_open: already_open(status, &message),
                        message,
                    });
                }
            }
        }
    }

    async fn once(
        &self,
        method: Method,
        url: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<(u16, hyper::HeaderMap, String), String> {
        let method = match method {
            Method::Get => hyper::Method::GET,
            Method::Post => hyper::Method::POST,
            Method::Put => hyper::Method::PUT,
            Method::Patch => hyper::Method::PATCH,
        };
        let payload = body.map(|b| b.to_string()).unwrap_or_default();
        let request = hyper::Request::builder()
            .method(method)
            .uri(url)
            .header(self.auth.0.clone(), self.auth.1.clone())
            .header(hyper::header::ACCEPT, "application/json")
            .header(hyper::header::CONTENT_TYPE, "application/json")
            .header(
                hyper::header::USER_AGENT,
                concat!("goldpath/", env!("CARGO_PKG_VERSION")),
            )
            .body(Full::new(Bytes::from(payload)))
            .map_err(|e| format!("`{url}` is not a valid API URL: {e}"))?;
        let exchange = async {
            let response = self.hyper.request(request).await.map_err(|e| chain(&e))?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let bytes = response
                .into_body()
                .collect()
                .await
                .map_err(|e| chain(&e))?
                .to_bytes();
            Ok((
                status,
                headers,
                String::from_utf8_lossy(&bytes).into_owned(),
            ))
        };
        tokio::time::timeout(TIMEOUT, exchange).await.map_err(|_| {
            format!(
                "{} did not answer within {} seconds",
                self.forge,
                TIMEOUT.as_secs()
            )
        })?
    }
}

/// An error with its causes, e.g. `client error (Connect): tcp connect error: Connection refused`.
fn chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// `text` percent-encoded for one URL path segment or query value.
pub(super) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn encoding_keeps_unreserved_characters_only() {
        assert_eq!(
            super::encode("acme/infra/tf-modules"),
            "acme%2Finfra%2Ftf-modules"
        );
        assert_eq!(
            super::encode("goldpath/update/a-b-1.1.0"),
            "goldpath%2Fupdate%2Fa-b-1.1.0"
        );
        assert_eq!(super::encode("a b"), "a%20b");
    }
}
