//! `goldpath update DIR`: the module brought forward to a newer template version, merged three
//! ways with the user's edits, checked and priced, then written in one swap.

use super::Session;
use super::args::{Format, UpdateArgs};
use crate::Error;
use crate::answers::{Answers, Inputs};
use crate::catalog::{Catalog, Template};
use crate::config::Config;
use crate::guardrails::bundle::shipped_policies;
use crate::guardrails::finding::{Finding, Severity};
use crate::pipeline::{Guards, Review};
use crate::publish::Contents;
use crate::render::{self, Bundle, RECORD_FILE, Record};
use crate::report::{self, CheckReport};
use crate::update::apply::Update;
use crate::update::forward::{self, Forwarded, Summary};
use crate::update::{Change, migrate};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::Path;

pub(super) fn run(
    catalog: &Catalog,
    config: &Config,
    config_flag: Option<&Path>,
    args: &UpdateArgs,
    session: &Session<'_>,
    sources: &dyn Fn(&str) -> Result<Catalog, Error>,
) -> Result<i32, Error> {
    let record = read_record(&args.dir)?;
    let origin = args.dir.join(RECORD_FILE).display().to_string();
    let prepared = prepare(
        catalog,
        &record,
        args.to.as_deref(),
        &args.set,
        sources,
        &origin,
    )?;
    let interactive = !args.non_interactive
        && args.format == Format::Human
        && std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal();
    let theirs_answers = match crate::answers::resolve(&prepared.target.manifest, &prepared.inputs)
    {
        Ok(answers) => answers,
        Err(_) if interactive => resolve(
            &prepared.target,
            &crate::prompt::ask(&prepared.target, prepared.inputs.clone())?,
            &origin,
        )?,
        Err(problems) => {
            return Err(Error::Answers {
                origin: Some(format!("{origin} (recorded answers and --set)")),
                problems,
            });
        }
    };

    let ours = read_module(&args.dir)?;
    let policies = shipped_policies()?;
    let (prices, budgets) = super::cost::costing(Some(config))?;
    let guards = Guards {
        policies: &policies,
        prices: &prices,
        budgets: &budgets,
    };
    let forwarded = prepared.forward(&theirs_answers, &ours, &record, &guards)?;
    let summary = forwarded.summary(&prepared.target, &prepared.from, &prepared.notes);
    let conflicts = summary.conflicts.len();
    let denied = forwarded.denied();
    let changed = forwarded.update.changes_anything(&ours);
    let mut outcome = Outcome {
        summary: &summary,
        update: &forwarded.update,
        review: forwarded.after.as_ref(),
        dry_run: args.dry_run,
        changed,
        published: None,
    };
    if !denied.is_empty() && !args.allow_violations {
        print(&outcome, &args.dir, &ours, args.format, session.quiet)?;
        return Err(Error::GuardrailsDeny {
            count: denied.len(),
        });
    }
    let write = written(&forwarded, &denied);
    let published = if args.publish && changed {
        Some(publish_update(
            catalog,
            config,
            config_flag,
            args,
            &forwarded,
            &write,
            summary.clone(),
            session.quiet,
        )?)
    } else {
        None
    };
    if changed && !args.dry_run {
        crate::output::write_changes(
            &write,
            &forwarded.update.merge.delete,
            &args.dir,
            session.cancel,
        )?;
    }
    outcome.published = published.as_ref();
    print(&outcome, &args.dir, &ours, args.format, session.quiet)?;
    Ok(if conflicts > 0 { 1 } else { 0 })
}

/// The templates and answers of one update, worked out from a module's record.
pub(super) struct Prepared {
    /// The recorded version of the template.
    pub original: Template,
    /// The version to update to.
    pub target: Template,
    /// The recorded version.
    pub from: semver::Version,
    /// The recorded answers, resolved against the recorded version.
    pub original_answers: Answers,
    /// The answers for the new version before resolving: recorded, migrated, `--set`.
    pub inputs: Inputs,
    /// What the migrations did to the answers.
    pub notes: Vec<String>,
}

impl Prepared {
    /// Brings `ours` forward with `answers` (resolved from `inputs`).
    pub fn forward(
        &self,
        answers: &Answers,
        ours: &BTreeMap<String, String>,
        record: &Record,
        guards: &Guards<'_>,
    ) -> Result<Forwarded, Error> {
        let crossed = migrate::crossed(
            &self.target.manifest.migrations,
            &self.from,
            &self.target.manifest.version,
        );
        forward::forward(
            &forward::Forward {
                original: &self.original,
                original_answers: &self.original_answers,
                target: &self.target,
                answers,
                ours,
                recorded: &record.files,
                migrations: &crossed,
            },
            guards,
        )
    }
}

/// Finds both versions of the record's template (a git source's at its recorded commit) and
/// the answers for each; `origin` names the record in errors.
pub(super) fn prepare(
    catalog: &Catalog,
    record: &Record,
    to: Option<&str>,
    set: &[(String, String)],
    sources: &dyn Fn(&str) -> Result<Catalog, Error>,
    origin: &str,
) -> Result<Prepared, Error> {
    let from = version(&record.template, &record.version, catalog)?;
    let original = match &record.source {
        Some(source) => sources(&source.pinned())?.get(&record.template)?.clone(),
        None => catalog.at_version(&record.template, &from)?,
    };
    let target = match to {
        Some(v) => catalog.at_version(&record.template, &version(&record.template, v, catalog)?)?,
        None => catalog.get(&record.template)?.clone(),
    };
    if target.manifest.version < from {
        return Err(Error::Update {
            message: format!(
                "{origin} records {} {from}, newer than {}",
                record.template, target.manifest.version
            ),
            help: "name a version at least as new with --to".into(),
        });
    }
    let crossed = migrate::crossed(&target.manifest.migrations, &from, &target.manifest.version);
    let original_answers = resolve(&original, &recorded(&record.answers), origin)?;
    let mut answers = record.answers.clone();
    let notes = migrate::answers(&mut answers, &crossed);
    let mut inputs = recorded(&answers);
    inputs.set = set.to_vec();
    for (key, _) in set {
        inputs.form.remove(key);
    }
    Ok(Prepared {
        original,
        target,
        from,
        original_answers,
        inputs,
        notes,
    })
}

