//! GitLab and Azure DevOps stand-ins with memory, at the HTTP level on 127.0.0.1: merge and
//! pull requests opened are listed and edited afterwards, tokens are checked the way each forge
//! checks them, and failures can be injected for the next matching calls.

use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// One merge or pull request as a stand-in keeps it.
#[derive(Debug, Clone, Default)]
pub struct Pull {
    pub number: u64,
    pub head: String,
    pub base: String,
    pub title: String,
    pub body: String,
    pub draft: bool,
    pub labels: Vec<String>,
    pub reviewers: Vec<String>,
    pub assignees: Vec<String>,
}

/// A call as received: `METHOD /path?query` and the credential header it carried.
#[derive(Debug, Clone)]
pub struct Call {
    pub route: String,
    pub auth: String,
}

/// A failure to answer instead of the real thing.
#[derive(Debug, Clone)]
struct Fault {
    method: String,
    path_contains: String,
    status: u16,
    retry_after: Option<u64>,
    body: Option<Value>,
    times: usize,
}

#[derive(Default)]
struct State {
    pulls: Vec<Pull>,
    calls: Vec<Call>,
    faults: Vec<Fault>,
    /// Users (and, on Azure DevOps, teams) the forge knows.
    people: Vec<String>,
}

/// What both stand-ins share: state, faults and the call log.
#[derive(Clone, Default)]
pub struct Forge {
    state: Arc<Mutex<State>>,
}

impl Forge {
    /// Every request opened, oldest first.
    pub fn pulls(&self) -> Vec<Pull> {
        self.state.lock().unwrap().pulls.clone()
    }

