//! `goldpath template preview`: reads the template directory again on every change and shows
//! what it renders, in the terminal.

use super::super::{Cli, Session};
use crate::Error;
use crate::catalog::{self, RawTemplate};
use crate::cli::args::TemplatePreviewArgs;
use crate::guardrails::bundle::shipped_policies;
use crate::guardrails::files::library_files;
use crate::preview::{self, Choice, Snapshot};
use crate::tui::{self, PreviewOptions, Watched};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Runs `goldpath template preview` until the user quits: 0. Exit 2 when DIR is not a
/// template, the fixture or answers file does not exist, or there is no terminal.
pub(super) fn run(
    args: &TemplatePreviewArgs,
    cli: &Cli,
    session: &Session<'_>,
) -> Result<i32, Error> {
    let dir = &args.dir;
    if !dir.join("template.toml").is_file() {
        return Err(Error::TemplateFiles {
            template: dir.display().to_string(),
            message: "is not a template directory: template.toml is missing (a template holds template.toml, files/ and tests/*.yaml); `goldpath template new DIR` starts one".into(),
        });
    }
    let first = read(dir)?;
    if let Some(name) = &args.fixture
        && !first
            .fixtures
            .iter()
            .any(|(f, _)| f == name || crate::template_test::stem(f) == name)
    {
        let known: Vec<&str> = first.fixtures.iter().map(|(f, _)| f.as_str()).collect();
        return Err(Error::TemplateFiles {
            template: dir.display().to_string(),
            message: format!(
                "has no fixture `{name}` under tests/; its fixtures are: {}",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ),
        });
    }
    if let Some(path) = &args.answers {
        std::fs::metadata(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
    }
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !terminal || !tui::can_host() {
        return Err(Error::NeedsTerminal {
            command: "template preview".into(),
            instead: "without a terminal, `goldpath template lint DIR` and `goldpath template test DIR` check the same things".into(),
        });
    }
    let mut others = crate::cli::sources::read(&cli.templates, cli)?;
    others.extend(catalog::embedded());
    let policies = shipped_policies()?;
    let areas = crate::lint::policy_areas(&library_files());
    let load = |fixture: Option<&str>| -> Snapshot {
        let raw = match read(dir) {
            Ok(raw) => raw,
            Err(e) => return preview::failed(&dir.display().to_string(), e.to_string()),
        };
        let choice = match &args.answers {
            Some(path) => match std::fs::read_to_string(path) {
                Ok(text) => Choice::File {
                    label: path.display().to_string(),
                    text,
                },
                Err(e) => {
                    let message = format!("cannot read {}: {e}", path.display());
                    return preview::failed(&raw.origin, message);
                }
            },
            None => Choice::Fixture(fixture.map(String::from)),
        };
        preview::snapshot(raw, others.clone(), &choice, &policies, &areas)
    };
    let options = PreviewOptions {
        fixture: args.fixture.clone(),
        answers_file: args.answers.is_some(),
        watched: watched(dir, args.answers.as_deref()),
        color: session.color,
    };
    tui::run_preview(&load, options, session.cancel)?;
    Ok(0)
}

/// The template in `dir`, as the catalog reads it (with the source's `_shared/` beside it).
fn read(dir: &Path) -> Result<RawTemplate, Error> {
    catalog::read_dir(dir)?
        .pop()
        .ok_or_else(|| Error::TemplateFiles {
            template: dir.display().to_string(),
            message: "holds no template".into(),
        })
}

/// The template directory, the `_shared/` beside it, and the answers file.
fn watched(dir: &Path, answers: Option<&Path>) -> Watched {
    let real = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let dir = real(dir);
    let mut dirs = vec![dir.clone()];
    if let Some(shared) = dir
        .parent()
        .map(|p| p.join(catalog::SHARED_DIR))
        .filter(|p| p.is_dir())
    {
        dirs.push(shared);
    }
    Watched {
        dirs,
        files: answers.map(real).into_iter().collect::<Vec<PathBuf>>(),
    }
}
