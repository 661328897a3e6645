//! `template.toml`: a template's metadata, typed parameters, derived values and conditional files.

use super::{SHARED_DIR, Shared};
use crate::answers::Value;
use crate::condition::Condition;
use regex::Regex;
use serde::Deserialize;

/// The parsed and validated manifest of one template.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// Template name, unique in a catalog.
    pub name: String,
    /// Semantic version of the template.
    pub version: semver::Version,
    /// One-line title.
    pub title: String,
    /// What the template creates.
    pub description: String,
    /// GitHub users or `org/team` slugs who own the template.
    pub owners: Vec<String>,
    /// Free-form tags for search.
    pub tags: Vec<String>,
    /// Questions, in the order they are asked.
    pub parameters: Vec<Parameter>,
    /// Values computed from answers, in order.
    pub derived: Vec<Derived>,
    /// Files included only under a condition.
    pub files: Vec<FileRule>,
    /// Other templates rendered into this one as nested modules.
    pub modules: Vec<ModuleRule>,
    /// Areas of the shared policy library this template is held to (copied into its modules).
    pub policies: Vec<String>,
    /// What `update` does when a module crosses a version, in version order.
    pub migrations: Vec<super::migrations::Migration>,
}

/// The type of a parameter and its type-specific constraints.
#[derive(Debug, Clone, PartialEq, Eq, Copy)]
pub enum Kind {
    /// Free or patterned text.
    String,
    /// A whole number.
    Integer,
    /// Yes or no.
    Boolean,
    /// One of a fixed set of strings.
    Choice,
    /// A list of strings.
    List,
}

impl Kind {
    /// The name used in manifests and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Integer => "integer",
            Kind::Boolean => "boolean",
            Kind::Choice => "choice",
            Kind::List => "list",
        }
    }
}

/// One question of a template.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// Answer key.
    pub name: String,
    /// Value type.
    pub kind: Kind,
    /// What to answer, shown next to the question.
    pub help: String,
    /// Default value; a parameter without one is required.
    pub default: Option<Value>,
    /// Regular expression a string (or each list item) must match in full.
    pub pattern: Option<Pattern>,
    /// Shortest string (or list item), in characters.
    pub min_length: Option<u64>,
    /// Longest string (or list item), in characters.
    pub max_length: Option<u64>,
    /// Smallest integer, or fewest list items.
    pub min: Option<i64>,
    /// Largest integer, or most list items.
    pub max: Option<i64>,
    /// Allowed values of a choice, or allowed items of a list.
    pub choices: Vec<String>,
    /// Asked only when this holds over earlier answers.
    pub when: Option<Condition>,
}

impl Parameter {
    /// Whether an answer must be given (no default).
    pub fn required(&self) -> bool {
        self.default.is_none()
    }

    /// Whether any text is accepted: a string with no pattern, choices or length bounds.
    pub fn is_free_text(&self) -> bool {
        self.kind == Kind::String
            && self.pattern.is_none()
            && self.choices.is_empty()
            && self.max_length.is_none()
            && self.min_length.is_none()
    }
}

/// A parameter's pattern: checked when the manifest loads, compiled the first time a value is
/// matched against it (building every pattern of the catalog at load was most of the time
/// `goldpath list` took).
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The pattern as written in the manifest.
    pub source: String,
    /// Anchored compiled form, once needed; `None` when it cannot be built.
    regex: std::sync::OnceLock<Option<Regex>>,
}

impl Pattern {
    /// The pattern `source`, or why it is not a valid regular expression.
    pub fn new(source: String) -> Result<Pattern, String> {
        regex_syntax::Parser::new()
            .parse(&anchored(&source))
            .map_err(|e| e.to_string())?;
        Ok(Pattern {
            source,
            regex: std::sync::OnceLock::new(),
        })
    }

    /// Whether all of `text` matches; never, for a valid pattern too large to build.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex
            .get_or_init(|| Regex::new(&anchored(&self.source)).ok())
            .as_ref()
            .is_some_and(|r| r.is_match(text))
    }
}

fn anchored(source: &str) -> String {
    format!("^(?:{source})$")
}