    /// Every call, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.state.lock().unwrap().calls.clone()
    }

    /// The next `times` calls of `method` whose path contains `path_contains` answer `status`
    /// (with `Retry-After` when given).
    pub fn fail(
        &self,
        method: &str,
        path_contains: &str,
        status: u16,
        retry_after: Option<u64>,
        times: usize,
    ) {
        self.state.lock().unwrap().faults.push(Fault {
            method: method.into(),
            path_contains: path_contains.into(),
            status,
            retry_after,
            body: None,
            times,
        });
    }

    /// The next `times` calls of `method` whose path contains `path_contains` answer 200 with
    /// `body`, as a forge whose listing lags behind.
    pub fn answer(&self, method: &str, path_contains: &str, body: Value, times: usize) {
        self.state.lock().unwrap().faults.push(Fault {
            method: method.into(),
            path_contains: path_contains.into(),
            status: 200,
            retry_after: None,
            body: Some(body),
            times,
        });
    }

    /// Users or teams the forge knows, by name.
    pub fn know(&self, people: &[&str]) {
        let mut state = self.state.lock().unwrap();
        state.people.extend(people.iter().map(|p| p.to_string()));
    }

    fn serve<R: Respond + Clone + 'static>(
        runtime: &tokio::runtime::Runtime,
        responder: R,
    ) -> MockServer {
        let server = runtime.block_on(MockServer::start());
        runtime.block_on(Mock::given(any()).respond_with(responder).mount(&server));
        server
    }

    /// Logs the call; answers with an injected fault when one matches.
    fn intake(&self, request: &Request, auth: String) -> Option<ResponseTemplate> {
        let mut state = self.state.lock().unwrap();
        let route = match request.url.query() {
            Some(q) => format!("{} {}?{q}", request.method, request.url.path()),
            None => format!("{} {}", request.method, request.url.path()),
        };
        state.calls.push(Call { route, auth });
        let method = request.method.to_string();
        let path = request.url.path().to_string();
        let fault = state
            .faults
            .iter_mut()
            .find(|f| f.times > 0 && f.method == method && path.contains(&f.path_contains))?;
        fault.times -= 1;
        let body = fault
            .body
            .clone()
            .unwrap_or_else(|| json!({"message": format!("injected {}", fault.status)}));
        let mut answer = ResponseTemplate::new(fault.status).set_body_json(body);
        if let Some(seconds) = fault.retry_after {
            answer = answer.insert_header("retry-after", seconds.to_string().as_str());
        }
        Some(answer)
    }
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn query(request: &Request, key: &str) -> String {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn not_found() -> ResponseTemplate {
    ResponseTemplate::new(404).set_body_json(json!({"message": "404 Not Found"}))
}

/// GitLab's API v4 for the project `acme/tf-modules`, at `/api/v4`.
#[derive(Clone)]
pub struct GitLab {
    pub forge: Forge,
    token: String,
    job_token: String,
}

const GITLAB_PROJECT: &str = "/api/v4/projects/acme%2Ftf-modules/";

impl GitLab {
    /// Serves the stand-in; `token` is accepted as `PRIVATE-TOKEN`, `job_token` as `JOB-TOKEN`.
    pub fn serve(
        runtime: &tokio::runtime::Runtime,
        token: &str,
        job_token: &str,
    ) -> (GitLab, MockServer) {
        let gitlab = GitLab {
            forge: Forge::default(),
            token: token.into(),
            job_token: job_token.into(),
        };
        let server = Forge::serve(runtime, gitlab.clone());
        (gitlab, server)
    }

    fn view(pr: &Pull) -> Value {
        json!({
            "id": 5000 + pr.number,
            "iid": pr.number,
            "web_url": format!("https://gitlab.example/acme/tf-modules/-/merge_requests/{}", pr.number),
            "title": pr.title,
            "description": pr.body,
            "draft": pr.title.starts_with("Draft:"),
            "source_branch": pr.head,
            "target_branch": pr.base,
            "labels": pr.labels,
        })
    }
}

impl Respond for GitLab {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let private = header(request, "private-token");
        let job = header(request, "job-token");
        let auth = match (&private, &job) {
            (Some(t), _) => format!("PRIVATE-TOKEN {t}"),
            (_, Some(t)) => format!("JOB-TOKEN {t}"),
            _ => String::new(),
        };
        if let Some(fault) = self.forge.intake(request, auth) {
            return fault;
        }
        if private.as_deref() != Some(&self.token) && job.as_deref() != Some(&self.job_token) {
            return ResponseTemplate::new(401)
                .set_body_json(json!({"message": "401 Unauthorized"}));
        }
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let mut state = self.forge.state.lock().unwrap();
        let path = request.url.path().to_string();
        if path == "/api/v4/users" {
            let name = query(request, "username");
            let found: Vec<Value> = state
                .people
                .iter()
                .position(|p| *p == name)
                .map(|i| json!({"id": 100 + i, "username": name}))
                .into_iter()
                .collect();
            return ResponseTemplate::new(200).set_body_json(found);
        }
        let Some(tail) = path.strip_prefix(GITLAB_PROJECT) else {
            return not_found();
        };
        let segments: Vec<&str> = tail.split('/').collect();
        match (request.method.as_str(), segments.as_slice()) {
            ("GET", ["merge_requests"]) => {
                let branch = query(request, "source_branch");
                assert_eq!(query(request, "state"), "opened");
                let open: Vec<Value> = state
                    .pulls
                    .iter()
                    .filter(|p| p.head == branch)
                    .map(GitLab::view)
                    .collect();
                ResponseTemplate::new(200).set_body_json(open)
            }
            ("POST", ["merge_requests"]) => {
                let head = body["source_branch"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                if let Some(open) = state.pulls.iter().find(|p| p.head == head) {
                    return ResponseTemplate::new(409).set_body_json(json!({
                        "message": [format!("Another open merge request already exists for this source branch: !{}", open.number)]
                    }));
                }
                let pull = Pull {
                    number: state.pulls.len() as u64 + 1,
                    head,
                    base: body["target_branch"].as_str().unwrap_or_default().into(),
                    title: body["title"].as_str().unwrap_or_default().into(),
                    body: body["description"].as_str().unwrap_or_default().into(),
                    ..Pull::default()
                };
                let view = GitLab::view(&pull);
                state.pulls.push(pull);
                ResponseTemplate::new(201).set_body_json(view)
            }
            ("PUT", ["merge_requests", number]) => {
                let people = state.people.clone();
                let Some(pull) = number
                    .parse::<u64>()
                    .ok()
                    .and_then(|n| state.pulls.iter_mut().find(|p| p.number == n))
                else {
                    return not_found();
                };
                if let Some(title) = body["title"].as_str() {
                    pull.title = title.into();
                }
                if let Some(text) = body["description"].as_str() {
                    pull.body = text.into();
                }
                if let Some(labels) = body["add_labels"].as_str() {
                    for label in labels.split(',') {
                        if !pull.labels.iter().any(|l| l == label) {
                            pull.labels.push(label.into());
                        }
                    }
                }
                let names = |ids: &Value| -> Vec<String> {
                    ids.as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|id| people.get(id.as_u64()? as usize - 100).cloned())
                        .collect()
                };
                if body.get("reviewer_ids").is_some() {
                    pull.reviewers = names(&body["reviewer_ids"]);
                }
                if body.get("assignee_ids").is_some() {
                    pull.assignees = names(&body["assignee_ids"]);
                }
                ResponseTemplate::new(200).set_body_json(GitLab::view(pull))
            }
            _ => not_found(),
        }
    }
}

/// Azure DevOps' Git API 7.1 for `acme/Platform/tf-modules`, with the identities API, at `/acme`.
#[derive(Clone)]
pub struct Azure {
    pub forge: Forge,
    basic: String,
    bearer: String,
}

const AZURE_REPO: &str = "/acme/Platform/_apis/git/repositories/tf-modules/";

impl Azure {
    /// Serves the stand-in; `pat` is accepted with HTTP Basic, `access_token` as a bearer token.
    pub fn serve(
        runtime: &tokio::runtime::Runtime,
        pat: &str,
        access_token: &str,
    ) -> (Azure, MockServer) {
        let azure = Azure {
            forge: Forge::default(),
            basic: format!("Basic {}", super::base64(&format!(":{pat}"))),
            bearer: format!("Bearer {access_token}"),
        };
        let server = Forge::serve(runtime, azure.clone());
        (azure, server)
    }

