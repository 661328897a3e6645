use super::*;
use crate::catalog::RawTemplate;
use crate::guardrails::bundle::shipped_policies;

/// A small template whose `public` answer adds a public bucket ACL, which GP-S3-001 (public
/// ACL) denies.
fn template() -> Template {
    Template::parse(RawTemplate {
        shared: Default::default(),
        git: None,
        releases: Vec::new(),
        changelog: None,
        origin: "test".into(),
        manifest: r#"
name = "t"
version = "1.0.0"
title = "T"
description = "d"
[[parameters]]
name = "name"
type = "string"
pattern = "^[a-z]+$"
[[parameters]]
name = "public"
type = "boolean"
default = false
[[files]]
path = "acl.tf"
when = "public"
"#
        .into(),
        files: vec![
            ("main.tf".into(), "locals {\n  name = {{ name }}\n}\n".into()),
            (
                "acl.tf".into(),
                "resource \"aws_s3_bucket_acl\" \"a\" {\n  bucket = {{ name }}\n  acl    = \"public-read\"\n}\n"
                    .into(),
            ),
        ],
        fixtures: Vec::new(),
    })
    .expect("the test template parses")
}

fn run(text: &str, golden: Option<&GoldenFiles>) -> FixtureRun {
    let fixture = parse_fixture("case.yaml", text).expect("the fixture parses");
    test_fixture(
        &template(),
        &fixture,
        golden,
        &shipped_policies().expect("the library loads"),
    )
}

fn rendered(text: &str) -> GoldenFiles {
    run(text, None).rendered.expect("renders")
}

#[test]
fn expectations_parse_and_leave_plain_answers() {
    let f = parse_fixture("a.yaml", "name: x\n").unwrap();
    assert_eq!(f.expect, Expectation::Valid);
    assert_eq!(f.stem(), "a");
    let f = parse_fixture("b.yaml", "_expect:\n  invalid: [name]\nname: X\n").unwrap();
    assert_eq!(
        f.expect,
        Expectation::Invalid {
            parameters: vec!["name".into()]
        }
    );
    assert_eq!(f.inputs.file.len(), 1);
    assert_eq!(
        (f.inputs.file[0].key.as_str(), f.inputs.file[0].line),
        ("name", 3)
    );
    let f = parse_fixture("c.yaml", "_expect: {denied: [GP-S3-001]}\n").unwrap();
    assert_eq!(
        f.expect,
        Expectation::Denied {
            rules: vec!["GP-S3-001".into()]
        }
    );
    assert_eq!(
        parse_fixture("d.yaml", "_expect: valid\n").unwrap().expect,
        Expectation::Valid
    );
}

#[test]
fn a_malformed_expectation_names_its_line_and_the_fix() {
    for text in [
        "name: x\n_expect: invalid\n",
        "name: x\n_expect: {invalid: []}\n",
        "name: x\n_expect: {refused: [name]}\n",
        "name: x\n_expect: {denied: [1]}\n",
    ] {
        let e = parse_fixture("x.yaml", text).unwrap_err();
        assert_eq!(e.line, Some(2), "{text}");
        assert!(e.message.contains("_expect: {invalid: ["), "{text}: {e}");
    }
}

#[test]
fn a_valid_fixture_matching_its_golden_copy_passes() {
    let golden = rendered("name: orders\n");
    let run = run("name: orders\n", Some(&golden));
    assert_eq!(run.report.golden, GoldenStatus::Matches);
    assert!(run.report.passed(), "{:?}", run.report);
    assert!(run.judged.is_some(), "a valid module is judged");
}

#[test]
fn a_valid_fixture_without_golden_copy_fails() {
    let run = run("name: orders\n", None);
    assert_eq!(run.report.golden, GoldenStatus::Absent);
    assert!(!run.report.passed());
}

#[test]
fn a_changed_render_shows_a_diff_and_missing_and_extra_files() {
    let mut golden = rendered("name: orders\n");
    golden.insert("gone.tf".into(), "x\n".into());
    let main = golden.get_mut("main.tf").unwrap();
    *main = main.replace("orders", "billing");
    let record = golden.remove(crate::render::RECORD_FILE).unwrap();
    let run = run("name: orders\n", Some(&golden));
    let GoldenStatus::Differs(c) = &run.report.golden else {
        panic!("differs: {:?}", run.report.golden);
    };
    assert_eq!(c.missing, ["gone.tf"]);
    assert_eq!(c.extra, [crate::render::RECORD_FILE]);
    assert_eq!(c.changed.len(), 1);
    assert!(
        c.changed[0].diff.contains("-  name = \"billing\""),
        "{}",
        c.changed[0].diff
    );
    assert!(
        c.changed[0].diff.contains("+  name = \"orders\""),
        "{}",
        c.changed[0].diff
    );
    assert!(!record.is_empty());
    assert!(!run.report.passed());
}

