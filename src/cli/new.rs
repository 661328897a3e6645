//! `goldpath new`: answers in, a rendered module written (or listed with --dry-run).

use super::args::{Format, NewArgs};
use super::style::{BOLD, OK};
use crate::Error;
use crate::answers::{self, Answers, Inputs, Value};
use crate::catalog::Catalog;
use crate::config::Config;
use crate::output::{self, Action};
use crate::render;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

pub(super) fn run(
    catalog: &Catalog,
    config: &Config,
    args: &NewArgs,
    quiet: bool,
    cancel: &AtomicBool,
) -> Result<i32, Error> {
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
    let bundle = render::render(template, &answers)?;
    let target = args
        .out
        .clone()
        .unwrap_or_else(|| default_out(&answers, &template.manifest.name));
    let plan = output::plan(&bundle, &target, args.force)?;
    if !args.dry_run {
        output::write(&bundle, &plan, cancel)?;
    }

    let mut out = anstream::stdout();
    let printed = match args.format {
        Format::Json => {
            let doc = serde_json::json!({
                "template": template.manifest.name,
                "version": template.manifest.version.to_string(),
                "output": target.display().to_string(),
                "dry_run": args.dry_run,
                "files": plan.files.iter().map(|(p, a)| serde_json::json!({"path": p, "action": a})).collect::<Vec<_>>(),
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
    printed.map_err(|source| Error::Write {
        path: "stdout".into(),
        source,
    })?;
    if !quiet && args.format == Format::Human {
        let mut err = anstream::stderr();
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
