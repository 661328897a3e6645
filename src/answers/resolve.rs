//! Gathering answers from defaults, config, an answers file and `--set`, in rising precedence.

use super::file::Given;
use super::value::{Value, check, coerce, parse_text, text_to_json};
use crate::catalog::manifest::{Kind, Manifest, Parameter};
use std::collections::BTreeMap;

/// Raw answers from every source, before typing and validation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    /// Defaults from `goldpath.toml`; keys the template does not declare are ignored.
    pub config: BTreeMap<String, serde_json::Value>,
    /// The answers file's entries, with lines.
    pub file: Vec<Given>,
    /// `--set KEY=VALUE` pairs in command-line order; a later pair wins.
    pub set: Vec<(String, String)>,
    /// Answers edited in an interactive front end; they win over every other source. A value
    /// kept for a parameter that is not asked (its condition is false) is set aside, not an
    /// error, so toggling a condition back restores it.
    pub form: BTreeMap<String, serde_json::Value>,
}

/// Where an answer (or a problem with it) came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The manifest's default.
    Default,
    /// The config file's defaults.
    Config,
    /// The answers file, at this line.
    File(usize),
    /// A `--set` flag.
    Set,
    /// An interactive front end's form.
    Form,
    /// No source gave a value.
    Missing,
}

/// One validation problem: the parameter, the value given, what was expected and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Parameter name (or the unknown key).
    pub parameter: String,
    /// The value given, as the user wrote it.
    pub value: Option<String>,
    /// What was expected instead.
    pub expected: String,
    /// Where the value came from.
    pub source: Source,
}

/// Validated answers, in manifest order; parameters whose condition is false are absent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answers {
    values: Vec<(String, Value)>,
}

impl Answers {
    /// The answer for `name`, if it was asked.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Answers in manifest order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Answers as a JSON object, in manifest order.
    pub fn to_json(&self) -> serde_json::Map<String, serde_json::Value> {
        self.values
            .iter()
            .map(|(k, v)| (k.clone(), v.to_json()))
            .collect()
    }
}

struct Candidate {
    raw: Raw,
    source: Source,
}

enum Raw {
    Typed(Value),
    Json(serde_json::Value),
    Text(String),
}

/// Everything known about a set of inputs: the valid answers, which parameters are asked, and
/// every problem. Interactive front ends show all three while the user is still typing.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// The answers that are valid so far, in manifest order.
    pub answers: Answers,
    /// Names of the parameters asked for these answers, in manifest order.
    pub asked: Vec<String>,
    /// Every problem, sorted by where it came from.
    pub problems: Vec<Problem>,
}

/// Types and validates every answer, reporting all problems at once.
pub fn resolve(manifest: &Manifest, inputs: &Inputs) -> Result<Answers, Vec<Problem>> {
    let resolution = evaluate(manifest, inputs);
    if resolution.problems.is_empty() {
        Ok(resolution.answers)
    } else {
        Err(resolution.problems)
    }
}

