//! `goldpath template schema`: the JSON Schema (2020-12) of `template.toml`, derived from the
//! manifest types, so editors complete and check manifests.

use crate::Error;
use crate::catalog::manifest::RawManifest;
use std::io::Write;

/// Prints the JSON Schema of `template.toml` on stdout.
pub(super) fn run() -> Result<i32, Error> {
    let text = serde_json::to_string_pretty(&schemars::schema_for!(RawManifest))
        .expect("a JSON Schema serializes");
    writeln!(std::io::stdout(), "{text}").map_err(|source| Error::Write {
        path: "stdout".into(),
        source,
    })?;
    Ok(0)
}