/// A value computed from answers with a tera expression template.
#[derive(Debug, Clone)]
pub struct Derived {
    /// Name in the render context.
    pub name: String,
    /// Tera template producing the value.
    pub value: String,
}

/// A file or directory of `files/` included only when a condition holds.
#[derive(Debug, Clone)]
pub struct FileRule {
    /// A file path, or a directory prefix ending in `/`, relative to `files/`.
    pub path: String,
    /// Included when this holds.
    pub when: Condition,
}

impl FileRule {
    /// Whether the rule governs the template file at `path`.
    pub fn covers(&self, path: &str) -> bool {
        if self.path.ends_with('/') {
            path.starts_with(&self.path)
        } else {
            path == self.path
        }
    }
}

/// Another template rendered as a nested module under `path`, with answers computed from this
/// template's context.
#[derive(Debug, Clone)]
pub struct ModuleRule {
    /// Name of the template to nest.
    pub template: String,
    /// Directory in the bundle, e.g. `modules/secure-bucket`.
    pub path: String,
    /// The nested template's version, when pinned to a release.
    pub version: Option<semver::Version>,
    /// Included only when this holds.
    pub when: Option<Condition>,
    /// Answers for the nested template: parameter name to a tera template over this context.
    pub answers: Vec<(String, String)>,
}

/// A problem found in a manifest: the field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestProblem {
    /// Dotted path of the field, e.g. `parameters[2].pattern`.
    pub field: String,
    /// What is wrong and what is expected.
    pub message: String,
}

/// A goldpath template manifest: metadata, parameters, derived values, files and modules.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "goldpath template.toml")]
pub(crate) struct RawManifest {
    /// Template name, unique in a catalog: lowercase letters, digits and `-`.
    #[schemars(regex(pattern = r"^(?:[a-z0-9-]+|[A-Za-z][A-Za-z0-9_]*)$"))]
    name: String,
    /// Semantic version of the template, e.g. `1.2.0`.
    #[schemars(regex(
        pattern = r"^(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"
    ))]
    version: String,
    /// One-line title, shown in `goldpath list` and the terminal UI.
    title: String,
    /// What the template creates.
    description: String,
    /// GitHub users or `org/team` slugs who own the template (reviewers of its modules).
    #[serde(default)]
    owners: Vec<String>,
    /// Free-form tags for search.
    #[serde(default)]
    tags: Vec<String>,
    /// Parameter groups of the template source (`_shared/parameters/NAME.toml`, by NAME) whose
    /// parameters are asked first, in this order; a parameter below with a group parameter's
    /// name overrides the fields it sets (help, pattern, default, …).
    #[serde(default)]
    parameter_groups: Vec<String>,
    /// Questions, in the order they are asked (after those of the parameter groups).
    #[serde(default)]
    parameters: Vec<RawParameter>,
    /// Strings computed from the answers with tera templates, in order.
    #[serde(default)]
    derived: Vec<RawDerived>,
    /// Files or directories of `files/` included only when a condition holds.
    #[serde(default)]
    files: Vec<RawFileRule>,
    /// Other catalog templates rendered into this one as nested modules.
    #[serde(default)]
    modules: Vec<RawModule>,
    /// Areas of the shared policy library the template's modules are held to, e.g. `s3`.
    #[serde(default)]
    policies: Vec<String>,
    /// What `update` does when a module generated from an older version crosses each version:
    /// resources renamed or removed, parameters renamed or removed.
    #[serde(default)]
    migrations: Vec<super::migrations::RawMigration>,
}

/// Another template of the catalog, rendered as a nested module.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Module")]
struct RawModule {
    /// Name of the template to nest.
    template: String,
    /// Directory of the nested module in the bundle, e.g. `modules/secure-bucket`.
    path: String,
    /// The nested template's released version to use (from its `releases/`); default: its
    /// current version.
    version: Option<String>,
    /// A condition over this template's answers; the module is rendered only when it holds.
    when: Option<String>,
    /// The nested template's answers: parameter name to a tera template over this context.
    #[serde(default)]
    answers: std::collections::BTreeMap<String, String>,
}

