//! Publishing: a rendered module committed to goldpath's own branch of the registry repository
//! and opened (or updated) as a pull request.
//!
//! `plan`, `body` and `forge::place` are pure; `git` (git2) and `forge` (GitHub over octocrab,
//! GitLab and Azure DevOps over their REST APIs) are the edges.
//! [`publish`] runs them in order, reports each step through a callback, and is safe to call
//! again after any failure: the branch is updated and the open pull request edited.

pub mod body;
pub mod forge;
mod git;
pub mod plan;

use crate::render::Record;
use crate::report::CheckReport;
use forge::place::{ForgeKind, Target};
use forge::{Forge, ForgeError};
pub use git::display_url;
use plan::{PathPattern, Plan};
use serde::Serialize;
use std::path::PathBuf;

/// A forge token; its `Debug` never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    secret: String,
    forge: ForgeKind,
    ci: bool,
}

impl Token {
    /// A personal (or fine-grained, or project) token for `forge`, read from the environment.
    pub fn new(forge: ForgeKind, value: String) -> Token {
        Token {
            secret: value,
            forge,
            ci: false,
        }
    }

    /// The token a CI job gets from the forge itself (GitLab's `CI_JOB_TOKEN`, Azure
    /// Pipelines' `System.AccessToken`), which authenticates differently.
    pub fn ci_job(forge: ForgeKind, value: String) -> Token {
        Token {
            ci: true,
            ..Token::new(forge, value)
        }
    }

    /// The forge the token is for.
    pub fn forge(&self) -> ForgeKind {
        self.forge
    }

    /// Whether it is a CI job's token.
    fn is_ci(&self) -> bool {
        self.ci
    }

    /// The secret itself, for the credential callback and the API clients only.
    fn expose(&self) -> &str {
        &self.secret
    }

    /// The token with the user name git sends it with.
    fn login(&self) -> crate::remote::Login<'_> {
        crate::remote::Login {
            user: self.forge.push_user(self.ci),
            secret: &self.secret,
        }
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(***)")
    }
}

/// Where and how to open the pull request.
#[derive(Debug, Clone)]
pub struct PullRequestSettings {
    /// The forge and repository of the registry.
    pub target: Target,
    /// The REST API base, e.g. `https://api.github.com`, `https://HOST/api/v4` (GitLab) or
    /// `https://dev.azure.com/ORG`.
    pub api_url: String,
    /// Open new pull requests as drafts.
    pub draft: bool,
    /// Users to assign (on Azure DevOps, which has no assignees: optional reviewers).
    pub assignees: Vec<String>,
}

/// What goes into the module's directory in the registry.
#[derive(Debug, Clone)]
pub enum Contents {
    /// A module directory as it is on disk.
    Dir(PathBuf),
    /// Changes on top of a directory on disk or, without one, on top of the module as it is on
    /// the base branch (files the changes do not name keep their content and mode).
    Changed {
        /// The directory the changes apply to; `None` for the registry's own copy.
        dir: Option<PathBuf>,
        /// Files written.
        write: crate::render::Bundle,
        /// Files deleted.
        delete: Vec<String>,
    },
}

/// Everything one publish needs, gathered by a front end.
#[derive(Debug, Clone)]
pub struct Request {
    /// What the module's directory in the registry will hold.
    pub contents: Contents,
    /// For an update of a published module: what changed, for the pull request; its branch is
    /// one per module and target version.
    pub update: Option<crate::update::forward::Summary>,
    /// Its `.goldpath.yaml`.
    pub record: Record,
    /// The template's owners (GitHub users and `org/team`), requested as reviewers.
    pub owners: Vec<String>,
    /// The module's guardrail report.
    pub report: CheckReport,
    /// The module's estimate held to its budget, when it could be priced.
    pub cost: Option<crate::pipeline::Cost>,
    /// Who approves a module over budget (`[budgets] approvers`), asked as reviewers then.
    pub approvers: Vec<String>,
    /// The registry's git remote: a URL or a local path.
    pub url: String,
    /// The base branch; `None` for the remote's default branch.
    pub base: Option<String>,
    /// Where modules go in the registry.
    pub path: PathPattern,
    /// The pull request to open; `None` stops after the push.
    pub pull_request: Option<PullRequestSettings>,
    /// Token for HTTPS pushes and the API.
    pub token: Option<Token>,
    /// Directory of cached registry clones.
    pub cache_dir: PathBuf,
    /// The command that resumes this publish, for error messages.
    pub resume: String,
}

