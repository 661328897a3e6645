//! The pull request body: what was created, the answers, the guardrail findings, how to review,
//! and the command that reproduces it. Markdown, rendered from values.

use super::plan::Plan;
use crate::guardrails::finding::Severity;
use crate::render::escape::markdown;
use crate::report::CheckReport;
use crate::update::forward::Summary;
use std::fmt::Write;

/// Everything the body shows.
#[derive(Debug, Clone, Copy)]
pub struct BodyInput<'a> {
    /// The publish plan: module, template, version, path, branch.
    pub plan: &'a Plan,
    /// For an update: the version change, changelog, conflicts and differences.
    pub update: Option<&'a Summary>,
    /// The answers the module was rendered with.
    pub answers: &'a serde_json::Map<String, serde_json::Value>,
    /// The guardrail report of the module.
    pub report: &'a CheckReport,
    /// Deny findings shipped with `--allow-violations`, from `.goldpath.yaml`.
    pub allowed_violations: usize,
    /// How many files the module holds.
    pub files: usize,
    /// The module's estimate held to its budget, when it could be priced.
    pub cost: Option<&'a crate::pipeline::Cost>,
    /// The estimate the open pull request showed before this update, if any.
    pub previous_monthly: Option<f64>,
}

/// The marker that carries the estimate in the body, so an update can show the difference.
const COST_MARKER: &str = "<!-- goldpath:cost-monthly ";

/// The estimate a body written by goldpath recorded.
pub fn previous_monthly(body: &str) -> Option<f64> {
    let rest = &body[body.find(COST_MARKER)? + COST_MARKER.len()..];
    rest[..rest.find(" -->")?].trim().parse().ok()
}

/// The cost section: the monthly total, the budget and what it means for the review, the
/// difference from the previous estimate, and the itemised bill.
fn cost_section(out: &mut String, cost: &crate::pipeline::Cost, previous: Option<f64>) {
    use crate::cost::report::{self as bill, CostReport, ModuleCost, usd};
    let e = &cost.estimate;
    out.push_str("### Cost\n\n");
    let unpriced = match e.unpriced {
        0 => String::new(),
        1 => "; 1 item has no price or no usage and is not in the total".into(),
        n => format!("; {n} items have no price or no usage and are not in the total"),
    };
    let _ = writeln!(
        out,
        "Estimated at **{} a month** in {} (goldpath's price table {} of {}, offline){unpriced}.\n",
        usd(e.monthly),
        e.region,
        e.prices.version,
        e.prices.date
    );
    if let Some(before) = previous {
        let change = e.monthly - before;
        let sign = if change < 0.0 { "-" } else { "+" };
        let _ = writeln!(
            out,
            "Before this update: {} a month, now {} ({sign}{}).\n",
            usd(before),
            usd(e.monthly),
            usd(change.abs())
        );
    }
    match &cost.verdict.budget {
        Some(b) if cost.verdict.over() => {
            let _ = writeln!(
                out,
                "**Over budget**: {} over the budget of {} a month ({}). The `cost-approval` label asks the budget's approvers to accept it before merging.\n",
                usd(cost.verdict.over_by),
                usd(b.monthly),
                markdown(&b.scope)
            );
        }
        Some(b) => {
            let _ = writeln!(
                out,
                "Within the budget of {} a month ({}).\n",
                usd(b.monthly),
                markdown(&b.scope)
            );
        }
        None => {}
    }
    let report = CostReport::new(vec![ModuleCost {
        dir: ".".into(),
        estimate: e.clone(),
    }]);
    let _ = writeln!(
        out,
        "<details><summary>Itemised estimate</summary>\n\n{}</details>\n",
        bill::markdown(&report)
    );
    let _ = writeln!(out, "{COST_MARKER}{:.2} -->\n", e.monthly);
}

