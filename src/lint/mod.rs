//! `goldpath template lint`: static checks of a template directory, every problem at once.
//!
//! [`lint`] is pure: it takes a template's files as read by the catalog's sources and the
//! names of the policy library's areas, and returns problems (rule, file, line, what to do)
//! and how much of the template its fixtures exercise.

mod checks;
mod coverage;
pub mod output;
mod scan;
mod source;
mod spec;

use crate::catalog::RawTemplate;
use serde::Serialize;

/// How bad a problem is: errors fail the lint (exit 1), warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The template is broken or unsafe.
    Error,
    /// The template works but something is unused or untested.
    Warning,
}

/// The checks the linter runs, each with a stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// `template.toml` does not parse or fails the catalog's validation.
    Manifest,
    /// A tera source (file, file name, derived value, condition) does not parse.
    Syntax,
    /// A placeholder in a file names no parameter, derived value or built-in.
    PlaceholderFile,
    /// A placeholder in a file or folder name names nothing known.
    PlaceholderName,
    /// A derived value or module answer names nothing known (or a later derived value).
    PlaceholderManifest,
    /// A parameter no file, name, condition, derived value or module answer uses.
    UnusedParameter,
    /// A condition names an unknown (or later) parameter.
    ConditionUnknown,
    /// A condition is true for every possible answer, or for none.
    ConditionConstant,
    /// A default fails its own parameter's type or constraints.
    Default,
    /// A pattern is not a valid regular expression.
    Pattern,
    /// A choice is listed twice.
    DuplicateChoice,
    /// `min` above `max`, or `min_length` above `max_length`.
    Range,
    /// A value reaches an HCL file through a filter that does not escape for HCL.
    UnsafeFilter,
    /// A value reaches a file type that has no default escaping without an explicit filter.
    MissingFilter,
    /// A policy area that the policy library does not have.
    UnknownPolicyArea,
    /// A fixture answers a parameter the template does not declare.
    FixtureUnknownParameter,
    /// A fixture does not parse or its answers fail validation.
    FixtureInvalid,
    /// A branch no fixture exercises.
    Uncovered,
}

impl Rule {
    /// Every rule, in id order.
    pub const ALL: [Rule; 18] = [
        Rule::Manifest,
        Rule::Syntax,
        Rule::PlaceholderFile,
        Rule::PlaceholderName,
        Rule::PlaceholderManifest,
        Rule::UnusedParameter,
        Rule::ConditionUnknown,
        Rule::ConditionConstant,
        Rule::Default,
        Rule::Pattern,
        Rule::DuplicateChoice,
        Rule::Range,
        Rule::UnsafeFilter,
        Rule::MissingFilter,
        Rule::UnknownPolicyArea,
        Rule::FixtureUnknownParameter,
        Rule::FixtureInvalid,
        Rule::Uncovered,
    ];

