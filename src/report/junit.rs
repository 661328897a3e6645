//! JUnit XML: one test suite per module, one test case per rule and resource.

use super::CheckReport;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

/// JUnit XML for CI systems that show test reports; waived findings are skipped cases, and
/// each file that could not be checked is an errored case named after it.
pub fn junit(report: &CheckReport) -> String {
    let mut junit = Report::new("goldpath check");
    for module in &report.modules {
        let mut suite = TestSuite::new(if module.dir.is_empty() {
            "."
        } else {
            module.dir.as_str()
        });
        if module.findings.is_empty() && module.errors.is_empty() {
            suite.add_test_case(TestCase::new("guardrails", TestCaseStatus::success()));
        }
        for e in &module.errors {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            if let TestCaseStatus::NonSuccess {
                message,
                ty,
                description,
                ..
            } = &mut status
            {
                *message = Some(e.message.clone().into());
                *ty = Some("not checked".into());
                *description = Some(e.to_string().into());
            }
            let name = e.file.as_deref().unwrap_or("guardrails");
            let mut case = TestCase::new(format!("read {name}"), status);
            case.set_classname("goldpath");
            suite.add_test_case(case);
        }
        for f in &module.findings {
            let name = format!("{} {}", f.rule, f.resource.as_deref().unwrap_or("module"));
            let status = if let Some(reason) = f.excused() {
                let mut s = TestCaseStatus::skipped();
                if let TestCaseStatus::Skipped { message, .. } = &mut s {
                    *message = Some(reason.into());
                }
                s
            } else if f.fails(report.fail_on) {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                if let TestCaseStatus::NonSuccess {
                    message,
                    ty,
                    description,
                    ..
                } = &mut s
                {
                    *message = Some(f.message.clone().into());
                    *ty = Some(f.severity.as_str().into());
                    let place = f
                        .file
                        .as_ref()
                        .map(|p| format!("{p}:{}", f.line.unwrap_or(1)))
                        .unwrap_or_default();
                    *description = Some(
                        format!("{place}\n{}", f.remediation.as_deref().unwrap_or_default()).into(),
                    );
                }
                s
            } else {
                TestCaseStatus::success()
            };
            let mut case = TestCase::new(name, status);
            case.set_classname(f.rule.clone());
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    junit.to_string().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn failures_and_skips() {
        let xml = super::junit(&super::super::fixture::report());
        assert!(
            xml.contains("<testsuite name=\"modules/web\" tests=\"3\""),
            "{xml}"
        );
        assert!(xml.contains("failures=\"1\""), "{xml}");
        assert!(xml.contains("skipped=\"1\""), "{xml}");
        assert!(xml.contains("modules/web/main.tf:12"), "{xml}");
    }

    #[test]
    fn unreadable_files_are_errored_cases() {
        let xml = super::junit(&super::super::fixture::report_with_error());
        assert!(
            xml.contains("<testsuite name=\"modules/broken\" tests=\"1\""),
            "{xml}"
        );
        assert!(xml.contains("errors=\"1\""), "{xml}");
        assert!(
            xml.contains("<testcase name=\"read modules/broken/main.tf\""),
            "{xml}"
        );
        assert!(
            xml.contains("<error message=\"expected an expression\" type=\"not checked\""),
            "{xml}"
        );
        assert!(
            xml.contains("modules/broken/main.tf:2:11: expected"),
            "{xml}"
        );
    }
}