/// The pull request body as Markdown.
pub fn body(input: &BodyInput<'_>) -> String {
    let plan = input.plan;
    let mut out = String::new();
    match input.update {
        Some(update) => update_section(&mut out, plan, update),
        None => {
            let _ = writeln!(
                out,
                "goldpath rendered **{}** from the `{}` golden path, version {}, into `{}` ({} file{}).\n",
                markdown(&plan.module),
                plan.template,
                markdown(&plan.version),
                plan.module_path,
                input.files,
                if input.files == 1 { "" } else { "s" }
            );
        }
    }

    if let Some(source) = &plan.source {
        let _ = writeln!(
            out,
            "The template came from `{}`{} at `{}`, commit `{}`.\n",
            source.url,
            source
                .subdir
                .as_ref()
                .map(|s| format!(" (directory `{s}`)"))
                .unwrap_or_default(),
            source.reference,
            source.commit
        );
    }
    out.push_str("### Answers\n\n| parameter | value |\n| --- | --- |\n");
    for (name, value) in input.answers {
        let _ = writeln!(out, "| `{name}` | {} |", markdown(&plain(value)));
    }

    if input.update.is_none_or(|u| u.counts_after.is_some()) {
        guardrails_section(&mut out, plan, input.report);
    } else {
        out.push('\n');
    }
    if input.allowed_violations > 0 {
        let _ = writeln!(
            out,
            "**{} deny finding{} shipped with `--allow-violations`** (listed under `allowed_violations` in `.goldpath.yaml`): approving this pull request approves them.\n",
            input.allowed_violations,
            if input.allowed_violations == 1 {
                " was"
            } else {
                "s were"
            }
        );
    }

    if let Some(cost) = input.cost {
        let before = input
            .update
            .and_then(|u| u.monthly_before)
            .or(input.previous_monthly);
        cost_section(&mut out, cost, before);
    }

    if input.update.is_some() {
        let _ = write!(
            out,
            "### How to review\n\n\
             1. Read what changed in the template above, and resolve any conflicts on this branch.\n\
             2. Renamed resources come with `moved` blocks in `moved.tf`: `terraform plan` must show them moved, not destroyed and created.\n\
             3. `goldpath check {path}` on this branch reproduces the guardrail report.\n\
             4. Run the command below again at any time: this pull request is updated, never duplicated.\n\n",
            path = plan.module_path
        );
    } else {
        let _ = write!(
            out,
            "### How to review\n\n\
             1. Read the answers: they are the whole input. The Terraform is rendered from the reviewed template, so review the choices, not every line.\n\
             2. Read the guardrail findings above; every waiver must carry a reason you accept.\n\
             3. `goldpath check {path}` on this branch reproduces the guardrail report.\n\
             4. To change something, change the answers and run the command below again: this pull request is updated, never duplicated.\n\n",
            path = plan.module_path
        );
    }

    let command = match input.update {
        Some(update) => format!(
            "goldpath update {} --to {} --publish",
            shell_quote(&plan.module_path),
            update.to
        ),
        None => reproduce(plan, input.answers),
    };
    let fence = "`".repeat(longest_backtick_run(&command).max(2) + 1);
    let _ = writeln!(out, "### Reproduce\n\n{fence}sh\n{command}\n{fence}\n");
    let _ = writeln!(
        out,
        "<sub>goldpath {} · branch `{}` · answers sha256 `{}`</sub>",
        crate::VERSION,
        plan.branch,
        plan.answers_sha256
    );
    out
}

/// The guardrail counts and every finding, in a table.
fn guardrails_section(out: &mut String, plan: &Plan, report: &CheckReport) {
    out.push_str("\n### Guardrails\n\n");
    let (deny, warn, waived) = report.counts();
    let _ = writeln!(
        out,
        "Held to goldpath's built-in checks and the platform's policy library: **{deny} deny, {warn} warn, {waived} waived**.\n"
    );
    let findings: Vec<_> = report.findings().collect();
    if !findings.is_empty() {
        out.push_str("| severity | rule | where | message |\n| --- | --- | --- | --- |\n");
        for (module, f) in findings {
            let severity = match (&f.exception, &f.waived, f.severity) {
                (Some(_), _, _) => "exception",
                (None, Some(_), _) => "waived",
                (None, None, Severity::Deny) => "**deny**",
                (None, None, Severity::Warn) => "warn",
            };
            let dir = match module.dir.as_str() {
                "." | "" => plan.module_path.clone(),
                sub => format!("{}/{sub}", plan.module_path),
            };
            let place = match (&f.file, f.line) {
                (Some(file), Some(line)) => format!("{}/{file}:{line}", plan.module_path),
                (Some(file), None) => format!("{}/{file}", plan.module_path),
                _ => f.resource.clone().unwrap_or(dir),
            };
            let mut message = markdown(&f.message);
            if let Some(reason) = f.excused() {
                let _ = write!(message, " ({})", markdown(&reason));
            }
            let _ = writeln!(
                out,
                "| {severity} | `{}` | {} | {message} |",
                f.rule,
                markdown(&place)
            );
        }
        out.push('\n');
    }
}

