//! `goldpath publish DIR` and `goldpath new --publish`: settings from flags, goldpath.toml and
//! the environment, then the publish edge, with progress on stderr.

use super::args::{ForgeArgs, Format, PublishArgs, RegistryArgs};
use super::style::{BOLD, OK};
use crate::Error;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::cost::budget::Subject;
use crate::cost::bundle::{USAGE_FILE, estimate_bundle};
use crate::guardrails::bundle::shipped_policies;
use crate::guardrails::files;
use crate::guardrails::finding::Severity;
use crate::guardrails::rego::Namespaces;
use crate::pipeline::Cost;
use crate::publish::body::shell_quote;
use crate::publish::forge::place::{ForgeKind, Hints, Target, default_api_url, host, place};
use crate::publish::plan::{GithubRepo, PathPattern};
use crate::publish::{self, Contents, Outcome, PullRequestSettings, Request, Token};
use crate::render::Bundle;
use crate::render::{RECORD_FILE, Record};
use crate::report::{self, CheckReport};
use crate::update::forward::Summary;
use std::io::Write;
use std::path::{Path, PathBuf};

pub(super) fn run(
    catalog: &Catalog,
    config: &Config,
    config_flag: Option<&Path>,
    args: &PublishArgs,
    quiet: bool,
) -> Result<i32, Error> {
    let record_path = args.dir.join(RECORD_FILE);
    let text = std::fs::read_to_string(&record_path).map_err(|source| Error::Read {
        path: record_path.clone(),
        source,
    })?;
    let record = crate::render::parse_record(&text).map_err(|message| Error::Record {
        path: record_path,
        message,
    })?;
    let policies = shipped_policies()?;
    let report = CheckReport {
        modules: super::check::check_modules(&args.dir, &policies, &Namespaces::All)?,
        fail_on: Severity::Deny,
    };
    let denied = report
        .findings()
        .filter(|(_, f)| f.fails(Severity::Deny))
        .count();
    if denied > 0 && record.allowed_violations == 0 {
        let _ = write!(anstream::stderr(), "{}", report::human(&report));
        return Err(Error::PublishDeny { count: denied });
    }
    let resume = resume_command(&args.dir, &args.registry, config_flag);
    let outcome = publish(
        catalog,
        config,
        &args.registry,
        Module {
            contents: Contents::Dir(args.dir.clone()),
            record,
            report,
            cost: None,
            update: None,
        },
        resume,
        &stderr_progress(quiet),
    )?;
    print(&outcome, args.format, quiet)?;
    Ok(0)
}

/// Progress of a publish as `publish: …` lines on stderr (none when quiet).
pub(super) fn stderr_progress(quiet: bool) -> impl Fn(publish::Progress) {
    move |step| {
        if !quiet {
            let _ = writeln!(anstream::stderr(), "{BOLD}publish{BOLD:#}: {step}");
        }
    }
}

/// A rendered module, ready to publish.
pub(super) struct Module {
    /// What the registry's directory of the module will hold.
    pub contents: Contents,
    /// Its `.goldpath.yaml`.
    pub record: Record,
    /// Its guardrail report.
    pub report: CheckReport,
    /// Its estimate, when the front end priced it already.
    pub cost: Option<Cost>,
    /// For an update, what changed.
    pub update: Option<Summary>,
}

/// The estimate of a module on disk (its root module, with its `infracost-usage.yml`, in the
/// region of its answers) held to the config's budgets.
fn module_cost(dir: &Path, record: &Record, config: &Config) -> Result<Cost, Error> {
    let (prices, budgets) = super::cost::costing(Some(config))?;
    let mut bundle = Bundle::default();
    for module in files::read_modules(dir, "")? {
        for (path, text) in module.files {
            bundle.insert(path, text);
        }
    }
    if let Ok(text) = std::fs::read_to_string(dir.join(USAGE_FILE)) {
        bundle.insert(USAGE_FILE.to_string(), text);
    }
    let answer = |key: &str| record.answers.get(key).and_then(|v| v.as_str());
    let estimate =
        estimate_bundle(&bundle, answer("region"), &prices).map_err(|e| Error::Check {
            path: dir.join(&e.file),
            message: e.message,
        })?;
    let subject = Subject {
        environment: answer("environment"),
        team: answer("team"),
        template: Some(&record.template),
    };
    let verdict = budgets.verdict(&estimate, subject);
    Ok(Cost { estimate, verdict })
}

