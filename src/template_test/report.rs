//! `template test` reports as text for people, one JSON document, or JUnit XML.

use super::judge::JudgeStatus;
use super::{GoldenStatus, TemplateReport, golden::GOLDEN_DIR};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::fmt::Write;

/// Text for people: each fixture with PASS or FAIL, what failed, the diffs, the judges.
pub fn human(reports: &[TemplateReport]) -> String {
    let mut out = String::new();
    let (mut passed, mut failed) = (0, 0);
    for t in reports {
        let _ = writeln!(out, "{} ({})", t.template, t.dir);
        for f in &t.fixtures {
            if f.passed() {
                passed += 1;
            } else {
                failed += 1;
            }
            let _ = writeln!(out, "  {}  {}", status(f.passed()), f.fixture);
            for p in &f.problems {
                let _ = writeln!(out, "        {p}");
            }
            let golden_dir = format!("tests/{GOLDEN_DIR}/{}/", super::stem(&f.fixture));
            match &f.golden {
                GoldenStatus::Absent => {
                    let _ = writeln!(
                        out,
                        "        no golden copy at {golden_dir}: run `goldpath template test {} \
                         --update` and review it",
                        t.dir
                    );
                }
                GoldenStatus::Differs(c) => {
                    let _ = writeln!(
                        out,
                        "        differs from its golden copy {golden_dir} (run with --update \
                         to accept):"
                    );
                    for d in &c.changed {
                        for line in d.diff.lines() {
                            let _ = writeln!(out, "        {line}");
                        }
                    }
                    for m in &c.missing {
                        let _ = writeln!(
                            out,
                            "        missing: {m} (in the golden copy, not rendered)"
                        );
                    }
                    for e in &c.extra {
                        let _ =
                            writeln!(out, "        extra: {e} (rendered, not in the golden copy)");
                    }
                }
                GoldenStatus::Updated { written, removed } => {
                    let _ = writeln!(
                        out,
                        "        golden copy {golden_dir} updated: {} written, {} removed",
                        written.len(),
                        removed.len()
                    );
                }
                GoldenStatus::Matches | GoldenStatus::NotRendered => {}
            }
            if !f.judges.is_empty() {
                let _ = writeln!(out, "        judges: {}", judges_line(&f.judges));
            }
            for j in &f.judges {
                if let JudgeStatus::Failed { output } = &j.status {
                    let _ = writeln!(out, "        {}:", j.judge);
                    for line in output.lines() {
                        let _ = writeln!(out, "          {line}");
                    }
                }
            }
        }
        for test in &t.policy_tests {
            let error = test
                .error
                .as_deref()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {}  policy test {}{error}",
                status(test.passed),
                test.name
            );
            if test.passed {
                passed += 1;
            } else {
                failed += 1;
            }
        }
        for stem in &t.stale_golden {
            if t.stale_removed {
                let _ = writeln!(
                    out,
                    "  removed stale golden copy tests/{GOLDEN_DIR}/{stem}/"
                );
            } else {
                failed += 1;
                let _ = writeln!(
                    out,
                    "  FAIL  tests/{GOLDEN_DIR}/{stem}/ is the golden copy of no rendered fixture: \
                     run with --update to remove it"
                );
            }
        }
    }
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    out
}

/// One line for the judges: passed, failed, and the skipped ones grouped by reason.
fn judges_line(judges: &[super::judge::JudgeOutcome]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut skipped: Vec<(&str, Vec<&str>)> = Vec::new();
    for j in judges {
        match &j.status {
            JudgeStatus::Passed => parts.push(format!("{} passed", j.judge)),
            JudgeStatus::Failed { .. } => parts.push(format!("{} FAILED", j.judge)),
            JudgeStatus::Skipped { reason } => {
                match skipped.iter_mut().find(|(r, _)| r == reason) {
                    Some((_, names)) => names.push(&j.judge),
                    None => skipped.push((reason, vec![&j.judge])),
                }
            }
        }
    }
    parts.extend(
        skipped
            .into_iter()
            .map(|(reason, names)| format!("{} skipped ({reason})", names.join(", "))),
    );
    parts.join("; ")
}

fn status(passed: bool) -> &'static str {
    if passed { "PASS" } else { "FAIL" }
}

/// One JSON document: `{"passed", "templates": [...]}`.
pub fn json(reports: &[TemplateReport]) -> String {
    let doc = serde_json::json!({
        "passed": super::exit_code(reports) == 0,
        "templates": reports,
    });
    serde_json::to_string_pretty(&doc).expect("reports serialize")
}

/// JUnit XML: a suite per template; a case per fixture, per judge of a fixture (skipped ones
/// as skipped cases), per policy test, and per stale golden copy.
pub fn junit(reports: &[TemplateReport]) -> String {
    let mut junit = Report::new("goldpath template test");
    for t in reports {
        let mut suite = TestSuite::new(t.template.as_str());
        for f in &t.fixtures {
            let mut details = f.problems.clone();
            match &f.golden {
                GoldenStatus::Absent => details.push("no golden copy: run with --update".into()),
                GoldenStatus::Differs(c) => {
                    details.push("differs from its golden copy:".into());
                    details.extend(c.changed.iter().map(|d| d.diff.clone()));
                    details.extend(c.missing.iter().map(|m| format!("missing: {m}")));
                    details.extend(c.extra.iter().map(|e| format!("extra: {e}")));
                }
                _ => {}
            }
            let case_status = if details.is_empty() {
                TestCaseStatus::success()
            } else {
                failure(&details[0], &details.join("\n"))
            };
            suite.add_test_case(case(&t.template, &f.fixture, case_status));
            for j in &f.judges {
                let status = match &j.status {
                    JudgeStatus::Passed => TestCaseStatus::success(),
                    JudgeStatus::Failed { output } => {
                        failure(&format!("{} failed", j.judge), output)
                    }
                    JudgeStatus::Skipped { reason } => {
                        let mut s = TestCaseStatus::skipped();
                        if let TestCaseStatus::Skipped { message, .. } = &mut s {
                            *message = Some(reason.clone().into());
                        }
                        s
                    }
                };
                suite.add_test_case(case(
                    &t.template,
                    &format!("{} · {}", f.fixture, j.judge),
                    status,
                ));
            }
        }
        for test in &t.policy_tests {
            let status = if test.passed {
                TestCaseStatus::success()
            } else {
                let error = test
                    .error
                    .clone()
                    .unwrap_or_else(|| "evaluated to false".into());
                failure(&error, &error)
            };
            suite.add_test_case(case(&t.template, &format!("policy {}", test.name), status));
        }
        for stem in t.stale_golden.iter().filter(|_| !t.stale_removed) {
            let message =
                format!("tests/{GOLDEN_DIR}/{stem}/ is the golden copy of no rendered fixture");
            suite.add_test_case(case(
                &t.template,
                &format!("golden {stem}"),
                failure(&message, &message),
            ));
        }
        junit.add_test_suite(suite);
    }
    junit.to_string().expect("JUnit XML serializes")
}

fn failure(message: &str, description: &str) -> TestCaseStatus {
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    if let TestCaseStatus::NonSuccess {
        message: m,
        description: d,
        ..
    } = &mut status
    {
        *m = Some(message.to_string().into());
        *d = Some(description.to_string().into());
    }
    status
}

fn case(template: &str, name: &str, status: TestCaseStatus) -> TestCase {
    let mut case = TestCase::new(name.to_string(), status);
    case.set_classname(template.to_string());
    case
}