/// A step of a publish, as progress and in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Reading the module and planning the branch.
    Plan,
    /// Listing and fetching the registry.
    Fetch,
    /// Building the commit.
    Commit,
    /// Pushing goldpath's branch.
    Push,
    /// Looking for an open pull request.
    FindPullRequest,
    /// Opening the pull request.
    CreatePullRequest,
    /// Editing the open pull request.
    UpdatePullRequest,
    /// Adding labels.
    Labels,
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Step::Plan => "plan",
            Step::Fetch => "fetch",
            Step::Commit => "commit",
            Step::Push => "push",
            Step::FindPullRequest => "find pull request",
            Step::CreatePullRequest => "create pull request",
            Step::UpdatePullRequest => "update pull request",
            Step::Labels => "label pull request",
        })
    }
}

/// What a publish is doing now, for progress displays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Fetching the registry repository.
    Fetching {
        /// The remote, without credentials.
        url: String,
    },
    /// The branch already holds this module; nothing to commit.
    UpToDate {
        /// The branch.
        branch: String,
    },
    /// Pushing the branch.
    Pushing {
        /// The branch.
        branch: String,
    },
    /// Opening or editing the pull request.
    PullRequest {
        /// The repository, e.g. `OWNER/NAME`.
        repo: String,
        /// What the forge calls it: `pull request` or `merge request`.
        word: &'static str,
    },
}

impl std::fmt::Display for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Progress::Fetching { url } => write!(f, "fetching {url}"),
            Progress::UpToDate { branch } => write!(f, "{branch} already holds this module"),
            Progress::Pushing { branch } => write!(f, "pushing {branch}"),
            Progress::PullRequest { repo, word } => write!(f, "opening the {word} in {repo}"),
        }
    }
}

/// The pull request a publish opened or edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PullRequestOutcome {
    /// Its number.
    pub number: u64,
    /// Its web page.
    pub url: String,
    /// Whether this publish opened it (false: it existed and was edited).
    pub created: bool,
}

/// What a publish did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// goldpath's branch in the registry.
    pub branch: String,
    /// The commit the branch points at.
    pub commit: String,
    /// The pull request, unless `--no-pr`.
    pub pull_request: Option<PullRequestOutcome>,
    /// Steps that did not work but do not fail the publish (e.g. requesting reviewers).
    pub warnings: Vec<String>,
}

/// Why a publish stopped: the step, what happened, what to fix and how to resume.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("publish failed at step `{step}`: {message}")]
pub struct PublishError {
    /// The step that failed.
    pub step: Step,
    /// What happened.
    pub message: String,
    /// What to fix.
    pub fix: String,
    /// The command that resumes the publish.
    pub resume: String,
    /// Whether the input (flags, config, module, registry contents) is at fault, not a service.
    pub input: bool,
}

impl PublishError {
    /// Exit code 2 for bad input, 3 for a failed external step.
    pub fn exit_code(&self) -> i32 {
        if self.input { 2 } else { 3 }
    }
}

impl miette::Diagnostic for PublishError {
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(format!(
            "{}; the module stays on disk; then run: {}",
            self.fix, self.resume
        )))
    }
}

/// A failed step before the resume command is known.
#[derive(Debug)]
struct Failure {
    step: Step,
    message: String,
    fix: String,
    input: bool,
}

impl Failure {
    fn external(step: Step, message: impl Into<String>, fix: impl Into<String>) -> Failure {
        Failure {
            step,
            message: message.into(),
            fix: fix.into(),
            input: false,
        }
    }