/// Publishes `module` with settings from `args`, the config and the environment.
pub(super) fn publish(
    catalog: &Catalog,
    config: &Config,
    args: &RegistryArgs,
    module: Module,
    resume: String,
    progress: &dyn Fn(publish::Progress),
) -> Result<Outcome, Error> {
    let mut warnings = Vec::new();
    let owners = match catalog.get(&module.record.template) {
        Ok(template) => template.manifest.owners.clone(),
        Err(_) => {
            warnings.push(format!(
                "template `{}` is not in the catalog, so no reviewers are requested",
                module.record.template
            ));
            Vec::new()
        }
    };
    let mut module = module;
    if let (None, Contents::Dir(dir)) = (&module.cost, &module.contents) {
        match module_cost(dir, &module.record, config) {
            Ok(cost) => module.cost = Some(cost),
            Err(e) => warnings.push(format!(
                "the module could not be priced, so the pull request shows no estimate: {e}"
            )),
        }
    }
    let request = request(config, args, module, owners, resume)?;
    let mut outcome = publish::publish(&request, progress)?;
    warnings.append(&mut outcome.warnings);
    outcome.warnings = warnings;
    Ok(outcome)
}

fn request(
    config: &Config,
    args: &RegistryArgs,
    module: Module,
    owners: Vec<String>,
    resume: String,
) -> Result<Request, Error> {
    let settings = |message: String| Error::Registry { message };
    let url = registry_url(args.registry.as_ref(), config)?;
    let path = match &args.path {
        Some(pattern) => {
            PathPattern::parse(pattern).map_err(|m| settings(format!("--path: {m}")))?
        }
        None => config.registry.path.clone().unwrap_or_default(),
    };
    let pull_request = pull_request_settings(config, args, &url)?;
    let forge = match &pull_request {
        Some(settings) => Some(settings.target.kind()),
        None => forge_of(config, &args.forge, &url),
    };
    let cache_dir = registry_cache()?;
    Ok(Request {
        contents: module.contents,
        update: module.update,
        record: module.record,
        owners,
        report: module.report,
        cost: module.cost,
        approvers: config.budgets.approvers.clone(),
        url,
        base: args.base.clone().or_else(|| config.registry.base.clone()),
        path,
        pull_request,
        token: token(forge),
        cache_dir,
        resume,
    })
}

/// The forge and repository of the registry at `url`, from the flags, the config, the URL and
/// the CI environment; `None` when nothing tells.
pub(super) fn target(
    config: &Config,
    args: &ForgeArgs,
    url: &str,
) -> Result<Option<Target>, Error> {
    let settings = |message: String| Error::Registry { message };
    let github_repo = match &args.github_repo {
        Some(repo) => {
            Some(GithubRepo::parse(repo).map_err(|m| settings(format!("--github-repo: {m}")))?)
        }
        None => config.registry.github_repo.clone(),
    };
    let ci_hosts = [
        (ForgeKind::GitHub, "GITHUB_SERVER_URL"),
        // A GitHub Enterprise Server's API base names its host too.
        (ForgeKind::GitHub, "GITHUB_API_URL"),
        (ForgeKind::GitLab, "CI_SERVER_HOST"),
        (ForgeKind::AzureDevOps, "SYSTEM_COLLECTIONURI"),
    ]
    .into_iter()
    .filter_map(|(kind, var)| Some((kind, host(&non_empty_env(var)?))))
    .collect();
    let hints = Hints {
        forge: args.forge.or(config.registry.forge),
        github_repo,
        project: args
            .project
            .clone()
            .or_else(|| config.registry.project.clone()),
        ci_hosts,
    };
    place(url, &hints).map_err(settings)
}

/// Where the pull request is opened, from the flags, the config and the environment; `None`
/// with `--no-pr`.
pub(super) fn pull_request_settings(
    config: &Config,
    args: &RegistryArgs,
    url: &str,
) -> Result<Option<PullRequestSettings>, Error> {
    if args.no_pr {
        return Ok(None);
    }
    let target = target(config, &args.forge, url)?.ok_or_else(|| Error::Registry {
        message: format!(
            "cannot tell which forge hosts `{}`: set registry.forge (github, gitlab or azure-devops) or pass --forge, or pass --no-pr to stop after the push",
            publish::display_url(url)
        ),
    })?;
    let api_url = api_url(&target, config, url);
    Ok(Some(PullRequestSettings {
        target,
        api_url,
        draft: args.draft || config.registry.draft,
        assignees: config.registry.assignees.clone(),
    }))
}

/// The forge's API base: `GITHUB_API_URL` first on GitHub (as GitHub Actions sets it), the
/// config first elsewhere, then the CI job's own variable when it serves the registry's host,
/// then the base the URL implies.
fn api_url(target: &Target, config: &Config, url: &str) -> String {
    let configured = config.registry.api_url.clone();
    // A local path has no host: a CI job publishing to one means its own forge.
    let registry = host(url);
    let same_host = |ci_url: &str| registry.is_empty() || host(ci_url) == registry;
    let from_ci = |var: &str| non_empty_env(var).filter(|v| same_host(v));
    let found = match target.kind() {
        ForgeKind::GitHub => non_empty_env("GITHUB_API_URL").or(configured),
        ForgeKind::GitLab => configured.or_else(|| from_ci("CI_API_V4_URL")),
        ForgeKind::AzureDevOps => configured.or_else(|| from_ci("SYSTEM_COLLECTIONURI")),
    };
    found
        .map(|u| u.trim_end_matches('/').to_string())
        .unwrap_or_else(|| default_api_url(target, url))
}

