//! `template preview`'s core: a template directory's files in, what its author sees out — the
//! lint, and the module one fixture (or answers file) renders, with its guardrail findings.
//!
//! Pure: the edge reads the directory again on every change and calls [`snapshot`].

use crate::answers::{self, Inputs};
use crate::catalog::{Catalog, RawTemplate};
use crate::guardrails::rego::Policies;
use crate::lint::{self, TemplateLint};
use crate::pipeline;
use crate::render::Bundle;
use crate::report::CheckReport;
use crate::template_test::{self, Expectation};

/// The answers a preview renders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// A fixture under `tests/`, by file name or stem (`dev`, `dev.yaml`); `None` is the first.
    Fixture(Option<String>),
    /// An answers file outside the template, as read: its name for messages, and its text.
    File {
        /// The path as the user gave it.
        label: String,
        /// Its contents.
        text: String,
    },
}

/// What a preview shows of one state of a template directory.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The template's name (its directory when the manifest cannot say).
    pub template: String,
    /// Its version, when the manifest parses.
    pub version: Option<String>,
    /// The fixtures under `tests/`, by file name.
    pub fixtures: Vec<String>,
    /// The answers rendered: `tests/dev.yaml` or the answers file's path.
    pub answers: Option<String>,
    /// The fixture's declared outcome, when it declares one other than valid.
    pub expect: Option<Expectation>,
    /// Every lint problem, and the fixtures' coverage.
    pub lint: TemplateLint,
    /// The module, or why there is none.
    pub outcome: Outcome,
}

/// The render of a preview's answers.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The module rendered; its guardrail report.
    Rendered(Bundle, CheckReport),
    /// The answers were refused: each line names the parameter, the value and what it expects.
    Refused(Vec<String>),
    /// Nothing could be rendered: the template does not load, or a file does not render.
    Failed(String),
}

/// Lints `raw` and renders it with the chosen answers. `others` are the templates nested
/// modules may name (the other sources, then the embedded ones); `areas` are the policy
/// library's areas.
pub fn snapshot(
    raw: RawTemplate,
    others: Vec<RawTemplate>,
    choice: &Choice,
    policies: &Policies,
    areas: &[String],
) -> Snapshot {
    let lint = lint::lint(&raw, areas);
    let fixtures: Vec<String> = raw.fixtures.iter().map(|(name, _)| name.clone()).collect();
    let mut snapshot = Snapshot {
        template: lint.template.clone(),
        version: None,
        fixtures,
        answers: None,
        expect: None,
        lint,
        outcome: Outcome::Failed(String::new()),
    };
    let origin = raw.origin.clone();
    let (label, inputs) = match answers_of(&raw, choice) {
        Ok(found) => found,
        Err(message) => {
            snapshot.outcome = Outcome::Failed(message);
            return snapshot;
        }
    };
    snapshot.answers = Some(label);
    let (expect, inputs) = inputs;
    snapshot.expect = (expect != Expectation::Valid).then_some(expect);
    let catalog = match Catalog::from_raw(std::iter::once(raw).chain(others).collect()) {
        Ok(catalog) => catalog,
        Err(e) => {
            snapshot.outcome = Outcome::Failed(e.to_string());
            return snapshot;
        }
    };
    let Some(template) = catalog.templates().iter().find(|t| t.origin == origin) else {
        snapshot.outcome = Outcome::Failed(
            "another source holds a template of the same name first; preview it on its own".into(),
        );
        return snapshot;
    };
    snapshot.version = Some(template.manifest.version.to_string());
    snapshot.outcome = match answers::resolve(&template.manifest, &inputs) {
        Err(problems) => Outcome::Refused(
            problems
                .iter()
                .map(|p| match &p.value {
                    Some(value) => format!("{} = {value}: expected {}", p.parameter, p.expected),
                    None => format!("{}: expected {}", p.parameter, p.expected),
                })
                .collect(),
        ),
        Ok(answers) => {
            match pipeline::preview(template, &answers, &pipeline::Guards::new(policies)) {
                Ok(review) => Outcome::Rendered(review.bundle, review.report),
                Err(e) => Outcome::Failed(e.to_string()),
            }
        }
    };
    snapshot
}

/// A snapshot of a template that could not be read at all: nothing but the reason.
pub fn failed(template: &str, message: String) -> Snapshot {
    Snapshot {
        template: template.to_string(),
        version: None,
        fixtures: Vec::new(),
        answers: None,
        expect: None,
        lint: TemplateLint {
            template: template.to_string(),
            problems: Vec::new(),
            coverage: None,
        },
        outcome: Outcome::Failed(message),
    }
}

type Found = (String, (Expectation, Inputs));

fn answers_of(raw: &RawTemplate, choice: &Choice) -> Result<Found, String> {
    match choice {
        Choice::File { label, text } => {
            let given = answers::file::parse(text).map_err(|p| {
                let line = p.line.map(|l| format!(":{l}")).unwrap_or_default();
                format!("{label}{line}: {}", p.message)
            })?;
            let inputs = Inputs {
                file: given,
                ..Default::default()
            };
            Ok((label.clone(), (Expectation::Valid, inputs)))
        }
        Choice::Fixture(wanted) => {
            let found = match wanted {
                None => raw.fixtures.first(),
                Some(name) => raw
                    .fixtures
                    .iter()
                    .find(|(file, _)| file == name || template_test::stem(file) == name),
            };
            let Some((file, text)) = found else {
                return Err(match wanted {
                    None => {
                        "tests/ holds no fixture; add tests/dev.yaml with answers to preview".into()
                    }
                    Some(name) => format!(
                        "tests/ holds no fixture `{name}`; the fixtures are: {}",
                        fixture_list(raw)
                    ),
                });
            };
            let fixture = template_test::parse_fixture(file, text).map_err(|e| {
                let line = e.line.map(|l| format!(":{l}")).unwrap_or_default();
                format!("tests/{file}{line}: {}", e.message)
            })?;
            Ok((format!("tests/{file}"), (fixture.expect, fixture.inputs)))
        }
    }
}