/// A parameter group: `_shared/parameters/NAME.toml` of a template source.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    #[serde(default)]
    parameters: Vec<RawParameter>,
}

/// One question of the template.
#[derive(Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Parameter")]
#[schemars(extend(
    "if" = {"properties": {"type": {"const": "choice"}}, "required": ["type"]},
    "then" = {"required": ["choices"]}
))]
struct RawParameter {
    /// Answer key: letters, digits and `_`, starting with a letter.
    #[schemars(regex(pattern = r"^[A-Za-z][A-Za-z0-9_]*$"))]
    name: String,
    /// Value type; required, except in a parameter that overrides one of a parameter group.
    #[serde(rename = "type")]
    #[schemars(extend("enum" = ["string", "integer", "boolean", "choice", "list"]))]
    kind: Option<String>,
    /// What to answer, shown next to the question.
    help: Option<String>,
    /// Default value, of the parameter's type; a parameter without one is required.
    #[schemars(
        with = "Option<serde_json::Value>",
        extend("type" = ["string", "integer", "boolean", "array"], "items" = {"type": "string"})
    )]
    default: Option<toml::Value>,
    /// Regular expression a string (or each list item) must match in full.
    pattern: Option<String>,
    /// Shortest string (or list item), in characters.
    min_length: Option<u64>,
    /// Longest string (or list item), in characters.
    max_length: Option<u64>,
    /// Smallest integer, or fewest list items.
    min: Option<i64>,
    /// Largest integer, or most list items.
    max: Option<i64>,
    /// Allowed values of a choice, or allowed items of a list.
    choices: Option<Vec<String>>,
    /// A tera condition over earlier parameters; the question is asked only when it holds.
    when: Option<String>,
}

impl RawParameter {
    /// This parameter with the fields `over` sets taken from `over`.
    fn overridden_by(self, over: RawParameter) -> RawParameter {
        RawParameter {
            name: over.name,
            kind: over.kind.or(self.kind),
            help: over.help.or(self.help),
            default: over.default.or(self.default),
            pattern: over.pattern.or(self.pattern),
            min_length: over.min_length.or(self.min_length),
            max_length: over.max_length.or(self.max_length),
            min: over.min.or(self.min),
            max: over.max.or(self.max),
            choices: over.choices.or(self.choices),
            when: over.when.or(self.when),
        }
    }
}

/// A string computed from the answers.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Derived")]
struct RawDerived {
    /// Name in the render context: letters, digits and `_`, starting with a letter.
    #[schemars(regex(pattern = r"^[A-Za-z][A-Za-z0-9_]*$"))]
    name: String,
    /// Tera template producing the value, e.g. `{{ name }}-{{ environment }}`.
    value: String,
}

/// A file or directory of `files/` included only when a condition holds.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "FileRule")]
struct RawFileRule {
    /// A file path, or a directory prefix ending in `/`, relative to `files/`.
    path: String,
    /// A tera condition over parameters and derived values.
    when: String,
}

/// Parses and validates a `template.toml` that pulls in no parameter groups.
pub fn parse(text: &str) -> Result<Manifest, Vec<ManifestProblem>> {
    parse_with(text, &Shared::default())
}

/// Parses and validates `template.toml`, its parameter groups taken from `shared`, reporting
/// every problem found. Parameter indexes in problems count the groups' parameters first.
pub fn parse_with(text: &str, shared: &Shared) -> Result<Manifest, Vec<ManifestProblem>> {
    let mut raw: RawManifest = toml::from_str(text).map_err(|e| {
        let field = e
            .span()
            .map(|s| format!("line {}", line_of(text, s.start)))
            .unwrap_or_else(|| "document".into());
        vec![ManifestProblem {
            field,
            message: e.message().to_string(),
        }]
    })?;
    let (merged, origins) = with_groups(
        &raw.parameter_groups,
        std::mem::take(&mut raw.parameters),
        shared,
    )?;
    raw.parameters = merged;
    validate(raw).map_err(|mut problems| {
        for p in &mut problems {
            let group = p
                .field
                .strip_prefix("parameters[")
                .and_then(|rest| rest.split(']').next()?.parse::<usize>().ok())
                .and_then(|i| origins.get(i)?.as_ref());
            if let Some((group, name)) = group {
                p.message = format!(
                    "{} (parameter `{name}` of group `{group}`, {SHARED_DIR}/parameters/{group}.toml)",
                    p.message
                );
            }
        }
        problems
    })
}

