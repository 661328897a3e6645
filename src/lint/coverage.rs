//! Fixture coverage: which sides of conditions, conditional files, `if` chains and
//! output-changing choices the template's fixtures reach.

use super::checks::Checked;
use super::scan::{self, TagKind};
use super::source::{self, Test};
use super::spec::Spec;
use super::{Branch, Coverage};
use crate::answers::{Answers, Value};
use crate::catalog::RawTemplate;
use crate::catalog::manifest::{Kind, Manifest};

/// One fixture's render context and condition context (unasked parameters as none).
struct Fixture<'a> {
    answers: &'a Answers,
    context: tera::Context,
    conditions: tera::Context,
}

impl<'a> Fixture<'a> {
    /// The contexts `render` builds for these answers (derived values that fail are absent).
    fn new(manifest: &Manifest, answers: &'a Answers) -> Fixture<'a> {
        let mut context = tera::Context::new();
        for (name, value) in answers.iter() {
            context.insert(name.to_string(), &value.to_json());
        }
        context.insert(
            "goldpath",
            &serde_json::json!({
                "template": manifest.name,
                "version": manifest.version.to_string(),
                "goldpath_version": crate::VERSION,
            }),
        );
        let engine = source::tera();
        for derived in &manifest.derived {
            if let Ok(value) = engine.render_str(&derived.value, &context, false) {
                context.insert(derived.name.clone(), &value);
            }
        }
        let mut conditions = context.clone();
        for param in &manifest.parameters {
            if answers.get(&param.name).is_none() {
                conditions.insert(param.name.clone(), &serde_json::Value::Null);
            }
        }
        Fixture {
            answers,
            context,
            conditions,
        }
    }
}

/// Builds the branch list and marks what the fixtures reach; `None` without a valid manifest.
pub(crate) fn measure(raw: &RawTemplate, checked: &Checked) -> Option<Coverage> {
    let manifest = checked.manifest.as_ref()?;
    let (spec, texts) = Spec::load(raw).ok()?;
    let fixtures: Vec<Fixture<'_>> = checked
        .answers
        .iter()
        .map(|(_, a)| Fixture::new(manifest, a))
        .collect();
    let mut branches = Vec::new();
    let mut choice_sites: Vec<(String, Option<usize>, String)> = Vec::new();

    let site = |field: String| {
        spec.locate_field(&texts, &field)
            .map_or(("template.toml".to_string(), None), |(f, l)| (f, Some(l)))
    };
    let mut both_sides = |field: String, source: &str, on: String, off: String| {
        let (file, line) = site(field);
        let Some(test) = Test::new(source) else {
            return;
        };
        let results: Vec<Option<bool>> =
            fixtures.iter().map(|f| test.holds(&f.conditions)).collect();
        for (label, want) in [(on, true), (off, false)] {
            branches.push(Branch {
                label,
                file: file.clone(),
                line,
                covered: results.contains(&Some(want)),
            });
        }
    };
    for (i, p) in manifest.parameters.iter().enumerate() {
        if let Some(when) = &p.when {
            let w = when.source();
            both_sides(
                format!("parameters[{i}].when"),
                w,
                format!("parameter `{}` asked (`{w}` true)", p.name),
                format!("parameter `{}` not asked (`{w}` false)", p.name),
            );
        }
    }
    for (i, f) in manifest.files.iter().enumerate() {
        let w = f.when.source();
        both_sides(
            format!("files[{i}].when"),
            w,
            format!("files/{} included (`{w}` true)", f.path),
            format!("files/{} left out (`{w}` false)", f.path),
        );
    }
    for (i, m) in manifest.modules.iter().enumerate() {
        if let Some(when) = &m.when {
            let w = when.source();
            both_sides(
                format!("modules[{i}].when"),
                w,
                format!("module {} included (`{w}` true)", m.path),
                format!("module {} left out (`{w}` false)", m.path),
            );
        }
    }
    for (i, p) in manifest.parameters.iter().enumerate() {
        if let Some(when) = &p.when {
            let (file, line) = site(format!("parameters[{i}].when"));
            choice_sites.push((file, line, when.source().to_string()));
        }
    }
    for (i, f) in manifest.files.iter().enumerate() {
        let (file, line) = site(format!("files[{i}].when"));
        choice_sites.push((file, line, f.when.source().to_string()));
    }
    for (i, d) in manifest.derived.iter().enumerate() {
        let (file, line) = site(format!("derived[{i}]"));
        for tag in scan::tags(&d.value) {
            choice_sites.extend(branching(&tag).map(|e| (file.clone(), line, e)));
        }
    }

    let context_names: Vec<&str> = manifest
        .parameters
        .iter()
        .map(|p| p.name.as_str())
        .chain(manifest.derived.iter().map(|d| d.name.as_str()))
        .chain(["goldpath"])
        .collect();
    for (path, body) in &raw.files {
        let file = format!("files/{path}");
        let included: Vec<bool> = fixtures
            .iter()
            .map(|f| {
                manifest
                    .files
                    .iter()
                    .filter(|r| r.covers(path))
                    .all(|r| r.when.holds(&f.conditions).unwrap_or(false))
            })
            .collect();
        let tags = scan::tags(body);
        for tag in &tags {
            choice_sites.extend(branching(tag).map(|e| (file.clone(), Some(tag.line), e)));
        }
        let structure = scan::structure(&tags);
        chains(
            &file,
            &structure,
            &context_names,
            &fixtures,
            &included,
            &mut branches,
        );
    }

    let mut seen: Vec<(String, String)> = Vec::new();
    for (file, line, expr) in choice_sites {
        let toks = scan::tokens(&expr);
        let literals = scan::strings(&toks);
        for var in scan::variables(&toks) {
            let Some(param) = manifest
                .parameters
                .iter()
                .find(|p| p.name == var && p.kind == Kind::Choice)
            else {
                continue;
            };
            for choice in param
                .choices
                .iter()
                .filter(|c| literals.contains(&c.as_str()))
            {
                let key = (param.name.clone(), choice.clone());
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                let answer = Value::String(choice.clone());
                branches.push(Branch {
                    label: format!("choice `{} = {choice}`", param.name),
                    file: file.clone(),
                    line,
                    covered: fixtures
                        .iter()
                        .any(|f| f.answers.get(&param.name) == Some(&answer)),
                });
            }
        }
    }

    let covered = branches.iter().filter(|b| b.covered).count();
    Some(Coverage {
        covered,
        total: branches.len(),
        branches,
    })
}

/// The branching expressions of a tag: an `if`/`elif` test, or an output with an inline `if`.
fn branching(tag: &scan::Tag<'_>) -> Option<String> {
    match tag.kind {
        TagKind::Stmt => match scan::statement(tag.body) {
            ("if" | "elif", rest) => Some(rest.to_string()),
            _ => None,
        },
        TagKind::Expr => scan::has_inline_if(&scan::tokens(tag.body)).then(|| tag.body.to_string()),
    }
}

/// Branches of a file's `if` chains whose tests read only the render context (not loop or
/// `set` variables), with the branch each fixture takes.
fn chains(
    file: &str,
    structure: &scan::Structure,
    context_names: &[&str],
    fixtures: &[Fixture<'_>],
    included: &[bool],
    branches: &mut Vec<Branch>,
) {
    // For each chain, the branch each fixture takes (None: not reached or not evaluable).
    let mut taken: Vec<Option<Vec<Option<usize>>>> = Vec::new();
    for chain in &structure.chains {
        let evaluable_names = chain.tests.iter().all(|(test, _)| {
            scan::variables(&scan::tokens(test))
                .iter()
                .all(|v| context_names.contains(v) && !chain.bound.iter().any(|b| b == v))
        });
        let parent_ok = chain.parent.is_none_or(|(p, _)| taken[p].is_some());
        let tests: Option<Vec<Test>> = chain.tests.iter().map(|(t, _)| Test::new(t)).collect();
        let (Some(tests), true, true, false) =
            (tests, evaluable_names, parent_ok, chain.tests.is_empty())
        else {
            taken.push(None);
            continue;
        };
        let per_fixture: Vec<Option<usize>> = fixtures
            .iter()
            .enumerate()
            .map(|(k, f)| {
                let reached = included[k]
                    && chain
                        .parent
                        .is_none_or(|(p, b)| taken[p].as_ref().is_some_and(|t| t[k] == Some(b)));
                if !reached {
                    return None;
                }
                let mut branch = tests.len();
                for (i, test) in tests.iter().enumerate() {
                    if test.holds(&f.context)? {
                        branch = i;
                        break;
                    }
                }
                Some(branch)
            })
            .collect();
        let first_line = chain.tests[0].1;
        let n = chain.tests.len();
        for (i, (test, line)) in chain.tests.iter().enumerate() {
            let keyword = if i == 0 { "if" } else { "elif" };
            let label = if n == 1 {
                format!("{file}:{line} `{{% if {test} %}}` true")
            } else {
                format!("{file}:{line} `{{% {keyword} {test} %}}` taken")
            };
            branches.push(Branch {
                label,
                file: file.to_string(),
                line: Some(*line),
                covered: per_fixture.contains(&Some(i)),
            });
        }
        branches.push(Branch {
            label: if n == 1 {
                format!(
                    "{file}:{first_line} `{{% if {} %}}` false",
                    chain.tests[0].0
                )
            } else {
                format!("{file}:{first_line} no test of the `if` chain true (else)")
            },
            file: file.to_string(),
            line: Some(first_line),
            covered: per_fixture.contains(&Some(n)),
        });
        taken.push(Some(per_fixture));
    }
}