    fn input(step: Step, message: impl Into<String>, fix: impl Into<String>) -> Failure {
        Failure {
            input: true,
            ..Failure::external(step, message, fix)
        }
    }

    /// The error a user sees: the token blanked out, the resume command added.
    fn into_error(self, token: Option<&Token>, resume: &str) -> PublishError {
        PublishError {
            step: self.step,
            message: scrub(self.message, token),
            fix: scrub(self.fix, token),
            resume: resume.to_string(),
            input: self.input,
        }
    }
}

/// `text` with the token replaced by `***`.
fn scrub(text: String, token: Option<&Token>) -> String {
    match token {
        Some(token) if !token.expose().is_empty() => text.replace(token.expose(), "***"),
        _ => text,
    }
}

/// Publishes the module: fetch, commit to `goldpath/<team>-<name>`, push, open or edit the pull
/// request. `progress` hears about each step; it may run on any thread.
pub fn publish(request: &Request, progress: &dyn Fn(Progress)) -> Result<Outcome, PublishError> {
    let token = request.token.as_ref();
    match run(request, progress) {
        Ok(mut outcome) => {
            outcome.warnings = outcome
                .warnings
                .into_iter()
                .map(|w| scrub(w, token))
                .collect();
            Ok(outcome)
        }
        Err(f) => Err(f.into_error(token, &request.resume)),
    }
}

/// The open pull request of goldpath's `branch`, if there is one: how `fleet --open-prs` skips
/// modules that already have an update waiting.
pub fn find_pull_request(
    settings: &PullRequestSettings,
    token: &Token,
    branch: &str,
    resume: &str,
) -> Result<Option<PullRequestOutcome>, PublishError> {
    let found = forge::connect(&settings.target, &settings.api_url, token)
        .and_then(|forge| forge.find_open(branch));
    found
        .map(|open| {
            open.map(|pr| PullRequestOutcome {
                number: pr.number,
                url: pr.url,
                created: false,
            })
        })
        .map_err(|e| {
            forge_failure(Step::FindPullRequest, settings, e).into_error(Some(token), resume)
        })
}

/// A registry branch read whole: what `fleet` surveys.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The branch read.
    pub branch: String,
    /// Its commit.
    pub commit: String,
    /// Every text file, by path.
    pub files: std::collections::BTreeMap<String, String>,
}

/// Fetches `base` (default: the remote's default branch) of the registry at `url` into the
/// publish cache and reads its files. `resume` is the command a failure tells the user to run.
pub fn read_registry(
    url: &str,
    base: Option<&str>,
    token: Option<&Token>,
    cache_dir: &std::path::Path,
    resume: &str,
) -> Result<Snapshot, PublishError> {
    let read = || -> Result<Snapshot, Failure> {
        let registry = git::Registry::open(cache_dir, url, token)?;
        let heads = registry.list()?;
        let branch = match base {
            Some(base) => base.to_string(),
            None => heads.default_branch.clone().ok_or_else(|| {
                Failure::input(
                    Step::Fetch,
                    "the registry repository has no default branch (is it empty?)",
                    "name the branch with --base or registry.base",
                )
            })?,
        };
        let tip = heads.tip(&branch).ok_or_else(|| {
            Failure::input(
                Step::Fetch,
                format!("the registry has no branch `{branch}`"),
                "name an existing branch with --base or registry.base",
            )
        })?;
        registry.fetch(&[Some(branch.as_str())])?;
        Ok(Snapshot {
            files: registry.files_at(tip)?,
            commit: tip.to_string(),
            branch,
        })
    };
    read().map_err(|f| f.into_error(token, resume))
}

