//! Where a Rego finding points: every finding gets a file and a line.

use super::blocks::Block;
use super::finding::Finding;
use super::input::Location;

/// Locates a Rego finding, in this order: the file and line its `_loc` gives; the block its
/// `resource` names (`aws_s3_bucket.x`, `module.vpc`, `provider.aws.west`, `var.x`, `data.t.n`,
/// or an address inside one such as `module.vpc.aws_vpc.this` or `aws_s3_bucket.x[0]`), or the
/// attribute that builds a local value (`local.policy`); an address of this module written in
/// its message; otherwise line 1 of the module's first file.
pub fn rego_finding(
    f: &mut Finding,
    blocks: &[Block],
    locations: &[Location],
    first_file: Option<&str>,
) {
    if let Some(file) = &f.file {
        f.file = Some(module_file(file, locations, first_file));
        f.line = Some(f.line.unwrap_or(1));
        return;
    }
    let found = f
        .resource
        .as_deref()
        .and_then(|address| by_address(address, blocks, locations))
        .or_else(|| in_message(&f.message, blocks, locations));
    match found {
        Some((file, line)) => {
            f.file = Some(file);
            f.line = Some(line);
        }
        None => {
            f.file = first_file.map(str::to_string);
            f.line = Some(1);
        }
    }
}

/// A file a policy named (`_loc.file`) as the module's files are shown: a name relative to the
/// module's directory (`main.tf` for `infra/prod/main.tf`) is shown like the module's files.
fn module_file(file: &str, locations: &[Location], first_file: Option<&str>) -> String {
    let known = |path: &str| locations.iter().any(|l| l.file == path);
    let dir = first_file
        .and_then(|f| f.rsplit_once('/'))
        .map(|(dir, _)| dir);
    match dir {
        Some(dir) if !known(file) && known(&format!("{dir}/{file}")) => format!("{dir}/{file}"),
        _ => file.to_string(),
    }
}

/// The place of the block an address names, or of the local value it names.
fn by_address(address: &str, blocks: &[Block], locations: &[Location]) -> Option<(String, usize)> {
    let address = address.strip_prefix("resource.").unwrap_or(address);
    if let Some(name) = address
        .strip_prefix("local.")
        .or_else(|| address.strip_prefix("locals."))
    {
        let name = name.split(['.', '[']).next().unwrap_or(name);
        return blocks
            .iter()
            .find(|b| b.kind == "locals" && b.body.get(name).is_some())
            .and_then(|b| b.line_of(locations, &[name.to_string()]));
    }
    if let Some((provider, n)) = nth_provider(address) {
        return blocks
            .iter()
            .find(|b| b.key() == provider && b.index == n)
            .and_then(|b| b.line_of(locations, &[]));
    }
    let names = |b: &Block| [b.address(), b.key()];
    let exact = blocks
        .iter()
        .find(|b| names(b).iter().any(|n| n == address));
    let within = || {
        blocks
            .iter()
            .filter_map(|b| {
                names(b)
                    .into_iter()
                    .find(|n| {
                        address
                            .strip_prefix(n.as_str())
                            .is_some_and(|rest| rest.starts_with(['.', '[']))
                    })
                    .map(|n| (n.len(), b))
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, b)| b)
    };
    exact
        .or_else(within)
        .and_then(|b| b.line_of(locations, &[]))
}

/// `provider.aws[1]`: the second `provider "aws"` block, as policies name a provider block
/// without an alias.
fn nth_provider(address: &str) -> Option<(&str, usize)> {
    let (key, rest) = address.split_once('[')?;
    let n = rest.strip_suffix(']')?.parse().ok()?;
    (key.starts_with("provider.") && key.matches('.').count() == 1).then_some((key, n))
}

