//! Template sources as the command line and the config name them, read into raw templates:
//! directories as they are, git sources through the cache.

use super::Cli;
use crate::Error;
use crate::catalog::spec::{self, SourceSpec};
use crate::catalog::{self, RawTemplate, SourceError};
use crate::cli::style::BOLD;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The raw templates of `specs` (directories or `GIT-URL[//SUBDIR]#REF`), in order.
pub(super) fn read(specs: &[String], cli: &Cli) -> Result<Vec<RawTemplate>, Error> {
    let mut raws = Vec::new();
    for text in specs {
        match spec::parse(text).map_err(|e| SourceError::Spec {
            spec: e.spec,
            message: e.message,
        })? {
            SourceSpec::Dir(dir) => raws.extend(catalog::read_dir(&dir)?),
            SourceSpec::Git(git) => {
                let token = super::publish::non_empty_env("GITHUB_TOKEN")
                    .or_else(|| super::publish::non_empty_env("GH_TOKEN"));
                let checkout =
                    catalog::checkout(&git, &cache_dir()?, cli.refresh, token.as_deref())?;
                if checkout.offline && !cli.quiet {
                    let _ = writeln!(
                        anstream::stderr(),
                        "{BOLD}note{BOLD:#}: could not reach {}; using the cached copy of `{}` at commit {}",
                        git.display_url(),
                        git.reference,
                        checkout.commit
                    );
                }
                raws.extend(catalog::read_checkout(&git, &checkout)?);
            }
        }
    }
    Ok(raws)
}

/// Where fetched template sources are cached: the XDG cache dir's `goldpath/sources`.
fn cache_dir() -> Result<PathBuf, SourceError> {
    use etcetera::BaseStrategy;
    etcetera::choose_base_strategy()
        .map(|s| s.cache_dir().join("goldpath").join("sources"))
        .map_err(|e| SourceError::Cache {
            dir: Path::new("$XDG_CACHE_HOME").to_path_buf(),
            message: format!("cannot find the cache directory ({e}); set XDG_CACHE_HOME"),
        })
}