    fn view(pr: &Pull) -> Value {
        json!({
            "pullRequestId": pr.number,
            "title": pr.title,
            "description": pr.body,
            "isDraft": pr.draft,
            "sourceRefName": format!("refs/heads/{}", pr.head),
            "targetRefName": format!("refs/heads/{}", pr.base),
            "repository": {"webUrl": "https://dev.azure.com/acme/Platform/_git/tf-modules"},
        })
    }
}

impl Respond for Azure {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let auth = header(request, "authorization").unwrap_or_default();
        if let Some(fault) = self.forge.intake(request, auth.clone()) {
            return fault;
        }
        if auth != self.basic && auth != self.bearer {
            return ResponseTemplate::new(401).set_body_string("<html>401 - Unauthorized</html>");
        }
        assert_eq!(
            query(request, "api-version"),
            "7.1",
            "every call names the API version"
        );
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let mut state = self.forge.state.lock().unwrap();
        let path = request.url.path().to_string();
        if path == "/acme/_apis/identities" {
            let name = query(request, "filterValue");
            let value: Vec<Value> = state
                .people
                .iter()
                .filter(|p| **p == name)
                .map(|p| json!({"id": format!("id-{p}"), "providerDisplayName": p}))
                .collect();
            return ResponseTemplate::new(200)
                .set_body_json(json!({"count": value.len(), "value": value}));
        }
        let Some(tail) = path.strip_prefix(AZURE_REPO) else {
            return not_found();
        };
        let segments: Vec<&str> = tail.split('/').collect();
        let too_long = |text: &str| text.chars().count() > 4000;
        match (request.method.as_str(), segments.as_slice()) {
            ("GET", ["pullrequests"]) => {
                assert_eq!(query(request, "searchCriteria.status"), "active");
                let source = query(request, "searchCriteria.sourceRefName");
                let value: Vec<Value> = state
                    .pulls
                    .iter()
                    .filter(|p| format!("refs/heads/{}", p.head) == source)
                    .map(Azure::view)
                    .collect();
                ResponseTemplate::new(200)
                    .set_body_json(json!({"count": value.len(), "value": value}))
            }
            ("POST", ["pullrequests"]) => {
                let head = body["sourceRefName"]
                    .as_str()
                    .unwrap_or_default()
                    .trim_start_matches("refs/heads/")
                    .to_string();
                if state.pulls.iter().any(|p| p.head == head) {
                    return ResponseTemplate::new(409).set_body_json(json!({
                        "message": "TF401179: An active pull request for the source and target branch already exists.",
                        "typeKey": "GitPullRequestExistsException",
                    }));
                }
                let description = body["description"].as_str().unwrap_or_default();
                if too_long(description) {
                    return ResponseTemplate::new(400)
                        .set_body_json(json!({"message": "The description is too long."}));
                }
                let pull = Pull {
                    number: 40 + state.pulls.len() as u64 + 1,
                    head,
                    base: body["targetRefName"]
                        .as_str()
                        .unwrap_or_default()
                        .trim_start_matches("refs/heads/")
                        .into(),
                    title: body["title"].as_str().unwrap_or_default().into(),
                    body: description.into(),
                    draft: body["isDraft"].as_bool().unwrap_or(false),
                    ..Pull::default()
                };
                let view = Azure::view(&pull);
                state.pulls.push(pull);
                ResponseTemplate::new(201).set_body_json(view)
            }
            (method, ["pullrequests" | "pullRequests", number, rest @ ..]) => {
                let Some(pull) = number
                    .parse::<u64>()
                    .ok()
                    .and_then(|n| state.pulls.iter_mut().find(|p| p.number == n))
                else {
                    return not_found();
                };
                match (method, rest) {
                    ("PATCH", []) => {
                        if let Some(title) = body["title"].as_str() {
                            pull.title = title.into();
                        }
                        if let Some(text) = body["description"].as_str() {
                            if too_long(text) {
                                return ResponseTemplate::new(400).set_body_json(
                                    json!({"message": "The description is too long."}),
                                );
                            }
                            pull.body = text.into();
                        }
                        ResponseTemplate::new(200).set_body_json(Azure::view(pull))
                    }
                    ("POST", ["labels"]) => {
                        let label = body["name"].as_str().unwrap_or_default().to_string();
                        if !pull.labels.contains(&label) {
                            pull.labels.push(label.clone());
                        }
                        ResponseTemplate::new(201)
                            .set_body_json(json!({"name": label, "active": true}))
                    }
                    ("PUT", ["reviewers", id]) => {
                        let name = id.trim_start_matches("id-").to_string();
                        let entry = if body["isRequired"].as_bool() == Some(false) {
                            &mut pull.assignees
                        } else {
                            &mut pull.reviewers
                        };
                        entry.push(name);
                        ResponseTemplate::new(200).set_body_json(json!({"id": id, "vote": 0}))
                    }
                    _ => not_found(),
                }
            }
            _ => not_found(),
        }
    }
}
