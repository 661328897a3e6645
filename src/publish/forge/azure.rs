//! Azure DevOps (Services on dev.azure.com and ORG.visualstudio.com, and Server) pull requests
//! over the Git REST API 7.1, as typed JSON over the shared HTTP client.

use super::http::{Client, Method, encode};
use super::place::AzureRepo;
use super::{Forge, ForgeError, NewPullRequest, PullRequest};
use crate::publish::Token;
use crate::publish::plan::Reviewers;
use base64::Engine;
use serde::Deserialize;
use serde_json::json;

const API_VERSION: &str = "api-version=7.1";
/// The longest description Azure DevOps keeps.
const DESCRIPTION_LIMIT: usize = 4000;

/// One Azure DevOps repository's pull requests.
pub struct AzureDevOps {
    client: Client,
    /// `https://dev.azure.com/ORG` (or the collection URL of a Server).
    api: String,
    /// Where identities are looked up: `https://vssps.dev.azure.com/ORG` on Services.
    identities: String,
    repo: AzureRepo,
}

/// A pull request as the API gives it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AzurePullRequest {
    pull_request_id: u64,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    is_draft: bool,
    #[serde(default)]
    repository: Option<Repository>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Repository {
    web_url: Option<String>,
}

#[derive(Deserialize)]
struct List<T> {
    value: Vec<T>,
}

impl AzureDevOps {
    /// A client for `repo` at `api_url`; a PAT authenticates with HTTP Basic, a pipeline's
    /// `System.AccessToken` as a bearer token.
    pub fn new(api_url: &str, token: &Token, repo: &AzureRepo) -> Result<AzureDevOps, ForgeError> {
        let auth = if token.is_ci() {
            format!("Bearer {}", token.expose())
        } else {
            let basic =
                base64::engine::general_purpose::STANDARD.encode(format!(":{}", token.expose()));
            format!("Basic {basic}")
        };
        let api = api_url.trim_end_matches('/').to_string();
        let org = &repo.organization;
        let identities = if api.eq_ignore_ascii_case(&format!("https://dev.azure.com/{org}")) {
            format!("https://vssps.dev.azure.com/{org}")
        } else if api.eq_ignore_ascii_case(&format!("https://{org}.visualstudio.com")) {
            format!("https://{org}.vssps.visualstudio.com")
        } else {
            api.clone()
        };
        Ok(AzureDevOps {
            client: Client::new("Azure DevOps", "authorization", &auth)?,
            api,
            identities,
            repo: repo.clone(),
        })
    }

    fn url(&self, tail: &str) -> String {
        let separator = if tail.contains('?') { '&' } else { '?' };
        format!(
            "{}/{}/_apis/git/repositories/{}/{tail}{separator}{API_VERSION}",
            self.api, self.repo.project, self.repo.repository
        )
    }

    fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<serde_json::Value, ForgeError> {
        self.client.send(method, url, body, |status, message| {
            status == 409 && (message.contains("TF401179") || message.contains("already exists"))
        })
    }

    fn pull_request(&self, value: serde_json::Value) -> Result<PullRequest, ForgeError> {
        let pr: AzurePullRequest = serde_json::from_value(value).map_err(|e| {
            ForgeError::local(format!(
                "unexpected pull request in Azure DevOps' answer: {e}"
            ))
        })?;
        Ok(self.convert(pr))
    }

    fn convert(&self, pr: AzurePullRequest) -> PullRequest {
        let web = pr.repository.and_then(|r| r.web_url).unwrap_or_else(|| {
            format!(
                "{}/{}/_git/{}",
                self.api, self.repo.project, self.repo.repository
            )
        });
        PullRequest {
            number: pr.pull_request_id,
            url: format!(
                "{}/pullrequest/{}",
                web.trim_end_matches('/'),
                pr.pull_request_id
            ),
            body: pr.description,
            draft: pr.is_draft,
        }
    }

    /// The identity id of a user (by e-mail or account name) or a team (by name).
    fn identity(&self, name: &str) -> Result<Option<String>, ForgeError> {
        #[derive(Deserialize)]
        struct Identity {
            id: String,
        }
        let url = format!(
            "{}/_apis/identities?searchFilter=General&filterValue={}&queryMembership=None&{API_VERSION}",
            self.identities,
            encode(name)
        );
        let found: List<Identity> = serde_json::from_value(self.send(Method::Get, &url, None)?)
            .map_err(|e| {
                ForgeError::local(format!(
                    "unexpected identity list in Azure DevOps' answer: {e}"
                ))
            })?;
        Ok(found.value.into_iter().next().map(|i| i.id))
    }

