//! `goldpath update DIR`: the module brought forward to a newer template version, merged three
//! ways with the user's edits, checked and priced, then written in one swap.

use super::Session;
use super::args::{Format, UpdateArgs};
use crate::Error;
use crate::answers::{Answers, Inputs};
use crate::catalog::{Catalog, Template};
use crate::config::Config;
use crate::guardrails::bundle::shipped_policies;
use crate::pipeline::{self, Guards, Review};
use crate::render::{self, Bundle, RECORD_FILE, Record};
use crate::report;
use crate::update::apply::{self, Update};
use crate::update::{Change, migrate};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::Path;

pub(super) fn run(
    catalog: &Catalog,
    config: &Config,
    args: &UpdateArgs,
    session: &Session<'_>,
    sources: &dyn Fn(&str) -> Result<Catalog, Error>,
) -> Result<i32, Error> {
    let record = read_record(&args.dir)?;
    let recorded_version = version(&record.template, &record.version, catalog)?;
    let original_template = match &record.source {
        Some(origin) => sources(&origin.pinned())?.get(&record.template)?.clone(),
        None => catalog.at_version(&record.template, &recorded_version)?,
    };
    let target = match &args.to {
        Some(v) => catalog.at_version(&record.template, &version(&record.template, v, catalog)?)?,
        None => catalog.get(&record.template)?.clone(),
    };
    if target.manifest.version < recorded_version {
        return Err(Error::Update {
            message: format!(
                "{} was generated from {} {recorded_version}, newer than {}",
                args.dir.display(),
                record.template,
                target.manifest.version
            ),
            help: "name a version at least as new with --to".into(),
        });
    }
    let crossed = migrate::crossed(
        &target.manifest.migrations,
        &recorded_version,
        &target.manifest.version,
    );
    let original_answers = resolve(&original_template, &recorded(&record.answers), &args.dir)?;
    let original = render::render(&original_template, &original_answers)?;

    let mut answers = record.answers.clone();
    let notes = migrate::answers(&mut answers, &crossed);
    let mut inputs = recorded(&answers);
    inputs.set = args.set.clone();
    for (key, _) in &args.set {
        inputs.form.remove(key);
    }
    let interactive = !args.non_interactive
        && args.format == Format::Human
        && std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal();
    let theirs_answers = match crate::answers::resolve(&target.manifest, &inputs) {
        Ok(answers) => answers,
        Err(_) if interactive => {
            resolve(&target, &crate::prompt::ask(&target, inputs)?, &args.dir)?
        }
        Err(problems) => {
            return Err(Error::Answers {
                origin: Some(format!(
                    "{} (recorded answers and --set)",
                    args.dir.join(RECORD_FILE).display()
                )),
                problems,
            });
        }
    };
    let theirs = render::render(&target, &theirs_answers)?;

    let ours = read_module(&args.dir)?;
    let update = apply::apply(&apply::Inputs {
        original: &original,
        theirs: &theirs,
        ours: &ours,
        recorded: &record.files,
        migrations: &crossed,
    });
    let conflicts = update.merge.conflicts().count();

    let policies = shipped_policies()?;
    let (prices, budgets) = super::cost::costing(Some(config))?;
    let guards = Guards {
        policies: &policies,
        prices: &prices,
        budgets: &budgets,
    };
    let before = pipeline::review(
        &original_template,
        &original_answers,
        original.clone(),
        &guards,
    )
    .ok()
    .map(|r| r.cost.estimate.monthly);
    let review = if conflicts == 0 {
        Some(pipeline::review(
            &target,
            &theirs_answers,
            update.result.clone(),
            &guards,
        )?)
    } else {
        None
    };
    let denied = review.as_ref().map_or(0, |r| {
        r.report
            .findings()
            .filter(|(_, f)| f.fails(crate::guardrails::finding::Severity::Deny))
            .count()
    });
    let changed = update.changes_anything(&ours);
    let outcome = Outcome {
        template: &target,
        from: &recorded_version,
        update: &update,
        notes: &notes,
        review: review.as_ref(),
        before,
        dry_run: args.dry_run,
        changed,
    };
    if denied > 0 && !args.allow_violations {
        print(&outcome, &args.dir, &ours, args.format, session.quiet)?;
        return Err(Error::GuardrailsDeny { count: denied });
    }
    if changed && !args.dry_run {
        let mut write = update.merge.write.clone();
        if denied > 0 {
            let blocking: Vec<_> = review
                .iter()
                .flat_map(|r| r.report.findings().map(|(_, f)| f))
                .filter(|f| f.fails(crate::guardrails::finding::Severity::Deny))
                .collect();
            write.append(RECORD_FILE, &render::allowed_violations(&blocking));
        }
        crate::output::write_changes(&write, &update.merge.delete, &args.dir, session.cancel)?;
    }
    print(&outcome, &args.dir, &ours, args.format, session.quiet)?;
    Ok(if conflicts > 0 { 1 } else { 0 })
}

