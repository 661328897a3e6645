//! Unit tests of the lint rules: each rule fails on a broken template and passes on a fixed one.

use super::{Rule, Severity, TemplateLint, lint};
use crate::catalog::RawTemplate;

const HEAD: &str = "name = \"t\"\nversion = \"1.0.0\"\ntitle = \"T\"\ndescription = \"d\"\n";

/// A parameter `name` every case uses, plus the case's own manifest lines.
fn template(manifest: &str, files: &[(&str, &str)], fixtures: &[(&str, &str)]) -> RawTemplate {
    RawTemplate {
        shared: Default::default(),
        git: None,
        releases: Vec::new(),
        changelog: None,
        origin: "t".into(),
        manifest: format!(
            "{HEAD}[[parameters]]\nname = \"name\"\ntype = \"string\"\ndefault = \"orders\"\n{manifest}"
        ),
        files: files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect(),
        fixtures: fixtures
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect(),
    }
}

fn run(raw: &RawTemplate) -> TemplateLint {
    lint(raw, &["s3".to_string(), "tagging".to_string()])
}

fn rules(result: &TemplateLint) -> Vec<Rule> {
    result.problems.iter().map(|p| p.rule).collect()
}

/// `(file, line)` of the first problem of `rule`, failing the test when there is none.
fn find(result: &TemplateLint, rule: Rule) -> (String, Option<usize>) {
    let p = result
        .problems
        .iter()
        .find(|p| p.rule == rule)
        .unwrap_or_else(|| panic!("no {} in {:#?}", rule.id(), result.problems));
    (p.file.clone(), p.line)
}

const MAIN: (&str, &str) = ("main.tf", "locals {\n  name = {{ name }}\n}\n");
const FIXTURE: (&str, &str) = ("dev.yaml", "name: orders\n");

#[test]
fn a_clean_template_has_no_problems() {
    let r = run(&template("", &[MAIN], &[FIXTURE]));
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
    assert_eq!(r.template, "t");
    assert_eq!(r.coverage.unwrap().percent(), 100);
}

#[test]
fn unknown_placeholders_are_found_in_every_branch() {
    let file = (
        "main.tf",
        "locals {\n{% if false %}\n  a = {{ nmae }}\n{% endif %}\n{% for x in [1] %}{{ x }}{% endfor %}\n  b = {{ goldpath.version }}\n}\n",
    );
    let r = run(&template("", &[MAIN, file], &[FIXTURE]));
    assert_eq!(
        find(&r, Rule::PlaceholderFile),
        ("files/main.tf".into(), Some(3))
    );
    let message = &r
        .problems
        .iter()
        .find(|p| p.rule == Rule::PlaceholderFile)
        .unwrap()
        .message;
    assert!(message.contains("did you mean `name`"), "{message}");
    let fixed = ("main.tf", "locals {\n  a = {{ name }}\n}\n");
    assert!(!rules(&run(&template("", &[fixed], &[FIXTURE]))).contains(&Rule::PlaceholderFile));
}

#[test]
fn unknown_placeholders_in_file_names_and_derived_values() {
    let r = run(&template(
        "[[derived]]\nname = \"full\"\nvalue = \"{{ later }}-{{ nope }}\"\n[[derived]]\nname = \"later\"\nvalue = \"x\"\n",
        &[MAIN, ("{{ pkg }}/x.py", "")],
        &[FIXTURE],
    ));
    assert_eq!(find(&r, Rule::PlaceholderName).0, "files/{{ pkg }}/x.py");
    let derived: Vec<_> = r
        .problems
        .iter()
        .filter(|p| p.rule == Rule::PlaceholderManifest)
        .collect();
    assert_eq!(derived.len(), 2, "{derived:#?}");
    assert!(
        derived
            .iter()
            .any(|p| p.message.contains("declared after it"))
    );
    let ok = run(&template(
        "[[derived]]\nname = \"full\"\nvalue = \"{{ name }}-x\"\n",
        &[MAIN, ("{{ full }}/x.py", "")],
        &[FIXTURE],
    ));
    assert!(ok.problems.is_empty(), "{:#?}", ok.problems);
}

