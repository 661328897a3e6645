//! `template.toml` read leniently and with lines, so the linter can point at every field.
//!
//! The catalog's parser stops a template at the first broken manifest; the linter reads the
//! same fields with their spans and checks them one by one.

use crate::catalog::{RawTemplate, SHARED_DIR};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A manifest as written, every field with its span.
#[derive(Debug, Deserialize)]
pub(crate) struct Spec {
    #[serde(default)]
    pub parameter_groups: Vec<Spanned<String>>,
    #[serde(default)]
    pub parameters: Vec<Spanned<SpecParameter>>,
    #[serde(default)]
    pub derived: Vec<Spanned<SpecDerived>>,
    #[serde(default)]
    pub files: Vec<Spanned<SpecFile>>,
    #[serde(default)]
    pub modules: Vec<Spanned<SpecModule>>,
    #[serde(default)]
    pub policies: Vec<Spanned<String>>,
}

/// One `[[parameters]]` entry.
#[derive(Debug, Deserialize)]
pub(crate) struct SpecParameter {
    pub name: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: Option<Spanned<String>>,
    pub default: Option<Spanned<toml::Value>>,
    pub pattern: Option<Spanned<String>>,
    pub min_length: Option<Spanned<u64>>,
    pub max_length: Option<Spanned<u64>>,
    pub min: Option<Spanned<i64>>,
    pub max: Option<Spanned<i64>>,
    pub choices: Option<Spanned<Vec<String>>>,
    pub when: Option<Spanned<String>>,
}

impl SpecParameter {
    /// This parameter with the fields `over` sets taken from `over`, as the catalog merges a
    /// template's parameter into a group's.
    fn overridden_by(self, over: SpecParameter) -> SpecParameter {
        SpecParameter {
            name: over.name,
            kind: over.kind.or(self.kind),
            default: over.default.or(self.default),
            pattern: over.pattern.or(self.pattern),
            min_length: over.min_length.or(self.min_length),
            max_length: over.max_length.or(self.max_length),
            min: over.min.or(self.min),
            max: over.max.or(self.max),
            choices: over.choices.or(self.choices),
            when: over.when.or(self.when),
        }
    }

    /// The parameter with every span moved `by` bytes on.
    fn shifted(self, by: usize) -> SpecParameter {
        fn at<T>(s: Spanned<T>, by: usize) -> Spanned<T> {
            let span = s.span();
            Spanned::new(span.start + by..span.end + by, s.into_inner())
        }
        SpecParameter {
            name: at(self.name, by),
            kind: self.kind.map(|s| at(s, by)),
            default: self.default.map(|s| at(s, by)),
            pattern: self.pattern.map(|s| at(s, by)),
            min_length: self.min_length.map(|s| at(s, by)),
            max_length: self.max_length.map(|s| at(s, by)),
            min: self.min.map(|s| at(s, by)),
            max: self.max.map(|s| at(s, by)),
            choices: self.choices.map(|s| at(s, by)),
            when: self.when.map(|s| at(s, by)),
        }
    }
}

/// A parameter group file: its `[[parameters]]`.
#[derive(Debug, Deserialize)]
struct GroupSpec {
    #[serde(default)]
    parameters: Vec<Spanned<SpecParameter>>,
}

/// The manifest followed by the parameter groups it pulls in, as one text: the spans of a
/// loaded [`Spec`] are offsets into it, and [`Texts::locate`] turns one into a file and line.
#[derive(Debug)]
pub(crate) struct Texts {
    text: String,
    /// Where each file starts in `text`, and its path from the template directory.
    parts: Vec<(usize, String)>,
}

impl Texts {
    /// The file (relative to the template directory) and 1-based line of an offset.
    pub fn locate(&self, offset: usize) -> (String, usize) {
        let (start, file) = self
            .parts
            .iter()
            .rev()
            .find(|(start, _)| *start <= offset)
            .unwrap_or(&self.parts[0]);
        (file.clone(), line_of(&self.text[*start..], offset - start))
    }
}

/// One `[[derived]]` entry.
#[derive(Debug, Deserialize)]
pub(crate) struct SpecDerived {
    pub name: Spanned<String>,
    pub value: Spanned<String>,
}

/// One `[[files]]` entry.
#[derive(Debug, Deserialize)]
pub(crate) struct SpecFile {
    pub when: Spanned<String>,
}

/// One `[[modules]]` entry.
#[derive(Debug, Deserialize)]
pub(crate) struct SpecModule {
    pub when: Option<Spanned<String>>,
    #[serde(default)]
    pub answers: BTreeMap<String, Spanned<String>>,
}

impl Spec {
    /// Reads a manifest; the error is the message and line of the first TOML problem.
    pub fn parse(text: &str) -> Result<Spec, (String, Option<usize>)> {
        toml::from_str(text).map_err(|e: toml::de::Error| {
            (
                e.message().to_string(),
                e.span().map(|s| line_of(text, s.start)),
            )
        })
    }

