//! `goldpath template sources`: the template sources in search order, each with its commit
//! and the templates it gives (or that an earlier source shadows).

use crate::Error;
use crate::catalog::{Catalog, Template};
use crate::cli::Cli;
use crate::cli::args::Format;
use crate::cli::style::{BOLD, DIM};
use std::io::Write;

/// One source and what it holds.
struct Listed<'a> {
    source: String,
    commit: Option<&'a str>,
    templates: Vec<(&'a str, bool)>,
}

/// The sources of a catalog's templates in search order, shadowed templates included.
fn sources(catalog: &Catalog) -> Vec<Listed<'_>> {
    let mut all: Vec<(&Template, bool)> = catalog.templates().iter().map(|t| (t, false)).collect();
    all.extend(catalog.shadowed().iter().map(|s| (&s.template, true)));
    let mut out: Vec<Listed<'_>> = Vec::new();
    for (t, shadowed) in all {
        let source = t.source();
        let source = if t.git.is_none() && source != "embedded" {
            std::path::Path::new(&source)
                .parent()
                .map_or(source.clone(), |p| p.display().to_string())
        } else {
            source
        };
        let name = t.manifest.name.as_str();
        match out.iter_mut().find(|l| l.source == source) {
            Some(listed) => listed.templates.push((name, shadowed)),
            None => out.push(Listed {
                source,
                commit: t.git.as_ref().map(|g| g.commit.as_str()),
                templates: vec![(name, shadowed)],
            }),
        }
    }
    // Embedded templates are searched last.
    out.sort_by_key(|l| l.source == "embedded");
    for l in &mut out {
        l.templates.sort();
    }
    out
}

/// Runs `goldpath template sources`.
pub(super) fn run(format: Format, cli: &Cli) -> Result<i32, Error> {
    let (_, catalog) = crate::cli::load(cli)?;
    let listed = sources(&catalog);
    let text = match format {
        Format::Json => {
            let items: Vec<_> = listed
                .iter()
                .map(|l| {
                    serde_json::json!({
                        "source": l.source,
                        "commit": l.commit,
                        "templates": l.templates.iter().filter(|(_, s)| !s).map(|(n, _)| n).collect::<Vec<_>>(),
                        "shadowed": l.templates.iter().filter(|(_, s)| *s).map(|(n, _)| n).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&items).expect("JSON values serialize") + "\n"
        }
        Format::Human => {
            let mut out = String::new();
            for l in &listed {
                out.push_str(&format!("{BOLD}{}{BOLD:#}", l.source));
                if let Some(commit) = l.commit {
                    out.push_str(&format!("  {DIM}commit {commit}{DIM:#}"));
                }
                out.push('\n');
                for (name, shadowed) in &l.templates {
                    if *shadowed {
                        out.push_str(&format!("  {DIM}{name} (shadowed){DIM:#}\n"));
                    } else {
                        out.push_str(&format!("  {name}\n"));
                    }
                }
            }
            out
        }
    };
    anstream::stdout()
        .write_all(text.as_bytes())
        .map_err(|source| Error::Write {
            path: "stdout".into(),
            source,
        })?;
    Ok(0)
}