#[test]
fn unused_parameters_are_warnings() {
    let extra = "[[parameters]]\nname = \"spare\"\ntype = \"boolean\"\ndefault = true\n";
    let r = run(&template(extra, &[MAIN], &[FIXTURE]));
    assert_eq!(
        find(&r, Rule::UnusedParameter),
        ("template.toml".into(), Some(10))
    );
    assert_eq!(r.count(Severity::Error), 0);
    let used = ("b.tf", "locals {\n  s = {{ spare }}\n}\n");
    assert!(
        run(&template(extra, &[MAIN, used], &[FIXTURE]))
            .problems
            .is_empty()
    );
}

#[test]
fn conditions_naming_unknown_or_later_parameters() {
    let r = run(&template(
        "[[parameters]]\nname = \"a\"\ntype = \"boolean\"\ndefault = true\nwhen = \"b\"\n\
         [[parameters]]\nname = \"b\"\ntype = \"boolean\"\ndefault = true\n\
         [[files]]\npath = \"x.tf\"\nwhen = \"ghost\"\n",
        &[
            MAIN,
            ("x.tf", "locals {\n  a = {{ a }}\n  b = {{ b }}\n}\n"),
        ],
        &[FIXTURE],
    ));
    let found: Vec<_> = r
        .problems
        .iter()
        .filter(|p| p.rule == Rule::ConditionUnknown)
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].message.contains("declared after it"), "{found:#?}");
    assert!(!rules(&r).contains(&Rule::Manifest), "{:#?}", r.problems);
}

#[test]
fn conditions_that_cannot_change() {
    let manifest = |when: &str| {
        format!(
            "[[parameters]]\nname = \"env\"\ntype = \"choice\"\nchoices = [\"dev\", \"prod\"]\ndefault = \"dev\"\n\
             [[parameters]]\nname = \"n\"\ntype = \"integer\"\nmin = 1\nmax = 5\ndefault = 1\n\
             [[files]]\npath = \"x.tf\"\nwhen = \"{when}\"\n"
        )
    };
    let files = [
        MAIN,
        ("x.tf", "locals {\n  e = {{ env }}\n  n = {{ n }}\n}\n"),
    ];
    for never in ["env == 'qa'", "n > 9", "env != 'dev' and env != 'prod'"] {
        let r = run(&template(&manifest(never), &files, &[FIXTURE]));
        assert!(
            rules(&r).contains(&Rule::ConditionConstant),
            "{never}: {:#?}",
            r.problems
        );
    }
    let r = run(&template(
        &manifest("env == 'prod' or n > 0"),
        &files,
        &[FIXTURE],
    ));
    assert!(find(&r, Rule::ConditionConstant).1.is_some());
    let fine = run(&template(
        &manifest("env == 'prod' and n > 2"),
        &files,
        &[FIXTURE],
    ));
    assert!(
        !rules(&fine).contains(&Rule::ConditionConstant),
        "{:#?}",
        fine.problems
    );
}

