//! Reading policy directories from disk (the edge of the guardrails).

use super::rego::PolicyFile;
use crate::Error;
use std::path::Path;

/// Every `.rego` file under `dir`, recursively, in path order; symlinks are not followed.
pub fn read_policies(dir: &Path) -> Result<Vec<PolicyFile>, Error> {
    let mut out = Vec::new();
    collect(dir, dir, &mut out)?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<PolicyFile>) -> Result<(), Error> {
    let read_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Read { path, source }
    };
    for entry in std::fs::read_dir(dir).map_err(read_err(dir))? {
        let entry = entry.map_err(read_err(dir))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(read_err(&path))?;
        if kind.is_dir() {
            collect(root, &path, out)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "rego") {
            let text = std::fs::read_to_string(&path).map_err(read_err(&path))?;
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            out.push(PolicyFile { path: rel, text });
        }
    }
    Ok(())
}
