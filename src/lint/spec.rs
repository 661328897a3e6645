//! `template.toml` read leniently and with lines, so the linter can point at every field.
//!
//! The catalog's parser stops a template at the first broken manifest; the linter reads the
//! same fields with their spans and checks them one by one.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A manifest as written, every field with its span.
#[derive(Debug, Deserialize)]
pub(crate) struct Spec {
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
    pub kind: Spanned<String>,
    pub default: Option<Spanned<toml::Value>>,
    pub pattern: Option<Spanned<String>>,
    pub min_length: Option<Spanned<u64>>,
    pub max_length: Option<Spanned<u64>>,
    pub min: Option<Spanned<i64>>,
    pub max: Option<Spanned<i64>>,
    pub choices: Option<Spanned<Vec<String>>>,
    pub when: Option<Spanned<String>>,
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

    /// The line a catalog field path (`parameters[2].pattern`, `policies[0]`) points at.
    pub fn line_of_field(&self, text: &str, field: &str) -> Option<usize> {
        let (head, attr) = field.split_once('.').unwrap_or((field, ""));
        let (list, index) = head.split_once('[')?;
        let index: usize = index.trim_end_matches(']').parse().ok()?;
        let start = match list {
            "parameters" => {
                let p = self.parameters.get(index)?;
                let inner = p.get_ref();
                let span = match attr {
                    "name" => Some(inner.name.span()),
                    "type" => Some(inner.kind.span()),
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
        Some(line_of(text, start))
    }
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_have_lines() {
        let text =
            "name = \"t\"\n[[parameters]]\nname = \"a\"\ntype = \"string\"\npattern = \"x\"\n";
        let spec = Spec::parse(text).unwrap();
        assert_eq!(spec.line_of_field(text, "parameters[0].pattern"), Some(5));
        assert_eq!(spec.line_of_field(text, "parameters[0].name"), Some(3));
        assert_eq!(spec.line_of_field(text, "parameters[3].name"), None);
        let (message, line) = Spec::parse("a = \n").unwrap_err();
        assert!(!message.is_empty());
        assert_eq!(line, Some(1));
    }
}