/// The token for pushes and the API of `forge` (GitHub's when the forge is not known): the
/// personal token's variables first, then the CI job's token.
pub(super) fn token(forge: Option<ForgeKind>) -> Option<Token> {
    let kind = forge.unwrap_or(ForgeKind::GitHub);
    let (personal, ci) = kind.token_vars();
    personal
        .iter()
        .find_map(|var| non_empty_env(var))
        .map(|value| Token::new(kind, value))
        .or_else(|| {
            ci.and_then(non_empty_env)
                .map(|value| Token::ci_job(kind, value))
        })
}

/// The forge of the registry, when anything tells, for choosing the token.
pub(super) fn forge_of(config: &Config, args: &ForgeArgs, url: &str) -> Option<ForgeKind> {
    target(config, args, url).ok().flatten().map(|t| t.kind())
}

/// Where clones of registry repositories are cached (shared by publish and fleet).
pub(super) fn registry_cache() -> Result<std::path::PathBuf, Error> {
    use etcetera::BaseStrategy;
    Ok(etcetera::choose_base_strategy()
        .map_err(|e| Error::Registry {
            message: format!("cannot find the cache directory: {e}; set XDG_CACHE_HOME"),
        })?
        .cache_dir()
        .join("goldpath")
        .join("registries"))
}

/// The registry URL from the flag or the config; a local path made absolute so the cache key
/// does not depend on the working directory.
pub(super) fn registry_url(flag: Option<&String>, config: &Config) -> Result<String, Error> {
    let url = flag
        .cloned()
        .or_else(|| config.registry.url.clone())
        .ok_or_else(|| Error::Registry {
            message:
                "no registry repository: pass --registry URL or set registry.url in goldpath.toml"
                    .into(),
        })?;
    Ok(match std::path::absolute(&url) {
        Ok(path) if !url.contains("://") && Path::new(&url).exists() => {
            path.to_string_lossy().into_owned()
        }
        _ => url,
    })
}

pub(super) fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The `goldpath publish` command that resumes a publish of `dir` with the same flags.
pub(super) fn resume_command(dir: &Path, args: &RegistryArgs, config: Option<&Path>) -> String {
    command_with_registry("publish", dir, args, config, &[])
}

/// `goldpath [--config FILE] COMMAND DIR` with the registry flags of `args` and then `extra`.
pub(super) fn command_with_registry(
    command: &str,
    dir: &Path,
    args: &RegistryArgs,
    config: Option<&Path>,
    extra: &[String],
) -> String {
    let mut words = vec!["goldpath".to_string()];
    if let Some(config) = config {
        words.push("--config".into());
        words.push(shell_quote(&config.display().to_string()));
    }
    words.push(command.into());
    words.push(shell_quote(&dir.display().to_string()));
    let options = [
        (
            "--registry",
            args.registry.as_deref().map(publish::display_url),
        ),
        ("--forge", args.forge.forge.map(|k| k.key().to_string())),
        ("--github-repo", args.forge.github_repo.clone()),
        ("--project", args.forge.project.clone()),
        ("--base", args.base.clone()),
        ("--path", args.path.clone()),
    ];
    for (flag, value) in options {
        if let Some(value) = value {
            words.push(flag.into());
            words.push(shell_quote(&value));
        }
    }
    for (flag, on) in [("--draft", args.draft), ("--no-pr", args.no_pr)] {
        if on {
            words.push(flag.into());
        }
    }
    words.extend(extra.iter().map(|w| shell_quote(w)));
    words.join(" ")
}

/// Prints the outcome: one JSON document, or lines for people (warnings on stderr).
pub(super) fn print(outcome: &Outcome, format: Format, quiet: bool) -> Result<(), Error> {
    let mut out = anstream::stdout();
    let printed = match format {
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(outcome).expect("JSON values serialize")
        ),
        Format::Human => human(outcome, &mut out),
    };
    printed.map_err(|source| Error::Write {
        path: PathBuf::from("stdout"),
        source,
    })?;
    if !quiet && format == Format::Human {
        for warning in &outcome.warnings {
            let _ = writeln!(anstream::stderr(), "{BOLD}warning{BOLD:#}: {warning}");
        }
    }
    Ok(())
}

fn human(outcome: &Outcome, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "branch        {}", outcome.branch)?;
    writeln!(out, "commit        {}", outcome.commit)?;
    if let Some(pr) = &outcome.pull_request {
        let verb = if pr.created { "opened" } else { "updated" };
        writeln!(
            out,
            "{OK}pull request{OK:#}  #{} {verb}: {}",
            pr.number, pr.url
        )?;
    }
    Ok(())
}