/// Types and validates every answer, keeping what is valid alongside the problems.
pub fn evaluate(manifest: &Manifest, inputs: &Inputs) -> Resolution {
    let mut problems = Vec::new();
    let mut asked_names = Vec::new();
    for given in &inputs.file {
        if !manifest.parameters.iter().any(|p| p.name == given.key) {
            problems.push(unknown(
                manifest,
                &given.key,
                Some(given.value.to_string()),
                Source::File(given.line),
            ));
        }
    }
    for (key, text) in &inputs.set {
        if !manifest.parameters.iter().any(|p| &p.name == key) {
            problems.push(unknown(
                manifest,
                key,
                Some(format!("{text:?}")),
                Source::Set,
            ));
        }
    }

    let mut answers = Answers::default();
    let mut invalid: Vec<&str> = Vec::new();
    let mut scope = tera::Context::new();
    for param in &manifest.parameters {
        scope.insert(param.name.clone(), &serde_json::Value::Null);
    }
    for param in &manifest.parameters {
        let explicit = pick_explicit(inputs, &param.name);
        if param
            .when
            .as_ref()
            .is_some_and(|w| w.names().iter().any(|n| invalid.contains(&n.as_str())))
        {
            // Whether it is asked depends on an answer already reported as wrong.
            invalid.push(&param.name);
            continue;
        }
        let asked = match &param.when {
            None => true,
            Some(cond) => cond.holds(&scope).unwrap_or_else(|message| {
                problems.push(Problem {
                    parameter: param.name.clone(),
                    value: None,
                    expected: message,
                    source: Source::Default,
                });
                false
            }),
        };
        if !asked {
            if let Some(c) = explicit.filter(|c| c.source != Source::Form) {
                problems.push(Problem {
                    parameter: param.name.clone(),
                    value: Some(c.raw.display()),
                    expected: format!(
                        "no value: this parameter is only asked when `{}`, which is false for these answers",
                        param.when.as_ref().map_or("", |w| w.source())
                    ),
                    source: c.source,
                });
            }
            continue;
        }
        asked_names.push(param.name.clone());
        let candidate = explicit
            .or_else(|| {
                inputs.config.get(&param.name).map(|v| Candidate {
                    raw: Raw::Json(v.clone()),
                    source: Source::Config,
                })
            })
            .or_else(|| {
                param.default.clone().map(|v| Candidate {
                    raw: Raw::Typed(v),
                    source: Source::Default,
                })
            });
        let Some(candidate) = candidate else {
            let what = if param.help.is_empty() {
                param.kind.as_str()
            } else {
                param.help.trim_end_matches('.')
            };
            problems.push(Problem {
                parameter: param.name.clone(),
                value: None,
                expected: format!(
                    "a value ({what}); give it in the answers file or with --set {}=…",
                    param.name
                ),
                source: Source::Missing,
            });
            invalid.push(&param.name);
            continue;
        };
        let typed = match &candidate.raw {
            Raw::Typed(v) => Ok(v.clone()),
            Raw::Json(j) => coerce(param.kind, j),
            Raw::Text(t) => parse_text(param.kind, t),
        };
        match typed {
            Err(expected) => {
                invalid.push(&param.name);
                problems.push(Problem {
                    parameter: param.name.clone(),
                    value: Some(candidate.raw.display()),
                    expected,
                    source: candidate.source,
                });
            }
            Ok(value) => {
                let issues = check(param, &value);
                if issues.is_empty() {
                    scope.insert(param.name.clone(), &value.to_json());
                    answers.values.push((param.name.clone(), value));
                } else {
                    invalid.push(&param.name);
                    problems.extend(issues.into_iter().map(|expected| Problem {
                        parameter: param.name.clone(),
                        value: Some(value.display()),
                        expected,
                        source: candidate.source,
                    }));
                }
            }
        }
    }
    problems.sort_by_key(|p| match p.source {
        Source::Form => (0, 0),
        Source::File(line) => (0, line),
        Source::Set => (1, 0),
        Source::Config => (2, 0),
        Source::Default => (3, 0),
        Source::Missing => (4, 0),
    });
    Resolution {
        answers,
        asked: asked_names,
        problems,
    }
}

impl Inputs {
    /// Moves every explicit answer (answers file, `--set`) into the form, so an interactive
    /// front end can edit them and hide conditional ones without turning them into errors.
    /// Config defaults stay where they are: they are defaults, not answers.
    pub fn into_form(self, manifest: &Manifest) -> Inputs {
        let mut form = self.form.clone();
        for param in &manifest.parameters {
            if form.contains_key(&param.name) {
                continue;
            }
            if let Some(c) = pick_explicit(&self, &param.name) {
                form.insert(param.name.clone(), c.raw.to_json(param.kind));
            }
        }
        Inputs {
            config: self.config,
            file: Vec::new(),
            set: Vec::new(),
            form,
        }
    }

