//! The forge that hosts the registry's pull requests, behind a small trait; GitHub (and GitHub
//! Enterprise) through octocrab, with retries for transient failures and rate limits.

use super::plan::{GithubRepo, Reviewers};
use octocrab::Octocrab;
use serde::Deserialize;
use std::time::Duration;

/// A pull request as goldpath needs it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PullRequest {
    /// Its number.
    pub number: u64,
    /// Its web page.
    #[serde(rename = "html_url")]
    pub url: String,
    /// Its body, as GitHub holds it.
    #[serde(default)]
    pub body: Option<String>,
}

/// A pull request to open.
#[derive(Debug, Clone, Copy)]
pub struct NewPullRequest<'a> {
    /// Title.
    pub title: &'a str,
    /// The branch with the changes.
    pub head: &'a str,
    /// The branch to merge into.
    pub base: &'a str,
    /// Markdown body.
    pub body: &'a str,
    /// Open as a draft.
    pub draft: bool,
}

/// A forge request that failed for good.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", status.map(|s| format!("HTTP {s}: ")).unwrap_or_default())]
pub struct ForgeError {
    /// The HTTP status, when a response came back.
    pub status: Option<u16>,
    /// The forge's message, or the transport error.
    pub message: String,
    /// Whether a rate limit was still in force after waiting.
    pub rate_limited: bool,
}

/// Pull request operations on one repository.
pub trait Forge {
    /// The open pull request whose head is `branch` of this repository.
    fn find_open(&self, branch: &str) -> Result<Option<PullRequest>, ForgeError>;
    /// Opens a pull request.
    fn create(&self, new: &NewPullRequest<'_>) -> Result<PullRequest, ForgeError>;
    /// Replaces a pull request's title and body.
    fn update(&self, number: u64, title: &str, body: &str) -> Result<PullRequest, ForgeError>;
    /// Adds labels (existing ones stay).
    fn add_labels(&self, number: u64, labels: &[String]) -> Result<(), ForgeError>;
    /// Requests reviews from users and teams.
    fn request_reviewers(&self, number: u64, reviewers: &Reviewers) -> Result<(), ForgeError>;
}

/// The HTTP methods goldpath uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Post,
    Patch,
}

/// How often and how long to retry.
const ATTEMPTS: u32 = 4;
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
/// The longest wait goldpath accepts before giving up on a rate limit.
const MAX_WAIT: Duration = Duration::from_secs(60);

/// GitHub's REST API through octocrab, driven by a small runtime of its own so callers stay
/// synchronous (and may call from any thread).
pub struct GitHub {
    runtime: tokio::runtime::Runtime,
    client: Octocrab,
    repo: GithubRepo,
}

impl GitHub {
    /// A client for `repo` at `api_url` (`https://api.github.com`, or `https://HOST/api/v3`).
    pub fn new(api_url: &str, token: &str, repo: GithubRepo) -> Result<GitHub, ForgeError> {
        let failed = |message: String| ForgeError {
            status: None,
            message,
            rate_limited: false,
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| failed(format!("cannot start the HTTP runtime: {e}")))?;
        // octocrab's middleware spawns onto the runtime it is built in.
        let _entered = runtime.enter();
        let client = Octocrab::builder()
            .base_uri(api_url.trim_end_matches('/'))
            .map_err(|e| failed(format!("`{api_url}` is not a valid API URL: {e}")))?
            .personal_token(token.to_string())
            .set_connect_timeout(Some(Duration::from_secs(10)))
            .set_read_timeout(Some(Duration::from_secs(60)))
            .build()
            .map_err(|e| failed(format!("cannot build the GitHub client: {e}")))?;
        Ok(GitHub {
            runtime,
            client,
            repo,
        })
    }

    fn route(&self, tail: &str) -> String {
        format!("/repos/{}/{}/{tail}", self.repo.owner, self.repo.name)
    }

    /// Sends one request, retrying 5xx, transport errors and rate limits (honouring
    /// `Retry-After` and `x-ratelimit-reset`); returns the response body.
    fn send(
        &self,
        method: Method,
        route: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<String, ForgeError> {
        self.runtime.block_on(async {
            let mut attempt = 0;
            loop {
                attempt += 1;
                let last = attempt >= ATTEMPTS;
                let backoff = FIRST_BACKOFF * 2u32.pow(attempt - 1);
                let sent = match method {
                    Method::Get => self.client._get(route).await,
                    Method::Patch => self.client._patch(route, body).await,
                    Method::Post => self.client._post(route, body).await,
                };
                let response = match sent {
                    Ok(response) => response,
                    Err(_) if !last => {
                        tokio::time::sleep(backoff).await;
                        continue;
                    }
                    Err(e) => {
                        return Err(ForgeError {
                            status: None,
                            message: transport_message(&e),
                            rate_limited: false,
                        });
                    }
                };
                let status = response.status();
                let headers = response.headers();
                let wait = rate_limit_wait(status.as_u16(), |name| {
                    headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse().ok())
                });
                let text = self
                    .client
                    .body_to_string(response)
                    .await
                    .map_err(|e| ForgeError {
                        status: Some(status.as_u16()),
                        message: transport_message(&e),
                        rate_limited: false,
                    })?;
                if status.is_success() {
                    return Ok(text);
                }
                let message = github_message(&text);
                let secondary = message.to_ascii_lowercase().contains("rate limit");
                let retry_in = match wait {
                    Some(wait) => Some(wait),
                    None if secondary => Some(backoff.max(Duration::from_secs(1))),
                    None if status.is_server_error() => Some(backoff),
                    None => None,
                };
                match retry_in {
                    Some(wait) if !last && wait <= MAX_WAIT => tokio::time::sleep(wait).await,
                    _ => {
                        return Err(ForgeError {
                            status: Some(status.as_u16()),
                            message,
                            rate_limited: wait.is_some() || secondary,
                        });
                    }
                }
            }
        })
    }

