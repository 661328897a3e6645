//! The edge of `template test`: template directories and their golden copies on disk, the
//! template's own Rego tests, and the outside judges.

use super::golden::{GOLDEN_DIR, GoldenFiles};
use super::judge::{self, JudgeMode};
use super::{Expectation, Fixture, GoldenStatus, TemplateReport, parse_fixture, test_fixture};
use crate::Error;
use crate::catalog::{self, Catalog, Template};
use crate::guardrails::bundle::shipped_policies;
use crate::guardrails::files::read_policies;
use crate::guardrails::rego::{self, Policies};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// How `template test` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Rewrite the golden copies from the rendered modules and remove stale ones.
    pub update: bool,
    /// Whether the outside judges run.
    pub judges: JudgeMode,
}

/// Tests the templates in `dirs` (each one template, or a directory of templates). Nested
/// modules are looked up in `dirs`, then the `extra` templates (of the other sources), then the embedded
/// templates.
///
/// # Errors
///
/// A template that is itself invalid: a directory that holds none, a broken manifest, a
/// fixture that is not an answers file, a policy that does not parse, a golden copy that cannot
/// be read or written.
pub fn test_dirs(
    dirs: &[PathBuf],
    extra: Vec<catalog::RawTemplate>,
    options: &Options,
) -> Result<Vec<TemplateReport>, Error> {
    let mut raws = Vec::new();
    for dir in dirs {
        raws.extend(catalog::read_dir(dir)?);
    }
    let under_test: Vec<String> = raws.iter().map(|r| r.origin.clone()).collect();
    raws.extend(extra);
    raws.extend(catalog::embedded());
    let catalog = Catalog::from_raw(raws)?;
    let policies = shipped_policies()?;
    let mut reports = Vec::new();
    for origin in under_test {
        let template = catalog
            .templates()
            .iter()
            .find(|t| t.origin == origin)
            .ok_or_else(|| Error::TemplateFiles {
                template: origin.clone(),
                message: "has the name of a template given before it; test it on its own".into(),
            })?;
        reports.push(test_template(
            template,
            Path::new(&origin),
            &policies,
            options,
        )?);
    }
    Ok(reports)
}

/// Tests one template whose directory (golden copies, `policies/`) is `dir`.
///
/// # Errors
///
/// As [`test_dirs`].
pub fn test_template(
    template: &Template,
    dir: &Path,
    policies: &Policies,
    options: &Options,
) -> Result<TemplateReport, Error> {
    let name = &template.manifest.name;
    let fixtures = read_fixtures(template, dir)?;
    let golden_root = dir.join("tests").join(GOLDEN_DIR);
    let mut golden = read_golden(&golden_root, name)?;
    let mut reports = Vec::new();
    for fixture in &fixtures {
        let run = test_fixture(template, fixture, golden.get(fixture.stem()), policies);
        let mut report = run.report;
        if options.update
            && let Some(rendered) = &run.rendered
        {
            report.golden = update(&golden_root.join(fixture.stem()), rendered, &report.golden)?;
        }
        report.judges = match (&run.judged, options.judges) {
            (_, JudgeMode::None) => judge::skipped("requested with --judges none"),
            (Some(bundle), JudgeMode::Auto) => judge::run(bundle, JudgeMode::Auto)?,
            (None, JudgeMode::Auto) => judge::skipped(match fixture.expect {
                Expectation::Invalid { .. } => "the answers are expected to be refused",
                Expectation::Denied { .. } => "the module is expected to be denied",
                Expectation::Valid => "nothing rendered",
            }),
        };
        reports.push(report);
    }
    let expected: BTreeSet<&str> = fixtures
        .iter()
        .filter(|f| !matches!(f.expect, Expectation::Invalid { .. }))
        .map(Fixture::stem)
        .collect();
    golden.retain(|stem, _| !expected.contains(stem.as_str()));
    let stale: Vec<String> = golden.into_keys().collect();
    if options.update {
        for stem in &stale {
            let path = golden_root.join(stem);
            std::fs::remove_dir_all(&path).map_err(|source| Error::Write { path, source })?;
        }
    }
    Ok(TemplateReport {
        template: name.clone(),
        dir: dir.display().to_string(),
        fixtures: reports,
        policy_tests: policy_tests(dir)?,
        stale_golden: stale,
        stale_removed: options.update,
    })
}