#[test]
fn manifest_field_rules() {
    let r = run(&template(
        "[[parameters]]\nname = \"p\"\ntype = \"string\"\npattern = \"(\"\n\
         [[parameters]]\nname = \"n\"\ntype = \"integer\"\nmin = 5\nmax = 1\ndefault = 3\n\
         [[parameters]]\nname = \"c\"\ntype = \"choice\"\nchoices = [\"a\", \"a\"]\ndefault = \"b\"\n",
        &[
            MAIN,
            ("x.tf", "locals {\n  a = [{{ p }}, {{ n }}, {{ c }}]\n}\n"),
        ],
        &[("dev.yaml", "name: x\np: y\n")],
    ));
    let found = rules(&r);
    for rule in [
        Rule::Pattern,
        Rule::Range,
        Rule::DuplicateChoice,
        Rule::Default,
    ] {
        assert!(found.contains(&rule), "{}: {:#?}", rule.id(), r.problems);
    }
    assert_eq!(find(&r, Rule::Pattern).1, Some(12));
    assert_eq!(find(&r, Rule::Range).1, Some(16));
    assert!(
        !found.contains(&Rule::Manifest),
        "catalog problems are not repeated: {:#?}",
        r.problems
    );
    let fixed = run(&template(
        "[[parameters]]\nname = \"p\"\ntype = \"string\"\npattern = \"[a-z]+\"\n\
         [[parameters]]\nname = \"n\"\ntype = \"integer\"\nmin = 1\nmax = 5\ndefault = 3\n\
         [[parameters]]\nname = \"c\"\ntype = \"choice\"\nchoices = [\"a\", \"b\"]\ndefault = \"b\"\n",
        &[
            MAIN,
            ("x.tf", "locals {\n  a = [{{ p }}, {{ n }}, {{ c }}]\n}\n"),
        ],
        &[("dev.yaml", "name: x\np: y\n")],
    ));
    assert_eq!(fixed.count(Severity::Error), 0, "{:#?}", fixed.problems);
}

#[test]
fn broken_toml_is_one_manifest_problem_with_a_line() {
    let r = run(&RawTemplate {
        shared: Default::default(),
        git: None,
        releases: Vec::new(),
        changelog: None,
        origin: "dir".into(),
        manifest: format!("{HEAD}[[parameters]\n"),
        files: vec![("main.tf".into(), "{{ x".into())],
        fixtures: vec![],
    });
    assert_eq!(find(&r, Rule::Manifest), ("template.toml".into(), Some(5)));
    assert!(rules(&r).contains(&Rule::Syntax));
    assert_eq!(r.template, "dir");
    assert!(r.coverage.is_none());
}

#[test]
fn filters_that_are_not_hcl_safe() {
    for bad in [
        "{{ name | json }}",
        "{{ name | safe }}",
        "{{ name | hcl if true else name | yaml }}",
    ] {
        let file = ("x.tf", format!("locals {{\n  a = {bad}\n}}\n"));
        let r = run(&template("", &[MAIN, (file.0, &file.1)], &[FIXTURE]));
        assert_eq!(
            find(&r, Rule::UnsafeFilter),
            ("files/x.tf".into(), Some(2)),
            "{bad}"
        );
    }
    for good in [
        "{{ name }}",
        "{{ name | hcl }}",
        "\"p-{{ name | hcl_fragment }}\"",
        "{{ name | hcl_fragment | safe }}",
        "{{ \"x\" | safe }}",
    ] {
        let file = ("x.tf", format!("locals {{\n  a = {good}\n}}\n"));
        let r = run(&template("", &[MAIN, (file.0, &file.1)], &[FIXTURE]));
        assert!(
            !rules(&r).contains(&Rule::UnsafeFilter),
            "{good}: {:#?}",
            r.problems
        );
    }
    let r = run(&template(
        "",
        &[MAIN, ("x.txt", "{{ name }}\n{{ name | safe }}\n")],
        &[FIXTURE],
    ));
    assert_eq!(
        find(&r, Rule::MissingFilter),
        ("files/x.txt".into(), Some(1))
    );
    assert_eq!(r.problems.len(), 1, "{:#?}", r.problems);
}