    /// The value a parameter currently takes, valid or not: the highest-precedence source that
    /// gives one (form, `--set`, answers file, config, then the template default).
    pub fn effective(&self, param: &Parameter) -> Option<serde_json::Value> {
        pick_explicit(self, &param.name)
            .map(|c| c.raw.to_json(param.kind))
            .or_else(|| self.config.get(&param.name).cloned())
            .or_else(|| param.default.as_ref().map(Value::to_json))
    }
}

fn pick_explicit(inputs: &Inputs, name: &str) -> Option<Candidate> {
    if let Some(value) = inputs.form.get(name) {
        return Some(Candidate {
            raw: Raw::Json(value.clone()),
            source: Source::Form,
        });
    }
    let set = inputs.set.iter().rev().find(|(k, _)| k == name);
    if let Some((_, text)) = set {
        return Some(Candidate {
            raw: Raw::Text(text.clone()),
            source: Source::Set,
        });
    }
    inputs
        .file
        .iter()
        .find(|g| g.key == name)
        .map(|g| Candidate {
            raw: Raw::Json(g.value.clone()),
            source: Source::File(g.line),
        })
}

fn unknown(manifest: &Manifest, key: &str, value: Option<String>, source: Source) -> Problem {
    let names: Vec<&str> = manifest
        .parameters
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let close = names.iter().find(|n| strsim_close(n, key));
    let expected = match close {
        Some(n) => format!(
            "a parameter of template `{}`: did you mean `{n}`?",
            manifest.name
        ),
        None => format!(
            "a parameter of template `{}` (one of: {})",
            manifest.name,
            names.join(", ")
        ),
    };
    Problem {
        parameter: key.to_string(),
        value,
        expected,
        source,
    }
}

/// Whether two names differ by at most one edit, for "did you mean" hints.
fn strsim_close(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()] <= 1
}

impl Raw {
    /// The raw value as JSON: typed when it parses for `kind`, else as the text given.
    fn to_json(&self, kind: Kind) -> serde_json::Value {
        match self {
            Raw::Typed(v) => v.to_json(),
            Raw::Json(j) => j.clone(),
            Raw::Text(t) => text_to_json(kind, t),
        }
    }