/// The head of an update's body: the version change, the changelog entries crossed, the
/// conflicts and the guardrail differences.
fn update_section(out: &mut String, plan: &Plan, update: &Summary) {
    let _ = writeln!(
        out,
        "goldpath updates **{}** in `{}` from the `{}` golden path **{}** to **{}**.\n",
        markdown(&plan.module),
        plan.module_path,
        update.template,
        update.from,
        update.to
    );
    out.push_str("### What changed in the template\n\n");
    if update.changelog.is_empty() {
        out.push_str("The template's changelog has no entries for these versions.\n\n");
    }
    for entry in &update.changelog {
        let _ = writeln!(out, "#### {}\n\n{}\n", entry.version, entry.text);
    }
    if !update.notes.is_empty() {
        out.push_str("The answers were carried over:\n\n");
        for note in &update.notes {
            let _ = writeln!(out, "- {}", markdown(note));
        }
        out.push('\n');
    }
    out.push_str("### Conflicts\n\n");
    if update.conflicts.is_empty() {
        out.push_str("None: every file merged cleanly.\n\n");
    } else {
        let n = update.conflicts.len();
        let _ = writeln!(
            out,
            "**{n} file{} with conflicts**, committed with `<<<<<<< ours` / `||||||| original` / `=======` / `>>>>>>> theirs` markers (ours = the module as it was, original = {}, theirs = {}). This pull request is a draft until they are resolved on this branch:\n",
            if n == 1 { "" } else { "s" },
            update.from,
            update.to
        );
        for (path, lines) in &update.conflicts {
            let lines: Vec<String> = lines.iter().map(ToString::to_string).collect();
            let _ = writeln!(
                out,
                "- `{}/{path}` line{} {}",
                plan.module_path,
                if lines.len() == 1 { "" } else { "s" },
                lines.join(", ")
            );
        }
        out.push('\n');
    }
    out.push_str("### Guardrail changes\n\n");
    let counts = |c: (usize, usize, usize)| format!("{} deny, {} warn, {} waived", c.0, c.1, c.2);
    match (update.counts_before, update.counts_after) {
        (Some(before), Some(after)) => {
            let _ = writeln!(out, "Before: {}; after: **{}**.\n", counts(before), counts(after));
        }
        (None, Some(after)) => {
            let _ = writeln!(
                out,
                "The module as it was could not be checked; after: **{}**.\n",
                counts(after)
            );
        }
        (_, None) => out.push_str(
            "The result is checked once the conflicts are resolved: run `goldpath check` on this branch.\n\n",
        ),
    }
    for (title, lines) in [
        ("New", &update.new_findings),
        ("Resolved", &update.resolved_findings),
    ] {
        if !lines.is_empty() {
            let _ = writeln!(out, "{title}:\n");
            for line in lines {
                let _ = writeln!(out, "- {}", markdown(line));
            }
            out.push('\n');
        }
    }
}

