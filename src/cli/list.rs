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
            let items: Vec<_> = catalog
                .templates()
                .iter()
                .map(|t| {
                    serde_json::json!({
                        "name": t.manifest.name,
                        "version": t.manifest.version.to_string(),
                        "title": t.manifest.title,
                        "tags": t.manifest.tags,
                        "owners": t.manifest.owners,
                        "source": t.origin,
                    })
                })
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
            catalog.templates().iter().try_for_each(|t| {
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
        }
    };
    result.map_err(|source| Error::Write {
        path: "stdout".into(),
        source,
    })?;
    Ok(0)
}