fn run(request: &Request, progress: &dyn Fn(Progress)) -> Result<Outcome, Failure> {
    let waived = request.report.findings().any(|(_, f)| f.waived.is_some());
    let mut plan = plan::plan(
        &request.record,
        &plan::Owners {
            owners: &request.owners,
            approvers: &request.approvers,
        },
        &request.path,
        waived,
        request.cost.as_ref().map(|c| &c.verdict),
    )
    .map_err(|m| {
        Failure::input(
            Step::Plan,
            m,
            "correct the module's answers, or the path pattern (--path / registry.path)",
        )
    })?;
    if let Some(update) = &request.update {
        plan = plan.for_update(update);
    }
    let token = request.token.as_ref();
    if let Some(settings) = &request.pull_request
        && token.is_none()
    {
        return Err(no_token(settings.target.kind()));
    }
    progress(Progress::Fetching {
        url: git::display_url(&request.url),
    });
    let registry = git::Registry::open(&request.cache_dir, &request.url, token)?;
    let heads = registry.list()?;
    let base = match &request.base {
        Some(base) => base.clone(),
        None => heads.default_branch.clone().ok_or_else(|| {
            Failure::input(
                Step::Fetch,
                "the registry repository has no default branch (is it empty?)",
                "push a first commit to the registry, or name the base branch with --base",
            )
        })?,
    };
    let base_tip = heads.tip(&base).ok_or_else(|| {
        Failure::input(
            Step::Fetch,
            format!("the registry has no branch `{base}`"),
            "name an existing base branch with --base or registry.base",
        )
    })?;
    let branch_tip = heads.tip(&plan.branch);
    registry.fetch(&[
        Some(base.as_str()),
        branch_tip.map(|_| plan.branch.as_str()),
    ])?;

    let on_base = registry.tree_at(base_tip, &plan.module_path)?;
    let module = match &request.contents {
        Contents::Dir(dir) => registry.module_tree(dir)?,
        Contents::Changed { dir, write, delete } => {
            let start = match dir {
                Some(dir) => Some(registry.module_tree(dir)?.tree),
                None => on_base,
            };
            registry
                .changed_tree(start, write, delete)?
                .ok_or_else(|| {
                    Failure::input(
                        Step::Commit,
                        "the update leaves the module without files",
                        "check the template's new version: it must render files",
                    )
                })?
        }
    };
    match on_base {
        Some(on_base) if on_base != module.tree && request.update.is_none() => {
            return Err(Failure::input(
                Step::Commit,
                format!(
                    "`{}` already exists on `{base}` with different content",
                    plan.module_path
                ),
                "a published module changes through `goldpath update` on the registry's copy; to publish a new module, choose another name or --path",
            ));
        }
        Some(on_base) if on_base == module.tree && branch_tip.is_none() => {
            return Ok(Outcome {
                branch: plan.branch,
                commit: base_tip.to_string(),
                pull_request: None,
                warnings: vec![format!(
                    "`{}` on `{base}` already holds this module; there is nothing to publish",
                    plan.module_path
                )],
            });
        }
        _ => {}
    }

    let parent = branch_tip.unwrap_or(base_tip);
    let commit = match registry.commit_module(parent, &plan, module.tree)? {
        Some(commit) => {
            progress(Progress::Pushing {
                branch: plan.branch.clone(),
            });
            registry.push(&plan.branch, commit)?;
            commit
        }
        None => {
            progress(Progress::UpToDate {
                branch: plan.branch.clone(),
            });
            parent
        }
    };
    let mut outcome = Outcome {
        branch: plan.branch.clone(),
        commit: commit.to_string(),
        pull_request: None,
        warnings: Vec::new(),
    };
    let Some(settings) = &request.pull_request else {
        return Ok(outcome);
    };
    let kind = settings.target.kind();
    progress(Progress::PullRequest {
        repo: settings.target.to_string(),
        word: kind.pull_request(),
    });
    let token = token.ok_or_else(|| no_token(kind))?;
    let forge = forge::connect(&settings.target, &settings.api_url, token)
        .map_err(|e| forge_failure(Step::FindPullRequest, settings, e))?;
    let open = forge
        .find_open(&plan.branch)
        .map_err(|e| forge_failure(Step::FindPullRequest, settings, e))?;
    let body = body::body(&body::BodyInput {
        plan: &plan,
        update: request.update.as_ref(),
        answers: &request.record.answers,
        report: &request.report,
        allowed_violations: request.record.allowed_violations,
        files: module.files,
        cost: request.cost.as_ref(),
        previous_monthly: open
            .as_ref()
            .and_then(|pr| pr.body.as_deref())
            .and_then(body::previous_monthly),
    });
    let pr = open_or_update(forge.as_ref(), settings, &plan, &base, &body, open)?;
    forge
        .add_labels(pr.number, &plan.labels)
        .map_err(|e| forge_failure(Step::Labels, settings, e))?;
    if !settings.assignees.is_empty()
        && let Err(e) = forge.assign(pr.number, &settings.assignees)
    {
        outcome.warnings.push(format!(
            "could not assign {}: {e}; assign them on the {}",
            settings.assignees.join(", "),
            kind.pull_request()
        ));
    }
    if !plan.reviewers.is_empty()
        && let Err(e) = forge.request_reviewers(pr.number, &plan.reviewers)
    {
        outcome.warnings.push(format!(
            "could not request reviewers ({}): {}; ask them on the {}",
            plan.reviewers
                .users
                .iter()
                .chain(&plan.reviewers.teams)
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            e,
            kind.pull_request()
        ));
    }
    outcome.pull_request = Some(pr);
    Ok(outcome)
}