    /// The stable id, e.g. `TL-PLACEHOLDER-001`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::Manifest => "TL-MANIFEST-001",
            Rule::Syntax => "TL-SYNTAX-001",
            Rule::PlaceholderFile => "TL-PLACEHOLDER-001",
            Rule::PlaceholderName => "TL-PLACEHOLDER-002",
            Rule::PlaceholderManifest => "TL-PLACEHOLDER-003",
            Rule::UnusedParameter => "TL-PARAM-001",
            Rule::ConditionUnknown => "TL-CONDITION-001",
            Rule::ConditionConstant => "TL-CONDITION-002",
            Rule::Default => "TL-DEFAULT-001",
            Rule::Pattern => "TL-PATTERN-001",
            Rule::DuplicateChoice => "TL-CHOICE-001",
            Rule::Range => "TL-RANGE-001",
            Rule::UnsafeFilter => "TL-FILTER-001",
            Rule::MissingFilter => "TL-FILTER-002",
            Rule::UnknownPolicyArea => "TL-POLICY-001",
            Rule::FixtureUnknownParameter => "TL-FIXTURE-001",
            Rule::FixtureInvalid => "TL-FIXTURE-002",
            Rule::Uncovered => "TL-COVERAGE-001",
        }
    }

    /// Errors fail the lint; unused parameters and untested branches are warnings.
    pub fn severity(self) -> Severity {
        match self {
            Rule::UnusedParameter | Rule::Uncovered => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// What the rule checks, in one line.
    pub fn title(self) -> &'static str {
        match self {
            Rule::Manifest => "template.toml parses and passes the catalog's validation",
            Rule::Syntax => "every tera source parses",
            Rule::PlaceholderFile => {
                "placeholders in files name a parameter, derived value or built-in"
            }
            Rule::PlaceholderName => {
                "placeholders in file names name a parameter, derived value or built-in"
            }
            Rule::PlaceholderManifest => {
                "derived values and module answers name parameters and earlier derived values"
            }
            Rule::UnusedParameter => "every parameter is used",
            Rule::ConditionUnknown => "conditions name earlier parameters (or derived values)",
            Rule::ConditionConstant => "a condition can be both true and false",
            Rule::Default => "defaults pass their own constraints",
            Rule::Pattern => "patterns compile",
            Rule::DuplicateChoice => "choices are distinct",
            Rule::Range => "lower bounds do not exceed upper bounds",
            Rule::UnsafeFilter => "values reach HCL files only through HCL-safe escaping",
            Rule::MissingFilter => {
                "values in files without default escaping pass an explicit filter"
            }
            Rule::UnknownPolicyArea => "policy areas exist in the policy library",
            Rule::FixtureUnknownParameter => "fixtures answer only declared parameters",
            Rule::FixtureInvalid => "fixtures parse and their answers are valid",
            Rule::Uncovered => "every branch is exercised by a fixture",
        }
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

/// One problem: where it is, what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The rule it breaks.
    pub rule: Rule,
    /// The rule's severity.
    pub severity: Severity,
    /// Path relative to the template directory: `template.toml`, `files/…`, `tests/…`.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

impl Problem {
    fn at(rule: Rule, file: impl Into<String>, line: Option<usize>) -> ProblemBuilder {
        ProblemBuilder {
            rule,
            file: file.into(),
            line,
        }
    }
}

/// The location half of a [`Problem`], completed by [`ProblemBuilder::says`].
struct ProblemBuilder {
    rule: Rule,
    file: String,
    line: Option<usize>,
}

impl ProblemBuilder {
    fn says(self, message: impl Into<String>, fix: impl Into<String>) -> Problem {
        Problem {
            rule: self.rule,
            severity: self.rule.severity(),
            file: self.file,
            line: self.line,
            message: message.into(),
            fix: fix.into(),
        }
    }
}

/// One branch the fixtures should exercise, and whether one does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Branch {
    /// What the branch is, e.g. ``files/api/ included (`enable_api`)``.
    pub label: String,
    /// Where it is decided, relative to the template directory.
    pub file: String,
    /// Its line, when known.
    pub line: Option<usize>,
    /// Whether some fixture reaches it.
    pub covered: bool,
}

/// How much of a template its fixtures exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Branches some fixture reaches.
    pub covered: usize,
    /// Branches found.
    pub total: usize,
    /// Every branch.
    pub branches: Vec<Branch>,
}

impl Coverage {
    /// Covered share in whole percent, rounded down; 100 when there is nothing to cover.
    pub fn percent(&self) -> usize {
        (self.covered * 100).checked_div(self.total).unwrap_or(100)
    }
}

/// The lint of one template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateLint {
    /// The template's name (its directory when the manifest does not say).
    pub template: String,
    /// Every problem, by file and line.
    pub problems: Vec<Problem>,
    /// Fixture coverage; `None` when the manifest or files are too broken to render.
    pub coverage: Option<Coverage>,
}

impl TemplateLint {
    /// Problems of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    }
}

/// Lints one template: its manifest, files, file names, conditions and fixtures.
///
/// `policy_areas` are the areas of the policy library a template may name in `policies`.
pub fn lint(raw: &RawTemplate, policy_areas: &[String]) -> TemplateLint {
    let mut problems = Vec::new();
    let checked = checks::run(raw, policy_areas, &mut problems);
    let coverage = checked.as_ref().and_then(|c| {
        let coverage = coverage::measure(raw, c)?;
        for b in coverage.branches.iter().filter(|b| !b.covered) {
            problems.push(Problem::at(Rule::Uncovered, &b.file, b.line).says(
                format!("no fixture reaches {}", b.label),
                "add a fixture under tests/ (or change one) whose answers take this branch",
            ));
        }
        Some(coverage)
    });
    problems.sort_by(|a, b| {
        (a.file != "template.toml", &a.file, a.line, a.rule).cmp(&(
            b.file != "template.toml",
            &b.file,
            b.line,
            b.rule,
        ))
    });
    problems.dedup();
    let template = checked
        .and_then(|c| c.manifest.map(|m| m.name))
        .unwrap_or_else(|| raw.origin.clone());
    TemplateLint {
        template,
        problems,
        coverage,
    }
}

/// The area names of a policy library, from its files' paths (`s3/bucket.rego` → `s3`).
pub fn policy_areas(library: &[(String, String)]) -> Vec<String> {
    let mut areas: Vec<String> = library
        .iter()
        .filter_map(|(p, _)| p.split_once('/').map(|(a, _)| a.to_string()))
        .collect();
    areas.sort();
    areas.dedup();
    areas
}

#[cfg(test)]
mod tests;
