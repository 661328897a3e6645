//! The forges that host the registry's pull requests, behind one small trait: GitHub (and
//! GitHub Enterprise) through octocrab, GitLab (merge requests) and Azure DevOps over their REST
//! APIs. Every forge retries transient failures and rate limits the same way.

mod azure;
mod github;
mod gitlab;
mod http;
pub mod place;

use super::Token;
use super::plan::Reviewers;
use place::Target;
use serde::Deserialize;
use std::time::Duration;

pub use azure::AzureDevOps;
pub use github::GitHub;
pub use gitlab::GitLab;

/// A pull request (a merge request on GitLab) as goldpath needs it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PullRequest {
    /// Its number (GitLab's `iid`, Azure DevOps' `pullRequestId`).
    pub number: u64,
    /// Its web page.
    #[serde(rename = "html_url")]
    pub url: String,
    /// Its body, as the forge holds it.
    #[serde(default)]
    pub body: Option<String>,
    /// Whether it is a draft.
    #[serde(default)]
    pub draft: bool,
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
    /// Whether the forge refused to open a pull request because one is open for the branch.
    pub already_open: bool,
}

impl ForgeError {
    /// A failure without an HTTP response.
    pub(crate) fn local(message: impl Into<String>) -> ForgeError {
        ForgeError {
            status: None,
            message: message.into(),
            rate_limited: false,
            already_open: false,
        }
    }
}