/// The files the update writes: the merge, and deny findings it ships with
/// `--allow-violations` recorded in `.goldpath.yaml`.
pub(super) fn written(forwarded: &Forwarded, denied: &[&Finding]) -> Bundle {
    let mut write = forwarded.update.merge.write.clone();
    if !denied.is_empty() {
        write.append(RECORD_FILE, &render::allowed_violations(denied));
    }
    write
}

/// Opens or updates the pull request of the update, before DIR is written: a failure leaves
/// DIR as it was, so the same command resumes.
#[allow(clippy::too_many_arguments)]
fn publish_update(
    catalog: &Catalog,
    config: &Config,
    config_flag: Option<&Path>,
    args: &UpdateArgs,
    forwarded: &Forwarded,
    write: &Bundle,
    summary: Summary,
    quiet: bool,
) -> Result<crate::publish::Outcome, Error> {
    let mut extra = vec!["--publish".to_string()];
    if let Some(to) = &args.to {
        extra.extend(["--to".to_string(), to.clone()]);
    }
    for (key, value) in &args.set {
        extra.extend(["--set".to_string(), format!("{key}={value}")]);
    }
    let resume = super::publish::command_with_registry(
        "update",
        &args.dir,
        &args.registry,
        config_flag,
        &extra,
    );
    super::publish::publish(
        catalog,
        config,
        &args.registry,
        publishable(
            forwarded,
            write.clone(),
            Some(args.dir.clone()),
            summary,
            &args.dir.join(RECORD_FILE),
        )?,
        resume,
        &super::publish::stderr_progress(quiet),
    )
}

/// The update as a module to publish: `write` (and the merge's deletions) on top of `dir`, or
/// of the registry's copy without one; `record_path` names the record in errors.
pub(super) fn publishable(
    forwarded: &Forwarded,
    write: Bundle,
    dir: Option<std::path::PathBuf>,
    summary: Summary,
    record_path: &Path,
) -> Result<super::publish::Module, Error> {
    let text = write
        .get(RECORD_FILE)
        .expect("every rendered bundle holds its record");
    let record = render::parse_record(text).map_err(|message| Error::Record {
        path: record_path.to_path_buf(),
        message,
    })?;
    let review = forwarded.after.as_ref();
    Ok(super::publish::Module {
        contents: Contents::Changed {
            dir,
            write,
            delete: forwarded.update.merge.delete.clone(),
        },
        record,
        report: review.map_or_else(
            || CheckReport {
                modules: Vec::new(),
                fail_on: Severity::Deny,
            },
            |r| r.report.clone(),
        ),
        cost: review.map(|r| r.cost.clone()),
        update: Some(summary),
    })
}

/// What the update did, for the report.
struct Outcome<'a> {
    summary: &'a Summary,
    update: &'a Update,
    review: Option<&'a Review>,
    dry_run: bool,
    changed: bool,
    published: Option<&'a crate::publish::Outcome>,
}

fn print(
    outcome: &Outcome<'_>,
    dir: &Path,
    ours: &BTreeMap<String, String>,
    format: Format,
    quiet: bool,
) -> Result<(), Error> {
    let summary = outcome.summary;
    let (before, after) = (summary.monthly_before, summary.monthly_after);
    let conflicts = &summary.conflicts;
    let mut out = anstream::stdout();
    let written = match format {
        Format::Json => {
            let doc = serde_json::json!({
                "template": summary.template,
                "from": summary.from.to_string(),
                "to": summary.to.to_string(),
                "dir": dir.display().to_string(),
                "dry_run": outcome.dry_run,
                "changed": outcome.changed,
                "files": outcome.update.merge.changes,
                "conflicts": conflicts.len(),
                "notes": summary.notes,
                "changelog": summary.changelog.iter().map(|e| serde_json::json!({"version": e.version.to_string(), "text": e.text})).collect::<Vec<_>>(),
                "findings": outcome.review.map(|r| r.report.findings().map(|(m, f)| serde_json::json!({"module": m.dir, "finding": f})).collect::<Vec<_>>()),
                "new_findings": summary.new_findings,
                "resolved_findings": summary.resolved_findings,
                "cost": {"before": before, "after": after},
                "published": outcome.published,
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
    for note in &summary.notes {
        let _ = writeln!(err, "note: {note}");
    }
    match (before, after) {
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
    if let Some(published) = outcome.published {
        if let Some(pr) = &published.pull_request {
            let verb = if pr.created { "opened" } else { "updated" };
            let _ = writeln!(err, "pull request #{} {verb}: {}", pr.number, pr.url);
        } else {
            let _ = writeln!(err, "pushed {} ({})", published.branch, published.commit);
        }
        for warning in &published.warnings {
            let _ = writeln!(err, "warning: {warning}");
        }
    }
    let headline = format!("{} {} → {}", summary.template, summary.from, summary.to);
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
            summary.from,
            summary.to,
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

fn resolve(template: &Template, inputs: &Inputs, origin: &str) -> Result<Answers, Error> {
    crate::answers::resolve(&template.manifest, inputs).map_err(|problems| Error::Answers {
        origin: Some(origin.to_string()),
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