/// What the update did, for the report.
struct Outcome<'a> {
    template: &'a Template,
    from: &'a semver::Version,
    update: &'a Update,
    notes: &'a [String],
    review: Option<&'a Review>,
    before: Option<f64>,
    dry_run: bool,
    changed: bool,
}

fn print(
    outcome: &Outcome<'_>,
    dir: &Path,
    ours: &BTreeMap<String, String>,
    format: Format,
    quiet: bool,
) -> Result<(), Error> {
    let m = &outcome.template.manifest;
    let after = outcome.review.map(|r| r.cost.estimate.monthly);
    let conflicts: Vec<_> = outcome.update.merge.conflicts().collect();
    let mut out = anstream::stdout();
    let written = match format {
        Format::Json => {
            let doc = serde_json::json!({
                "template": m.name,
                "from": outcome.from.to_string(),
                "to": m.version.to_string(),
                "dir": dir.display().to_string(),
                "dry_run": outcome.dry_run,
                "changed": outcome.changed,
                "files": outcome.update.merge.changes,
                "conflicts": conflicts.len(),
                "notes": outcome.notes,
                "findings": outcome.review.map(|r| r.report.findings().map(|(m, f)| serde_json::json!({"module": m.dir, "finding": f})).collect::<Vec<_>>()),
                "cost": {"before": outcome.before, "after": after},
            });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&doc).expect("JSON values serialize")
            )
        }
        Format::Human => {
            let mut text = String::new();
            if outcome.dry_run {
                text.push_str(&diff(
                    &outcome.update.merge.write,
                    &outcome.update.merge.delete,
                    ours,
                ));
            }
            for c in &outcome.update.merge.changes {
                let lines = if c.conflict_lines.is_empty() {
                    String::new()
                } else {
                    format!(
                        ":{}",
                        c.conflict_lines
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(",")
                    )
                };
                let note = c
                    .note
                    .as_ref()
                    .map(|n| format!("  ({n})"))
                    .unwrap_or_default();
                text.push_str(&format!(
                    "{:<13} {}{lines}{note}\n",
                    verb(c.change),
                    dir.join(&c.path).display()
                ));
            }
            if text.is_empty() {
                Ok(())
            } else {
                write!(out, "{text}").and_then(|()| out.flush())
            }
        }
    };
    written.map_err(|source| Error::Write {
        path: "stdout".into(),
        source,
    })?;
    if quiet || format == Format::Json {
        return Ok(());
    }
    let mut err = anstream::stderr();
    if let Some(review) = outcome.review
        && review.report.findings().next().is_some()
    {
        let _ = write!(err, "{}", report::human(&review.report));
    }
    for note in outcome.notes {
        let _ = writeln!(err, "note: {note}");
    }
    match (outcome.before, after) {
        (Some(before), Some(after)) if (after - before).abs() >= 0.005 => {
            let _ = writeln!(
                err,
                "monthly estimate: ${before:.2} → ${after:.2} ({:+.2})",
                after - before
            );
        }
        (_, Some(after)) => {
            let _ = writeln!(err, "monthly estimate: ${after:.2} (unchanged)");
        }
        _ => {}
    }
    let headline = format!("{} {} → {}", m.name, outcome.from, m.version);
    let _ = if !conflicts.is_empty() {
        writeln!(
            err,
            "{headline}: {} file{} with conflicts{}; resolve the conflict markers (ours = your module, original = {}, theirs = {}), then run `goldpath check {}`",
            conflicts.len(),
            if conflicts.len() == 1 { "" } else { "s" },
            if outcome.dry_run {
                " (dry run: nothing was written)"
            } else {
                ""
            },
            outcome.from,
            m.version,
            dir.display()
        )
    } else if outcome.dry_run {
        writeln!(err, "{headline}: dry run, nothing was written")
    } else if !outcome.changed {
        writeln!(err, "{headline}: {} is up to date", dir.display())
    } else {
        writeln!(err, "{headline}: {} updated", dir.display())
    };
    Ok(())
}