#[test]
fn refused_answers_fail_a_valid_fixture() {
    let run = run("name: Orders\n", None);
    assert_eq!(run.report.golden, GoldenStatus::NotRendered);
    assert!(
        run.report.problems[0].contains("answers refused: `name`"),
        "{:?}",
        run.report
    );
    assert!(!run.report.passed());
}

#[test]
fn an_invalid_fixture_passes_when_exactly_its_parameters_are_refused() {
    let met = run("_expect: {invalid: [name]}\nname: Orders\n", None);
    assert!(met.report.passed(), "{:?}", met.report);
    assert_eq!(met.report.golden, GoldenStatus::NotRendered);
    assert!(met.rendered.is_none() && met.judged.is_none());

    let accepted = run("_expect: {invalid: [name]}\nname: orders\n", None);
    assert!(
        accepted.report.problems[0].contains("the answers were accepted"),
        "{:?}",
        accepted.report
    );

    let other = run(
        "_expect: {invalid: [name]}\nname: Orders\npublic: maybe\n",
        None,
    );
    assert!(
        other.report.problems[0].contains("expected exactly `name` to be refused"),
        "{:?}",
        other.report
    );
    assert!(!other.report.passed());
}

#[test]
fn a_denied_fixture_passes_when_its_rule_fires() {
    let text = "_expect: {denied: [GP-S3-001]}\nname: orders\npublic: true\n";
    let golden = rendered(text);
    let met = run(text, Some(&golden));
    assert!(met.report.passed(), "{:?}", met.report);
    assert!(met.judged.is_none(), "a denied module is not judged");
}

#[test]
fn a_denied_fixture_fails_when_its_rule_does_not_fire_or_another_denies() {
    let golden = rendered("name: orders\n");
    let quiet = run(
        "_expect: {denied: [GP-S3-001]}\nname: orders\n",
        Some(&golden),
    );
    assert_eq!(
        quiet.report.problems,
        ["expected rule GP-S3-001 to fire; it did not"]
    );

    let text = "_expect: {denied: [GP-S3-101]}\nname: orders\npublic: true\n";
    let golden = rendered(text);
    let wrong = run(text, Some(&golden));
    assert!(
        wrong
            .report
            .problems
            .iter()
            .any(|p| p.contains("does not name") && p.contains("GP-S3-001")),
        "{:?}",
        wrong.report
    );
    assert!(!wrong.report.passed());
}

#[test]
fn a_valid_fixture_that_is_denied_fails() {
    let text = "name: orders\npublic: true\n";
    let golden = rendered(text);
    let run = run(text, Some(&golden));
    assert!(
        run.report.problems[0].starts_with("denied: GP-S3-001"),
        "{:?}",
        run.report
    );
}

#[test]
fn reports_print_in_every_format() {
    let golden = rendered("name: orders\n");
    let mut bad = run("name: orders\npublic: true\n", Some(&golden)).report;
    bad.judges = judge::skipped("requested with --judges none");
    let good = run("name: orders\n", Some(&golden)).report;
    let reports = [TemplateReport {
        template: "t".into(),
        dir: "t".into(),
        fixtures: vec![good, bad],
        policy_tests: Vec::new(),
        stale_golden: vec!["old".into()],
        stale_removed: false,
    }];
    assert_eq!(exit_code(&reports), 1);
    let human = report::human(&reports);
    assert!(
        human.contains("PASS  case.yaml") && human.contains("FAIL  case.yaml"),
        "{human}"
    );
    assert!(human.contains("+  public: true"), "{human}");
    assert!(
        human.contains("extra: acl.tf (rendered, not in the golden copy)"),
        "{human}"
    );
    assert!(
        human.contains(
            "terraform fmt, terraform validate, checkov skipped (requested with --judges none)"
        ),
        "{human}"
    );
    assert!(
        human.contains("tests/golden/old/ is the golden copy of no rendered fixture"),
        "{human}"
    );
    let json: serde_json::Value = serde_json::from_str(&report::json(&reports)).unwrap();
    assert_eq!(json["passed"], false);
    assert_eq!(
        json["templates"][0]["fixtures"][1]["golden"]["status"],
        "differs"
    );
    assert_eq!(
        json["templates"][0]["fixtures"][1]["judges"][0]["status"],
        "skipped"
    );
    let xml = report::junit(&reports);
    assert!(xml.contains("<testsuite name=\"t\""), "{xml}");
    assert!(xml.contains("skipped=\"3\""), "{xml}");
    assert!(xml.contains("failures=\"2\""), "{xml}");
}