/// The group and parameter name a merged parameter came from; `None` for the template's own.
type Origin = Option<(String, String)>;

/// The parameters of `groups` followed by the template's own, each own parameter that names a
/// group parameter merged into it; with, per parameter, the group and name it came from.
fn with_groups(
    groups: &[String],
    own: Vec<RawParameter>,
    shared: &Shared,
) -> Result<(Vec<RawParameter>, Vec<Origin>), Vec<ManifestProblem>> {
    let mut problems = Vec::new();
    let mut merged: Vec<RawParameter> = Vec::new();
    let mut origins: Vec<Origin> = Vec::new();
    for (i, name) in groups.iter().enumerate() {
        let field = format!("parameter_groups[{i}]");
        let Some(text) = shared.group(name) else {
            let known: Vec<&str> = shared.groups.iter().map(|(n, _)| n.as_str()).collect();
            problems.push(ManifestProblem {
                field,
                message: format!(
                    "no parameter group `{name}` in the template source's {SHARED_DIR}/parameters/ ({})",
                    if known.is_empty() {
                        "it has none".to_string()
                    } else {
                        format!("groups: {}", known.join(", "))
                    }
                ),
            });
            continue;
        };
        match toml::from_str::<RawGroup>(text) {
            Ok(group) => {
                for p in group.parameters {
                    origins.push(Some((name.clone(), p.name.clone())));
                    merged.push(p);
                }
            }
            Err(e) => problems.push(ManifestProblem {
                field,
                message: format!(
                    "{SHARED_DIR}/parameters/{name}.toml{}: {}",
                    e.span()
                        .map(|s| format!(" line {}", line_of(text, s.start)))
                        .unwrap_or_default(),
                    e.message()
                ),
            }),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let from_groups = merged.len();
    let mut overridden = vec![false; from_groups];
    for p in own {
        match (0..from_groups).find(|&i| !overridden[i] && merged[i].name == p.name) {
            Some(i) => {
                overridden[i] = true;
                merged[i] = std::mem::take(&mut merged[i]).overridden_by(p);
            }
            None => {
                origins.push(None);
                merged.push(p);
            }
        }
    }
    Ok((merged, origins))
}

/// Validates a manifest whose parameter groups are merged in.
fn validate(raw: RawManifest) -> Result<Manifest, Vec<ManifestProblem>> {
    let mut problems = Vec::new();
    let mut problem =
        |field: String, message: String| problems.push(ManifestProblem { field, message });

    if !is_identifier(&raw.name)
        && !raw
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        problem(
            "name".into(),
            format!(
                "`{}` is not a template name: use lowercase letters, digits and `-`",
                raw.name
            ),
        );
    }
    let version = semver::Version::parse(&raw.version).unwrap_or_else(|e| {
        problem(
            "version".into(),
            format!(
                "`{}` is not a semantic version (e.g. 1.2.0): {e}",
                raw.version
            ),
        );
        semver::Version::new(0, 0, 0)
    });

    let mut parameters: Vec<Parameter> = Vec::new();
    for (i, p) in raw.parameters.into_iter().enumerate() {
        let at = |f: &str| format!("parameters[{i}].{f}");
        if !is_identifier(&p.name) {
            problem(
                at("name"),
                format!(
                    "`{}` is not a valid name: use letters, digits and `_`, starting with a letter",
                    p.name
                ),
            );
        }
        if parameters.iter().any(|q| q.name == p.name) {
            problem(at("name"), format!("`{}` is declared twice", p.name));
        }
        let kind = match p.kind.as_deref().unwrap_or("") {
            "" => {
                problem(
                    at("type"),
                    format!(
                        "parameter `{}` has no type: expected string, integer, boolean, choice or list",
                        p.name
                    ),
                );
                Kind::String
            }
            "string" => Kind::String,
            "integer" => Kind::Integer,
            "boolean" => Kind::Boolean,
            "choice" => Kind::Choice,
            "list" => Kind::List,
            other => {
                problem(
                    at("type"),
                    format!(
                        "`{other}` is not a type: expected string, integer, boolean, choice or list"
                    ),
                );
                Kind::String
            }
        };
        let pattern = p
            .pattern
            .and_then(|source| match Pattern::new(source.clone()) {
                Ok(pattern) => Some(pattern),
                Err(e) => {
                    problem(
                        at("pattern"),
                        format!("`{source}` is not a valid regular expression: {e}"),
                    );
                    None
                }
            });
        if pattern.is_some() && !matches!(kind, Kind::String | Kind::List) {
            problem(
                at("pattern"),
                format!(
                    "only string and list parameters take a pattern, not {}",
                    kind.as_str()
                ),
            );
        }
        if (p.min_length.is_some() || p.max_length.is_some())
            && !matches!(kind, Kind::String | Kind::List)
        {
            problem(
                at("min_length"),
                format!(
                    "only string and list parameters take a length, not {}",
                    kind.as_str()
                ),
            );
        }
        if (p.min.is_some() || p.max.is_some()) && !matches!(kind, Kind::Integer | Kind::List) {
            problem(
                at("min"),
                format!(
                    "only integer and list parameters take min/max, not {}",
                    kind.as_str()
                ),
            );
        }
        if let (Some(lo), Some(hi)) = (p.min, p.max)
            && lo > hi
        {
            problem(at("min"), format!("min {lo} is greater than max {hi}"));
        }
        if let (Some(lo), Some(hi)) = (p.min_length, p.max_length)
            && lo > hi
        {
            problem(
                at("min_length"),
                format!("min_length {lo} is greater than max_length {hi}"),
            );
        }
        let choices = p.choices.unwrap_or_default();
        match kind {
            Kind::Choice if choices.is_empty() => problem(
                at("choices"),
                "a choice parameter needs a non-empty `choices` list".into(),
            ),
            Kind::String | Kind::Integer | Kind::Boolean if !choices.is_empty() => problem(
                at("choices"),
                format!(
                    "a {} parameter takes no choices: use type = \"choice\"",
                    kind.as_str()
                ),
            ),
            _ => {}
        }
        let earlier: Vec<&str> = parameters.iter().map(|q| q.name.as_str()).collect();
        let when = p
            .when
            .and_then(|source| match Condition::parse(&source, &earlier) {
                Ok(c) => Some(c),
                Err(message) => {
                    problem(at("when"), message);
                    None
                }
            });
        let mut param = Parameter {
            name: p.name,
            kind,
            help: p.help.unwrap_or_default(),
            default: None,
            pattern,
            min_length: p.min_length,
            max_length: p.max_length,
            min: p.min,
            max: p.max,
            choices,
            when,
        };
        if let Some(raw_default) = p.default {
            match Value::from_toml(&raw_default, kind) {
                Some(v) => {
                    for issue in crate::answers::check(&param, &v) {
                        problem(
                            at("default"),
                            format!("default {} fails its own constraint: {issue}", v.display()),
                        );
                    }
                    param.default = Some(v);
                }
                None => problem(
                    at("default"),
                    format!("default `{raw_default}` is not a {}", kind.as_str()),
                ),
            }
        }
        parameters.push(param);
    }

    let mut derived: Vec<Derived> = Vec::new();
    for (i, d) in raw.derived.into_iter().enumerate() {
        if !is_identifier(&d.name)
            || parameters.iter().any(|p| p.name == d.name)
            || derived.iter().any(|e| e.name == d.name)
        {
            problem(
                format!("derived[{i}].name"),
                format!(
                    "`{}` must be a new identifier, not a parameter or earlier derived name",
                    d.name
                ),
            );
        }
        derived.push(Derived {
            name: d.name,
            value: d.value,
        });
    }

    let all: Vec<&str> = parameters
        .iter()
        .map(|p| p.name.as_str())
        .chain(derived.iter().map(|d| d.name.as_str()))
        .collect();
    let mut files = Vec::new();
    for (i, f) in raw.files.into_iter().enumerate() {
        if f.path.starts_with('/') || f.path.split('/').any(|s| s == "..") {
            problem(
                format!("files[{i}].path"),
                format!("`{}` must be relative to files/ and stay inside it", f.path),
            );
        }
        match Condition::parse(&f.when, &all) {
            Ok(when) => files.push(FileRule { path: f.path, when }),
            Err(message) => problem(format!("files[{i}].when"), message),
        }
    }

    let mut modules = Vec::new();
    for (i, m) in raw.modules.into_iter().enumerate() {
        if !crate::catalog::is_safe_relative(&m.path) {
            problem(
                format!("modules[{i}].path"),
                format!(
                    "`{}` must be a relative directory inside the module",
                    m.path
                ),
            );
        }
        let when = m
            .when
            .and_then(|source| match Condition::parse(&source, &all) {
                Ok(c) => Some(c),
                Err(message) => {
                    problem(format!("modules[{i}].when"), message);
                    None
                }
            });
        let pinned = m.version.and_then(|v| match semver::Version::parse(&v) {
            Ok(v) => Some(v),
            Err(e) => {
                problem(
                    format!("modules[{i}].version"),
                    format!("`{v}` is not a semantic version: {e}"),
                );
                None
            }
        });
        modules.push(ModuleRule {
            template: m.template,
            path: m.path,
            version: pinned,
            when,
            answers: m.answers.into_iter().collect(),
        });
    }

    let names: Vec<&str> = parameters.iter().map(|p| p.name.as_str()).collect();
    let migrations = super::migrations::validate(raw.migrations, &version, &names, &mut problems);

    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Manifest {
        name: raw.name,
        version,
        title: raw.title,
        description: raw.description,
        owners: raw.owners,
        tags: raw.tags,
        parameters,
        derived,
        files,
        modules,
        policies: raw.policies,
        migrations,
    })
}

