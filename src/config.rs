//! `goldpath.toml`: template sources and answer defaults shared by a team.

use crate::Error;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The config file's name, looked up in the working directory, then in the XDG config dir.
pub const CONFIG_FILE: &str = "goldpath.toml";

/// Settings from `goldpath.toml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Where it was read from, when it exists.
    pub path: Option<PathBuf>,
    /// Template directories, searched before the embedded templates.
    pub templates: Vec<PathBuf>,
    /// Default answers; keys a template does not declare are ignored for it.
    pub defaults: BTreeMap<String, serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    templates: Vec<PathBuf>,
    #[serde(default)]
    defaults: BTreeMap<String, toml::Value>,
}

impl Config {
    /// Parses config text; relative template paths are taken from the config file's directory.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
        let invalid = |message: String| Error::Config {
            path: path.display().to_string(),
            message,
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| crate::catalog::manifest::line_of(text, s.start));
            invalid(format!(
                "{}{}",
                line.map(|l| format!("line {l}: ")).unwrap_or_default(),
                e.message()
            ))
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let defaults = raw
            .defaults
            .into_iter()
            .map(|(k, v)| {
                serde_json::to_value(&v)
                    .map(|j| (k.clone(), j))
                    .map_err(|e| invalid(format!("defaults.{k}: {e}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(Config {
            path: Some(path.to_path_buf()),
            templates: raw.templates.into_iter().map(|t| base.join(t)).collect(),
            defaults,
        })
    }

    /// Loads the config: `explicit` if given (it must exist), else `./goldpath.toml`, else the
    /// XDG config dir's `goldpath/goldpath.toml`, else an empty config.
    pub fn load(explicit: Option<&Path>) -> Result<Config, Error> {
        let candidates: Vec<PathBuf> = match explicit {
            Some(p) => vec![p.to_path_buf()],
            None => {
                let mut c = vec![PathBuf::from(CONFIG_FILE)];
                if let Ok(dirs) = etcetera::choose_base_strategy() {
                    use etcetera::BaseStrategy;
                    c.push(dirs.config_dir().join("goldpath").join(CONFIG_FILE));
                }
                c
            }
        };
        for path in &candidates {
            match std::fs::read_to_string(path) {
                Ok(text) => return Config::parse(&text, path),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && explicit.is_none() => {
                    continue;
                }
                Err(source) => {
                    return Err(Error::Read {
                        path: path.clone(),
                        source,
                    });
                }
            }
        }
        Ok(Config::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sources_and_defaults() {
        let c = Config::parse(
            "templates = [\"tpl\"]\n[defaults]\nteam = \"data\"\n",
            Path::new("conf/goldpath.toml"),
        )
        .unwrap();
        assert_eq!(c.templates, vec![PathBuf::from("conf/tpl")]);
        assert_eq!(c.defaults["team"], serde_json::json!("data"));
    }

    #[test]
    fn unknown_keys_are_errors_naming_the_line() {
        let err = Config::parse(
            "[defaults]\nteam = 1\n[surprise]\n",
            Path::new("goldpath.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("line 3") && err.contains("surprise"), "{err}");
    }
}
