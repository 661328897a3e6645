//! The Python applications that the lambda-python and documentdb-events templates render pass
//! their own unit tests, for every fixture: the handlers, domain and adapters they generate
//! work as rendered.
//!
//! The tests run with the Python named by `GOLDPATH_PYTHON`, which must have the apps' test
//! dependencies installed (see the test script); the unit tests themselves run offline.

mod common;

use goldpath::render::render;
use std::path::PathBuf;
use std::process::Command;

/// The templates that render a Python app under `app/`.
const TEMPLATES: &[&str] = &["lambda-python", "documentdb-events"];

fn python() -> PathBuf {
    std::env::var_os("GOLDPATH_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            panic!(
                "GOLDPATH_PYTHON is unset: point it at the python of a virtualenv with the \
                 apps' test dependencies (the test script creates one)"
            )
        })
}

#[test]
fn rendered_app_passes_its_unit_tests() {
    let python = python();
    let fixtures: Vec<_> = common::fixtures()
        .into_iter()
        .filter(|(template, _, _)| TEMPLATES.contains(&template.manifest.name.as_str()))
        .collect();
    for name in TEMPLATES {
        assert!(
            fixtures.iter().any(|(t, _, _)| t.manifest.name == *name),
            "{name} has fixtures"
        );
    }

    let mut failures = Vec::new();
    for (template, fixture, answers) in fixtures {
        let label = format!("{} / {fixture}", template.manifest.name);
        let bundle = render(&template, &answers).unwrap_or_else(|e| panic!("{label}: {e}"));
        let (_dir, target) = common::write_module(&bundle);

        let app = target.join("app");
        assert!(
            app.join("pyproject.toml").is_file(),
            "{label}: no app/pyproject.toml"
        );
        let run = Command::new(&python)
            .args(["-m", "pytest", "tests/unit", "-q", "-p", "no:cacheprovider"])
            .current_dir(&app)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env_remove("PYTHONPATH")
            .output()
            .unwrap_or_else(|e| panic!("{label}: cannot run {}: {e}", python.display()));
        if !run.status.success() {
            failures.push(format!(
                "{label}: pytest exited with {}\n{}{}",
                run.status,
                String::from_utf8_lossy(&run.stdout),
                String::from_utf8_lossy(&run.stderr)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "the rendered app's unit tests failed:\n{}",
        failures.join("\n")
    );
}
