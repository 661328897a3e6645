//! The top-level blocks of an input document, each tied to the place it was written.
//!
//! Addresses are not unique: two `provider "aws"` blocks, several `locals` and `terraform`
//! blocks, or a resource declared twice all share one. The document keeps every body of an
//! address in a list, in file order and then source order, and the locations come in the same
//! order, so the n-th body of an address was written at the n-th location of that address.

use super::input::Location;
use serde_json::Value;

/// One top-level block body of the document.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    /// The block type: `resource`, `data`, `module`, `provider`, `locals`, …
    pub kind: &'a str,
    /// Its labels: type and name for resources and data, the name for modules and providers.
    pub labels: [Option<&'a str>; 2],
    /// Its position among the bodies sharing its address.
    pub index: usize,
    /// The block's body.
    pub body: &'a Value,
}

/// How many labels each top-level block type carries in Terraform.
fn label_count(kind: &str) -> usize {
    match kind {
        "resource" | "data" | "ephemeral" => 2,
        "module" | "provider" | "variable" | "output" | "check" => 1,
        _ => 0,
    }
}

/// Every top-level block body of `doc`, in document order.
pub fn blocks(doc: &Value) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    for (kind, value) in doc.as_object().into_iter().flatten() {
        if kind == "goldpath" {
            continue;
        }
        collect(kind, value, label_count(kind), [None, None], &mut out);
    }
    out
}

fn collect<'a>(
    kind: &'a str,
    value: &'a Value,
    labels_left: usize,
    labels: [Option<&'a str>; 2],
    out: &mut Vec<Block<'a>>,
) {
    if labels_left == 0 {
        for (index, body) in value.as_array().into_iter().flatten().enumerate() {
            out.push(Block {
                kind,
                labels,
                index,
                body,
            });
        }
        return;
    }
    for (label, inner) in value.as_object().into_iter().flatten() {
        let mut next = labels;
        let slot = usize::from(next[0].is_some());
        next[slot] = Some(label.as_str());
        collect(kind, inner, labels_left - 1, next, out);
    }
}

impl<'a> Block<'a> {
    /// The address its locations are indexed by: `resource.aws_s3_bucket.this`, `locals`.
    pub fn key(&self) -> String {
        std::iter::once(self.kind)
            .chain(self.labels.iter().flatten().copied())
            .collect::<Vec<_>>()
            .join(".")
    }

    /// The address a person reads: `aws_s3_bucket.this`, `data.x.y`, `module.vpc`,
    /// `provider.aws.west` for an aliased provider, `var.name`, `terraform`, `locals`.
    pub fn address(&self) -> String {
        let [first, second] = self.labels;
        match (self.kind, first, second) {
            ("resource", Some(t), Some(n)) => format!("{t}.{n}"),
            ("provider", Some(name), _) => match self.body.get("alias").and_then(Value::as_str) {
                Some(alias) => format!("provider.{name}.{alias}"),
                None => format!("provider.{name}"),
            },
            ("variable", Some(name), _) => format!("var.{name}"),
            _ => self.key(),
        }
    }

    /// The address of something defined inside the block at `path`: a local value's own
    /// address (`local.policy`) for a `locals` block, the block's address otherwise.
    pub fn address_at(&self, path: &[String]) -> String {
        match (self.kind, path.first()) {
            ("locals", Some(name)) => format!("local.{name}"),
            _ => self.address(),
        }
    }

    /// Where the block was written, when the locations know it.
    pub fn location<'l>(&self, locations: &'l [Location]) -> Option<&'l Location> {
        let key = self.key();
        locations
            .iter()
            .filter(|l| l.address == key)
            .nth(self.index)
    }

    /// The file and line of `path` inside the block (the block's first line when the path is
    /// empty or unknown).
    pub fn line_of(&self, locations: &[Location], path: &[String]) -> Option<(String, usize)> {
        let location = self.location(locations)?;
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        let line = location.attribute_line(&path).unwrap_or(location.line);
        Some((location.file.clone(), line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_body_is_a_block_with_its_labels_and_position() {
        let doc = json!({
            "resource": {"aws_s3_bucket": {"a": [{}], "b": [{}, {}]}},
            "provider": {"aws": [{}, {"alias": "west"}]},
            "locals": [{"x": 1}, {"y": 2}],
            "variable": {"name": [{}]},
            "goldpath": {"template": "t"}
        });
        let found: Vec<(String, String, usize)> = blocks(&doc)
            .iter()
            .map(|b| (b.key(), b.address(), b.index))
            .collect();
        assert_eq!(
            found,
            vec![
                ("locals".into(), "locals".into(), 0),
                ("locals".into(), "locals".into(), 1),
                ("provider.aws".into(), "provider.aws".into(), 0),
                ("provider.aws".into(), "provider.aws.west".into(), 1),
                (
                    "resource.aws_s3_bucket.a".into(),
                    "aws_s3_bucket.a".into(),
                    0
                ),
                (
                    "resource.aws_s3_bucket.b".into(),
                    "aws_s3_bucket.b".into(),
                    0
                ),
                (
                    "resource.aws_s3_bucket.b".into(),
                    "aws_s3_bucket.b".into(),
                    1
                ),
                ("variable.name".into(), "var.name".into(), 0),
            ]
        );
    }

    #[test]
    fn local_values_have_their_own_address() {
        let doc = json!({"locals": [{"policy": "x"}]});
        let block = blocks(&doc)[0];
        assert_eq!(block.address_at(&["policy".into()]), "local.policy");
        assert_eq!(block.address_at(&[]), "locals");
    }
}