fn verb(change: Change) -> &'static str {
    match change {
        Change::Updated => "updated",
        Change::Created => "created",
        Change::Deleted => "deleted",
        Change::Merged => "merged",
        Change::Kept => "kept (yours)",
        Change::StaysDeleted => "stays deleted",
        Change::Conflict => "CONFLICT",
    }
}

/// A unified diff of every file the update writes or deletes, against the module on disk.
fn diff(write: &Bundle, delete: &[String], ours: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let empty = String::new();
    for (path, text) in write.iter() {
        let old = ours.get(path).unwrap_or(&empty);
        if old != text {
            out.push_str(&unified(path, old, text));
        }
    }
    for path in delete {
        out.push_str(&unified(path, ours.get(path).unwrap_or(&empty), ""));
    }
    out
}

fn unified(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// The recorded answers as the form layer of the inputs: they win over defaults, and one for
/// a parameter no longer asked is set aside rather than refused.
fn recorded(answers: &serde_json::Map<String, serde_json::Value>) -> Inputs {
    Inputs {
        form: answers.clone().into_iter().collect(),
        ..Default::default()
    }
}

fn resolve(template: &Template, inputs: &Inputs, dir: &Path) -> Result<Answers, Error> {
    crate::answers::resolve(&template.manifest, inputs).map_err(|problems| Error::Answers {
        origin: Some(dir.join(RECORD_FILE).display().to_string()),
        problems,
    })
}

fn version(template: &str, text: &str, catalog: &Catalog) -> Result<semver::Version, Error> {
    super::new::parse_version(template, text, catalog)
}

fn read_record(dir: &Path) -> Result<Record, Error> {
    let path = dir.join(RECORD_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Update {
                message: format!("{} has no {RECORD_FILE}", dir.display()),
                help: "update brings forward modules goldpath generated; give the directory `goldpath new` wrote".into(),
            });
        }
        Err(source) => return Err(Error::Read { path, source }),
    };
    render::parse_record(&text).map_err(|message| Error::Record { path, message })
}

/// Every text file of the module, by `/`-separated path; `.terraform/` and `.git/` are skipped.
fn read_module(dir: &Path) -> Result<BTreeMap<String, String>, Error> {
    let mut out = BTreeMap::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, prefix)) = pending.pop() {
        let entries = std::fs::read_dir(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{prefix}{name}");
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if name != ".terraform" && name != ".git" {
                    pending.push((entry.path(), format!("{rel}/")));
                }
            } else if kind.is_file()
                && let Ok(text) = std::fs::read_to_string(entry.path())
            {
                out.insert(rel, text);
            }
        }
    }
    Ok(out)
}
