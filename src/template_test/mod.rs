//! `template test`: every fixture of a template rendered, held to the guardrails, checked
//! against its expected outcome and compared with the golden copy kept beside it.
//!
//! The core is pure: a fixture's text and a template in, a [`FixtureReport`] out; golden copies
//! are file maps and comparing them is a value ([`golden`]). Reading and writing golden copies,
//! the template's own Rego tests and the outside judges (terraform, checkov) sit at the edge
//! ([`disk`], [`judge`]). The reports print as text, JSON or JUnit ([`report`]).

pub mod disk;
pub mod golden;
pub mod judge;
pub mod report;

use crate::answers::{self, Inputs, Problem};
use crate::catalog::Template;
use crate::guardrails::finding::{Finding, Severity};
use crate::guardrails::rego::{Policies, TestOutcome};
use crate::pipeline;
use crate::render::{self, Bundle, Formatting};
use golden::{Comparison, GoldenFiles};
use judge::JudgeOutcome;
use serde::Serialize;
use std::collections::BTreeSet;

/// The reserved top-level key of a fixture that declares its expected outcome. Parameter names
/// start with a letter, so it can never name a parameter.
pub const EXPECT_KEY: &str = "_expect";

/// What a fixture expects of its answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Expectation {
    /// The answers are accepted, the module renders and no guardrail denies it (the default).
    Valid,
    /// The answers are refused, and exactly these parameters are refused.
    Invalid {
        /// The parameters (or unknown keys) that must be refused.
        parameters: Vec<String>,
    },
    /// The module renders and the guardrails deny it: every named rule fires and no other rule
    /// denies.
    Denied {
        /// The rule ids that must fire (`GP-S3-001`).
        rules: Vec<String>,
    },
}

/// A fixture read from `tests/`: its answers and what it expects.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixture {
    /// File name under `tests/` (`prod.yaml`).
    pub name: String,
    /// The expected outcome, from `_expect` (default: valid).
    pub expect: Expectation,
    /// The answers, `_expect` taken out.
    pub inputs: Inputs,
}

impl Fixture {
    /// The fixture's name without its extension: the name of its golden copy's directory.
    pub fn stem(&self) -> &str {
        stem(&self.name)
    }
}

/// A fixture's name without its extension (`prod.yaml` → `prod`).
pub fn stem(name: &str) -> &str {
    [".yaml", ".yml", ".json"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .unwrap_or(name)
}

/// A fixture that cannot be read: the line and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FixtureError {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// Parses a fixture: an answers file with an optional `_expect` key, which is taken out.
///
/// ```yaml
/// _expect: valid                  # the default
/// _expect: {invalid: [name]}      # these parameters must be refused
/// _expect: {denied: [GP-S3-001]}  # these rules must fire
/// ```
pub fn parse_fixture(name: &str, text: &str) -> Result<Fixture, FixtureError> {
    let mut given = answers::file::parse(text).map_err(|p| FixtureError {
        line: p.line,
        message: p.message,
    })?;
    let expect = match given.iter().position(|g| g.key == EXPECT_KEY) {
        Some(i) => {
            let entry = given.remove(i);
            parse_expectation(&entry.value).map_err(|message| FixtureError {
                line: Some(entry.line),
                message,
            })?
        }
        None => Expectation::Valid,
    };
    Ok(Fixture {
        name: name.to_string(),
        expect,
        inputs: Inputs {
            file: given,
            ..Default::default()
        },
    })
}

fn parse_expectation(value: &serde_json::Value) -> Result<Expectation, String> {
    const HELP: &str = "write `_expect: valid`, `_expect: {invalid: [PARAMETER, ...]}` or \
                        `_expect: {denied: [RULE-ID, ...]}`";
    let names = |list: &serde_json::Value, what: &str| -> Result<Vec<String>, String> {
        let items = list
            .as_array()
            .filter(|items| !items.is_empty())
            .ok_or_else(|| format!("`{EXPECT_KEY}` must list at least one {what}; {HELP}"))?;
        items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("`{EXPECT_KEY}` lists {item}, not a {what}; {HELP}"))
            })
            .collect()
    };
    match value {
        serde_json::Value::String(s) if s == "valid" => Ok(Expectation::Valid),
        serde_json::Value::Object(map) if map.len() == 1 => {
            let (key, list) = map.iter().next().expect("one entry");
            match key.as_str() {
                "invalid" => Ok(Expectation::Invalid {
                    parameters: names(list, "parameter name")?,
                }),
                "denied" => Ok(Expectation::Denied {
                    rules: names(list, "rule id")?,
                }),
                other => Err(format!("`{EXPECT_KEY}: {other}` is not an outcome; {HELP}")),
            }
        }
        other => Err(format!("`{EXPECT_KEY}: {other}` is not an outcome; {HELP}")),
    }
}

