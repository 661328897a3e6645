//! The catalog: templates from the binary and from directories, parsed and validated.

pub mod changelog;
pub mod describe;
mod git;
pub mod manifest;
pub mod migrations;
mod shared;
mod source;
pub mod spec;

pub use git::{Checkout, SourceError, checkout, read_checkout};
pub use shared::{SHARED_DIR, Shared};
pub use source::{embedded, read_dir};

use crate::Error;
use manifest::{Manifest, ManifestProblem};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A template's files as text, before parsing: what any source yields.
#[derive(Debug, Clone, Default)]
pub struct RawTemplate {
    /// Where it came from, for messages (`embedded:NAME` or a directory).
    pub origin: String,
    /// Contents of `template.toml`.
    pub manifest: String,
    /// Files under `files/`, by `/`-separated relative path.
    pub files: Vec<(String, String)>,
    /// Answers fixtures under `tests/`, by file name.
    pub fixtures: Vec<(String, String)>,
    /// The partials and parameter groups of the template's source.
    pub shared: Arc<Shared>,
    /// The repository and commit, for a template from a git source.
    pub git: Option<spec::GitOrigin>,
    /// Earlier released versions (`releases/VERSION/`), by directory name, not yet parsed.
    pub releases: Vec<(String, RawTemplate)>,
    /// Its `CHANGELOG.md`, when it has one.
    pub changelog: Option<String>,
}

/// A parsed template, ready to render.
#[derive(Debug, Clone)]
pub struct Template {
    /// The validated manifest.
    pub manifest: Manifest,
    /// Where it came from.
    pub origin: String,
    /// Files under `files/`, by `/`-separated relative path, in path order.
    pub files: Vec<(String, String)>,
    /// Answers fixtures under `tests/`, by file name.
    pub fixtures: Vec<(String, String)>,
    /// The templates of `manifest.modules`, in the same order, once linked by a catalog.
    pub modules: Vec<Arc<Template>>,
    /// The policy library files this template's modules carry under `policies/`, once linked.
    pub policy_files: Vec<(String, String)>,
    /// The partials and parameter groups of the template's source.
    pub shared: Arc<Shared>,
    /// The repository and commit, for a template from a git source.
    pub git: Option<spec::GitOrigin>,
    /// Earlier released versions (`releases/VERSION/`), by directory name, parsed on demand.
    pub releases: Vec<(String, RawTemplate)>,
    /// Its `CHANGELOG.md`, when it has one.
    pub changelog: Option<String>,
}