/// An answer as a person writes it: lists comma-separated, strings bare.
fn plain(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// The `goldpath new … --publish` command that renders and publishes the same module.
fn reproduce(plan: &Plan, answers: &serde_json::Map<String, serde_json::Value>) -> String {
    let mut out = String::from("goldpath ");
    if let Some(source) = &plan.source {
        let _ = write!(out, "--templates {} ", shell_quote(&source.pinned()));
    }
    let _ = write!(out, "new {} --non-interactive", plan.template);
    for (name, value) in answers {
        let _ = write!(
            out,
            " \\\n  --set {}",
            shell_quote(&format!("{name}={}", plain(value)))
        );
    }
    out.push_str(" \\\n  --publish");
    out
}

/// A POSIX shell word that stands for exactly `s`.
pub fn shell_quote(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn longest_backtick_run(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::plan::{PathPattern, plan};
    use crate::render::Record;
    use serde_json::json;

    fn answers() -> serde_json::Map<String, serde_json::Value> {
        json!({
            "name": "ledger",
            "team": "payments",
            "environment": "prod",
            "description": "Ledger \"PCI\" | it's `${x}`\n```\nsecond line",
            "teams": ["a", "b"],
            "versioning": true,
            "retention_days": 400,
        })
        .as_object()
        .unwrap()
        .clone()
    }

    fn the_plan(answers: &serde_json::Map<String, serde_json::Value>) -> Plan {
        let record = Record {
            source: None,
            template: "s3-secure-bucket".into(),
            version: "1.2.0".into(),
            answers: answers.clone(),
            allowed_violations: 1,
            files: Default::default(),
        };
        plan(
            &record,
            &super::super::plan::Owners {
                owners: &["acme/platform".into()],
                approvers: &[],
            },
            &PathPattern::default(),
            true,
            None,
        )
        .unwrap()
    }

    #[test]
    fn body_shows_answers_findings_review_steps_and_the_command() {
        let answers = answers();
        let text = body(&BodyInput {
            update: None,
            plan: &the_plan(&answers),
            answers: &answers,
            report: &crate::report::fixture::report(),
            allowed_violations: 1,
            files: 12,
            cost: None,
            previous_monthly: None,
        })
        .replace(crate::VERSION, "[version]");
        insta::assert_snapshot!(text);
    }

    #[test]
    fn an_update_body_gives_versions_changelog_conflicts_and_guardrail_changes() {
        use crate::catalog::changelog::Entry;
        use crate::update::forward::Summary;
        let answers = answers();
        let v = |s: &str| semver::Version::parse(s).unwrap();
        let summary = Summary {
            template: "s3-secure-bucket".into(),
            from: v("1.0.0"),
            to: v("1.2.0"),
            changelog: vec![
                Entry {
                    version: v("1.1.0"),
                    text: "- EventBridge notifications.".into(),
                },
                Entry {
                    version: v("1.2.0"),
                    text: "- Access logs renamed.".into(),
                },
            ],
            conflicts: vec![("bucket.tf".into(), vec![12, 40])],
            new_findings: vec!["warn GP_S3_007 at aws_s3_bucket.data: no lifecycle".into()],
            resolved_findings: vec!["waived CKV2_AWS_62 at aws_s3_bucket.data: no events".into()],
            counts_before: Some((0, 0, 1)),
            counts_after: None,
            monthly_before: Some(1.5),
            monthly_after: None,
            notes: vec!["answer `days` is now `retention_days`".into()],
        };
        let plan = the_plan(&answers).for_update(&summary);
        assert_eq!(plan.branch, "goldpath/update/payments-ledger-1.2.0");
        assert!(plan.labels.iter().any(|l| l == "conflicts"));
        let text = body(&BodyInput {
            update: Some(&summary),
            plan: &plan,
            answers: &answers,
            report: &crate::report::fixture::report(),
            allowed_violations: 0,
            files: 12,
            cost: None,
            previous_monthly: None,
        })
        .replace(crate::VERSION, "[version]");
        insta::assert_snapshot!(text);
    }

    #[test]
    fn shell_words_stand_for_themselves() {
        assert_eq!(shell_quote("name=ledger"), "name=ledger");
        assert_eq!(shell_quote("d=it's"), r"'d=it'\''s'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("a b$c"), "'a b$c'");
    }

    #[test]
    fn the_fence_outgrows_backticks_in_answers() {
        let answers = answers();
        let command = reproduce(&the_plan(&answers), &answers);
        assert_eq!(longest_backtick_run(&command), 3);
        let text = body(&BodyInput {
            update: None,
            plan: &the_plan(&answers),
            answers: &answers,
            report: &crate::report::fixture::report(),
            allowed_violations: 0,
            files: 1,
            cost: None,
            previous_monthly: None,
        });
        assert!(text.contains("````sh\n"), "{text}");
    }

    #[test]
    fn a_template_from_git_is_named_and_pinned_to_its_commit() {
        let answers = answers();
        let mut plan = the_plan(&answers);
        plan.source = Some(crate::catalog::spec::GitOrigin {
            url: "https://github.com/acme/templates.git".into(),
            reference: "main".into(),
            commit: "0123456789abcdef0123456789abcdef01234567".into(),
            subdir: Some("golden".into()),
        });
        let text = body(&BodyInput {
            update: None,
            plan: &plan,
            answers: &answers,
            report: &crate::report::fixture::report(),
            allowed_violations: 0,
            files: 1,
            cost: None,
            previous_monthly: None,
        });
        assert!(
            text.contains("came from `https://github.com/acme/templates.git` (directory `golden`) at `main`, commit `0123456789abcdef0123456789abcdef01234567`"),
            "{text}"
        );
        assert!(
            reproduce(&plan, &answers).starts_with(
                "goldpath --templates 'https://github.com/acme/templates.git//golden#0123456789abcdef0123456789abcdef01234567' new s3-secure-bucket"
            ),
            "{}",
            reproduce(&plan, &answers)
        );
    }
}