fn no_token(kind: ForgeKind) -> Failure {
    let (personal, ci) = kind.token_vars();
    let unset: Vec<&str> = personal.iter().copied().chain(ci).collect();
    Failure::input(
        Step::Plan,
        format!(
            "no {kind} token: {} unset",
            match unset[..] {
                [one] => format!("{one} is"),
                _ => format!("{} are", unset.join(" and ")),
            }
        ),
        format!(
            "export {} with {} on the registry repository, or pass --no-pr",
            kind.token_help(),
            scopes(kind)
        ),
    )
}

/// What a token needs to publish, in the forge's own words.
fn scopes(kind: ForgeKind) -> &'static str {
    match kind {
        ForgeKind::GitHub => "`contents: write` and `pull_requests: write`",
        ForgeKind::GitLab => "the `api` and `write_repository` scopes (Developer role or above)",
        ForgeKind::AzureDevOps => "the Code (Read & write) scope",
    }
}

/// Edits the open pull request of goldpath's branch, or opens one; never a second.
fn open_or_update(
    forge: &dyn Forge,
    settings: &PullRequestSettings,
    plan: &Plan,
    base: &str,
    body: &str,
    open: Option<forge::PullRequest>,
) -> Result<PullRequestOutcome, Failure> {
    let find = || {
        forge
            .find_open(&plan.branch)
            .map_err(|e| forge_failure(Step::FindPullRequest, settings, e))
    };
    let update = |pr: &forge::PullRequest| {
        forge
            .update(pr, &plan.title, body)
            .map(|pr| PullRequestOutcome {
                number: pr.number,
                url: pr.url,
                created: false,
            })
            .map_err(|e| forge_failure(Step::UpdatePullRequest, settings, e))
    };
    if let Some(open) = open {
        return update(&open);
    }
    let new = forge::NewPullRequest {
        title: &plan.title,
        head: &plan.branch,
        base,
        body,
        draft: settings.draft || plan.labels.iter().any(|l| l == plan::CONFLICTS_LABEL),
    };
    match forge.create(&new) {
        Ok(pr) => Ok(PullRequestOutcome {
            number: pr.number,
            url: pr.url,
            created: true,
        }),
        // Another run opened it between our lookup and our create: edit that one.
        Err(e) if e.already_open => match find()? {
            Some(open) => update(&open),
            None => Err(forge_failure(Step::CreatePullRequest, settings, e)),
        },
        Err(e) => Err(forge_failure(Step::CreatePullRequest, settings, e)),
    }
}

