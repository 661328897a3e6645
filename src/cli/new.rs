//! `goldpath new`: answers in, a rendered module written (or listed with --dry-run).

use super::Session;
use super::args::{Format, NewArgs, RegistryArgs};
use super::publish;
use super::style::{BOLD, OK};
use crate::Error;
use crate::answers::{self, Inputs};
use crate::catalog::{Catalog, Template};
use crate::config::Config;
use crate::guardrails::bundle::shipped_policies;
use crate::output::{self, Action};
use crate::pipeline::{self, Destination, Guards, Written};
use crate::render;
use crate::report::{self, CheckReport};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

pub(super) fn run(
    catalog: &Catalog,
    config: &Config,
    config_flag: Option<&Path>,
    args: &NewArgs,
    session: &Session<'_>,
) -> Result<i32, Error> {
    if !args.publish && args.registry != RegistryArgs::default() {
        return Err(Error::Registry {
            message: "--registry, --github-repo, --base, --path, --draft and --no-pr apply only with --publish".into(),
        });
    }
    let released;
    let template = match args.template.split_once('@') {
        Some((name, version)) => {
            released = catalog.at_version(name, &parse_version(name, version, catalog)?)?;
            &released
        }
        None => catalog.get(&args.template)?,
    };
    let inputs = gather(config, args)?;
    let origin = args.answers.as_ref().map(|p| p.display().to_string());
    let settings = Settings {
        out: args.out.clone(),
        force: args.force,
        dry_run: args.dry_run,
        allow_violations: args.allow_violations,
        format: args.format,
        publish: args.publish.then(|| Publishing {
            catalog,
            config,
            config_flag,
            registry: args.registry.clone(),
        }),
        config: Some(config),
    };
    let current = catalog.templates().iter().position(|t| {
        t.manifest.name == template.manifest.name && t.manifest.version == template.manifest.version
    });
    let interaction = match (interaction(args), current) {
        // The terminal UI browses the catalog's current versions; an older one is asked with
        // line prompts.
        (Interaction::Tui, None) => Interaction::Plain,
        (chosen, _) => chosen,
    };
    match interaction {
        Interaction::None => produce(template, &inputs, origin, &settings, session),
        Interaction::Plain => {
            check_keys(template, &inputs, origin.clone())?;
            let inputs = crate::prompt::ask(template, inputs)?;
            let code = produce(template, &inputs, None, &settings, session)?;
            reproduce(template, &inputs, &settings, session);
            Ok(code)
        }
        Interaction::Tui => {
            check_keys(template, &inputs, origin)?;
            let index = current.expect("only a current version reaches the terminal UI");
            super::tui::run(
                catalog,
                config,
                config_flag,
                Some((index, inputs)),
                settings,
                session,
            )
        }
    }
}

/// `VERSION` of `TEMPLATE@VERSION`.
pub(super) fn parse_version(
    name: &str,
    version: &str,
    catalog: &Catalog,
) -> Result<semver::Version, Error> {
    semver::Version::parse(version).map_err(|_| Error::UnknownVersion {
        template: name.to_string(),
        version: version.to_string(),
        available: catalog
            .get(name)
            .map(|t| {
                t.versions()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
    })
}

/// The answers given on the command line, in the answers file and in the config.
fn gather(config: &Config, args: &NewArgs) -> Result<Inputs, Error> {
    let mut inputs = Inputs {
        config: config.defaults.clone(),
        set: args.set.clone(),
        ..Default::default()
    };
    if let Some(path) = &args.answers {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        inputs.file = answers::file::parse(&text).map_err(|p| Error::AnswersFile {
            path: path.display().to_string(),
            line: p.line,
            message: p.message,
        })?;
    }
    Ok(inputs)
}

/// Before asking anything, refuses answers for parameters the template does not have: no
/// form or prompt could fix those.
fn check_keys(template: &Template, inputs: &Inputs, origin: Option<String>) -> Result<(), Error> {
    let known = |k: &str| template.manifest.parameters.iter().any(|p| p.name == k);
    let problems: Vec<_> = answers::evaluate(&template.manifest, inputs)
        .problems
        .into_iter()
        .filter(|p| !known(&p.parameter))
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Answers { origin, problems })
    }
}

/// How `new` collects answers.
enum Interaction {
    /// Never prompt: every answer comes from files, flags and defaults.
    None,
    /// Line prompts (inquire).
    Plain,
    /// The full-screen terminal UI.
    Tui,
}

fn interaction(args: &NewArgs) -> Interaction {
    use std::io::IsTerminal;
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if args.non_interactive || !terminal || args.format == Format::Json {
        Interaction::None
    } else if args.plain || !crate::tui::can_host() {
        Interaction::Plain
    } else {
        Interaction::Tui
    }
}

/// What publishing needs besides the module: the catalog (for owners), the registry settings.
pub(super) struct Publishing<'a> {
    /// The catalog the module's template came from.
    pub catalog: &'a Catalog,
    /// The loaded config.
    pub config: &'a Config,
    /// The `--config` flag, repeated in the resume command.
    pub config_flag: Option<&'a Path>,
    /// Registry flags.
    pub registry: RegistryArgs,
}