/// How a fixture's module compares with its golden copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum GoldenStatus {
    /// Nothing rendered (refused answers or a render error): nothing to compare.
    NotRendered,
    /// The rendered module equals the golden copy.
    Matches,
    /// The rendered module differs from the golden copy.
    Differs(Comparison),
    /// The fixture has no golden copy yet.
    Absent,
    /// `--update` rewrote the golden copy.
    Updated {
        /// Files written (new or changed).
        written: Vec<String>,
        /// Files removed (no longer rendered).
        removed: Vec<String>,
    },
}

impl GoldenStatus {
    /// Whether this status fails the fixture.
    pub fn fails(&self) -> bool {
        matches!(self, GoldenStatus::Differs(_) | GoldenStatus::Absent)
    }
}

/// The result of one fixture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixtureReport {
    /// File name under `tests/`.
    pub fixture: String,
    /// What it expected.
    pub expect: Expectation,
    /// Every way the outcome differed from the expectation (empty: met).
    pub problems: Vec<String>,
    /// The comparison with the golden copy.
    pub golden: GoldenStatus,
    /// The outside judges, run or skipped.
    pub judges: Vec<JudgeOutcome>,
}

impl FixtureReport {
    /// Whether the fixture passed: expectation met, golden copy equal, no judge failed.
    pub fn passed(&self) -> bool {
        self.problems.is_empty() && !self.golden.fails() && !self.judges.iter().any(|j| j.failed())
    }
}

/// A fixture's report with the module it rendered, for the edge (golden updates, judges).
#[derive(Debug, Clone)]
pub struct FixtureRun {
    /// The report so far (judges not run yet).
    pub report: FixtureReport,
    /// The files a golden copy holds, when the module rendered.
    pub rendered: Option<GoldenFiles>,
    /// The rendered module, when it rendered and was expected to be valid: what judges run on.
    pub judged: Option<Bundle>,
}