    fn pull_request(text: &str) -> Result<PullRequest, ForgeError> {
        serde_json::from_str(text).map_err(|e| ForgeError {
            status: None,
            message: format!("unexpected pull request in GitHub's answer: {e}"),
            rate_limited: false,
        })
    }
}

impl Forge for GitHub {
    fn find_open(&self, branch: &str) -> Result<Option<PullRequest>, ForgeError> {
        let route = self.route(&format!(
            "pulls?state=open&head={}:{branch}&per_page=1",
            self.repo.owner
        ));
        let text = self.send(Method::Get, &route, None)?;
        let found: Vec<PullRequest> = serde_json::from_str(&text).map_err(|e| ForgeError {
            status: None,
            message: format!("unexpected pull request list in GitHub's answer: {e}"),
            rate_limited: false,
        })?;
        Ok(found.into_iter().next())
    }

    fn create(&self, new: &NewPullRequest<'_>) -> Result<PullRequest, ForgeError> {
        let body = serde_json::json!({
            "title": new.title,
            "head": new.head,
            "base": new.base,
            "body": new.body,
            "draft": new.draft,
        });
        let text = self.send(Method::Post, &self.route("pulls"), Some(&body))?;
        GitHub::pull_request(&text)
    }

    fn update(&self, number: u64, title: &str, body: &str) -> Result<PullRequest, ForgeError> {
        let body = serde_json::json!({"title": title, "body": body});
        let text = self.send(
            Method::Patch,
            &self.route(&format!("pulls/{number}")),
            Some(&body),
        )?;
        GitHub::pull_request(&text)
    }

    fn add_labels(&self, number: u64, labels: &[String]) -> Result<(), ForgeError> {
        let body = serde_json::json!({ "labels": labels });
        self.send(
            Method::Post,
            &self.route(&format!("issues/{number}/labels")),
            Some(&body),
        )
        .map(drop)
    }

    fn request_reviewers(&self, number: u64, reviewers: &Reviewers) -> Result<(), ForgeError> {
        let body = serde_json::json!({
            "reviewers": reviewers.users,
            "team_reviewers": reviewers.teams,
        });
        self.send(
            Method::Post,
            &self.route(&format!("pulls/{number}/requested_reviewers")),
            Some(&body),
        )
        .map(drop)
    }
}

/// How long GitHub asks us to wait: `Retry-After` (seconds) on any error, or until
/// `x-ratelimit-reset` when a 403/429 says no requests remain.
fn rate_limit_wait(status: u16, header: impl Fn(&str) -> Option<u64>) -> Option<Duration> {
    if status < 400 {
        return None;
    }
    if let Some(seconds) = header("retry-after") {
        return Some(Duration::from_secs(seconds));
    }
    if matches!(status, 403 | 429) && header("x-ratelimit-remaining") == Some(0) {
        let reset = header("x-ratelimit-reset")?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        return Some(Duration::from_secs(reset.saturating_sub(now) + 1));
    }
    None
}

/// GitHub's error message, with the details of a validation error (422) appended.
fn github_message(text: &str) -> String {
    #[derive(Deserialize)]
    struct Answer {
        message: Option<String>,
        #[serde(default)]
        errors: Vec<serde_json::Value>,
    }
    match serde_json::from_str::<Answer>(text) {
        Ok(Answer {
            message: Some(message),
            errors,
        }) => {
            let details: Vec<String> = errors
                .iter()
                .filter_map(|e| {
                    e.get("message")
                        .and_then(|m| m.as_str())
                        .map(str::to_string)
                        .or_else(|| e.as_str().map(str::to_string))
                })
                .collect();
            if details.is_empty() {
                message
            } else {
                format!("{message} ({})", details.join("; "))
            }
        }
        _ => text.chars().take(200).collect(),
    }
}

/// A transport error with its causes, e.g. `error trying to connect: Connection refused`.
fn transport_message(e: &octocrab::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_and_rate_limit_reset_set_the_wait() {
        let retry_after = |name: &str| (name == "retry-after").then_some(7);
        assert_eq!(
            rate_limit_wait(403, retry_after),
            Some(Duration::from_secs(7))
        );
        assert_eq!(rate_limit_wait(200, retry_after), None);
        let exhausted = |name: &str| match name {
            "x-ratelimit-remaining" | "x-ratelimit-reset" => Some(0),
            _ => None,
        };
        assert_eq!(
            rate_limit_wait(403, exhausted),
            Some(Duration::from_secs(1))
        );
        assert_eq!(rate_limit_wait(404, exhausted), None);
    }

    #[test]
    fn validation_errors_carry_their_details() {
        let text = r#"{"message":"Validation Failed","errors":[{"resource":"PullRequest","code":"custom","message":"No commits between main and goldpath/t-n"}]}"#;
        assert_eq!(
            github_message(text),
            "Validation Failed (No commits between main and goldpath/t-n)"
        );
        assert_eq!(
            github_message("<html>bad gateway</html>"),
            "<html>bad gateway</html>"
        );
    }
}