#[test]
fn policy_areas_must_exist() {
    let r = run(&template(
        "policies = [\"s3\", \"s4\"]\n",
        &[MAIN],
        &[FIXTURE],
    ));
    let r2 = run(&RawTemplate {
        manifest: format!(
            "policies = [\"s3\", \"s4\"]\n{}",
            template("", &[], &[]).manifest
        ),
        ..template("", &[MAIN], &[FIXTURE])
    });
    // `policies` after a table belongs to it; at the top it is the manifest's.
    assert!(rules(&r).contains(&Rule::Manifest) || rules(&r).contains(&Rule::UnknownPolicyArea));
    let (file, line) = find(&r2, Rule::UnknownPolicyArea);
    assert_eq!((file.as_str(), line), ("template.toml", Some(1)));
    let ok = run(&RawTemplate {
        manifest: format!("policies = [\"s3\"]\n{}", template("", &[], &[]).manifest),
        ..template("", &[MAIN], &[FIXTURE])
    });
    assert!(ok.problems.is_empty(), "{:#?}", ok.problems);
}

#[test]
fn fixtures_answer_known_parameters_with_valid_values() {
    let r = run(&template(
        "",
        &[MAIN],
        &[("a.yaml", "name: x\nnmae: y\n"), ("b.yaml", "name: [1\n")],
    ));
    assert_eq!(
        find(&r, Rule::FixtureUnknownParameter),
        ("tests/a.yaml".into(), Some(2))
    );
    assert_eq!(find(&r, Rule::FixtureInvalid).0, "tests/b.yaml");
    let typed = template(
        "[[parameters]]\nname = \"n\"\ntype = \"integer\"\nmax = 3\ndefault = 1\n",
        &[MAIN, ("x.tf", "locals {\n  n = {{ n }}\n}\n")],
        &[("a.yaml", "n: 9\n")],
    );
    assert_eq!(
        find(&run(&typed), Rule::FixtureInvalid),
        ("tests/a.yaml".into(), Some(1))
    );
}

#[test]
fn an_if_without_a_test_is_a_syntax_error_not_a_crash() {
    let r = run(&template(
        "",
        &[MAIN, ("x.tf", "locals {}\n{% if %}\n{% endif %}\n")],
        &[FIXTURE],
    ));
    assert_eq!(find(&r, Rule::Syntax).0, "files/x.tf");
}

#[test]
fn syntax_errors_point_at_the_template_source() {
    let r = run(&template(
        "",
        &[MAIN, ("x.tf", "locals {\n\n  a = {{ name }\n}\n")],
        &[FIXTURE],
    ));
    let (file, line) = find(&r, Rule::Syntax);
    assert_eq!(file, "files/x.tf");
    assert!(line.is_some_and(|l| l >= 3), "{:#?}", r.problems);
    let ok = run(&template("", &[MAIN], &[FIXTURE]));
    assert!(!rules(&ok).contains(&Rule::Syntax));
}

#[test]
fn coverage_names_what_no_fixture_reaches() {
    let manifest = "[[parameters]]\nname = \"env\"\ntype = \"choice\"\nchoices = [\"dev\", \"staging\", \"prod\"]\ndefault = \"dev\"\n\
                    [[parameters]]\nname = \"api\"\ntype = \"boolean\"\ndefault = false\n\
                    [[files]]\npath = \"api/\"\nwhen = \"api\"\n";
    let files = [
        MAIN,
        ("api/x.tf", ""),
        (
            "env.tf",
            "locals {\n{% if env == \"prod\" %}\n  a = 1\n{% elif env == \"staging\" %}\n  a = 2\n{% endif %}\n}\n",
        ),
    ];
    let r = run(&template(manifest, &files, &[FIXTURE]));
    let c = r.coverage.clone().unwrap();
    // files/api/ in and out (2), the chain's three branches (3), choices prod and staging (2).
    assert_eq!((c.covered, c.total), (2, 7), "{:#?}", c.branches);
    let uncovered: Vec<_> = r
        .problems
        .iter()
        .filter(|p| p.rule == Rule::Uncovered)
        .collect();
    assert_eq!(uncovered.len(), 5);
    assert!(
        uncovered
            .iter()
            .any(|p| p.message.contains("files/api/ included"))
    );
    assert!(
        uncovered
            .iter()
            .any(|p| p.message.contains("choice `env = staging`"))
    );
    assert_eq!(r.count(Severity::Error), 0);
    let all = run(&template(
        manifest,
        &files,
        &[
            FIXTURE,
            ("prod.yaml", "env: prod\napi: true\n"),
            ("staging.yaml", "env: staging\n"),
        ],
    ));
    let c = all.coverage.unwrap();
    assert_eq!((c.covered, c.total), (7, 7), "{:#?}", c.branches);
}