impl Template {
    /// Parses a raw template, validating its manifest and file paths.
    pub fn parse(raw: RawTemplate) -> Result<Template, Error> {
        let manifest = manifest::parse_with(&raw.manifest, &raw.shared).map_err(|problems| {
            Error::Manifest {
                path: format!("{}/template.toml", raw.origin),
                problems,
            }
        })?;
        if let Some((path, _)) = raw.files.iter().find(|(p, _)| !is_safe_relative(p)) {
            return Err(Error::TemplateFiles {
                template: manifest.name,
                message: format!("file path `{path}` leaves the template's files/ directory"),
            });
        }
        if let Some((path, _)) = raw
            .files
            .iter()
            .find(|(p, _)| raw.shared.partials.iter().any(|(n, _)| n == p))
        {
            return Err(Error::TemplateFiles {
                template: manifest.name,
                message: format!(
                    "files/{path} has the name of a shared partial, so includes could not tell them apart; move it out of files/{SHARED_DIR}/"
                ),
            });
        }
        let mut files = raw.files;
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Template {
            manifest,
            origin: raw.origin,
            files,
            fixtures: raw.fixtures,
            modules: Vec::new(),
            policy_files: Vec::new(),
            shared: raw.shared,
            git: raw.git,
            releases: raw.releases,
            changelog: raw.changelog,
        })
    }

    /// Every version this template can render: its releases and the current one, oldest first.
    pub fn versions(&self) -> Vec<semver::Version> {
        let mut out: Vec<semver::Version> = self
            .releases
            .iter()
            .filter_map(|(v, _)| semver::Version::parse(v).ok())
            .chain([self.manifest.version.clone()])
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// Whether a `/`-separated path is relative and never climbs out of its root.
pub(crate) fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

/// Resolves the nested modules of `name`, depth first, refusing cycles and unknown templates.
fn link(
    name: &str,
    parsed: &BTreeMap<String, Template>,
    linked: &mut BTreeMap<String, Arc<Template>>,
    stack: &mut Vec<String>,
) -> Result<Arc<Template>, Error> {
    if let Some(done) = linked.get(name) {
        return Ok(Arc::clone(done));
    }
    let mut template = parsed[name].clone();
    link_nested(&mut template, parsed, linked, stack)?;
    let template = Arc::new(template);
    linked.insert(name.to_string(), Arc::clone(&template));
    Ok(template)
}

/// Links the nested modules of `template` (and gives it its policy files): each at the
/// version its rule pins, else the current one.
fn link_nested(
    template: &mut Template,
    parsed: &BTreeMap<String, Template>,
    linked: &mut BTreeMap<String, Arc<Template>>,
    stack: &mut Vec<String>,
) -> Result<(), Error> {
    template.policy_files = policy_files(template)?;
    stack.push(template.manifest.name.clone());
    for (i, rule) in template.manifest.modules.clone().iter().enumerate() {
        let problem = |message: String| Error::Manifest {
            path: format!("{}/template.toml", template.origin),
            problems: vec![ManifestProblem {
                field: format!("modules[{i}].template"),
                message,
            }],
        };
        if stack.contains(&rule.template) {
            return Err(problem(format!(
                "`{}` nests itself: {} -> {}",
                rule.template,
                stack.join(" -> "),
                rule.template
            )));
        }
        let Some(current) = parsed.get(&rule.template) else {
            return Err(problem(format!(
                "no template named `{}` in the catalog",
                rule.template
            )));
        };
        let nested = match &rule.version {
            Some(v) if *v != current.manifest.version => {
                let mut release = release(current, v)?;
                link_nested(&mut release, parsed, linked, stack)?;
                Arc::new(release)
            }
            _ => link(&rule.template, parsed, linked, stack)?,
        };
        template.modules.push(nested);
    }
    stack.pop();
    Ok(())
}

/// Release `version` of `template`, parsed but not linked.
fn release(template: &Template, version: &semver::Version) -> Result<Template, Error> {
    let raw = template
        .releases
        .iter()
        .find(|(v, _)| semver::Version::parse(v).is_ok_and(|v| v == *version))
        .map(|(_, raw)| raw.clone())
        .ok_or_else(|| Error::UnknownVersion {
            template: template.manifest.name.clone(),
            version: version.to_string(),
            available: versions_list(template),
        })?;
    let origin = raw.origin.clone();
    let parsed = Template::parse(raw)?;
    if parsed.manifest.version != *version {
        return Err(Error::TemplateFiles {
            template: origin,
            message: format!(
                "holds version {} in its template.toml, not the {version} its directory names",
                parsed.manifest.version
            ),
        });
    }
    Ok(parsed)
}

fn versions_list(template: &Template) -> String {
    template
        .versions()
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The library files a template is held to: the areas it names, plus the shared `lib/` helpers
/// and the Terraform Cloud policy set (`tfc/`).
fn policy_files(template: &Template) -> Result<Vec<(String, String)>, Error> {
    let library = crate::guardrails::files::library_files();
    let mut out = Vec::new();
    for (i, area) in template.manifest.policies.iter().enumerate() {
        let prefix = format!("{area}/");
        let before = out.len();
        out.extend(
            library
                .iter()
                .filter(|(p, _)| p.starts_with(&prefix))
                .cloned(),
        );
        if out.len() == before {
            let areas: std::collections::BTreeSet<&str> = library
                .iter()
                .filter_map(|(p, _)| p.split_once('/').map(|(a, _)| a))
                .collect();
            return Err(Error::Manifest {
                path: format!("{}/template.toml", template.origin),
                problems: vec![ManifestProblem {
                    field: format!("policies[{i}]"),
                    message: format!(
                        "`{area}` is not an area of the policy library (areas: {})",
                        areas.into_iter().collect::<Vec<_>>().join(", ")
                    ),
                }],
            });
        }
    }
    if !out.is_empty() {
        out.extend(
            library
                .iter()
                .filter(|(p, _)| p.starts_with("lib/") || p.starts_with("tfc/"))
                .cloned(),
        );
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// All templates available to a command; earlier sources shadow later ones of the same name.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    templates: Vec<Template>,
    shadowed: Vec<Shadowed>,
}

/// A template left out because an earlier source has one of the same name.
#[derive(Debug, Clone)]
pub struct Shadowed {
    /// The template that is not used.
    pub template: Template,
    /// The source of the template used instead.
    pub by: String,
}

impl Template {
    /// Where the template came from, as users name it: `URL[//SUBDIR]#REF` for git, the
    /// directory, or `embedded`.
    pub fn source(&self) -> String {
        match &self.git {
            Some(git) => {
                let subdir = git
                    .subdir
                    .as_ref()
                    .map(|s| format!("//{s}"))
                    .unwrap_or_default();
                format!("{}{subdir}#{}", git.url, git.reference)
            }
            None if self.origin.starts_with("embedded:") => "embedded".into(),
            None => self.origin.clone(),
        }
    }
}

impl Catalog {
    /// Builds a catalog from raw templates in priority order.
    pub fn from_raw(raws: Vec<RawTemplate>) -> Result<Catalog, Error> {
        let mut parsed: BTreeMap<String, Template> = BTreeMap::new();
        let mut shadowed = Vec::new();
        for raw in raws {
            let template = Template::parse(raw)?;
            match parsed.get(&template.manifest.name) {
                Some(first) => shadowed.push(Shadowed {
                    by: first.source(),
                    template,
                }),
                None => {
                    parsed.insert(template.manifest.name.clone(), template);
                }
            }
        }
        let mut linked = BTreeMap::new();
        for name in parsed.keys() {
            link(name, &parsed, &mut linked, &mut Vec::new())?;
        }
        let templates = linked.into_values().map(Arc::unwrap_or_clone).collect();
        Ok(Catalog {
            templates,
            shadowed,
        })
    }

    /// Templates shadowed by one of the same name in an earlier source, in source order.
    pub fn shadowed(&self) -> &[Shadowed] {
        &self.shadowed
    }

    /// Templates by name.
    pub fn templates(&self) -> &[Template] {
        &self.templates
    }

    /// The template called `name` at `version`: the current one, or a release of it linked
    /// with the nested modules it pins.
    pub fn at_version(&self, name: &str, version: &semver::Version) -> Result<Template, Error> {
        let current = self.get(name)?;
        if current.manifest.version == *version {
            return Ok(current.clone());
        }
        let parsed: BTreeMap<String, Template> = self
            .templates
            .iter()
            .map(|t| {
                let mut unlinked = t.clone();
                unlinked.modules.clear();
                (t.manifest.name.clone(), unlinked)
            })
            .collect();
        let mut template = release(current, version)?;
        link_nested(
            &mut template,
            &parsed,
            &mut BTreeMap::new(),
            &mut Vec::new(),
        )?;
        Ok(template)
    }

    /// The template called `name`.
    pub fn get(&self, name: &str) -> Result<&Template, Error> {
        self.templates
            .iter()
            .find(|t| t.manifest.name == name)
            .ok_or_else(|| Error::UnknownTemplate {
                name: name.to_string(),
                available: self
                    .templates
                    .iter()
                    .map(|t| t.manifest.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_release_parses_and_links_at_its_version() {
        let catalog = Catalog::from_raw(embedded()).unwrap();
        let mut releases = 0;
        for template in catalog.templates() {
            for version in template.versions() {
                let at = catalog
                    .at_version(&template.manifest.name, &version)
                    .unwrap_or_else(|e| panic!("{} {version}: {e}", template.manifest.name));
                assert_eq!(at.manifest.version, version);
                releases += 1;
            }
        }
        assert!(
            releases > catalog.templates().len(),
            "some template has a release"
        );
        let s3 = catalog.get("s3-secure-bucket").unwrap();
        let err = catalog
            .at_version("s3-secure-bucket", &semver::Version::new(9, 9, 9))
            .unwrap_err();
        assert!(err.to_string().contains("no version 9.9.9"), "{err}");
        assert!(s3.versions().len() >= 2);
    }

    #[test]
    fn embedded_templates_parse() {
        let catalog = Catalog::from_raw(embedded()).expect("embedded templates are valid");
        assert!(catalog.get("s3-secure-bucket").is_ok());
        for t in catalog.templates() {
            assert!(
                !t.fixtures.is_empty(),
                "{} has no answers fixture",
                t.manifest.name
            );
        }
    }

    #[test]
    fn paths_must_stay_inside() {
        assert!(is_safe_relative("a/b.tf"));
        for bad in ["../x", "/etc/passwd", "a/../../b", "a//b", "a\\b", ""] {
            assert!(!is_safe_relative(bad), "{bad}");
        }
    }

    fn nesting(name: &str, nested: &str) -> RawTemplate {
        RawTemplate {
            origin: name.into(),
            manifest: format!(
                "name = \"{name}\"\nversion = \"1.0.0\"\ntitle = \"T\"\ndescription = \"d\"\n\
                 [[modules]]\ntemplate = \"{nested}\"\npath = \"modules/{nested}\"\n"
            ),
            ..Default::default()
        }
    }

    #[test]
    fn nested_module_cycles_and_unknown_templates_are_refused() {
        let err = Catalog::from_raw(vec![nesting("a", "b"), nesting("b", "a")])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("nests itself") && err.contains("modules[0].template"),
            "{err}"
        );
        let err = Catalog::from_raw(vec![nesting("a", "ghost")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("no template named `ghost`"), "{err}");
    }

    #[test]
    fn unknown_template_lists_available_ones() {
        let catalog = Catalog::from_raw(embedded()).unwrap();
        let err = catalog.get("nope").unwrap_err().to_string();
        assert!(err.contains("nope"), "{err}");
    }
}
