//! `goldpath template lint`: reads template directories at the edge, lints them with the pure
//! [`crate::lint::lint`], prints the report and maps it to an exit code.

use crate::Error;
use crate::catalog::{self, RawTemplate};
use crate::cli::Cli;
use crate::cli::args::TemplateLintArgs;
use crate::lint::output::{self, Format, Linted};
use crate::lint::{self, Severity};
use std::io::Write;
use std::path::Path;

/// Runs `goldpath template lint`: 0 clean or warnings only, 1 with errors, 2 when a
/// directory is not a template.
pub(super) fn run(args: &TemplateLintArgs, cli: &Cli) -> Result<i32, Error> {
    let mut raws: Vec<(String, RawTemplate)> = Vec::new();
    for dir in &args.dirs {
        for raw in read(dir)? {
            raws.push((raw.origin.clone(), raw));
        }
    }
    let areas = lint::policy_areas(&crate::guardrails::files::library_files());
    let linted: Vec<Linted> = raws
        .into_iter()
        .map(|(dir, raw)| Linted {
            dir,
            lint: lint::lint(&raw, &areas),
        })
        .collect();
    let text = match args.format {
        Format::Human => output::human(&linted),
        Format::Json => output::json(&linted),
        Format::Sarif => output::sarif(&linted),
    };
    let errors: usize = linted.iter().map(|l| l.lint.count(Severity::Error)).sum();
    let warnings: usize = linted.iter().map(|l| l.lint.count(Severity::Warning)).sum();
    let mut out = anstream::stdout();
    let write = if text.ends_with('\n') {
        write!(out, "{text}")
    } else {
        writeln!(out, "{text}")
    };
    write.map_err(|source| Error::Write {
        path: "stdout".into(),
        source,
    })?;
    if !cli.quiet && args.format != Format::Human {
        eprintln!(
            "linted {} template{}: {errors} error{}, {warnings} warning{}",
            linted.len(),
            if linted.len() == 1 { "" } else { "s" },
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        );
    }
    Ok(if errors > 0 { 1 } else { 0 })
}

/// The templates of `dir`: itself when it holds `template.toml`, else the templates directly
/// below it; an error (exit 2) saying what is missing otherwise.
fn read(dir: &Path) -> Result<Vec<RawTemplate>, Error> {
    if !dir.is_dir() {
        return Err(Error::TemplateFiles {
            template: dir.display().to_string(),
            message: "is not a directory; pass a template directory (it holds template.toml, files/ and tests/)".into(),
        });
    }
    if dir.join("template.toml").is_file() {
        return catalog::read_dir(dir);
    }
    catalog::read_dir(dir).map_err(|_| Error::TemplateFiles {
        template: dir.display().to_string(),
        message: "is not a template: template.toml is missing (a template holds template.toml, files/ and tests/*.yaml); `goldpath template new DIR` starts one".into(),
    })
}