/// Where and how `produce` writes.
pub(super) struct Settings<'a> {
    /// The output directory; `None` picks ./<name answer>.
    pub out: Option<PathBuf>,
    /// Write into a non-empty directory.
    pub force: bool,
    /// Write nothing.
    pub dry_run: bool,
    /// Write despite deny findings.
    pub allow_violations: bool,
    /// Output format.
    pub format: Format,
    /// Publish the written module.
    pub publish: Option<Publishing<'a>>,
    /// The config whose price file and budgets the module is priced and held to.
    pub config: Option<&'a Config>,
}

/// Resolves, renders, checks and writes: the one pipeline behind every front end.
pub(super) fn produce(
    template: &Template,
    inputs: &Inputs,
    origin: Option<String>,
    settings: &Settings<'_>,
    session: &Session<'_>,
) -> Result<i32, Error> {
    let quiet = session.quiet;
    let on_deny = |report: &CheckReport| {
        let _ = write!(anstream::stderr(), "{}", report::human(report));
    };
    let Written {
        target,
        plan,
        bundle,
        report,
        cost,
    } = write_module(template, inputs, origin, settings, session.cancel, &on_deny)?;
    if !quiet && settings.format == Format::Human && !settings.dry_run && settings.publish.is_some()
    {
        let _ = writeln!(
            anstream::stderr(),
            "{OK}written{OK:#}: {} ({} files)",
            target.display(),
            plan.files.len()
        );
    }
    let published = if let Some(publishing) = &settings.publish {
        let text = bundle
            .get(render::RECORD_FILE)
            .expect("every rendered bundle holds its record");
        let record = render::parse_record(text).map_err(|message| Error::Record {
            path: target.join(render::RECORD_FILE),
            message,
        })?;
        let resume = publish::resume_command(&target, &publishing.registry, publishing.config_flag);
        let module = publish::Module {
            contents: crate::publish::Contents::Dir(target.clone()),
            record,
            report: report.clone(),
            cost: Some(cost.clone()),
            update: None,
        };
        Some(publish::publish(
            publishing.catalog,
            publishing.config,
            &publishing.registry,
            module,
            resume,
            &publish::stderr_progress(quiet),
        )?)
    } else {
        None
    };

    let mut out = anstream::stdout();
    let printed = match settings.format {
        Format::Json => {
            let doc = serde_json::json!({
                "template": template.manifest.name,
                "version": template.manifest.version.to_string(),
                "output": target.display().to_string(),
                "dry_run": settings.dry_run,
                "findings": report.findings().map(|(m, f)| serde_json::json!({"module": m.dir, "finding": f})).collect::<Vec<_>>(),
                "files": plan.files.iter().map(|(p, a)| serde_json::json!({"path": p, "action": a})).collect::<Vec<_>>(),
                "cost": cost,
                "publish": published,
            });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&doc).expect("JSON values serialize")
            )
        }
        Format::Human => plan.files.iter().try_for_each(|(path, action)| {
            let verb = match action {
                Action::Create => "create ",
                Action::Replace => "replace",
            };
            writeln!(out, "{verb}  {}", target.join(path).display())
        }),
    };
    if let Some(outcome) = &published
        && settings.format == Format::Human
    {
        publish::print(outcome, Format::Human, quiet)?;
    }
    printed.map_err(|source| Error::Write {
        path: "stdout".into(),
        source,
    })?;
    if !quiet && settings.format == Format::Human {
        let mut err = anstream::stderr();
        if report.findings().next().is_some() {
            let _ = write!(err, "{}", report::human(&report));
        }
        let _ = if settings.dry_run {
            writeln!(
                err,
                "{BOLD}dry run{BOLD:#}: {} files would be written to {}; nothing was written",
                plan.files.len(),
                target.display()
            )
        } else {
            writeln!(
                err,
                "{OK}done{OK:#}: {} {} → {} ({} files)",
                template.manifest.name,
                template.manifest.version,
                target.display(),
                plan.files.len()
            )
        };
        let _ = writeln!(err, "{}", super::cost::summary(&cost, &target));
    }
    Ok(0)
}

/// Renders, checks and writes through the pipeline, printing nothing: `on_deny` sees the
/// report when guardrails stop the write.
pub(super) fn write_module(
    template: &Template,
    inputs: &Inputs,
    origin: Option<String>,
    settings: &Settings<'_>,
    cancel: &AtomicBool,
    on_deny: &dyn Fn(&CheckReport),
) -> Result<Written, Error> {
    let destination = Destination {
        out: settings.out.clone(),
        force: settings.force,
        dry_run: settings.dry_run,
        allow_violations: settings.allow_violations,
    };
    let policies = shipped_policies()?;
    let (prices, budgets) = super::cost::costing(settings.config)?;
    let guards = Guards {
        policies: &policies,
        prices: &prices,
        budgets: &budgets,
    };
    pipeline::deliver(
        template,
        inputs,
        origin,
        &guards,
        &destination,
        cancel,
        on_deny,
    )
}

/// Prints the command line that reproduces an interactive run without a terminal.
pub(super) fn reproduce(
    template: &Template,
    inputs: &Inputs,
    settings: &Settings<'_>,
    session: &Session<'_>,
) {
    if session.quiet {
        return;
    }
    let Ok(answers) = answers::resolve(&template.manifest, inputs) else {
        return;
    };
    let out = settings
        .out
        .clone()
        .unwrap_or_else(|| output::default_dir(&answers, &template.manifest.name));
    let line = super::reproduce::command(template, &answers, &out, settings);
    let _ = writeln!(
        anstream::stderr(),
        "{BOLD}to do the same without a terminal{BOLD:#}:\n  {line}"
    );
}
