//! One update from start to end, in memory: both versions rendered, the files merged, the
//! module reviewed before and after, and what a reviewer needs to know about it summarised.
//! `goldpath update` writes the result to disk; `update --publish` and `fleet --open-prs`
//! commit it to the registry.

use super::apply::{self, Update};
use crate::Error;
use crate::answers::Answers;
use crate::catalog::Template;
use crate::catalog::changelog::{self, Entry};
use crate::catalog::migrations::Migration;
use crate::guardrails::finding::{Finding, Severity};
use crate::pipeline::{self, Guards, Review};
use crate::render::{self, Bundle};
use crate::report::{CheckReport, ModuleReport};
use semver::Version;
use std::collections::{BTreeMap, BTreeSet};

/// What one update starts from.
pub struct Forward<'a> {
    /// The recorded version of the template.
    pub original: &'a Template,
    /// The recorded answers, resolved against it.
    pub original_answers: &'a Answers,
    /// The version to update to.
    pub target: &'a Template,
    /// The answers for it: the recorded ones, migrated, with any new ones.
    pub answers: &'a Answers,
    /// Every text file of the module as it is.
    pub ours: &'a BTreeMap<String, String>,
    /// The SHA-256 of every file goldpath wrote, from the record.
    pub recorded: &'a BTreeMap<String, String>,
    /// The migrations crossed, in version order.
    pub migrations: &'a [&'a Migration],
}

/// An update worked out and reviewed.
#[derive(Debug, Clone)]
pub struct Forwarded {
    /// The merge and the module as it will be.
    pub update: Update,
    /// The module as it is, held to the guardrails and priced; `None` when it does not parse.
    pub before: Option<Review>,
    /// The module as it will be, reviewed; `None` when conflicts keep it from parsing.
    pub after: Option<Review>,
}

/// Renders both versions, merges them with the module and reviews the module before and after.
/// A render or review failure of the new version is an error; the module as it is may fail
/// (a hand edit broke it), and then it has no "before".
pub fn forward(f: &Forward<'_>, guards: &Guards<'_>) -> Result<Forwarded, Error> {
    let original = render::render(f.original, f.original_answers)?;
    let theirs = render::render(f.target, f.answers)?;
    let update = apply::apply(&apply::Inputs {
        original: &original,
        theirs: &theirs,
        ours: f.ours,
        recorded: f.recorded,
        migrations: f.migrations,
    });
    let mut as_is = Bundle::default();
    for (path, text) in f.ours {
        as_is.put(path, text.clone());
    }
    let before = pipeline::review(f.original, f.original_answers, as_is, guards).ok();
    let after = if update.merge.conflicts().next().is_none() {
        Some(pipeline::review(
            f.target,
            f.answers,
            update.result.clone(),
            guards,
        )?)
    } else {
        None
    };
    Ok(Forwarded {
        update,
        before,
        after,
    })
}

/// What a reviewer of an update needs: the version change, the changelog between, the
/// conflicts, and how the guardrail findings and the monthly estimate move.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The template.
    pub template: String,
    /// The recorded version.
    pub from: Version,
    /// The version updated to.
    pub to: Version,
    /// The changelog sections after `from` up to `to`, oldest first.
    pub changelog: Vec<Entry>,
    /// Files with conflict markers, with the lines where conflicts start.
    pub conflicts: Vec<(String, Vec<usize>)>,
    /// Findings the update brings, as one line each.
    pub new_findings: Vec<String>,
    /// Findings it resolves, as one line each.
    pub resolved_findings: Vec<String>,
    /// Deny, warn and waived counts before; `None` when the module did not parse.
    pub counts_before: Option<(usize, usize, usize)>,
    /// The same after; `None` when conflicts keep the result from being checked.
    pub counts_after: Option<(usize, usize, usize)>,
    /// Monthly estimate before.
    pub monthly_before: Option<f64>,
    /// Monthly estimate after.
    pub monthly_after: Option<f64>,
    /// What the migrations did to the answers.
    pub notes: Vec<String>,
}

impl Forwarded {
    /// The summary of this update from `from` to `target`.
    pub fn summary(&self, target: &Template, from: &Version, notes: &[String]) -> Summary {
        let to = target.manifest.version.clone();
        let lines = |review: &Option<Review>| review.as_ref().map(|r| finding_lines(&r.report));
        let (before, after) = (lines(&self.before), lines(&self.after));
        let diff = |a: &Option<BTreeSet<String>>, b: &Option<BTreeSet<String>>| match (a, b) {
            (Some(a), Some(b)) => b.difference(a).cloned().collect(),
            _ => Vec::new(),
        };
        Summary {
            template: target.manifest.name.clone(),
            changelog: target
                .changelog
                .as_deref()
                .map(|text| changelog::between(text, from, &to))
                .unwrap_or_default(),
            from: from.clone(),
            to,
            conflicts: self
                .update
                .merge
                .conflicts()
                .map(|c| (c.path.clone(), c.conflict_lines.clone()))
                .collect(),
            new_findings: diff(&before, &after),
            resolved_findings: diff(&after, &before),
            counts_before: self.before.as_ref().map(|r| r.report.counts()),
            counts_after: self.after.as_ref().map(|r| r.report.counts()),
            monthly_before: self.before.as_ref().map(|r| r.cost.estimate.monthly),
            monthly_after: self.after.as_ref().map(|r| r.cost.estimate.monthly),
            notes: notes.to_vec(),
        }
    }

    /// Unwaived deny findings of the result.
    pub fn denied(&self) -> Vec<&Finding> {
        self.after
            .iter()
            .flat_map(|r| r.report.findings().map(|(_, f)| f))
            .filter(|f| f.fails(Severity::Deny))
            .collect()
    }
}

/// Each finding as one line that names it apart from the others: severity, rule, where.
fn finding_lines(report: &CheckReport) -> BTreeSet<String> {
    report
        .findings()
        .map(|(module, f)| finding_line(module, f))
        .collect()
}

fn finding_line(module: &ModuleReport, f: &Finding) -> String {
    let severity = match (&f.exception, &f.waived, f.severity) {
        (Some(_), _, _) => "exception",
        (None, Some(_), _) => "waived",
        (None, None, Severity::Deny) => "deny",
        (None, None, Severity::Warn) => "warn",
    };
    let place = f
        .resource
        .clone()
        .or_else(|| f.file.clone())
        .unwrap_or_else(|| module.dir.clone());
    let place = match module.dir.as_str() {
        "." | "" => place,
        dir if f.resource.is_some() => format!("{dir}: {place}"),
        _ => place,
    };
    format!("{severity} {} at {place}: {}", f.rule, f.message)
}
