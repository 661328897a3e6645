//! `goldpath new`: answers in, a rendered module written (or listed with --dry-run).

use super::args::{Format, NewArgs, RegistryArgs};
use super::publish;
use super::style::{BOLD, OK};
use crate::Error;
use crate::answers::{self, Answers, Inputs, Value};
use crate::catalog::Catalog;
use crate::catalog::Template;
use crate::config::Config;
use crate::guardrails::bundle::check_bundle;
use crate::guardrails::finding::{Finding, Severity};
use crate::guardrails::rego::Policies;
use crate::guardrails::{files, waiver};
use crate::output::{self, Action};
use crate::render::{self, Bundle};
use crate::report::{self, CheckReport};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

pub(super) fn run(
    catalog: &Catalog,
    config: &Config,
    config_flag: Option<&Path>,
    args: &NewArgs,
    quiet: bool,
    cancel: &AtomicBool,
) -> Result<i32, Error> {
    if !args.publish && args.registry != RegistryArgs::default() {
        return Err(Error::Registry {
            message: "--registry, --github-repo, --base, --path, --draft and --no-pr apply only with --publish".into(),
        });
    }
    let template = catalog.get(&args.template)?;
    let mut inputs = Inputs {
        config: config.defaults.clone(),
        set: args.set.clone(),
        ..Default::default()
    };
    let origin = args.answers.as_ref().map(|p| p.display().to_string());
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
    let answers = answers::resolve(&template.manifest, &inputs)
        .map_err(|problems| Error::Answers { origin, problems })?;
    let mut bundle = render::render(template, &answers)?;
    let target = args
        .out
        .clone()
        .unwrap_or_else(|| default_out(&answers, &template.manifest.name));
    let plan = output::plan(&bundle, &target, args.force)?;

    let report = guardrails(template, &answers, &bundle)?;
    let blocking: Vec<&Finding> = report
        .findings()
        .map(|(_, f)| f)
        .filter(|f| f.fails(Severity::Deny))
        .collect();
    if !blocking.is_empty() {
        if !args.allow_violations {
            let _ = write!(anstream::stderr(), "{}", report::human(&report));
            return Err(Error::GuardrailsDeny {
                count: blocking.len(),
            });
        }
        bundle.append(render::RECORD_FILE, &render::allowed_violations(&blocking));
    }
    if !args.dry_run {
        output::write(&bundle, &plan, cancel)?;
    }
    if !quiet && args.format == Format::Human && !args.dry_run && args.publish {
        let _ = writeln!(
            anstream::stderr(),
            "{OK}written{OK:#}: {} ({} files)",
            target.display(),
            plan.files.len()
        );
    }
    let published = if args.publish {
        let text = bundle
            .get(render::RECORD_FILE)
            .expect("every rendered bundle holds its record");
        let record = render::parse_record(text).map_err(|message| Error::Record {
            path: target.join(render::RECORD_FILE),
            message,
        })?;
        let resume = publish::resume_command(&target, &args.registry, config_flag);
        let module = publish::Module {
            dir: &target,
            record,
            report: report.clone(),
        };
        Some(publish::publish(
            catalog,
            config,
            &args.registry,
            module,
            resume,
            quiet,
        )?)
    } else {
        None
    };

    let mut out = anstream::stdout();
    let printed = match args.format {
        Format::Json => {
            let doc = serde_json::json!({
                "template": template.manifest.name,
                "version": template.manifest.version.to_string(),
                "output": target.display().to_string(),
                "dry_run": args.dry_run,
                "findings": report.findings().map(|(m, f)| serde_json::json!({"module": m.dir, "finding": f})).collect::<Vec<_>>(),
                "files": plan.files.iter().map(|(p, a)| serde_json::json!({"path": p, "action": a})).collect::<Vec<_>>(),
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
        && args.format == Format::Human
    {
        publish::print(outcome, Format::Human, quiet)?;
    }
    printed.map_err(|source| Error::Write {
        path: "stdout".into(),
        source,
    })?;
    if !quiet && args.format == Format::Human {
        let mut err = anstream::stderr();
        if report.findings().next().is_some() {
            let _ = write!(err, "{}", report::human(&report));
        }
        let _ = if args.dry_run {
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
    }
    Ok(0)
}

/// Holds the rendered bundle to the built-in checks and the shipped policy library.
fn guardrails(
    template: &Template,
    answers: &Answers,
    bundle: &Bundle,
) -> Result<CheckReport, Error> {
    let policies = Policies::load(&files::embedded_policies()).map_err(|e| Error::Policy {
        path: e.path.into(),
        message: e.message,
    })?;
    let meta = serde_json::json!({
        "template": template.manifest.name,
        "version": template.manifest.version.to_string(),
        "answers": answers.to_json(),
    });
    let modules = check_bundle(bundle, Some(meta), &policies, &waiver::today()).map_err(|e| {
        Error::Render {
            template: template.manifest.name.clone(),
            file: "(rendered module)".into(),
            line: None,
            message: format!("guardrails could not read the rendered module: {e}"),
        }
    })?;
    Ok(CheckReport {
        modules,
        fail_on: Severity::Deny,
    })
}

fn default_out(answers: &Answers, template: &str) -> PathBuf {
    match answers.get("name") {
        Some(Value::String(name))
            if crate::catalog::is_safe_relative(name) && !name.contains('/') =>
        {
            PathBuf::from(name)
        }
        _ => PathBuf::from(template),
    }
}
