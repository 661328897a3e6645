//! A GitHub stand-in with memory, at the HTTP level on 127.0.0.1: pull requests opened are
//! listed and edited afterwards, so re-runs can be seen to open no second one.

use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// One pull request as the stand-in keeps it.
#[derive(Debug, Clone)]
pub struct PullRequest {
    pub number: u64,
    pub head: String,
    pub base: String,
    pub title: String,
    pub body: String,
    pub draft: bool,
    pub labels: Vec<String>,
}

/// The repository `acme/tf-modules` as far as goldpath's API calls go.
#[derive(Clone, Default)]
pub struct GitHub {
    pulls: Arc<Mutex<Vec<PullRequest>>>,
    calls: Arc<Mutex<Vec<String>>>,
}

const REPO: &str = "/repos/acme/tf-modules";

impl GitHub {
    /// Serves the stand-in on a new server driven by `runtime`.
    pub fn serve(runtime: &tokio::runtime::Runtime) -> (GitHub, MockServer) {
        let github = GitHub::default();
        let server = runtime.block_on(MockServer::start());
        runtime.block_on(
            Mock::given(any())
                .respond_with(github.clone())
                .mount(&server),
        );
        (github, server)
    }

    /// Every pull request opened, oldest first.
    pub fn pulls(&self) -> Vec<PullRequest> {
        self.pulls.lock().unwrap().clone()
    }

    /// `METHOD /path` of every call, in order.
    pub fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }

    fn view(pr: &PullRequest) -> Value {
        json!({
            "id": 1000 + pr.number,
            "number": pr.number,
            "html_url": format!("https://github.example/acme/tf-modules/pull/{}", pr.number),
            "title": pr.title,
            "body": pr.body,
            "draft": pr.draft,
            "head": {"ref": pr.head},
            "base": {"ref": pr.base},
        })
    }
}

impl Respond for GitHub {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let route = request.url.path().to_string();
        self.calls
            .lock()
            .unwrap()
            .push(format!("{} {route}", request.method));
        let Some(tail) = route.strip_prefix(REPO) else {
            return ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"}));
        };
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let mut pulls = self.pulls.lock().unwrap();
        let segments: Vec<&str> = tail.trim_start_matches('/').split('/').collect();
        match (request.method.as_str(), segments.as_slice()) {
            ("GET", ["pulls"]) => {
                let head = request
                    .url
                    .query_pairs()
                    .find(|(k, _)| k == "head")
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default();
                let branch = head.split_once(':').map_or(head.as_str(), |(_, b)| b);
                let open: Vec<Value> = pulls
                    .iter()
                    .filter(|pr| pr.head == branch)
                    .map(GitHub::view)
                    .collect();
                ResponseTemplate::new(200).set_body_json(open)
            }
            ("POST", ["pulls"]) => {
                let head = body["head"].as_str().unwrap_or_default().to_string();
                if pulls.iter().any(|pr| pr.head == head) {
                    return ResponseTemplate::new(422).set_body_json(json!({
                        "message": "Validation Failed",
                        "errors": [{"message": format!("A pull request already exists for acme:{head}.")}],
                    }));
                }
                let pr = PullRequest {
                    number: pulls.len() as u64 + 1,
                    head,
                    base: body["base"].as_str().unwrap_or_default().to_string(),
                    title: body["title"].as_str().unwrap_or_default().to_string(),
                    body: body["body"].as_str().unwrap_or_default().to_string(),
                    draft: body["draft"].as_bool().unwrap_or(false),
                    labels: Vec::new(),
                };
                let view = GitHub::view(&pr);
                pulls.push(pr);
                ResponseTemplate::new(201).set_body_json(view)
            }
            ("PATCH", ["pulls", number]) => match find(&mut pulls, number) {
                Some(pr) => {
                    if let Some(title) = body["title"].as_str() {
                        pr.title = title.to_string();
                    }
                    if let Some(text) = body["body"].as_str() {
                        pr.body = text.to_string();
                    }
                    ResponseTemplate::new(200).set_body_json(GitHub::view(pr))
                }
                None => ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})),
            },
            ("POST", ["issues", number, "labels"]) => match find(&mut pulls, number) {
                Some(pr) => {
                    for label in body["labels"].as_array().into_iter().flatten() {
                        let label = label.as_str().unwrap_or_default().to_string();
                        if !pr.labels.contains(&label) {
                            pr.labels.push(label);
                        }
                    }
                    ResponseTemplate::new(200).set_body_json(json!([]))
                }
                None => ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})),
            },
            ("POST", ["pulls", number, "requested_reviewers"]) => match find(&mut pulls, number) {
                Some(pr) => ResponseTemplate::new(201).set_body_json(GitHub::view(pr)),
                None => ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})),
            },
            _ => ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})),
        }
    }
}

fn find<'a>(pulls: &'a mut [PullRequest], number: &str) -> Option<&'a mut PullRequest> {
    let number: u64 = number.parse().ok()?;
    pulls.iter_mut().find(|pr| pr.number == number)
}