    fn display(&self) -> String {
        match self {
            Raw::Typed(v) => v.display(),
            Raw::Json(j) => j.to_string(),
            Raw::Text(t) => format!("{t:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::file;
    use crate::catalog::manifest;

    fn manifest() -> Manifest {
        manifest::parse(
            r#"
name = "t"
version = "1.0.0"
title = "T"
description = "d"
[[parameters]]
name = "name"
type = "string"
pattern = "[a-z]+"
[[parameters]]
name = "environment"
type = "choice"
choices = ["dev", "prod"]
default = "dev"
[[parameters]]
name = "force_destroy"
type = "boolean"
default = false
when = "environment == 'dev'"
[[parameters]]
name = "days"
type = "integer"
default = 30
min = 1
max = 365
"#,
        )
        .expect("valid manifest")
    }

    fn inputs(file_text: &str, set: &[(&str, &str)]) -> Inputs {
        Inputs {
            config: BTreeMap::new(),
            file: file::parse(file_text).expect("valid yaml"),
            set: set
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn form_answers_of_hidden_parameters_are_kept_aside_not_errors() {
        let mut i = Inputs::default();
        i.form.insert("name".into(), "abc".into());
        i.form.insert("force_destroy".into(), true.into());
        i.form.insert("environment".into(), "prod".into());
        let r = evaluate(&manifest(), &i);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.asked, ["name", "environment", "days"]);
        assert_eq!(r.answers.get("force_destroy"), None);

        i.form.insert("environment".into(), "dev".into());
        let r = evaluate(&manifest(), &i);
        assert_eq!(r.asked, ["name", "environment", "force_destroy", "days"]);
        assert_eq!(r.answers.get("force_destroy"), Some(&Value::Boolean(true)));
    }

    #[test]
    fn evaluate_keeps_valid_answers_next_to_problems() {
        let mut i = Inputs::default();
        i.form.insert("name".into(), "ABC".into());
        i.form.insert("days".into(), "many".into());
        let r = evaluate(&manifest(), &i);
        assert_eq!(
            r.answers.get("environment"),
            Some(&Value::String("dev".into()))
        );
        let bad: Vec<_> = r
            .problems
            .iter()
            .map(|p| (p.parameter.as_str(), p.source))
            .collect();
        assert_eq!(bad, [("name", Source::Form), ("days", Source::Form)]);
        assert_eq!(r.problems[1].expected, "a whole number");
    }

    #[test]
    fn into_form_moves_explicit_answers_and_keeps_config_as_defaults() {
        let mut i = inputs(
            "name: fromfile\n",
            &[("days", "20"), ("environment", "prod")],
        );
        i.config.insert("days".into(), serde_json::json!(5));
        let m = manifest();
        let form = i.into_form(&m);
        assert!(form.file.is_empty() && form.set.is_empty());
        assert_eq!(form.form["name"], serde_json::json!("fromfile"));
        assert_eq!(form.form["days"], serde_json::json!(20));
        assert_eq!(form.config["days"], serde_json::json!(5));
        let days = m.parameters.iter().find(|p| p.name == "days").unwrap();
        assert_eq!(form.effective(days), Some(serde_json::json!(20)));
        let mut bare = form.clone();
        bare.form.remove("days");
        assert_eq!(
            bare.effective(days),
            Some(serde_json::json!(5)),
            "config beats the default"
        );
    }

    #[test]
    fn precedence_is_default_config_file_set() {
        let mut i = inputs("name: fromfile\ndays: 10\n", &[("days", "20")]);
        i.config.insert("days".into(), serde_json::json!(5));
        i.config
            .insert("unrelated".into(), serde_json::json!("ignored"));
        let a = resolve(&manifest(), &i).unwrap();
        assert_eq!(a.get("name"), Some(&Value::String("fromfile".into())));
        assert_eq!(a.get("days"), Some(&Value::Integer(20)));
        assert_eq!(a.get("force_destroy"), Some(&Value::Boolean(false)));
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let problems = resolve(
            &manifest(),
            &inputs("name: Bad1\nenvironment: qa\ndayz: 3\n", &[]),
        )
        .unwrap_err();
        let by_name: Vec<(&str, Source)> = problems
            .iter()
            .map(|p| (p.parameter.as_str(), p.source))
            .collect();
        assert!(by_name.contains(&("dayz", Source::File(3))), "{problems:?}");
        assert!(by_name.contains(&("name", Source::File(1))), "{problems:?}");
        assert!(
            by_name.contains(&("environment", Source::File(2))),
            "{problems:?}"
        );
        let dayz = problems.iter().find(|p| p.parameter == "dayz").unwrap();
        assert!(
            dayz.expected.contains("did you mean `days`"),
            "{}",
            dayz.expected
        );
    }

    #[test]
    fn a_parameter_whose_condition_is_false_must_not_be_given() {
        let problems = resolve(
            &manifest(),
            &inputs("name: a\nenvironment: prod\nforce_destroy: true\n", &[]),
        )
        .unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].parameter, "force_destroy");
        assert!(problems[0].expected.contains("environment == 'dev'"));
        let a = resolve(&manifest(), &inputs("name: a\nenvironment: prod\n", &[])).unwrap();
        assert_eq!(a.get("force_destroy"), None);
    }

    #[test]
    fn conditions_on_wrong_answers_are_not_judged() {
        let problems = resolve(
            &manifest(),
            &inputs("name: a\nenvironment: qa\nforce_destroy: true\n", &[]),
        )
        .unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].parameter, "environment");
    }

    #[test]
    fn missing_required_answers_are_reported() {
        let problems = resolve(&manifest(), &inputs("", &[])).unwrap_err();
        assert_eq!(problems[0].source, Source::Missing);
        assert!(problems[0].expected.contains("--set name="));
    }

    #[test]
    fn near_names_get_a_hint() {
        assert!(strsim_close("dayz", "days"));
        assert!(!strsim_close("team", "environment"));
    }
}