/// Letters, digits and `_`, starting with a letter: a name tera and HCL both accept.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// 1-based line number of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "name = \"t\"\nversion = \"1.0.0\"\ntitle = \"T\"\ndescription = \"d\"\n";

    fn problems(body: &str) -> Vec<ManifestProblem> {
        parse(&format!("{HEAD}{body}")).expect_err("manifest should be rejected")
    }

    #[test]
    fn patterns_are_checked_at_load_and_match_whole_values() {
        let bad = problems("[[parameters]]\nname = \"n\"\ntype = \"string\"\npattern = \"[a-z\"\n");
        assert!(
            bad.iter().any(|p| p.field == "parameters[0].pattern"
                && p.message
                    .contains("`[a-z` is not a valid regular expression")),
            "{bad:?}"
        );
        let p = Pattern::new("[a-z]+|x[0-9]".into()).unwrap();
        assert!(p.is_match("orders") && p.is_match("x1"));
        assert!(
            !p.is_match("orders1") && !p.is_match("ax1"),
            "anchored at both ends"
        );
        let copy = p.clone();
        assert!(copy.is_match("abc"));
    }

    #[test]
    fn parses_typed_parameters_with_conditions() {
        let m = parse(&format!(
            "{HEAD}[[parameters]]\nname = \"env\"\ntype = \"choice\"\nchoices = [\"dev\", \"prod\"]\ndefault = \"dev\"\n\
             [[parameters]]\nname = \"force\"\ntype = \"boolean\"\ndefault = false\nwhen = \"env == 'dev'\"\n"
        ))
        .expect("valid manifest");
        assert_eq!(m.parameters.len(), 2);
        assert_eq!(m.parameters[1].kind, Kind::Boolean);
        assert!(m.parameters[1].when.is_some());
        assert!(!m.parameters[0].required());
    }

    #[test]
    fn reports_every_problem_with_its_field() {
        let found = problems(
            "[[parameters]]\nname = \"a\"\ntype = \"text\"\n\
             [[parameters]]\nname = \"b\"\ntype = \"integer\"\nmin = 5\nmax = 1\ndefault = 9\n\
             [[parameters]]\nname = \"c\"\ntype = \"string\"\npattern = \"(\"\n",
        );
        let fields: Vec<&str> = found.iter().map(|p| p.field.as_str()).collect();
        assert!(fields.contains(&"parameters[0].type"), "{found:?}");
        assert!(fields.contains(&"parameters[1].min"), "{found:?}");
        assert!(fields.contains(&"parameters[1].default"), "{found:?}");
        assert!(fields.contains(&"parameters[2].pattern"), "{found:?}");
    }

    #[test]
    fn condition_may_only_use_earlier_parameters() {
        let found = problems(
            "[[parameters]]\nname = \"a\"\ntype = \"boolean\"\ndefault = true\nwhen = \"b\"\n\
             [[parameters]]\nname = \"b\"\ntype = \"boolean\"\ndefault = true\n",
        );
        assert_eq!(found[0].field, "parameters[0].when");
        assert!(found[0].message.contains("`b`"), "{}", found[0].message);
    }

    #[test]
    fn unknown_fields_and_bad_versions_are_errors() {
        let found = parse(
            "name = \"t\"\nversion = \"1\"\ntitle = \"T\"\ndescription = \"d\"\nsurprise = 1\n",
        )
        .unwrap_err();
        assert!(found[0].message.contains("surprise"), "{found:?}");
        let found = parse("name = \"t\"\nversion = \"one\"\ntitle = \"T\"\ndescription = \"d\"\n")
            .unwrap_err();
        assert_eq!(found[0].field, "version");
    }

    fn common() -> Shared {
        Shared {
            partials: Vec::new(),
            groups: vec![(
                "common".into(),
                "[[parameters]]\nname = \"name\"\ntype = \"string\"\nhelp = \"Name.\"\npattern = '[a-z]+'\n\
                 [[parameters]]\nname = \"team\"\ntype = \"string\"\nhelp = \"Team.\"\n"
                    .into(),
            )],
        }
    }

    #[test]
    fn group_parameters_come_first_and_own_ones_override_their_fields() {
        let m = parse_with(
            &format!(
                "{HEAD}parameter_groups = [\"common\"]\n\
                 [[parameters]]\nname = \"size\"\ntype = \"integer\"\ndefault = 1\n\
                 [[parameters]]\nname = \"name\"\nhelp = \"Bucket name.\"\n"
            ),
            &common(),
        )
        .expect("valid manifest");
        let names: Vec<&str> = m.parameters.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["name", "team", "size"]);
        assert_eq!(m.parameters[0].help, "Bucket name.");
        assert_eq!(m.parameters[0].kind, Kind::String);
        assert_eq!(m.parameters[0].pattern.as_ref().unwrap().source, "[a-z]+");
        assert_eq!(m.parameters[1].help, "Team.");
    }

    #[test]
    fn group_problems_name_the_group_and_its_file() {
        let found = parse_with(
            &format!("{HEAD}parameter_groups = [\"common\", \"nope\"]\n"),
            &common(),
        )
        .unwrap_err();
        assert_eq!(found[0].field, "parameter_groups[1]");
        assert!(found[0].message.contains("groups: common"), "{found:?}");

        let broken = Shared {
            groups: vec![("common".into(), "[[parameters]]\nname = 1\n".into())],
            ..Shared::default()
        };
        let found =
            parse_with(&format!("{HEAD}parameter_groups = [\"common\"]\n"), &broken).unwrap_err();
        assert!(
            found[0]
                .message
                .starts_with("_shared/parameters/common.toml line 2"),
            "{found:?}"
        );

        let found = parse_with(
            &format!(
                "{HEAD}parameter_groups = [\"common\"]\n[[parameters]]\nname = \"name\"\npattern = \"(\"\n"
            ),
            &common(),
        )
        .unwrap_err();
        assert_eq!(found[0].field, "parameters[0].pattern");
        assert!(
            found[0]
                .message
                .contains("parameter `name` of group `common`"),
            "{found:?}"
        );
    }

    #[test]
    fn a_parameter_without_a_group_needs_a_type() {
        let found = problems("[[parameters]]\nname = \"a\"\n");
        assert_eq!(found[0].field, "parameters[0].type");
        assert!(found[0].message.contains("has no type"), "{found:?}");
    }
}