/// Resolves, renders and checks one fixture against its expectation, and compares the module
/// with `golden` (`None`: the fixture has no golden copy). Pure: values in, values out.
pub fn test_fixture(
    template: &Template,
    fixture: &Fixture,
    golden: Option<&GoldenFiles>,
    policies: &Policies,
) -> FixtureRun {
    let mut problems = Vec::new();
    let report = |problems: Vec<String>, golden: GoldenStatus| FixtureReport {
        fixture: fixture.name.clone(),
        expect: fixture.expect.clone(),
        problems,
        golden,
        judges: Vec::new(),
    };
    let not_rendered = |problems| FixtureRun {
        report: report(problems, GoldenStatus::NotRendered),
        rendered: None,
        judged: None,
    };
    let answers = match answers::resolve(&template.manifest, &fixture.inputs) {
        Err(refused) => {
            match &fixture.expect {
                Expectation::Invalid { parameters } => {
                    let got: BTreeSet<&str> =
                        refused.iter().map(|p| p.parameter.as_str()).collect();
                    let want: BTreeSet<&str> = parameters.iter().map(String::as_str).collect();
                    if got != want {
                        problems.push(format!(
                            "expected exactly {} to be refused; refused: {}",
                            list(&want),
                            refused_list(&refused)
                        ));
                    }
                }
                _ => problems.push(format!("answers refused: {}", refused_list(&refused))),
            }
            return not_rendered(problems);
        }
        Ok(answers) => answers,
    };
    if let Expectation::Invalid { parameters } = &fixture.expect {
        problems.push(format!(
            "expected {} to be refused; the answers were accepted",
            list(&parameters.iter().map(String::as_str).collect())
        ));
    }
    let (bundle, checks) =
        match pipeline::preview(template, &answers, &pipeline::Guards::new(policies)) {
            Ok(review) => (review.bundle, review.report),
            Err(e) => {
                problems.push(format!("does not render: {e}"));
                return not_rendered(problems);
            }
        };
    if let Err(e) = render::render_with(template, &answers, Formatting::Check) {
        problems.push(e.to_string());
    }
    let fired: Vec<&Finding> = checks
        .findings()
        .map(|(_, f)| f)
        .filter(|f| f.waived.is_none())
        .collect();
    let denying = fired.iter().filter(|f| f.fails(Severity::Deny));
    match &fixture.expect {
        Expectation::Valid | Expectation::Invalid { .. } => {
            problems.extend(denying.map(|f| format!("denied: {}", finding_line(f))));
        }
        Expectation::Denied { rules } => {
            for rule in rules {
                if !fired.iter().any(|f| &f.rule == rule) {
                    problems.push(format!("expected rule {rule} to fire; it did not"));
                }
            }
            problems.extend(denying.filter(|f| !rules.contains(&f.rule)).map(|f| {
                format!(
                    "denied by a rule the fixture does not name (add it to `{EXPECT_KEY}` or \
                     change the answers): {}",
                    finding_line(f)
                )
            }));
        }
    }
    let rendered = golden::golden_files(template, &bundle);
    let golden = match golden {
        None => GoldenStatus::Absent,
        Some(golden) => {
            let comparison = golden::compare(&rendered, golden);
            if comparison.is_empty() {
                GoldenStatus::Matches
            } else {
                GoldenStatus::Differs(comparison)
            }
        }
    };
    let judged = (fixture.expect == Expectation::Valid).then_some(bundle);
    FixtureRun {
        report: report(problems, golden),
        rendered: Some(rendered),
        judged,
    }
}

fn list(names: &BTreeSet<&str>) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn refused_list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| {
            let given = p
                .value
                .as_deref()
                .map(|v| format!(" = {v}"))
                .unwrap_or_default();
            format!("`{}`{given} (expected {})", p.parameter, p.expected)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn finding_line(f: &Finding) -> String {
    let place = f
        .file
        .as_ref()
        .map(|file| format!(" at {file}:{}", f.line.unwrap_or(1)))
        .unwrap_or_default();
    let resource = f
        .resource
        .as_ref()
        .map(|r| format!(" ({r})"))
        .unwrap_or_default();
    format!("{}{resource}{place}: {}", f.rule, f.message)
}

/// The result of testing one template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateReport {
    /// The template's name.
    pub template: String,
    /// Its directory, as given.
    pub dir: String,
    /// One report per fixture, in file name order.
    pub fixtures: Vec<FixtureReport>,
    /// The template's own Rego unit tests (`policies/*_test.rego`).
    pub policy_tests: Vec<TestOutcome>,
    /// Golden copies under `tests/golden/` that no rendered fixture has.
    pub stale_golden: Vec<String>,
    /// Whether `--update` removed the stale golden copies.
    pub stale_removed: bool,
}

impl TemplateReport {
    /// Whether everything passed.
    pub fn passed(&self) -> bool {
        self.fixtures.iter().all(FixtureReport::passed)
            && self.policy_tests.iter().all(|t| t.passed)
            && (self.stale_golden.is_empty() || self.stale_removed)
    }
}

/// The exit code for a run: 0 when every template passed, 1 when any failed.
pub fn exit_code(reports: &[TemplateReport]) -> i32 {
    if reports.iter().all(TemplateReport::passed) {
        0
    } else {
        1
    }
}

#[cfg(test)]
mod tests;
