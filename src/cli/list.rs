//! `goldpath list`.

use super::args::Format;
use super::style::{BOLD, DIM};
use crate::Error;
use crate::catalog::Catalog;
use std::io::Write;

pub(super) fn run(catalog: &Catalog, format: Format) -> Result<i32, Error> {
    let mut out = anstream::stdout();
    let result = match format {
        Format::Json => {
            let item = |t: &crate::catalog::Template, by: Option<&str>| {
                serde_json::json!({
                    "name": t.manifest.name,
                    "version": t.manifest.version.to_string(),
                    "title": t.manifest.title,
                    "tags": t.manifest.tags,
                    "owners": t.manifest.owners,
                    "source": t.origin,
                    "commit": t.git.as_ref().map(|g| g.commit.as_str()),
                    "shadowed_by": by,
                })
            };
            let items: Vec<_> = catalog
                .templates()
                .iter()
                .map(|t| item(t, None))
                .chain(
                    catalog
                        .shadowed()
                        .iter()
                        .map(|s| item(&s.template, Some(&s.by))),
                )
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&items).expect("JSON values serialize")
            )
        }
        Format::Human => {
            let width = catalog
                .templates()
                .iter()
                .map(|t| t.manifest.name.len())
                .max()
                .unwrap_or(0);
            catalog
                .templates()
                .iter()
                .try_for_each(|t| {
                    let m = &t.manifest;
                    writeln!(
                        out,
                        "{BOLD}{:width$}{BOLD:#}  {:<8}  {}  {DIM}[{}]{DIM:#}",
                        m.name,
                        m.version.to_string(),
                        m.title,
                        m.tags.join(", ")
                    )
                })
                .and_then(|()| {
                    catalog.shadowed().iter().try_for_each(|s| {
                        let m = &s.template.manifest;
                        writeln!(
                            out,
                            "{DIM}{:width$}  {:<8}  from {}, shadowed by {}{DIM:#}",
                            m.name,
                            m.version.to_string(),
                            s.template.source(),
                            s.by
                        )
                    })
                })
        }
    };
    result.map_err(|source| Error::Write {
        path: "stdout".into(),
        source,
    })?;
    Ok(0)
}
