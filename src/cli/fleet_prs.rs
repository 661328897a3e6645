//! `goldpath fleet --open-prs`: an update pull request for every module behind the catalog,
//! worked out on the registry's own copy and committed on top of it. Modules with an update
//! pull request open already are skipped, so a re-run opens nothing twice; a failure of the forge
//! or the remote (a rate limit that outlasted the retries, say) stops the run, and the next run
//! carries on where it stopped.

use super::args::{FleetArgs, RegistryArgs};
use super::publish as edge;
use super::update::{prepare, publishable, written};
use crate::Error;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::fleet::{Entry, Lag};
use crate::pipeline::Guards;
use crate::publish::plan::update_branch;
use crate::publish::{PullRequestOutcome, Snapshot, find_pull_request};
use crate::render::{RECORD_FILE, parse_record};
use std::collections::BTreeMap;
use std::path::Path;

/// What `--open-prs` did for one module.
#[derive(Debug, Clone, serde::Serialize)]
pub(super) struct Action {
    /// The module's directory in the registry.
    pub path: String,
    /// `opened`, `updated`, `skipped` or `failed`.
    pub action: &'static str,
    /// Why it was skipped or failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The pull request, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pull_request: Option<PullRequestOutcome>,
}

/// Everything the pull requests need besides the modules.
pub(super) struct Context<'a> {
    pub catalog: &'a Catalog,
    pub config: &'a Config,
    pub config_flag: Option<&'a Path>,
    pub args: &'a FleetArgs,
    pub url: &'a str,
    pub guards: &'a Guards<'a>,
    pub sources: &'a dyn Fn(&str) -> Result<Catalog, Error>,
    pub quiet: bool,
}

/// Opens update pull requests for the modules of `lagging`, in path order, at most
/// `--limit` of them. Returns what happened to each, and whether the run stopped early on a
/// failure outside goldpath.
pub(super) fn open_prs(
    cx: &Context<'_>,
    snapshot: &Snapshot,
    lagging: &[&Entry],
) -> Result<(Vec<Action>, bool), Error> {
    let forge = edge::forge_of(cx.config, &cx.args.forge, cx.url);
    let token = edge::token(forge).ok_or_else(|| {
        let kind = forge.unwrap_or(crate::publish::forge::place::ForgeKind::GitHub);
        Error::Registry {
            message: format!(
                "no {kind} token: export {} with permission to push to the registry and open {}s in it",
                kind.token_help(),
                kind.pull_request()
            ),
        }
    })?;
    let resume = resume(cx);
    let mut actions = Vec::new();
    let mut opened = 0;
    for entry in lagging {
        if cx.args.limit.is_some_and(|limit| opened >= limit) {
            actions.push(skipped(entry, "the --limit of this run was reached"));
            continue;
        }
        let registry = RegistryArgs {
            registry: Some(cx.url.to_string()),
            forge: cx.args.forge.clone(),
            base: Some(snapshot.branch.clone()),
            path: Some(entry.path.clone()),
            draft: cx.args.draft,
            no_pr: false,
        };
        match one(cx, snapshot, entry, &registry, &token, &resume) {
            Ok(action) => {
                if matches!(action.action, "opened" | "updated") {
                    opened += 1;
                }
                actions.push(action);
            }
            Err(Error::Publish(e)) if !e.input => {
                actions.push(failed(entry, e.to_string()));
                return Ok((actions, true));
            }
            Err(e) => actions.push(failed(entry, e.to_string())),
        }
    }
    Ok((actions, false))
}