/// The template's fixtures, parsed, in name order; a template without fixtures is invalid.
fn read_fixtures(template: &Template, dir: &Path) -> Result<Vec<Fixture>, Error> {
    let name = &template.manifest.name;
    if template.fixtures.is_empty() {
        return Err(Error::TemplateFiles {
            template: name.clone(),
            message: format!(
                "has no fixtures to test: add an answers file under {}",
                dir.join("tests").join("<case>.yaml").display()
            ),
        });
    }
    let mut fixtures = template
        .fixtures
        .iter()
        .map(|(file, text)| {
            parse_fixture(file, text).map_err(|e| Error::AnswersFile {
                path: dir.join("tests").join(file).display().to_string(),
                line: e.line,
                message: e.message,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    fixtures.sort_by(|a, b| a.name.cmp(&b.name));
    for pair in fixtures.windows(2) {
        if pair[0].stem() == pair[1].stem() {
            return Err(Error::TemplateFiles {
                template: name.clone(),
                message: format!(
                    "fixtures {} and {} would share the golden copy tests/{GOLDEN_DIR}/{}/; \
                     rename one",
                    pair[0].name,
                    pair[1].name,
                    pair[0].stem()
                ),
            });
        }
    }
    Ok(fixtures)
}

/// Every golden copy under `root` (`tests/golden`), by fixture stem. A plain file directly in
/// `root` is a golden copy with no files, so that it shows as stale.
fn read_golden(root: &Path, template: &str) -> Result<BTreeMap<String, GoldenFiles>, Error> {
    let mut out = BTreeMap::new();
    let entries = match std::fs::read_dir(root) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(source) => {
            return Err(Error::Read {
                path: root.to_path_buf(),
                source,
            });
        }
    };
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read {
            path: root.to_path_buf(),
            source,
        })?;
        let stem = entry.file_name().to_string_lossy().into_owned();
        let mut files = GoldenFiles::new();
        if entry.path().is_dir() {
            read_tree(&entry.path(), "", template, &mut files)?;
        }
        out.insert(stem, files);
    }
    Ok(out)
}

fn read_tree(dir: &Path, prefix: &str, template: &str, out: &mut GoldenFiles) -> Result<(), Error> {
    let read_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Read { path, source }
    };
    for entry in std::fs::read_dir(dir).map_err(read_err(dir))? {
        let entry = entry.map_err(read_err(dir))?;
        let path = entry.path();
        let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
        let kind = entry.file_type().map_err(read_err(&path))?;
        if kind.is_symlink() {
            return Err(Error::TemplateFiles {
                template: template.to_string(),
                message: format!(
                    "{} is a symbolic link; golden copies hold plain files: delete it and run \
                     `goldpath template test --update`",
                    path.display()
                ),
            });
        } else if kind.is_dir() {
            read_tree(&path, &format!("{rel}/"), template, out)?;
        } else {
            let bytes = std::fs::read(&path).map_err(read_err(&path))?;
            let text = String::from_utf8(bytes).map_err(|_| Error::TemplateFiles {
                template: template.to_string(),
                message: format!(
                    "{} is not UTF-8 text, so no render made it: delete it and run \
                     `goldpath template test --update`",
                    path.display()
                ),
            })?;
            out.insert(rel, text);
        }
    }
    Ok(())
}

/// Rewrites the golden copy at `root` to hold exactly `rendered`; returns what it did.
fn update(
    root: &Path,
    rendered: &GoldenFiles,
    before: &GoldenStatus,
) -> Result<GoldenStatus, Error> {
    let (written, removed): (Vec<String>, Vec<String>) = match before {
        GoldenStatus::Matches => return Ok(GoldenStatus::Matches),
        GoldenStatus::Differs(c) => (
            c.changed
                .iter()
                .map(|d| d.path.clone())
                .chain(c.extra.iter().cloned())
                .collect(),
            c.missing.clone(),
        ),
        _ => (rendered.keys().cloned().collect(), Vec::new()),
    };
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    for rel in &written {
        if !catalog::is_safe_relative(rel) {
            return Err(Error::TemplateFiles {
                template: root.display().to_string(),
                message: format!("rendered path `{rel}` leaves the golden copy"),
            });
        }
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_err(parent))?;
        }
        std::fs::write(&path, &rendered[rel]).map_err(write_err(&path))?;
    }
    for rel in &removed {
        let path = root.join(rel);
        std::fs::remove_file(&path).map_err(write_err(&path))?;
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != root) {
            if std::fs::remove_dir(d).is_err() {
                break; // not empty: keep it and its parents
            }
            dir = d.parent();
        }
    }
    Ok(GoldenStatus::Updated { written, removed })
}

/// The template's own Rego unit tests (`policies/*_test.rego`), when it has a `policies/`.
fn policy_tests(dir: &Path) -> Result<Vec<rego::TestOutcome>, Error> {
    let policies_dir = dir.join("policies");
    if !policies_dir.is_dir() {
        return Ok(Vec::new());
    }
    let files = read_policies(&policies_dir)?;
    rego::run_tests(&files).map_err(|e| Error::Policy {
        path: policies_dir.join(&e.path),
        message: e.message,
    })
}
