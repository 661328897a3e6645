//! What the templates of one source share: tera partials and parameter groups, kept in the
//! source's `_shared/` directory.
//!
//! ```text
//! SOURCE/_shared/partials/…           tera includes and components, named by their path
//! SOURCE/_shared/parameters/NAME.toml [[parameters]] a manifest pulls in with parameter_groups
//! SOURCE/TEMPLATE/template.toml
//! ```
//!
//! A partial is registered under its path from the source root (`_shared/partials/tags.tf`),
//! so `{% include "_shared/partials/tags.tf" %}` finds it; names are the only way in, so an
//! include never reaches a file outside the source.

/// The directory of a template source that holds its shared parts.
pub const SHARED_DIR: &str = "_shared";

/// The shared parts of one template source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shared {
    /// Partials by their name in templates (`_shared/partials/…`), in name order.
    pub partials: Vec<(String, String)>,
    /// Parameter groups by name (`_shared/parameters/NAME.toml` is the group NAME), in order.
    pub groups: Vec<(String, String)>,
}

impl Shared {
    /// Sorts the files of a `_shared/` directory (by path relative to it) into partials and
    /// groups; files elsewhere in it (a README, say) are not read. Errors name the file.
    pub fn from_files(files: Vec<(String, String)>) -> Result<Shared, String> {
        let mut shared = Shared::default();
        for (path, text) in files {
            if path.starts_with("partials/") {
                shared.partials.push((format!("{SHARED_DIR}/{path}"), text));
            } else if let Some(file) = path.strip_prefix("parameters/") {
                let name = file
                    .strip_suffix(".toml")
                    .filter(|n| !n.is_empty() && !n.contains('/'))
                    .ok_or_else(|| {
                        format!(
                            "`{SHARED_DIR}/{path}` is not a parameter group: groups are \
                             `{SHARED_DIR}/parameters/NAME.toml` files, directly in that folder"
                        )
                    })?;
                shared.groups.push((name.to_string(), text));
            }
        }
        shared.partials.sort();
        shared.groups.sort();
        Ok(shared)
    }

    /// Whether the source shares nothing.
    pub fn is_empty(&self) -> bool {
        self.partials.is_empty() && self.groups.is_empty()
    }

    /// The text of the group `name`.
    pub fn group(&self, name: &str) -> Option<&str> {
        self.groups
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
    }

    /// The files of `_shared/`, by path from the source root, as [`Shared::from_files`] read them.
    pub fn tree(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self.partials.clone();
        out.extend(
            self.groups
                .iter()
                .map(|(n, t)| (format!("{SHARED_DIR}/parameters/{n}.toml"), t.clone())),
        );
        out.sort();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_sort_into_partials_and_groups() {
        let shared = Shared::from_files(vec![
            ("partials/tags.tf".into(), "t".into()),
            ("parameters/common.toml".into(), "c".into()),
            ("README.md".into(), "r".into()),
        ])
        .unwrap();
        assert_eq!(
            shared.partials,
            [("_shared/partials/tags.tf".to_string(), "t".to_string())]
        );
        assert_eq!(shared.group("common"), Some("c"));
        assert_eq!(
            shared.tree(),
            [
                (
                    "_shared/parameters/common.toml".to_string(),
                    "c".to_string()
                ),
                ("_shared/partials/tags.tf".to_string(), "t".to_string()),
            ]
        );
    }

    #[test]
    fn a_group_must_be_a_toml_file_directly_in_parameters() {
        for bad in [
            "parameters/common.yaml",
            "parameters/a/b.toml",
            "parameters/.toml",
        ] {
            let err = Shared::from_files(vec![(bad.into(), String::new())]).unwrap_err();
            assert!(err.contains(bad), "{err}");
        }
    }
}