/// Pull request operations on one repository.
pub trait Forge {
    /// The open pull request whose head is `branch` of this repository.
    fn find_open(&self, branch: &str) -> Result<Option<PullRequest>, ForgeError>;
    /// Opens a pull request.
    fn create(&self, new: &NewPullRequest<'_>) -> Result<PullRequest, ForgeError>;
    /// Replaces an open pull request's title and body (a draft stays a draft).
    fn update(&self, pr: &PullRequest, title: &str, body: &str) -> Result<PullRequest, ForgeError>;
    /// Adds labels (existing ones stay).
    fn add_labels(&self, number: u64, labels: &[String]) -> Result<(), ForgeError>;
    /// Requests reviews from users and teams.
    fn request_reviewers(&self, number: u64, reviewers: &Reviewers) -> Result<(), ForgeError>;
    /// Assigns users by their user names.
    fn assign(&self, number: u64, users: &[String]) -> Result<(), ForgeError>;
}

/// The client for `target`'s forge at `api_url`.
pub fn connect(
    target: &Target,
    api_url: &str,
    token: &Token,
) -> Result<Box<dyn Forge>, ForgeError> {
    Ok(match target {
        Target::GitHub(repo) => Box::new(GitHub::new(api_url, token.expose(), repo.clone())?),
        Target::GitLab(project) => Box::new(GitLab::new(api_url, token, project)?),
        Target::AzureDevOps(repo) => Box::new(AzureDevOps::new(api_url, token, repo)?),
    })
}

/// How often and how long to retry.
const ATTEMPTS: u32 = 4;
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
/// The longest wait goldpath accepts before giving up on a rate limit.
const MAX_WAIT: Duration = Duration::from_secs(60);

/// The wait before attempt `attempt + 1` after a transport error or a server error.
fn backoff(attempt: u32) -> Duration {
    FIRST_BACKOFF * 2u32.pow(attempt.saturating_sub(1))
}

/// How long the forge asks us to wait: `Retry-After` (seconds) on any error, or until the
/// reset time when a 403/429 says no requests remain (GitHub's `x-ratelimit-*`, GitLab's
/// `ratelimit-*` headers).
fn rate_limit_wait(status: u16, header: impl Fn(&str) -> Option<u64>) -> Option<Duration> {
    if status < 400 {
        return None;
    }
    if let Some(seconds) = header("retry-after") {
        return Some(Duration::from_secs(seconds));
    }
    if !matches!(status, 403 | 429) {
        return None;
    }
    let reset = ["x-ratelimit", "ratelimit"]
        .into_iter()
        .find_map(|prefix| {
            (header(&format!("{prefix}-remaining")) == Some(0))
                .then(|| header(&format!("{prefix}-reset")))
                .flatten()
        })?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Some(Duration::from_secs(reset.saturating_sub(now) + 1))
}

/// Whether to try again after a failed response, and after how long: a rate limit's own wait,
/// else a backoff for server errors and for `rate_limited` answers without a wait; `None` on
/// the last attempt, for other errors, and for waits longer than goldpath accepts.
fn retry_in(
    status: u16,
    wait: Option<Duration>,
    rate_limited: bool,
    attempt: u32,
) -> Option<Duration> {
    let wait = match wait {
        Some(wait) => wait,
        None if rate_limited => backoff(attempt).max(Duration::from_secs(1)),
        None if status >= 500 => backoff(attempt),
        None => return None,
    };
    (attempt < ATTEMPTS && wait <= MAX_WAIT).then_some(wait)
}

/// The forge's error message from an error body: GitHub's `message` with its `errors`,
/// GitLab's `message` (text, list or field map) or `error`, Azure DevOps' `message`; the start
/// of the body for anything else.
fn api_message(text: &str) -> String {
    fn flatten(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|v| flatten(v, out)),
            serde_json::Value::Object(fields) => {
                if let Some(message) = fields.get("message") {
                    flatten(message, out);
                    return;
                }
                for (field, v) in fields {
                    let mut inner = Vec::new();
                    flatten(v, &mut inner);
                    out.extend(inner.into_iter().map(|m| format!("{field} {m}")));
                }
            }
            _ => {}
        }
    }
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) else {
        return text.chars().take(200).collect();
    };
    let mut main = Vec::new();
    for key in ["message", "error", "error_description"] {
        if let Some(v) = doc.get(key) {
            flatten(v, &mut main);
            if !main.is_empty() {
                break;
            }
        }
    }
    if main.is_empty() {
        return text.chars().take(200).collect();
    }
    let mut details = Vec::new();
    if let Some(errors) = doc.get("errors") {
        flatten(errors, &mut details);
    }
    let main = main.join("; ");
    if details.is_empty() {
        main
    } else {
        format!("{main} ({})", details.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_and_rate_limit_resets_set_the_wait() {
        let retry_after = |name: &str| (name == "retry-after").then_some(7);
        assert_eq!(
            rate_limit_wait(403, retry_after),
            Some(Duration::from_secs(7))
        );
        assert_eq!(rate_limit_wait(200, retry_after), None);
        for prefix in ["x-ratelimit", "ratelimit"] {
            let exhausted = |name: &str| {
                (name == format!("{prefix}-remaining") || name == format!("{prefix}-reset"))
                    .then_some(0)
            };
            assert_eq!(
                rate_limit_wait(429, exhausted),
                Some(Duration::from_secs(1)),
                "{prefix}"
            );
            assert_eq!(rate_limit_wait(404, exhausted), None, "{prefix}");
        }
    }

    #[test]
    fn server_errors_back_off_and_the_last_attempt_gives_up() {
        assert_eq!(retry_in(502, None, false, 1), Some(FIRST_BACKOFF));
        assert_eq!(retry_in(502, None, false, 2), Some(FIRST_BACKOFF * 2));
        assert_eq!(retry_in(502, None, false, ATTEMPTS), None);
        assert_eq!(retry_in(404, None, false, 1), None);
        assert_eq!(
            retry_in(403, None, true, 1),
            Some(Duration::from_secs(1)),
            "a secondary rate limit without Retry-After waits at least a second"
        );
        assert_eq!(
            retry_in(429, Some(MAX_WAIT + Duration::from_secs(1)), true, 1),
            None,
            "a wait beyond the limit is not sat out"
        );
    }

    #[test]
    fn error_bodies_of_every_forge_give_their_message() {
        let github = r#"{"message":"Validation Failed","errors":[{"resource":"PullRequest","code":"custom","message":"No commits between main and goldpath/t-n"}]}"#;
        assert_eq!(
            api_message(github),
            "Validation Failed (No commits between main and goldpath/t-n)"
        );
        let gitlab = r#"{"message":["Another open merge request already exists for this source branch: !3"]}"#;
        assert_eq!(
            api_message(gitlab),
            "Another open merge request already exists for this source branch: !3"
        );
        let fields = r#"{"message":{"target_branch":["is invalid"]}}"#;
        assert_eq!(api_message(fields), "target_branch is invalid");
        assert_eq!(
            api_message(r#"{"error":"insufficient_scope"}"#),
            "insufficient_scope"
        );
        let azure = r#"{"$id":"1","message":"TF401179: An active pull request for the source and target branch already exists.","typeKey":"GitPullRequestExistsException"}"#;
        assert!(api_message(azure).starts_with("TF401179"));
        assert_eq!(
            api_message("<html>bad gateway</html>"),
            "<html>bad gateway</html>"
        );
    }
}