/// The update pull request of one module.
fn one(
    cx: &Context<'_>,
    snapshot: &Snapshot,
    entry: &Entry,
    registry: &RegistryArgs,
    token: &crate::publish::Token,
    resume: &str,
) -> Result<Action, Error> {
    if entry.path.is_empty() {
        return Ok(skipped(
            entry,
            "a module at the registry's root has no directory to update in a pull request",
        ));
    }
    let prefix = format!("{}/", entry.path);
    let ours: BTreeMap<String, String> = snapshot
        .files
        .iter()
        .filter_map(|(p, t)| Some((p.strip_prefix(&prefix)?.to_string(), t.clone())))
        .collect();
    let origin = format!("{}{RECORD_FILE}", prefix);
    let record = parse_record(&ours[RECORD_FILE]).map_err(|message| Error::Record {
        path: origin.clone().into(),
        message,
    })?;
    let (Some(team), Some(name)) = (answer(&record, "team"), answer(&record, "name")) else {
        return Ok(skipped(
            entry,
            "its record has no `team` and `name` answers to name the branch",
        ));
    };
    let prepared = prepare(cx.catalog, &record, None, &[], cx.sources, &origin)?;
    let branch = update_branch(
        &format!("{team}/{name}"),
        &prepared.target.manifest.version.to_string(),
    );
    let settings = edge::pull_request_settings(cx.config, registry, cx.url)?
        .expect("fleet always opens pull requests");
    if let Some(pr) = find_pull_request(&settings, token, &branch, resume)? {
        return Ok(Action {
            pull_request: Some(pr.clone()),
            ..skipped(
                entry,
                &format!("update pull request #{} is open already", pr.number),
            )
        });
    }
    let answers = match crate::answers::resolve(&prepared.target.manifest, &prepared.inputs) {
        Ok(answers) => answers,
        Err(problems) => {
            let names: Vec<&str> = problems.iter().map(|p| p.parameter.as_str()).collect();
            return Ok(skipped(
                entry,
                &format!(
                    "the new version needs answers the record lacks ({}): run `goldpath update {} --set …` on a checkout",
                    names.join(", "),
                    entry.path
                ),
            ));
        }
    };
    let forwarded = prepared.forward(&answers, &ours, &record, cx.guards)?;
    if !forwarded.update.changes_anything(&ours) {
        return Ok(skipped(entry, "the update changes nothing"));
    }
    let denied = forwarded.denied();
    if !denied.is_empty() {
        return Ok(skipped(
            entry,
            &format!(
                "the update brings {} deny finding{}: run `goldpath update {}` on a checkout to see them",
                denied.len(),
                if denied.len() == 1 { "" } else { "s" },
                entry.path
            ),
        ));
    }
    let summary = forwarded.summary(&prepared.target, &prepared.from, &prepared.notes);
    let module = publishable(
        &forwarded,
        written(&forwarded, &[]),
        None,
        summary,
        Path::new(&origin),
    )?;
    let outcome = edge::publish(
        cx.catalog,
        cx.config,
        registry,
        module,
        resume.to_string(),
        &edge::stderr_progress(cx.quiet),
    )?;
    let pr = outcome.pull_request;
    Ok(Action {
        path: entry.path.clone(),
        action: match &pr {
            Some(pr) if pr.created => "opened",
            _ => "updated",
        },
        reason: None,
        pull_request: pr,
    })
}

/// Whether the survey puts a module behind the catalog.
pub(super) fn lags(entry: &Entry) -> bool {
    matches!(entry.lag, Lag::Patch | Lag::Minor | Lag::Major)
}

fn answer(record: &crate::render::Record, key: &str) -> Option<String> {
    record.answers.get(key)?.as_str().map(str::to_string)
}

fn skipped(entry: &Entry, reason: &str) -> Action {
    Action {
        path: entry.path.clone(),
        action: "skipped",
        reason: Some(reason.to_string()),
        pull_request: None,
    }
}

fn failed(entry: &Entry, reason: String) -> Action {
    Action {
        path: entry.path.clone(),
        action: "failed",
        reason: Some(reason),
        pull_request: None,
    }
}

/// The command that carries the run on: the same fleet run.
fn resume(cx: &Context<'_>) -> String {
    let mut words = vec!["goldpath".to_string()];
    if let Some(config) = cx.config_flag {
        words.extend(["--config".into(), quote(&config.display().to_string())]);
    }
    words.extend([
        "fleet".into(),
        "--registry".into(),
        quote(&crate::publish::display_url(cx.url)),
    ]);
    let forge = &cx.args.forge;
    if let Some(kind) = forge.forge {
        words.extend(["--forge".into(), kind.key().into()]);
    }
    if let Some(repo) = &forge.github_repo {
        words.extend(["--github-repo".into(), quote(repo)]);
    }
    if let Some(project) = &forge.project {
        words.extend(["--project".into(), quote(project)]);
    }
    words.push("--open-prs".into());
    if let Some(limit) = cx.args.limit {
        words.extend(["--limit".into(), limit.to_string()]);
    }
    words.join(" ")
}

fn quote(word: &str) -> String {
    crate::publish::body::shell_quote(word)
}