/// What an API failure means for the user, by status.
fn forge_failure(step: Step, settings: &PullRequestSettings, e: ForgeError) -> Failure {
    let target = &settings.target;
    let kind = target.kind();
    let word = kind.pull_request();
    let name = kind.name();
    let repo_flag = match kind {
        ForgeKind::GitHub => "--github-repo",
        _ => "--project",
    };
    let fix = match e.status {
        _ if e.rate_limited => {
            format!("{name}'s rate limit held after waiting; wait until it resets")
        }
        Some(401) => format!(
            "the token was refused: set {} to a valid, unexpired token",
            kind.token_help()
        ),
        Some(403) | Some(404) => format!(
            "make sure {target} exists on {name} and the token can open {word}s in it ({}); or name the right repository with {repo_flag}",
            scopes(kind)
        ),
        Some(409) => format!(
            "{name} reports a conflict: another {word} may hold goldpath's branch; close it, or check the base branch (--base)"
        ),
        Some(422) => format!(
            "{name} refused the request as invalid: check the base branch (--base) and that the branch differs from it"
        ),
        Some(status) if status >= 500 => {
            format!("{name} kept failing after retries; wait a few minutes")
        }
        _ => format!(
            "check the network and the API base `{}` ({} or registry.api_url)",
            settings.api_url,
            match kind {
                ForgeKind::GitHub => "GITHUB_API_URL",
                ForgeKind::GitLab => "CI_API_V4_URL",
                ForgeKind::AzureDevOps => "SYSTEM_COLLECTIONURI",
            }
        ),
    };
    Failure::external(step, e.to_string(), fix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use forge::place::AzureRepo;

    fn settings(target: Target) -> PullRequestSettings {
        PullRequestSettings {
            target,
            api_url: "https://forge.example/api".into(),
            draft: false,
            assignees: Vec::new(),
        }
    }

    fn fix(target: Target, status: Option<u16>) -> String {
        let e = ForgeError {
            status,
            ..ForgeError::local("refused")
        };
        forge_failure(Step::CreatePullRequest, &settings(target), e).fix
    }

    #[test]
    fn api_failures_say_what_to_fix_on_every_forge() {
        let targets = [
            Target::GitHub(plan::GithubRepo::parse("acme/tf").unwrap()),
            Target::GitLab("acme/infra/tf".into()),
            Target::AzureDevOps(AzureRepo {
                organization: "acme".into(),
                project: "Platform".into(),
                repository: "tf".into(),
                base: "https://dev.azure.com/acme".into(),
            }),
        ];
        for target in targets {
            let kind = target.kind();
            let (vars, _) = kind.token_vars();
            assert!(fix(target.clone(), Some(401)).contains(vars[0]), "{kind}");
            for status in [403, 404] {
                let text = fix(target.clone(), Some(status));
                assert!(
                    text.contains(&target.to_string()) && text.contains(scopes(kind)),
                    "{kind} {status}: {text}"
                );
            }
            assert!(
                fix(target.clone(), Some(409)).contains("conflict"),
                "{kind}"
            );
            assert!(fix(target.clone(), Some(422)).contains("--base"), "{kind}");
            assert!(
                fix(target.clone(), Some(503)).contains("after retries"),
                "{kind}"
            );
            let offline = fix(target.clone(), None);
            assert!(
                offline.contains("https://forge.example/api")
                    && offline.contains("registry.api_url"),
                "{kind}: {offline}"
            );
        }
    }

    #[test]
    fn a_missing_token_names_every_variable_of_the_forge() {
        let f = no_token(ForgeKind::GitLab);
        assert_eq!(
            f.message,
            "no GitLab token: GITLAB_TOKEN and CI_JOB_TOKEN are unset"
        );
        assert!(f.input && f.fix.contains("--no-pr"), "{}", f.fix);
        let f = no_token(ForgeKind::GitHub);
        assert_eq!(
            f.message,
            "no GitHub token: GITHUB_TOKEN and GH_TOKEN are unset"
        );
    }
}
