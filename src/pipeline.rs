//! The one pipeline every front end drives: resolve → render → guardrails → plan → write.
//!
//! `new`, the terminal UI, the line prompts and `template test` collect answers and show
//! results; they all come here for the work. [`prepare`] and [`preview`] are pure; [`deliver`]
//! adds the edge: planning against the output directory and writing it atomically.

use crate::Error;
use crate::answers::{self, Answers, Inputs};
use crate::catalog::Template;
use crate::cost::budget::{self, Budgets, Subject, Verdict};
use crate::cost::bundle::estimate_bundle;
use crate::cost::estimate::Estimate;
use crate::cost::table::PriceTable;
use crate::guardrails::bundle::check_rendered;
use crate::guardrails::finding::{Finding, Severity};
use crate::guardrails::rego::Policies;
use crate::output;
use crate::render::{self, Bundle};
use crate::report::CheckReport;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

/// What a rendered module is held to: the policies, the prices and the budgets.
#[derive(Clone, Copy)]
pub struct Guards<'g> {
    /// The Rego policies, with the built-in checks.
    pub policies: &'g Policies,
    /// The price table the estimate uses.
    pub prices: &'g PriceTable,
    /// The budgets it is held to.
    pub budgets: &'g Budgets,
}

impl<'g> Guards<'g> {
    /// `policies` with the shipped prices and no budgets.
    pub fn new(policies: &'g Policies) -> Guards<'g> {
        Guards {
            policies,
            prices: PriceTable::shipped(),
            budgets: &budget::NO_BUDGETS,
        }
    }
}

/// A module rendered from resolved answers and held to the guardrails, not yet written.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The resolved answers.
    pub answers: Answers,
    /// The rendered files.
    pub bundle: Bundle,
    /// The guardrail report of every module directory of the bundle.
    pub report: CheckReport,
    /// Its monthly estimate and budget.
    pub cost: Cost,
}

/// A rendered module, held to the guardrails and priced: what the review shows.
#[derive(Debug, Clone)]
pub struct Review {
    /// The rendered files.
    pub bundle: Bundle,
    /// The guardrail report of every module directory of the bundle.
    pub report: CheckReport,
    /// Its monthly estimate and budget.
    pub cost: Cost,
}

/// A module's estimate held to its budget.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Cost {
    /// The itemised estimate of the root module.
    pub estimate: Estimate,
    /// Its budget, and how much it is over.
    pub verdict: Verdict,
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
    guards: &Guards<'_>,
) -> Result<Prepared, Error> {
    let answers = answers::resolve(&template.manifest, inputs)
        .map_err(|problems| Error::Answers { origin, problems })?;
    let review = preview(template, &answers, guards)?;
    Ok(Prepared {
        answers,
        bundle: review.bundle,
        report: review.report,
        cost: review.cost,
    })
}

/// Renders resolved answers, prices the module and holds it to the guardrails and its budget:
/// what the terminal UI's review shows.
pub fn preview(
    template: &Template,
    answers: &Answers,
    guards: &Guards<'_>,
) -> Result<Review, Error> {
    review(
        template,
        answers,
        render::render(template, answers)?,
        guards,
    )
}

/// Prices `bundle` (a module of `template` with `answers`, rendered or updated) and holds it
/// to the guardrails and its budget.
pub fn review(
    template: &Template,
    answers: &Answers,
    bundle: Bundle,
    guards: &Guards<'_>,
) -> Result<Review, Error> {
    let text = |key: &str| {
        answers
            .to_json()
            .get(key)
            .and_then(|v| v.as_str().map(str::to_string))
    };
    let (region, environment, team) = (text("region"), text("environment"), text("team"));
    let estimate =
        estimate_bundle(&bundle, region.as_deref(), guards.prices).map_err(|e| Error::Render {
            template: template.manifest.name.clone(),
            file: e.file,
            line: e.line,
            message: format!(
                "goldpath could not price the rendered module: {}",
                e.message
            ),
        })?;
    let subject = Subject {
        environment: environment.as_deref(),
        team: team.as_deref(),
        template: Some(&template.manifest.name),
    };
    let verdict = guards.budgets.verdict(&estimate, subject);
    let rego = budget::rego_input(&estimate, &verdict);
    let mut report = check_rendered(template, answers, &bundle, guards.policies, Some(rego))?;
    if let (Some(finding), Some(root)) = (
        guards.budgets.finding(&estimate, &verdict),
        report.modules.iter_mut().find(|m| m.dir == "."),
    ) {
        root.findings.push(finding);
    }
    Ok(Review {
        bundle,
        report,
        cost: Cost { estimate, verdict },
    })
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
    /// Its monthly estimate and budget.
    pub cost: Cost,
}

/// Prepares the module, stops at deny findings unless they are allowed (`on_deny` sees the
/// report first), plans the write against the output directory and writes it atomically.
pub fn deliver(
    template: &Template,
    inputs: &Inputs,
    origin: Option<String>,
    guards: &Guards<'_>,
    destination: &Destination,
    cancel: &AtomicBool,
    on_deny: &dyn Fn(&CheckReport),
) -> Result<Written, Error> {
    let prepared = prepare(template, inputs, origin, guards)?;
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
        cost: prepared.cost,
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
            &Guards::new(&shipped_policies().unwrap()),
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
            &Guards::new(&shipped_policies().unwrap()),
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
            &Guards::new(&shipped_policies().unwrap()),
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
