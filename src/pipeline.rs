//! The one pipeline every front end drives: resolve → render → guardrails → plan → write.
//!
//! `new`, the terminal UI, the line prompts and `template test` collect answers and show
//! results; they all come here for the work. [`prepare`] and [`preview`] are pure; [`deliver`]
//! adds the edge: planning against the output directory and writing it atomically.

use crate::Error;
use crate::answers::{self, Answers, Inputs};
use crate::catalog::Template;
use crate::guardrails::bundle::check_rendered;
use crate::guardrails::finding::{Finding, Severity};
use crate::guardrails::rego::Policies;
use crate::output;
use crate::render::{self, Bundle};
use crate::report::CheckReport;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

/// A module rendered from resolved answers and held to the guardrails, not yet written.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The resolved answers.
    pub answers: Answers,
    /// The rendered files.
    pub bundle: Bundle,
    /// The guardrail report of every module directory of the bundle.
    pub report: CheckReport,
}

impl Prepared {
    /// Findings that block writing: unwaived deny findings.
    pub fn blocking(&self) -> Vec<&Finding> {
        self.report
            .findings()
            .map(|(_, f)| f)
            .filter(|f| f.fails(Severity::Deny))
            .collect()
    }
}

/// Resolves `inputs` against the template, renders and checks. `origin` names where the
/// answers came from (an answers file) for the errors about them.
pub fn prepare(
    template: &Template,
    inputs: &Inputs,
    origin: Option<String>,
    policies: &Policies,
) -> Result<Prepared, Error> {
    let answers = answers::resolve(&template.manifest, inputs)
        .map_err(|problems| Error::Answers { origin, problems })?;
    let (bundle, report) = preview(template, &answers, policies)?;
    Ok(Prepared {
        answers,
        bundle,
        report,
    })
}

/// Renders resolved answers and checks the result: what the terminal UI's review shows.
pub fn preview(
    template: &Template,
    answers: &Answers,
    policies: &Policies,
) -> Result<(Bundle, CheckReport), Error> {
    let bundle = render::render(template, answers)?;
    let report = check_rendered(template, answers, &bundle, policies)?;
    Ok((bundle, report))
}

/// Where and how a prepared module is written.
#[derive(Debug, Clone, Default)]
pub struct Destination {
    /// The output directory; `None` is the template's default (`./<name>`).
    pub out: Option<PathBuf>,
    /// Replace files of the same name in a non-empty directory.
    pub force: bool,
    /// Plan and validate only; write nothing.
    pub dry_run: bool,
    /// Write despite deny findings, recording them in `.goldpath.yaml`.
    pub allow_violations: bool,
}

/// A module rendered, checked and (unless a dry run) written.
#[derive(Debug)]
pub struct Written {
    /// The output directory.
    pub target: PathBuf,
    /// What writing did (or would do) to each file.
    pub plan: output::Plan,
    /// The rendered files, with the record of any allowed violations.
    pub bundle: Bundle,
    /// The guardrail report.
    pub report: CheckReport,
}

/// Prepares the module, stops at deny findings unless they are allowed (`on_deny` sees the
/// report first), plans the write against the output directory and writes it atomically.
pub fn deliver(
    template: &Template,
    inputs: &Inputs,
    origin: Option<String>,
    policies: &Policies,
    destination: &Destination,
    cancel: &AtomicBool,
    on_deny: &dyn Fn(&CheckReport),
) -> Result<Written, Error> {
    let prepared = prepare(template, inputs, origin, policies)?;
    let target = destination
        .out
        .clone()
        .unwrap_or_else(|| output::default_dir(&prepared.answers, &template.manifest.name));
    let plan = output::plan(&prepared.bundle, &target, destination.force)?;
    let blocking = prepared.blocking();
    let mut bundle = prepared.bundle.clone();
    if !blocking.is_empty() {
        if !destination.allow_violations {
            on_deny(&prepared.report);
            return Err(Error::GuardrailsDeny {
                count: blocking.len(),
            });
        }
        bundle.append(render::RECORD_FILE, &render::allowed_violations(&blocking));
    }
    if !destination.dry_run {
        output::write(&bundle, &plan, cancel)?;
    }
    Ok(Written {
        target,
        plan,
        bundle,
        report: prepared.report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, embedded};
    use crate::guardrails::bundle::shipped_policies;

    fn template(name: &str) -> Template {
        Catalog::from_raw(embedded())
            .expect("embedded templates are valid")
            .get(name)
            .expect("embedded")
            .clone()
    }

    fn fixture(template: &Template, name: &str) -> Inputs {
        let (_, text) = template
            .fixtures
            .iter()
            .find(|(fixture, _)| fixture == name)
            .expect("the fixture exists");
        Inputs {
            file: answers::file::parse(text).expect("fixture parses"),
            ..Default::default()
        }
    }

    #[test]
    fn a_fixture_prepares_with_no_blocking_finding() {
        let t = template("s3-secure-bucket");
        let prepared = prepare(
            &t,
            &fixture(&t, "prod.yaml"),
            None,
            &shipped_policies().unwrap(),
        )
        .expect("prepares");
        assert!(prepared.bundle.get("main.tf").is_some());
        assert!(prepared.blocking().is_empty(), "{:?}", prepared.report);
    }

    #[test]
    fn refused_answers_name_their_origin() {
        let t = template("s3-secure-bucket");
        let mut inputs = fixture(&t, "prod.yaml");
        inputs.set.push(("name".into(), "Not A Name!".into()));
        let err = prepare(
            &t,
            &inputs,
            Some("svc.yaml".into()),
            &shipped_policies().unwrap(),
        )
        .expect_err("refused");
        assert!(
            matches!(&err, Error::Answers { origin: Some(o), .. } if o == "svc.yaml"),
            "{err:?}"
        );
    }

    #[test]
    fn a_dry_run_plans_and_writes_nothing() {
        let t = template("s3-secure-bucket");
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("bucket");
        let written = deliver(
            &t,
            &fixture(&t, "dev.yaml"),
            None,
            &shipped_policies().unwrap(),
            &Destination {
                out: Some(out.clone()),
                dry_run: true,
                ..Default::default()
            },
            &AtomicBool::new(false),
            &|_| {},
        )
        .expect("delivers");
        assert!(!written.plan.files.is_empty());
        assert!(!out.exists());
    }
}