    /// Adds `names` as reviewers; the ones Azure DevOps does not know are reported after the
    /// others are added.
    fn add_reviewers(
        &self,
        number: u64,
        names: &[String],
        required: bool,
    ) -> Result<(), ForgeError> {
        let mut unknown = Vec::new();
        for name in names {
            match self.identity(name)? {
                Some(id) => {
                    let url = self.url(&format!("pullRequests/{number}/reviewers/{}", encode(&id)));
                    let body = json!({ "id": id, "vote": 0, "isRequired": required });
                    self.send(Method::Put, &url, Some(&body))?;
                }
                None => unknown.push(name.clone()),
            }
        }
        if unknown.is_empty() {
            Ok(())
        } else {
            Err(ForgeError::local(format!(
                "Azure DevOps knows no user or team named {}",
                unknown.join(", ")
            )))
        }
    }
}

/// `body` cut to what Azure DevOps keeps: whole lines up to the limit, a note saying so, and
/// goldpath's hidden markers from the part cut off (so the next run still finds them).
fn fit(body: &str) -> String {
    if body.chars().count() <= DESCRIPTION_LIMIT {
        return body.to_string();
    }
    const NOTE: &str = "\n\n*Cut to the 4,000 characters Azure DevOps keeps: `goldpath check` and `goldpath cost` on the branch give the whole report.*\n";
    let markers: String = body
        .lines()
        .filter(|l| l.starts_with("<!-- goldpath:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let room = DESCRIPTION_LIMIT - NOTE.chars().count() - markers.chars().count();
    let mut kept = String::new();
    for line in body.lines() {
        if line.starts_with("<!-- goldpath:") {
            continue;
        }
        if kept.chars().count() + line.chars().count() + 1 > room {
            break;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    format!("{}{NOTE}{markers}", kept.trim_end())
}

impl Forge for AzureDevOps {
    fn find_open(&self, branch: &str) -> Result<Option<PullRequest>, ForgeError> {
        let url = self.url(&format!(
            "pullrequests?searchCriteria.sourceRefName={}&searchCriteria.status=active&$top=1",
            encode(&format!("refs/heads/{branch}"))
        ));
        let found: List<AzurePullRequest> =
            serde_json::from_value(self.send(Method::Get, &url, None)?).map_err(|e| {
                ForgeError::local(format!(
                    "unexpected pull request list in Azure DevOps' answer: {e}"
                ))
            })?;
        Ok(found.value.into_iter().next().map(|pr| self.convert(pr)))
    }

    fn create(&self, new: &NewPullRequest<'_>) -> Result<PullRequest, ForgeError> {
        let body = json!({
            "sourceRefName": format!("refs/heads/{}", new.head),
            "targetRefName": format!("refs/heads/{}", new.base),
            "title": new.title,
            "description": fit(new.body),
            "isDraft": new.draft,
        });
        let answer = self.send(Method::Post, &self.url("pullrequests"), Some(&body))?;
        self.pull_request(answer)
    }

    fn update(&self, pr: &PullRequest, title: &str, body: &str) -> Result<PullRequest, ForgeError> {
        let url = self.url(&format!("pullrequests/{}", pr.number));
        let body = json!({ "title": title, "description": fit(body) });
        let answer = self.send(Method::Patch, &url, Some(&body))?;
        self.pull_request(answer)
    }

    fn add_labels(&self, number: u64, labels: &[String]) -> Result<(), ForgeError> {
        for label in labels {
            let url = self.url(&format!("pullRequests/{number}/labels"));
            self.send(Method::Post, &url, Some(&json!({ "name": label })))?;
        }
        Ok(())
    }

    fn request_reviewers(&self, number: u64, reviewers: &Reviewers) -> Result<(), ForgeError> {
        let names: Vec<String> = reviewers
            .users
            .iter()
            .chain(&reviewers.teams)
            .cloned()
            .collect();
        self.add_reviewers(number, &names, true)
    }

    /// Azure DevOps pull requests have no assignees: they are added as optional reviewers.
    fn assign(&self, number: u64, users: &[String]) -> Result<(), ForgeError> {
        self.add_reviewers(number, users, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_bodies_are_cut_at_a_line_and_keep_their_markers() {
        let body = format!(
            "# Title\n{}\n<!-- goldpath:cost-monthly 12.34 -->\n\n{}",
            "row of the bill\n".repeat(200),
            "finding\n".repeat(300)
        );
        let cut = fit(&body);
        assert!(cut.chars().count() <= DESCRIPTION_LIMIT, "{}", cut.len());
        assert!(cut.starts_with("# Title\nrow of the bill\n"));
        assert!(cut.contains("Cut to the 4,000 characters"));
        assert!(cut.ends_with("<!-- goldpath:cost-monthly 12.34 -->\n"));
        assert_eq!(fit("short"), "short");
    }
}
