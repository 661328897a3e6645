//! `goldpath.toml`: template sources, answer defaults and registry settings shared by a team.

use crate::Error;
use crate::cost::budget::{Budgets, Override};
use crate::guardrails::choice::RuleChoice;
use crate::guardrails::finding::Severity;
use crate::publish::forge::place::ForgeKind;
use crate::publish::plan::{GithubRepo, PathPattern};
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
    /// Template sources, searched in order before the embedded templates: directories (from
    /// `templates` and `[[sources]] path`) and `GIT-URL[//SUBDIR]#REF` specs (`[[sources]] url`).
    pub templates: Vec<String>,
    /// Default answers; keys a template does not declare are ignored for it.
    pub defaults: BTreeMap<String, serde_json::Value>,
    /// Where `publish` sends modules.
    pub registry: RegistryConfig,
    /// The `[cost]` table.
    pub cost: CostConfig,
    /// The `[budgets]` table.
    pub budgets: Budgets,
    /// The `[check]` table: which rules `check` runs.
    pub check: RuleChoice,
}

/// The `[cost]` table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CostConfig {
    /// A team price file layered over the shipped table (relative to the config file).
    pub prices: Option<PathBuf>,
}

/// The `[registry]` table: the module registry repository and its pull requests.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegistryConfig {
    /// The registry's git remote: any git URL or a local path.
    pub url: Option<String>,
    /// The GitHub repository, when it cannot be derived from `url`.
    pub github_repo: Option<GithubRepo>,
    /// The base branch of pull requests.
    pub base: Option<String>,
    /// Where modules go.
    pub path: Option<PathPattern>,
    /// The forge's REST API base.
    pub api_url: Option<String>,
    /// Open pull requests as drafts.
    pub draft: bool,
    /// The forge, when the URL's host does not tell.
    pub forge: Option<ForgeKind>,
    /// The GitLab project or Azure DevOps repository, when it cannot be derived from `url`.
    pub project: Option<String>,
    /// Users every pull request is assigned to.
    pub assignees: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    templates: Vec<PathBuf>,
    #[serde(default)]
    sources: Vec<RawSource>,
    #[serde(default)]
    defaults: BTreeMap<String, toml::Value>,
    #[serde(default)]
    registry: RawRegistry,
    #[serde(default)]
    cost: RawCost,
    #[serde(default)]
    budgets: RawBudgets,
    #[serde(default)]
    check: RawCheck,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    builtin: Option<bool>,
    #[serde(default)]
    skip: Vec<String>,
    #[serde(default)]
    warn: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCost {
    prices: Option<PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawBudgets {
    severity: Option<String>,
    #[serde(default)]
    approvers: Vec<String>,
    #[serde(default)]
    environments: BTreeMap<String, f64>,
    #[serde(default, rename = "override")]
    overrides: Vec<RawOverride>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    environment: Option<String>,
    team: Option<String>,
    template: Option<String>,
    monthly_usd: f64,
}

impl RawBudgets {
    fn budgets(self) -> Result<Budgets, String> {
        let severity = match self.severity.as_deref() {
            None | Some("warn") => Severity::Warn,
            Some("deny") => Severity::Deny,
            Some(other) => {
                return Err(format!(
                    "budgets.severity `{other}` is not a severity: write `warn` (the default) or `deny`"
                ));
            }
        };
        let amount = |what: String, n: f64| {
            if n.is_finite() && n >= 0.0 {
                Ok(n)
            } else {
                Err(format!(
                    "{what} `{n}` is not a budget: write USD a month, 0 or more"
                ))
            }
        };
        let mut environments = BTreeMap::new();
        for (env, n) in self.environments {
            let n = amount(format!("budgets.environments.{env}"), n)?;
            environments.insert(env, n);
        }
        let overrides = self
            .overrides
            .into_iter()
            .enumerate()
            .map(|(i, o)| {
                Ok(Override {
                    monthly_usd: amount(
                        format!("budgets.override[{i}].monthly_usd"),
                        o.monthly_usd,
                    )?,
                    environment: o.environment,
                    team: o.team,
                    template: o.template,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(Budgets {
            severity,
            approvers: self.approvers,
            environments,
            overrides,
        })
    }
}

/// A `[[sources]]` entry: a git repository at a ref, or a directory.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    url: Option<String>,
    #[serde(rename = "ref")]
    reference: Option<String>,
    subdir: Option<String>,
    path: Option<PathBuf>,
}

impl RawSource {
    /// The source as a spec `--templates` takes; relative paths are taken from `base`.
    fn spec(self, base: &Path) -> Result<String, String> {
        match (self.url, self.path) {
            (Some(url), None) => {
                let reference = self.reference.ok_or_else(|| {
                    format!(
                        "`{}` needs `ref`: a tag, branch or commit (e.g. ref = \"v1.2.0\")",
                        crate::remote::display_url(&url)
                    )
                })?;
                let subdir = self.subdir.map(|s| format!("//{s}")).unwrap_or_default();
                let spec = format!("{url}{subdir}#{reference}");
                match crate::catalog::spec::parse(&spec) {
                    Ok(crate::catalog::spec::SourceSpec::Git(_)) => Ok(spec),
                    Ok(_) => Err(format!(
                        "`{}` is not a git URL (https://, ssh://, git://, file:// or user@host:path); for a directory use `path`",
                        crate::remote::display_url(&url)
                    )),
                    Err(e) => Err(e.message),
                }
            }
            (None, Some(path)) if self.reference.is_none() && self.subdir.is_none() => {
                Ok(base.join(path).display().to_string())
            }
            (None, Some(_)) => Err("a `path` source takes no `ref` or `subdir`".into()),
            _ => Err("give either `url` (with `ref`) or `path`".into()),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRegistry {
    url: Option<String>,
    github_repo: Option<String>,
    base: Option<String>,
    path: Option<String>,
    api_url: Option<String>,
    #[serde(default)]
    draft: bool,
    forge: Option<String>,
    project: Option<String>,
    #[serde(default)]
    assignees: Vec<String>,
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
        let r = raw.registry;
        let registry = RegistryConfig {
            github_repo: r
                .github_repo
                .as_deref()
                .map(GithubRepo::parse)
                .transpose()
                .map_err(|e| invalid(format!("registry.github_repo: {e}")))?,
            path: r
                .path
                .as_deref()
                .map(PathPattern::parse)
                .transpose()
                .map_err(|e| invalid(format!("registry.path: {e}")))?,
            forge: r
                .forge
                .as_deref()
                .map(ForgeKind::parse)
                .transpose()
                .map_err(|e| invalid(format!("registry.forge: {e}")))?,
            url: r.url,
            base: r.base,
            api_url: r.api_url,
            draft: r.draft,
            project: r.project,
            assignees: r.assignees,
        };
        let mut templates: Vec<String> = raw
            .templates
            .into_iter()
            .map(|t| base.join(t).display().to_string())
            .collect();
        for (i, source) in raw.sources.into_iter().enumerate() {
            templates.push(
                source
                    .spec(base)
                    .map_err(|m| invalid(format!("sources[{i}]: {m}")))?,
            );
        }
        Ok(Config {
            path: Some(path.to_path_buf()),
            templates,
            defaults,
            registry,
            cost: CostConfig {
                prices: raw.cost.prices.map(|p| base.join(p)),
            },
            budgets: raw.budgets.budgets().map_err(invalid)?,
            check: RuleChoice {
                builtin: raw.check.builtin.unwrap_or(true),
                skip: raw.check.skip,
                warn: raw.check.warn,
            },
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
        assert_eq!(c.templates, vec!["conf/tpl".to_string()]);
        assert_eq!(c.defaults["team"], serde_json::json!("data"));
    }

    #[test]
    fn sources_take_git_urls_at_a_ref_or_directories() {
        let c = Config::parse(
            "templates = [\"a\"]\n\
             [[sources]]\nurl = \"https://github.com/acme/t.git\"\nref = \"v1\"\nsubdir = \"golden\"\n\
             [[sources]]\npath = \"b\"\n",
            Path::new("conf/goldpath.toml"),
        )
        .unwrap();
        assert_eq!(
            c.templates,
            [
                "conf/a",
                "https://github.com/acme/t.git//golden#v1",
                "conf/b"
            ]
        );
        for (bad, says) in [
            ("url = \"https://tok@h/t.git\"", "needs `ref`"),
            ("url = \"./t\"\nref = \"v1\"", "not a git URL"),
            ("path = \"b\"\nref = \"v1\"", "no `ref`"),
            ("ref = \"v1\"", "either `url`"),
        ] {
            let err = Config::parse(&format!("[[sources]]\n{bad}\n"), Path::new("g.toml"))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("sources[0]") && err.contains(says),
                "{bad}: {err}"
            );
            assert!(!err.contains("tok@"), "{err}");
        }
    }

    #[test]
    fn parses_registry_settings_and_checks_them() {
        let c = Config::parse(
            "[registry]\nurl = \"git@github.com:acme/tf.git\"\ngithub_repo = \"acme/tf\"\npath = \"stacks/{team}/{name}\"\ndraft = true\n",
            Path::new("goldpath.toml"),
        )
        .unwrap();
        assert_eq!(
            c.registry.url.as_deref(),
            Some("git@github.com:acme/tf.git")
        );
        assert_eq!(c.registry.github_repo.unwrap().to_string(), "acme/tf");
        assert!(c.registry.draft);
        let err = Config::parse("[registry]\npath = \"../{name}\"\n", Path::new("g.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("registry.path"), "{err}");
        let c = Config::parse(
            "[registry]\nforge = \"gitlab\"\nproject = \"acme/infra/tf\"\nassignees = [\"alice\"]\n",
            Path::new("g.toml"),
        )
        .unwrap();
        assert_eq!(c.registry.forge, Some(ForgeKind::GitLab));
        assert_eq!(c.registry.project.as_deref(), Some("acme/infra/tf"));
        assert_eq!(c.registry.assignees, ["alice"]);
        let err = Config::parse("[registry]\nforge = \"gitea\"\n", Path::new("g.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("registry.forge")
                && err.contains("`gitea`")
                && err.contains("azure-devops"),
            "{err}"
        );
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
