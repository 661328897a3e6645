//! `[[migrations]]` of a manifest: what `update` must do when a module crosses a version —
//! resources renamed (Terraform `moved` blocks), resources dropped (`removed` blocks that keep
//! the real resource), parameters renamed or removed.

use super::manifest::ManifestProblem;
use serde::Deserialize;

/// The steps of one version, applied by `update` to modules older than it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The version that introduced them.
    pub version: semver::Version,
    /// Resource or module addresses renamed: `from` → `to`.
    pub moved: Vec<(String, String)>,
    /// Addresses no longer in the template; `destroy = false` keeps the real object.
    pub removed: Vec<Removed>,
    /// Parameters renamed: `from` → `to`; the recorded answer moves.
    pub renamed_parameters: Vec<(String, String)>,
    /// Parameters removed; the recorded answer is dropped.
    pub removed_parameters: Vec<String>,
}

/// A resource the template no longer declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// Its address, e.g. `aws_s3_bucket_acl.this`.
    pub from: String,
    /// Whether Terraform destroys it (`false`: it leaves the state, the object stays).
    pub destroy: bool,
}

/// The steps of one version (`[[migrations]]`).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Migration")]
pub(crate) struct RawMigration {
    /// The version that introduced these steps; at most the template's version.
    version: String,
    /// Resources or modules renamed, e.g. `{ from = "aws_s3_bucket_policy.this", to = "aws_s3_bucket_policy.tls" }`.
    #[serde(default)]
    moved: Vec<RawMove>,
    /// Resources the template no longer declares; `destroy = false` keeps the real resource.
    #[serde(default)]
    removed: Vec<RawRemoved>,
    /// Parameters renamed; the recorded answer moves to the new name.
    #[serde(default)]
    renamed_parameters: Vec<RawMove>,
    /// Parameters removed; the recorded answer is dropped.
    #[serde(default)]
    removed_parameters: Vec<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Rename")]
pub(crate) struct RawMove {
    /// The old name (address or parameter).
    from: String,
    /// The new name.
    to: String,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "RemovedResource")]
pub(crate) struct RawRemoved {
    /// The resource's address, e.g. `aws_s3_bucket_acl.this`.
    from: String,
    /// Whether Terraform destroys the resource; default `false` (it stays, unmanaged).
    #[serde(default)]
    destroy: bool,
}

/// Whether `address` is a resource (`TYPE.NAME`) or module (`module.NAME`) address.
pub fn is_address(address: &str) -> bool {
    let ident = |s: &str| {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    matches!(address.split('.').collect::<Vec<_>>().as_slice(), [kind, name] if ident(kind) && ident(name) && *kind != "data")
}

/// Validates the migrations against the template's version and parameters, in version order.
pub(crate) fn validate(
    raw: Vec<RawMigration>,
    current: &semver::Version,
    parameters: &[&str],
    problems: &mut Vec<ManifestProblem>,
) -> Vec<Migration> {
    let mut out = Vec::new();
    for (i, m) in raw.into_iter().enumerate() {
        let mut problem = |field: String, message: String| {
            problems.push(ManifestProblem {
                field: format!("migrations[{i}].{field}"),
                message,
            })
        };
        let version = match semver::Version::parse(&m.version) {
            Ok(v) if v <= *current => v,
            Ok(v) => {
                problem(
                    "version".into(),
                    format!("`{v}` is newer than the template's version {current}"),
                );
                continue;
            }
            Err(e) => {
                problem(
                    "version".into(),
                    format!("`{}` is not a semantic version: {e}", m.version),
                );
                continue;
            }
        };
        for (j, mv) in m.moved.iter().enumerate() {
            for (field, address) in [("from", &mv.from), ("to", &mv.to)] {
                if !is_address(address) {
                    problem(
                        format!("moved[{j}].{field}"),
                        format!(
                            "`{address}` is not a resource address (TYPE.NAME) or module address (module.NAME)"
                        ),
                    );
                }
            }
        }
        for (j, r) in m.removed.iter().enumerate() {
            if !is_address(&r.from) {
                problem(
                    format!("removed[{j}].from"),
                    format!(
                        "`{}` is not a resource address (TYPE.NAME) or module address (module.NAME)",
                        r.from
                    ),
                );
            }
        }
        for (j, r) in m.renamed_parameters.iter().enumerate() {
            if !parameters.contains(&r.to.as_str()) {
                problem(
                    format!("renamed_parameters[{j}].to"),
                    format!("`{}` is not a parameter of this template", r.to),
                );
            }
        }
        out.push(Migration {
            version,
            moved: m.moved.into_iter().map(|mv| (mv.from, mv.to)).collect(),
            removed: m
                .removed
                .into_iter()
                .map(|r| Removed {
                    from: r.from,
                    destroy: r.destroy,
                })
                .collect(),
            renamed_parameters: m
                .renamed_parameters
                .into_iter()
                .map(|r| (r.from, r.to))
                .collect(),
            removed_parameters: m.removed_parameters,
        });
    }
    out.sort_by(|a, b| a.version.cmp(&b.version));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_resources_or_modules() {
        assert!(is_address("aws_s3_bucket.this"));
        assert!(is_address("module.logs"));
        assert!(!is_address("data.aws_iam_policy_document.x"));
        assert!(!is_address("aws_s3_bucket"));
        assert!(!is_address("aws_s3_bucket.this[0]"));
    }
}
