//! GitLab (gitlab.com and self-managed) merge requests over the REST API v4, as typed JSON over
//! the shared HTTP client. Drafts are marked the way GitLab documents: a `Draft:` title prefix.

use super::http::{Client, Method, encode};
use super::{Forge, ForgeError, NewPullRequest, PullRequest};
use crate::publish::Token;
use crate::publish::plan::Reviewers;
use serde::Deserialize;
use serde_json::json;

/// The title prefix that makes a merge request a draft.
const DRAFT: &str = "Draft: ";

/// One GitLab project's merge requests.
pub struct GitLab {
    client: Client,
    api: String,
    project: String,
}

/// A merge request as the API gives it.
#[derive(Deserialize)]
struct MergeRequest {
    iid: u64,
    web_url: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    draft: bool,
}

impl From<MergeRequest> for PullRequest {
    fn from(mr: MergeRequest) -> PullRequest {
        PullRequest {
            number: mr.iid,
            url: mr.web_url,
            body: mr.description,
            draft: mr.draft,
        }
    }
}

impl GitLab {
    /// A client for `project` (its full path) at `api_url` (`https://HOST/api/v4`); a CI job
    /// token authenticates as `JOB-TOKEN`, any other token as `PRIVATE-TOKEN`.
    pub fn new(api_url: &str, token: &Token, project: &str) -> Result<GitLab, ForgeError> {
        let header = if token.is_ci() {
            "job-token"
        } else {
            "private-token"
        };
        Ok(GitLab {
            client: Client::new("GitLab", header, token.expose())?,
            api: api_url.trim_end_matches('/').to_string(),
            project: project.to_string(),
        })
    }

    fn url(&self, tail: &str) -> String {
        format!("{}/projects/{}/{tail}", self.api, encode(&self.project))
    }

    fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<serde_json::Value, ForgeError> {
        self.client.send(method, url, body, |status, message| {
            status == 409 && message.contains("already exists")
        })
    }

    fn merge_request(value: serde_json::Value) -> Result<PullRequest, ForgeError> {
        serde_json::from_value::<MergeRequest>(value)
            .map(PullRequest::from)
            .map_err(|e| {
                ForgeError::local(format!("unexpected merge request in GitLab's answer: {e}"))
            })
    }

    fn edit(&self, number: u64, body: &serde_json::Value) -> Result<PullRequest, ForgeError> {
        let answer = self.send(
            Method::Put,
            &self.url(&format!("merge_requests/{number}")),
            Some(body),
        )?;
        GitLab::merge_request(answer)
    }

    /// The ids of `users`, and the ones GitLab does not know.
    fn user_ids(&self, users: &[String]) -> Result<(Vec<u64>, Vec<String>), ForgeError> {
        #[derive(Deserialize)]
        struct User {
            id: u64,
        }
        let mut ids = Vec::new();
        let mut unknown = Vec::new();
        for user in users {
            let url = format!("{}/users?username={}", self.api, encode(user));
            let found: Vec<User> = serde_json::from_value(self.send(Method::Get, &url, None)?)
                .map_err(|e| {
                    ForgeError::local(format!("unexpected user list in GitLab's answer: {e}"))
                })?;
            match found.first() {
                Some(u) => ids.push(u.id),
                None => unknown.push(user.clone()),
            }
        }
        Ok((ids, unknown))
    }

    /// Sets `field` (`reviewer_ids` or `assignee_ids`) to the ids of `users`; the users GitLab
    /// does not know, and `groups`, are reported after the known ones are set.
    fn set_people(
        &self,
        number: u64,
        field: &str,
        users: &[String],
        groups: &[String],
    ) -> Result<(), ForgeError> {
        let (ids, unknown) = self.user_ids(users)?;
        if !ids.is_empty() {
            self.edit(number, &json!({ field: ids }))?;
        }
        let mut problems = Vec::new();
        if !unknown.is_empty() {
            problems.push(format!("no GitLab user named {}", unknown.join(", ")));
        }
        if !groups.is_empty() {
            problems.push(format!(
                "GitLab takes users, not groups, as reviewers ({}); add the group's members to the template's owners or as code owners",
                groups.join(", ")
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ForgeError::local(problems.join("; ")))
        }
    }
}

impl Forge for GitLab {
    fn find_open(&self, branch: &str) -> Result<Option<PullRequest>, ForgeError> {
        let url = self.url(&format!(
            "merge_requests?state=opened&source_branch={}&per_page=1",
            encode(branch)
        ));
        let found: Vec<MergeRequest> =
            serde_json::from_value(self.send(Method::Get, &url, None)?).map_err(|e| {
                ForgeError::local(format!(
                    "unexpected merge request list in GitLab's answer: {e}"
                ))
            })?;
        Ok(found.into_iter().next().map(PullRequest::from))
    }

    fn create(&self, new: &NewPullRequest<'_>) -> Result<PullRequest, ForgeError> {
        let title = if new.draft {
            format!("{DRAFT}{}", new.title)
        } else {
            new.title.to_string()
        };
        let body = json!({
            "source_branch": new.head,
            "target_branch": new.base,
            "title": title,
            "description": new.body,
            "remove_source_branch": true,
        });
        let answer = self.send(Method::Post, &self.url("merge_requests"), Some(&body))?;
        GitLab::merge_request(answer)
    }

    fn update(&self, pr: &PullRequest, title: &str, body: &str) -> Result<PullRequest, ForgeError> {
        // A title without the prefix would take a draft out of draft.
        let title = if pr.draft {
            format!("{DRAFT}{title}")
        } else {
            title.to_string()
        };
        self.edit(pr.number, &json!({ "title": title, "description": body }))
    }

    fn add_labels(&self, number: u64, labels: &[String]) -> Result<(), ForgeError> {
        self.edit(number, &json!({ "add_labels": labels.join(",") }))
            .map(drop)
    }

    fn request_reviewers(&self, number: u64, reviewers: &Reviewers) -> Result<(), ForgeError> {
        let groups: Vec<String> = reviewers
            .teams
            .iter()
            .map(|t| format!("team {t}"))
            .collect();
        self.set_people(number, "reviewer_ids", &reviewers.users, &groups)
    }

    fn assign(&self, number: u64, users: &[String]) -> Result<(), ForgeError> {
        self.set_people(number, "assignee_ids", users, &[])
    }
}
