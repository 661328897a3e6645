//! Rego policies evaluated in-process with regorus, following conftest's conventions: rules named
//! `deny`, `violation` or `warn` (optionally with a `_suffix`) in `package main` or chosen
//! namespaces, each yielding a message string or an object with `msg` and metadata.

use super::annotations::{Annotation, severity_word};
use super::finding::{Finding, Severity};
use regorus::Engine;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A policy file: path (for messages) and Rego text.
#[derive(Debug, Clone)]
pub struct PolicyFile {
    /// Where it came from.
    pub path: String,
    /// Rego source.
    pub text: String,
}

/// Which packages' rules run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Namespaces {
    /// The packages these names or patterns match (conftest's default is `main`); in a
    /// pattern `*` stands for any characters, so `main.*` is every package below `main`.
    Only(Vec<String>),
    /// Every package loaded.
    All,
}

impl Namespaces {
    /// Whether the rules of `package` run.
    pub fn selects(&self, package: &str) -> bool {
        match self {
            Namespaces::All => true,
            Namespaces::Only(patterns) => patterns.iter().any(|p| matches(p, package)),
        }
    }
}

/// Whether `name` is matched by `pattern`, in which `*` stands for any run of characters.
fn matches(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

impl Default for Namespaces {
    fn default() -> Self {
        Namespaces::Only(vec!["main".into()])
    }
}

/// A policy error: the file and what regorus said.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{path}: {message}")]
pub struct PolicyError {
    /// The policy file (or package) at fault.
    pub path: String,
    /// What went wrong.
    pub message: String,
}

/// Loaded policies, parsed once and evaluated against many inputs. Clones share what was
/// evaluated: the same input (a module called by several others, or checked on its own and
/// through a call) is evaluated once per run.
#[derive(Clone)]
pub struct Policies {
    engine: Engine,
    packages: Vec<String>,
    /// Every (package, rule) whose name makes it a conftest rule, found once at load.
    rules: Vec<(String, String, Severity)>,
    /// METADATA annotations by package and rule.
    annotations: HashMap<(String, String), Annotation>,
    /// Packages with an `exception` rule: the rules it names are excused (conftest).
    exceptions: Vec<String>,
    /// Findings by the digest of the namespaces and the input they were evaluated on.
    evaluated: Arc<Mutex<HashMap<[u8; 32], Vec<Finding>>>>,
}

impl Policies {
    /// Parses the policies (Rego v1).
    pub fn load(files: &[PolicyFile]) -> Result<Policies, PolicyError> {
        Policies::load_with_data(files, serde_json::Value::Object(Default::default()))
    }

    /// Parses the policies (Rego v1), with `data` as the data document beside their rules.
    pub fn load_with_data(
        files: &[PolicyFile],
        data: serde_json::Value,
    ) -> Result<Policies, PolicyError> {
        let mut engine = Engine::new();
        super::conftest_builtins::register(&mut engine).map_err(|e| PolicyError {
            path: "policies".into(),
            message: one_line(&e.to_string()),
        })?;
        engine
            .add_data(regorus::Value::from(data))
            .map_err(|e| PolicyError {
                path: "data".into(),
                message: one_line(&e.to_string()),
            })?;
        let mut packages = Vec::new();
        let mut rules = Vec::new();
        let mut exceptions = Vec::new();
        let mut annotations = HashMap::new();
        for f in files {
            let package = engine
                .add_policy(f.path.clone(), f.text.clone())
                .map_err(|e| PolicyError {
                    path: f.path.clone(),
                    message: one_line(&e.to_string()),
                })?;
            let package = package.trim_start_matches("data.").to_string();
            for (rule, annotation) in super::annotations::of_rules(&f.text) {
                annotations.insert((package.clone(), rule), annotation);
            }
            for name in rule_heads(&f.text) {
                if name == "exception" && !exceptions.contains(&package) {
                    exceptions.push(package.clone());
                }
                if let Some(severity) = rule_severity(&name)
                    && !rules.iter().any(|(p, r, _)| p == &package && r == &name)
                {
                    rules.push((package.clone(), name, severity));
                }
            }
            if !packages.contains(&package) {
                packages.push(package);
            }
        }
        // Analyse the policies now, once: an engine clone that was never evaluated repeats the
        // analysis for every module it checks.
        engine.set_input(regorus::Value::new_object());
        engine
            .eval_query("true".to_string(), false)
            .map_err(|e| PolicyError {
                path: "policies".into(),
                message: one_line(&e.to_string()),
            })?;
        Ok(Policies {
            engine,
            packages,
            rules,
            annotations,
            exceptions,
            evaluated: Arc::default(),
        })
    }

    /// Loads policies a team wrote: every call they make is checked first (see
    /// [`super::rego_calls`]), and every rule is evaluated once over an empty input (see
    /// [`Policies::verify`]), so that what would fail on some module fails now.
    pub fn load_checked(
        files: &[PolicyFile],
        data: serde_json::Value,
    ) -> Result<Policies, PolicyError> {
        super::rego_calls::check(files)?;
        let policies = Policies::load_with_data(files, data)?;
        policies.verify()?;
        Ok(policies)
    }

    /// Evaluates every conftest rule once over an empty input, to find at load the errors that
    /// do not depend on the input (an unsafe variable): the error names the policy file.
    fn verify(&self) -> Result<(), PolicyError> {
        let mut engine = self.engine.clone();
        engine.set_input(regorus::Value::new_object());
        for (package, rule, _) in &self.rules {
            let path = format!("data.{package}.{rule}");
            let Err(e) = engine.eval_rule(path.clone()) else {
                continue;
            };
            let message = one_line(&e.to_string());
            if !message.contains("is unsafe") {
                continue;
            }
            let file = message
                .split_once("--> ")
                .and_then(|(_, rest)| rest.split(':').next())
                .map_or(path, str::to_string);
            return Err(PolicyError {
                path: file,
                message,
            });
        }
        Ok(())
    }

    /// Packages that were loaded, without the `data.` prefix.
    pub fn packages(&self) -> &[String] {
        &self.packages
    }

    /// Evaluates the rules of `namespaces` against `input`, returning findings without location.
    pub fn evaluate(
        &self,
        input: &serde_json::Value,
        namespaces: &Namespaces,
    ) -> Result<Vec<Finding>, PolicyError> {
        let key: [u8; 32] = Sha256::new()
            .chain_update(format!("{namespaces:?}\n"))
            .chain_update(input.to_string())
            .finalize()
            .into();
        let known = self.lock().get(&key).cloned();
        if let Some(findings) = known {
            return Ok(findings);
        }
        let findings = self.evaluate_now(input, namespaces)?;
        self.lock().insert(key, findings.clone());
        Ok(findings)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], Vec<Finding>>> {
        self.evaluated.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn evaluate_now(
        &self,
        input: &serde_json::Value,
        namespaces: &Namespaces,
    ) -> Result<Vec<Finding>, PolicyError> {
        let selected: Vec<&(String, String, Severity)> = self
            .rules
            .iter()
            .filter(|(package, _, _)| namespaces.selects(package))
            .collect();
        if selected.is_empty() {
            return Ok(Vec::new());
        }
        let mut engine = self.engine.clone();
        engine.set_input(regorus::Value::from(input.clone()));
        let excusing: Vec<&String> = self
            .exceptions
            .iter()
            .filter(|package| namespaces.selects(package))
            .collect();
        // Every rule in one query, so the helper rules they share are evaluated once per input
        // rather than once per rule; a rule that is undefined gives an empty list. One rule per
        // line keeps the query within the parser's line length.
        let query = format!(
            "[\n{}\n]",
            selected
                .iter()
                .map(|(package, rule, _)| format!("[v | v := data.{package}.{rule}]"))
                .chain(
                    excusing
                        .iter()
                        .map(|package| format!("[v | v := data.{package}.exception]"))
                )
                .collect::<Vec<_>>()
                .join(",\n")
        );
        let results = match engine.eval_query(query, false) {
            Ok(results) => results,
            Err(_) => return Err(self.culprit(input, &selected)),
        };
        let values = results
            .result
            .first()
            .and_then(|r| r.expressions.first())
            .map(|e| serde_json::to_value(&e.value).unwrap_or_default());
        let Some(serde_json::Value::Array(values)) = values else {
            return Ok(Vec::new());
        };
        let first = |v: &serde_json::Value| v.as_array().and_then(|v| v.first()).cloned();
        let excused: Vec<(&String, Vec<String>)> = excusing
            .iter()
            .zip(&values[selected.len().min(values.len())..])
            .map(|(package, value)| (*package, excused_rules(first(value).as_ref())))
            .collect();
        let mut findings = Vec::new();
        for ((package, rule, severity), value) in selected.into_iter().zip(&values) {
            let Some(value) = first(value) else {
                continue;
            };
            let annotation = self
                .annotations
                .get(&(package.clone(), rule.clone()))
                .cloned()
                .unwrap_or_default();
            let mut found = results_of(package, rule, *severity, &annotation, &value);
            let name = rule
                .strip_prefix("deny_")
                .or_else(|| rule.strip_prefix("violation_"))
                .unwrap_or(rule);
            if excused
                .iter()
                .any(|(p, names)| *p == package && names.iter().any(|n| n == name))
            {
                for f in &mut found {
                    f.exception = Some(format!("data.{package}.exception"));
                }
            }
            findings.extend(found);
        }
        Ok(findings)
    }

    /// The rule whose evaluation fails on `input`, found by evaluating the rules one by one.
    fn culprit(
        &self,
        input: &serde_json::Value,
        selected: &[&(String, String, Severity)],
    ) -> PolicyError {
        let mut engine = self.engine.clone();
        engine.set_input(regorus::Value::from(input.clone()));
        selected
            .iter()
            .find_map(|(package, rule, _)| {
                let path = format!("data.{package}.{rule}");
                engine.eval_rule(path.clone()).err().map(|e| PolicyError {
                    path,
                    message: one_line(&e.to_string()),
                })
            })
            .unwrap_or_else(|| PolicyError {
                path: "policies".into(),
                message: "evaluation failed, but no single rule fails on its own".into(),
            })
    }
}

/// The rule names an `exception` rule's value lists: conftest's `exception contains rules if
/// { …; rules := ["name"] }` is a set of lists of names.
fn excused_rules(value: Option<&serde_json::Value>) -> Vec<String> {
    let mut names = Vec::new();
    let mut pending: Vec<&serde_json::Value> = value.into_iter().collect();
    while let Some(v) = pending.pop() {
        match v {
            serde_json::Value::String(name) => names.push(name.clone()),
            serde_json::Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    names
}

/// conftest's rule names: `deny`/`violation` (`_suffix`…) block, `warn` (`_suffix`…) informs.
fn rule_severity(name: &str) -> Option<Severity> {
    let suffix_ok = |rest: &str| {
        rest.is_empty()
            || rest
                .split('_')
                .skip(1)
                .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
                && rest.starts_with('_')
    };
    if let Some(rest) = name
        .strip_prefix("deny")
        .or_else(|| name.strip_prefix("violation"))
    {
        return suffix_ok(rest).then_some(Severity::Deny);
    }
    name.strip_prefix("warn")
        .filter(|rest| suffix_ok(rest))
        .map(|_| Severity::Warn)
}

fn results_of(
    package: &str,
    rule: &str,
    severity: Severity,
    annotation: &Annotation,
    value: &serde_json::Value,
) -> Vec<Finding> {
    let items: Vec<&serde_json::Value> = match value {
        serde_json::Value::Array(items) => items.iter().collect(),
        serde_json::Value::Bool(true) => vec![value],
        serde_json::Value::String(_) | serde_json::Value::Object(_) => vec![value],
        _ => Vec::new(),
    };
    let default_rule = annotation
        .id
        .clone()
        .unwrap_or_else(|| format!("{package}.{rule}"));
    let severity = annotation.severity.unwrap_or(severity);
    let default_remediation = annotation
        .remediation
        .clone()
        .or_else(|| annotation.description.clone());
    items
        .into_iter()
        .map(|item| {
            let mut f = match item {
                serde_json::Value::Object(meta) => {
                    let text = |k: &str| meta.get(k).and_then(|v| v.as_str()).map(str::to_string);
                    let severity = text("severity")
                        .as_deref()
                        .and_then(severity_word)
                        .unwrap_or(severity);
                    let mut f = Finding::new(
                        text("rule").unwrap_or_else(|| default_rule.clone()),
                        severity,
                        text("msg")
                            .unwrap_or_else(|| serde_json::Value::Object(meta.clone()).to_string()),
                    );
                    f.resource = text("resource");
                    f.remediation = text("remediation");
                    f.file = meta
                        .get("_loc")
                        .and_then(|l| l.get("file"))
                        .and_then(|v| v.as_str())
                        .map(str::to_string);
                    f.line = meta
                        .get("_loc")
                        .and_then(|l| l.get("line"))
                        .and_then(|v| v.as_u64())
                        .map(|n| n as usize);
                    f
                }
                serde_json::Value::String(msg) => {
                    Finding::new(default_rule.clone(), severity, msg.clone())
                }
                other => Finding::new(default_rule.clone(), severity, other.to_string()),
            };
            if f.remediation.is_none() {
                f.remediation = default_remediation.clone();
            }
            f.title = annotation.title.clone();
            f
        })
        .collect()
}

/// Outcome of one Rego unit test.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TestOutcome {
    /// `package.test_name`.
    pub name: String,
    /// Whether it evaluated to true.
    pub passed: bool,
    /// The error, when evaluation failed.
    pub error: Option<String>,
}

/// Runs every `test_*` rule of the policies (conftest verify / opa test semantics: a test passes
/// when it evaluates to true).
pub fn run_tests(files: &[PolicyFile]) -> Result<Vec<TestOutcome>, PolicyError> {
    let policies = Policies::load_checked(files, serde_json::Value::Object(Default::default()))?;
    let mut engine = policies.engine;
    let mut outcomes = Vec::new();
    for f in files {
        let Some(package) = package_of(&f.text) else {
            continue;
        };
        for test in test_names(&f.text) {
            let name = format!("{package}.{test}");
            let result = engine.eval_rule(format!("data.{name}"));
            outcomes.push(match result {
                Ok(v) => TestOutcome {
                    passed: v == regorus::Value::from(true),
                    name,
                    error: None,
                },
                Err(e) => TestOutcome {
                    name,
                    passed: false,
                    error: Some(one_line(&e.to_string())),
                },
            });
        }
    }
    Ok(outcomes)
}

/// Names of rules defined at the start of a line (Rego rule heads are not indented).
fn rule_heads(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .map(|l| {
            l.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

fn package_of(text: &str) -> Option<String> {
    text.lines().find_map(|l| {
        l.trim()
            .strip_prefix("package ")
            .map(|p| p.trim().to_string())
    })
}

fn test_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .lines()
        .filter_map(|l| {
            let name: String = l
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            (name.starts_with("test_") && l[name.len()..].trim_start().starts_with("if"))
                .then_some(name)
        })
        .collect();
    names.dedup();
    names
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const POLICY: &str = r#"
package main

import rego.v1

deny contains msg if {
	some name, buckets in input.resource.aws_s3_bucket
	some b in buckets
	b.acl == "public-read"
	msg := sprintf("aws_s3_bucket.%s is public", [name])
}

warn_tags contains {"msg": "no owner tag", "rule": "GP-TAG-001", "resource": "aws_s3_bucket.x", "remediation": "add tags"} if {
	not input.resource.aws_s3_bucket.x[0].tags.owner
}

helper_not_a_rule := true
"#;

    fn files(extra: &[(&str, &str)]) -> Vec<PolicyFile> {
        let mut v = vec![PolicyFile {
            path: "main.rego".into(),
            text: POLICY.into(),
        }];
        v.extend(extra.iter().map(|(p, t)| PolicyFile {
            path: p.to_string(),
            text: t.to_string(),
        }));
        v
    }

    #[test]
    fn conftest_rules_become_findings() {
        let policies = Policies::load(&files(&[])).unwrap();
        let input = json!({"resource": {"aws_s3_bucket": {"x": [{"acl": "public-read"}]}}});
        let mut found = policies.evaluate(&input, &Namespaces::default()).unwrap();
        found.sort_by(|a, b| a.rule.cmp(&b.rule));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            (found[0].rule.as_str(), found[0].severity),
            ("GP-TAG-001", Severity::Warn)
        );
        assert_eq!(found[0].remediation.as_deref(), Some("add tags"));
        assert_eq!(
            (found[1].rule.as_str(), found[1].message.as_str()),
            ("main.deny", "aws_s3_bucket.x is public")
        );
    }

    #[test]
    fn namespaces_select_packages() {
        let other = "package other\n\nimport rego.v1\n\ndeny contains \"always\" if { true }\n";
        let policies = Policies::load(&files(&[("other.rego", other)])).unwrap();
        let input = json!({});
        let main_only = policies.evaluate(&input, &Namespaces::default()).unwrap();
        assert!(main_only.iter().all(|f| f.rule != "other.deny"));
        let all = policies.evaluate(&input, &Namespaces::All).unwrap();
        assert!(all.iter().any(|f| f.rule == "other.deny"));
    }

    #[test]
    fn rule_names_follow_conftest() {
        assert_eq!(rule_severity("deny"), Some(Severity::Deny));
        assert_eq!(rule_severity("violation_s3_acl"), Some(Severity::Deny));
        assert_eq!(rule_severity("warn_tags"), Some(Severity::Warn));
        assert_eq!(rule_severity("denylist"), None);
        assert_eq!(rule_severity("warn_"), None);
        assert_eq!(rule_severity("helper"), None);
    }

    #[test]
    fn syntax_errors_name_the_file() {
        let err = Policies::load(&[PolicyFile {
            path: "bad.rego".into(),
            text: "package main\ndeny contains x if {".into(),
        }])
        .err()
        .expect("invalid rego");
        assert_eq!(err.path, "bad.rego");
    }

    #[test]
    fn namespace_patterns_match_as_globs() {
        let only = |p: &[&str]| Namespaces::Only(p.iter().map(|s| s.to_string()).collect());
        assert!(only(&["main"]).selects("main"));
        assert!(!only(&["main"]).selects("main.s3"));
        assert!(only(&["main.*"]).selects("main.s3"));
        assert!(only(&["main.*"]).selects("main.s3.tags"));
        assert!(!only(&["main.*"]).selects("main"));
        assert!(!only(&["main.*"]).selects("mainly.s3"));
        assert!(only(&["*"]).selects("anything.at.all"));
        assert!(only(&["*.s3"]).selects("goldpath.s3"));
        assert!(!only(&["*.s3"]).selects("goldpath.s3x"));
        assert!(only(&["gold*.*3"]).selects("goldpath.s3"));
        assert!(!only(&["a*a"]).selects("a"));
        assert!(only(&["x", "goldpath.*"]).selects("goldpath.iam"));
        assert!(Namespaces::All.selects("main"));
    }

    #[test]
    fn an_input_is_evaluated_once_across_clones() {
        let policies = Policies::load(&files(&[])).unwrap();
        let denied = |p: &Policies, input: &serde_json::Value| {
            let findings = p.evaluate(input, &Namespaces::All).unwrap();
            findings
                .iter()
                .filter(|f| f.severity == Severity::Deny)
                .count()
        };
        let public =
            json!({ "resource": { "aws_s3_bucket": { "b": [{ "acl": "public-read" }] } } });
        assert_eq!(denied(&policies, &public), 1);
        let clone = policies.clone();
        assert_eq!(denied(&clone, &public), 1);
        assert_eq!(clone.lock().len(), 1);
        let private = json!({ "resource": { "aws_s3_bucket": { "b": [{ "acl": "private" }] } } });
        assert_eq!(denied(&clone, &private), 0);
        assert_eq!(policies.lock().len(), 2);
        let none = Namespaces::Only(vec!["other".into()]);
        assert!(policies.evaluate(&public, &none).unwrap().is_empty());
    }

    #[test]
    fn an_evaluation_error_names_the_failing_rule() {
        let conflicting = "package other\n\nimport rego.v1\n\n\
            deny := \"a\" if input.x\n\
            deny := \"b\" if input.x\n";
        let policies = Policies::load(&files(&[("other.rego", conflicting)])).unwrap();
        let input = json!({ "x": true, "resource": {} });
        let err = policies
            .evaluate(&input, &Namespaces::All)
            .expect_err("two values for one complete rule");
        assert_eq!(err.path, "data.other.deny");
        assert!(
            policies
                .evaluate(&json!({ "x": false }), &Namespaces::All)
                .is_ok()
        );
    }

    #[test]
    fn unit_tests_pass_and_fail() {
        let tests = "package main_test\n\nimport rego.v1\n\nimport data.main\n\n\
            test_public_bucket_denied if {\n\tcount(main.deny) == 1 with input as {\"resource\": {\"aws_s3_bucket\": {\"x\": [{\"acl\": \"public-read\"}]}}}\n}\n\n\
            test_wrong_expectation if {\n\tcount(main.deny) == 5 with input as {}\n}\n";
        let outcomes = run_tests(&files(&[("main_test.rego", tests)])).unwrap();
        let by_name: Vec<(&str, bool)> = outcomes
            .iter()
            .map(|o| (o.name.as_str(), o.passed))
            .collect();
        assert_eq!(
            by_name,
            vec![
                ("main_test.test_public_bucket_denied", true),
                ("main_test.test_wrong_expectation", false)
            ]
        );
    }
}
