//! GitHub (and GitHub Enterprise Server) through octocrab.

use super::{
    ATTEMPTS, Forge, ForgeError, NewPullRequest, PullRequest, api_message, backoff,
    rate_limit_wait, retry_in,
};
use crate::publish::plan::{GithubRepo, Reviewers};
use octocrab::Octocrab;
use std::time::Duration;

/// The HTTP methods goldpath uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Post,
    Patch,
}

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
        let failed = ForgeError::local;
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
                let sent = match method {
                    Method::Get => self.client._get(route).await,
                    Method::Patch => self.client._patch(route, body).await,
                    Method::Post => self.client._post(route, body).await,
                };
                let response = match sent {
                    Ok(response) => response,
                    Err(_) if !last => {
                        tokio::time::sleep(backoff(attempt)).await;
                        continue;
                    }
                    Err(e) => return Err(ForgeError::local(transport_message(&e))),
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
                        ..ForgeError::local(transport_message(&e))
                    })?;
                if status.is_success() {
                    return Ok(text);
                }
                let message = api_message(&text);
                let secondary = message.to_ascii_lowercase().contains("rate limit");
                match retry_in(status.as_u16(), wait, secondary, attempt) {
                    Some(wait) => tokio::time::sleep(wait).await,
                    None => {
                        return Err(ForgeError {
                            status: Some(status.as_u16()),
                            rate_limited: wait.is_some() || secondary,
                            already_open: status.as_u16() == 422
                                && message.contains("already exists"),
                            message,
                        });
                    }
                }
            }
        })
    }

    fn pull_request(text: &str) -> Result<PullRequest, ForgeError> {
        serde_json::from_str(text).map_err(|e| {
            ForgeError::local(format!("unexpected pull request in GitHub's answer: {e}"))
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
        let found: Vec<PullRequest> = serde_json::from_str(&text).map_err(|e| {
            ForgeError::local(format!(
                "unexpected pull request list in GitHub's answer: {e}"
            ))
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

    fn update(&self, pr: &PullRequest, title: &str, body: &str) -> Result<PullRequest, ForgeError> {
        let body = serde_json::json!({"title": title, "body": body});
        let text = self.send(
            Method::Patch,
            &self.route(&format!("pulls/{}", pr.number)),
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

    fn assign(&self, number: u64, users: &[String]) -> Result<(), ForgeError> {
        let body = serde_json::json!({ "assignees": users });
        self.send(
            Method::Post,
            &self.route(&format!("issues/{number}/assignees")),
            Some(&body),
        )
        .map(drop)
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