fn with_shared(
    mut raw: RawTemplate,
    partials: &[(&str, &str)],
    groups: &[(&str, &str)],
) -> RawTemplate {
    let own = |items: &[(&str, &str)]| -> Vec<(String, String)> {
        items
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect()
    };
    raw.shared = std::sync::Arc::new(crate::catalog::Shared {
        partials: own(partials),
        groups: own(groups),
    });
    raw
}

#[test]
fn included_partials_are_linted_where_they_are_and_count_as_uses() {
    let main = (
        "main.tf",
        "locals {\n{% include \"_shared/partials/tags.tf\" %}\n}\n",
    );
    let broken = with_shared(
        template("", &[main], &[FIXTURE]),
        &[(
            "_shared/partials/tags.tf",
            "  name = {{ name }}\n  team = {{ taem }}\n  raw  = \"{{ name | safe }}\"\n",
        )],
        &[],
    );
    let r = run(&broken);
    assert_eq!(
        find(&r, Rule::PlaceholderFile),
        ("../_shared/partials/tags.tf".into(), Some(2))
    );
    assert_eq!(
        find(&r, Rule::UnsafeFilter),
        ("../_shared/partials/tags.tf".into(), Some(3))
    );
    assert!(
        !rules(&r).contains(&Rule::UnusedParameter),
        "{:#?}",
        r.problems
    );

    let fixed = with_shared(
        template("", &[main], &[FIXTURE]),
        &[("_shared/partials/tags.tf", "  name = {{ name }}\n")],
        &[],
    );
    let r = run(&fixed);
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
}

#[test]
fn a_broken_partial_is_a_syntax_error_at_the_partial() {
    let raw = with_shared(
        template("", &[MAIN], &[FIXTURE]),
        &[("_shared/partials/bad.tf", "a\n{{ name \n")],
        &[],
    );
    let (file, _) = find(&run(&raw), Rule::Syntax);
    assert_eq!(file, "../_shared/partials/bad.tf");
}

#[test]
fn group_parameters_are_checked_in_their_group_file() {
    let group = "[[parameters]]\nname = \"team\"\ntype = \"string\"\npattern = \"(\"\n\
                 [[parameters]]\nname = \"spare\"\ntype = \"boolean\"\ndefault = true\n";
    let mut raw = with_shared(template("", &[MAIN], &[FIXTURE]), &[], &[("common", group)]);
    raw.manifest = format!(
        "{HEAD}parameter_groups = [\"common\"]\n\
         [[parameters]]\nname = \"name\"\ntype = \"string\"\ndefault = \"orders\"\n\
         [[parameters]]\nname = \"team\"\ndefault = \"x\"\n"
    );
    let r = run(&raw);
    let group_file = "../_shared/parameters/common.toml".to_string();
    assert_eq!(find(&r, Rule::Pattern), (group_file.clone(), Some(4)));
    let unused: Vec<(&str, &str)> = r
        .problems
        .iter()
        .filter(|p| p.rule == Rule::UnusedParameter)
        .map(|p| (p.file.as_str(), p.message.as_str()))
        .collect();
    assert!(
        unused
            .iter()
            .any(|(f, m)| *f == group_file && m.contains("`spare`")),
        "{unused:?}"
    );
    assert!(
        unused
            .iter()
            .any(|(f, m)| *f == "template.toml" && m.contains("`team`")),
        "{unused:?}"
    );
}