/// The place of the block whose address appears first in a message, as a whole word.
fn in_message(message: &str, blocks: &[Block], locations: &[Location]) -> Option<(String, usize)> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.';
    blocks
        .iter()
        .filter(|b| b.kind != "locals" && b.kind != "terraform")
        .filter_map(|b| {
            let address = b.address();
            message
                .match_indices(address.as_str())
                .find(|(at, _)| {
                    let before = message[..*at].chars().next_back();
                    let after = message[at + address.len()..].chars().next();
                    !before.is_some_and(is_word) && !after.is_some_and(|c| is_word(c) && c != '.')
                })
                .map(|(at, _)| (at, b))
        })
        .min_by_key(|(at, _)| *at)
        .and_then(|(_, b)| b.line_of(locations, &[]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guardrails::finding::Severity;
    use crate::guardrails::input::{self, SourceFile};

    const MAIN: &str = r#"provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

locals {
  name = "x"
}

locals {
  policy = jsonencode({ Statement = [] })
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.5.0"
}
"#;

    fn place(resource: Option<&str>, message: &str) -> (Option<String>, Option<usize>) {
        let files = [
            SourceFile {
                path: "envs/prod/main.tf",
                text: MAIN,
            },
            SourceFile {
                path: "envs/prod/variables.tf",
                text: "variable \"name\" {\n  type = string\n}\n",
            },
        ];
        let doc = input::document(&files).expect("parses");
        let mut f = Finding::new("X", Severity::Deny, message);
        f.resource = resource.map(str::to_string);
        rego_finding(
            &mut f,
            &crate::guardrails::blocks::blocks(&doc.value),
            &doc.locations,
            Some("envs/prod/main.tf"),
        );
        (f.file, f.line)
    }

    fn at(line: usize) -> (Option<String>, Option<usize>) {
        (Some("envs/prod/main.tf".into()), Some(line))
    }

    #[test]
    fn a_named_resource_points_at_its_block() {
        assert_eq!(place(Some("aws_s3_bucket.logs"), "m"), at(10));
        assert_eq!(place(Some("resource.aws_s3_bucket.logs"), "m"), at(10));
        assert_eq!(place(Some("aws_s3_bucket.logs[0]"), "m"), at(10));
        assert_eq!(place(Some("provider.aws.west"), "m"), at(5));
        assert_eq!(place(Some("provider.aws"), "m"), at(1));
        assert_eq!(place(Some("provider.aws[1]"), "m"), at(5));
        assert_eq!(place(Some("module.vpc.aws_vpc.this"), "m"), at(22));
        assert_eq!(
            place(Some("var.name"), "m"),
            (Some("envs/prod/variables.tf".into()), Some(1))
        );
    }

    #[test]
    fn a_local_value_points_at_the_attribute_that_builds_it() {
        assert_eq!(place(Some("local.policy"), "m"), at(19));
        assert_eq!(place(Some("locals.name"), "m"), at(15));
    }

    #[test]
    fn an_address_in_the_message_is_used_when_no_resource_is_named() {
        assert_eq!(
            place(None, "bucket aws_s3_bucket.logs has no versioning"),
            at(10)
        );
        assert_eq!(place(None, "see aws_s3_bucket.logsx"), at(1));
    }

    #[test]
    fn otherwise_the_first_file_line_one() {
        assert_eq!(place(Some("aws_s3_bucket.gone"), "nothing here"), at(1));
    }

    #[test]
    fn a_loc_relative_to_the_module_is_shown_like_its_files() {
        let files = [SourceFile {
            path: "envs/prod/main.tf",
            text: MAIN,
        }];
        let doc = input::document(&files).expect("parses");
        let mut f = Finding::new("X", Severity::Deny, "m");
        f.file = Some("main.tf".into());
        f.line = Some(3);
        rego_finding(
            &mut f,
            &crate::guardrails::blocks::blocks(&doc.value),
            &doc.locations,
            Some("envs/prod/main.tf"),
        );
        assert_eq!(
            (f.file.as_deref(), f.line),
            (Some("envs/prod/main.tf"), Some(3))
        );
    }

    #[test]
    fn a_loc_keeps_its_place() {
        let mut f = Finding::new("X", Severity::Deny, "m");
        f.file = Some("other.tf".into());
        rego_finding(&mut f, &[], &[], Some("main.tf"));
        assert_eq!((f.file.as_deref(), f.line), (Some("other.tf"), Some(1)));
    }
}