fn fixture_list(raw: &RawTemplate) -> String {
    if raw.fixtures.is_empty() {
        return "none".into();
    }
    raw.fixtures
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::embedded;
    use crate::guardrails::bundle::shipped_policies;
    use crate::lint::Severity;

    fn raw(name: &str) -> RawTemplate {
        embedded()
            .into_iter()
            .find(|r| r.origin == format!("embedded:{name}"))
            .expect("embedded template")
    }

    fn others(name: &str) -> Vec<RawTemplate> {
        embedded()
            .into_iter()
            .filter(|r| r.origin != format!("embedded:{name}"))
            .collect()
    }

    fn areas() -> Vec<String> {
        lint::policy_areas(&crate::guardrails::files::library_files())
    }

    fn take(name: &str, edit: impl FnOnce(&mut RawTemplate), choice: &Choice) -> Snapshot {
        let mut template = raw(name);
        edit(&mut template);
        let policies = shipped_policies().expect("shipped policies load");
        snapshot(template, others(name), choice, &policies, &areas())
    }

    #[test]
    fn the_first_fixture_renders_a_clean_module() {
        let shot = take("s3-secure-bucket", |_| {}, &Choice::Fixture(None));
        assert_eq!(shot.template, "s3-secure-bucket");
        assert_eq!(shot.answers.as_deref(), Some("tests/dev.yaml"));
        assert_eq!(shot.lint.count(Severity::Error), 0);
        let Outcome::Rendered(bundle, report) = &shot.outcome else {
            panic!("renders: {:?}", shot.outcome);
        };
        assert!(bundle.get("main.tf").is_some());
        assert_eq!(report.findings().count(), 0);
    }

    #[test]
    fn a_fixture_is_chosen_by_stem_or_file_name() {
        for name in ["prod", "prod.yaml"] {
            let shot = take(
                "s3-secure-bucket",
                |_| {},
                &Choice::Fixture(Some(name.into())),
            );
            assert_eq!(shot.answers.as_deref(), Some("tests/prod.yaml"));
            assert!(matches!(shot.outcome, Outcome::Rendered(..)));
        }
    }

    #[test]
    fn an_unknown_fixture_names_the_fixtures_there_are() {
        let shot = take(
            "s3-secure-bucket",
            |_| {},
            &Choice::Fixture(Some("stage".into())),
        );
        let Outcome::Failed(message) = &shot.outcome else {
            panic!("fails: {:?}", shot.outcome);
        };
        assert!(message.contains("no fixture `stage`"), "{message}");
        assert!(message.contains("dev.yaml"), "{message}");
    }

    #[test]
    fn a_tera_error_is_a_lint_error_with_its_file_and_line() {
        let shot = take(
            "s3-secure-bucket",
            |t| {
                let (_, text) = t
                    .files
                    .iter_mut()
                    .find(|(p, _)| p.starts_with("main.tf"))
                    .expect("main.tf");
                text.push_str("\n{% if %}\n");
            },
            &Choice::Fixture(None),
        );
        let syntax = shot
            .lint
            .problems
            .iter()
            .find(|p| p.rule == lint::Rule::Syntax)
            .expect("a syntax problem");
        assert!(syntax.file.starts_with("files/main.tf"), "{syntax:?}");
        assert!(syntax.line.is_some(), "{syntax:?}");
        assert!(matches!(shot.outcome, Outcome::Failed(_)));
    }

    #[test]
    fn a_broken_manifest_is_reported_and_nothing_renders() {
        let shot = take(
            "s3-secure-bucket",
            |t| t.manifest.push_str("\n[[parameters\n"),
            &Choice::Fixture(None),
        );
        assert!(
            shot.lint
                .problems
                .iter()
                .any(|p| p.rule == lint::Rule::Manifest && p.file == "template.toml")
        );
        assert!(matches!(shot.outcome, Outcome::Failed(_)));
        assert_eq!(shot.version, None);
    }

    #[test]
    fn refused_answers_name_the_parameter_and_the_value() {
        let choice = Choice::File {
            label: "mine.yaml".into(),
            text: "name: Not_Valid\n".into(),
        };
        let shot = take("s3-secure-bucket", |_| {}, &choice);
        let Outcome::Refused(lines) = &shot.outcome else {
            panic!("refused: {:?}", shot.outcome);
        };
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("name = \"Not_Valid\": expected text matching")),
            "{lines:?}"
        );
        assert_eq!(shot.answers.as_deref(), Some("mine.yaml"));
    }

    #[test]
    fn an_answers_file_that_does_not_parse_names_its_line() {
        let choice = Choice::File {
            label: "mine.yaml".into(),
            text: "name: [\n".into(),
        };
        let shot = take("s3-secure-bucket", |_| {}, &choice);
        let Outcome::Failed(message) = &shot.outcome else {
            panic!("fails: {:?}", shot.outcome);
        };
        assert!(message.starts_with("mine.yaml"), "{message}");
    }
}