    /// Reads a template's manifest with the parameter groups it names merged in, in the order
    /// and with the overrides the catalog applies, so parameter indexes agree with the
    /// catalog's. Groups that are missing or broken are left out (the catalog reports them).
    pub fn load(raw: &RawTemplate) -> Result<(Spec, Texts), (String, Option<usize>)> {
        let mut spec = Spec::parse(&raw.manifest)?;
        let mut texts = Texts {
            text: raw.manifest.clone(),
            parts: vec![(0, "template.toml".into())],
        };
        let mut merged: Vec<Spanned<SpecParameter>> = Vec::new();
        for name in &spec.parameter_groups {
            let name = name.get_ref();
            let Some(group) = raw.shared.group(name) else {
                continue;
            };
            let Ok(parsed) = toml::from_str::<GroupSpec>(group) else {
                continue;
            };
            texts.text.push('\n');
            let start = texts.text.len();
            texts.text.push_str(group);
            texts
                .parts
                .push((start, format!("../{SHARED_DIR}/parameters/{name}.toml")));
            merged.extend(parsed.parameters.into_iter().map(|p| {
                let span = p.span();
                Spanned::new(
                    span.start + start..span.end + start,
                    p.into_inner().shifted(start),
                )
            }));
        }
        let from_groups = merged.len();
        let mut overrides: Vec<Option<SpecParameter>> = (0..from_groups).map(|_| None).collect();
        let mut own = Vec::new();
        for p in std::mem::take(&mut spec.parameters) {
            let name = p.get_ref().name.get_ref();
            match (0..from_groups)
                .find(|&i| overrides[i].is_none() && merged[i].get_ref().name.get_ref() == name)
            {
                Some(i) => overrides[i] = Some(p.into_inner()),
                None => own.push(p),
            }
        }
        spec.parameters = merged
            .into_iter()
            .zip(overrides)
            .map(|(base, over)| match over {
                None => base,
                Some(over) => {
                    let span = base.span();
                    Spanned::new(span, base.into_inner().overridden_by(over))
                }
            })
            .chain(own)
            .collect();
        Ok((spec, texts))
    }

    /// The file and line a catalog field path (`parameters[2].pattern`, `policies[0]`) points at.
    pub fn locate_field(&self, texts: &Texts, field: &str) -> Option<(String, usize)> {
        if let Some(index) = field
            .strip_prefix("parameter_groups[")
            .and_then(|rest| rest.trim_end_matches(']').parse::<usize>().ok())
        {
            return Some(texts.locate(self.parameter_groups.get(index)?.span().start));
        }
        let (head, attr) = field.split_once('.').unwrap_or((field, ""));
        let (list, index) = head.split_once('[')?;
        let index: usize = index.trim_end_matches(']').parse().ok()?;
        let start = match list {
            "parameters" => {
                let p = self.parameters.get(index)?;
                let inner = p.get_ref();
                let span = match attr {
                    "name" => Some(inner.name.span()),
                    "type" => inner.kind.as_ref().map(Spanned::span),
                    "default" => inner.default.as_ref().map(Spanned::span),
                    "pattern" => inner.pattern.as_ref().map(Spanned::span),
                    "min_length" => inner.min_length.as_ref().map(Spanned::span),
                    "max_length" => inner.max_length.as_ref().map(Spanned::span),
                    "min" => inner.min.as_ref().map(Spanned::span),
                    "max" => inner.max.as_ref().map(Spanned::span),
                    "choices" => inner.choices.as_ref().map(Spanned::span),
                    "when" => inner.when.as_ref().map(Spanned::span),
                    _ => None,
                };
                span.unwrap_or_else(|| p.span()).start
            }
            "derived" => self.derived.get(index)?.span().start,
            "files" => self.files.get(index)?.span().start,
            "modules" => self.modules.get(index)?.span().start,
            "policies" => self.policies.get(index)?.span().start,
            _ => return None,
        };
        Some(texts.locate(start))
    }
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Shared;
    use std::sync::Arc;

    fn raw(manifest: &str, groups: &[(&str, &str)]) -> RawTemplate {
        RawTemplate {
            manifest: manifest.into(),
            shared: Arc::new(Shared {
                partials: Vec::new(),
                groups: groups
                    .iter()
                    .map(|(n, t)| (n.to_string(), t.to_string()))
                    .collect(),
            }),
            ..Default::default()
        }
    }

    #[test]
    fn fields_have_files_and_lines() {
        let text =
            "name = \"t\"\n[[parameters]]\nname = \"a\"\ntype = \"string\"\npattern = \"x\"\n";
        let (spec, texts) = Spec::load(&raw(text, &[])).unwrap();
        let at = |field| spec.locate_field(&texts, field);
        assert_eq!(
            at("parameters[0].pattern"),
            Some(("template.toml".into(), 5))
        );
        assert_eq!(at("parameters[0].name"), Some(("template.toml".into(), 3)));
        assert_eq!(at("parameters[3].name"), None);
        let (message, line) = Spec::parse("a = \n").unwrap_err();
        assert!(!message.is_empty());
        assert_eq!(line, Some(1));
    }

    #[test]
    fn group_parameters_point_into_their_group_file_and_overrides_into_the_manifest() {
        let manifest = "name = \"t\"\nparameter_groups = [\"common\", \"ghost\"]\n\
                        [[parameters]]\nname = \"own\"\ntype = \"boolean\"\n\
                        [[parameters]]\nname = \"team\"\npattern = \"[a-z]+\"\n";
        let group = "# shared\n[[parameters]]\nname = \"team\"\ntype = \"string\"\n";
        let (spec, texts) = Spec::load(&raw(manifest, &[("common", group)])).unwrap();
        let names: Vec<&str> = spec
            .parameters
            .iter()
            .map(|p| p.get_ref().name.get_ref().as_str())
            .collect();
        assert_eq!(names, ["team", "own"]);
        let at = |field| spec.locate_field(&texts, field);
        assert_eq!(
            at("parameters[0].type"),
            Some(("../_shared/parameters/common.toml".into(), 4))
        );
        assert_eq!(
            at("parameters[0].pattern"),
            Some(("template.toml".into(), 8))
        );
        assert_eq!(at("parameters[1].type"), Some(("template.toml".into(), 5)));
        assert_eq!(at("parameter_groups[1]"), Some(("template.toml".into(), 2)));
    }
}
