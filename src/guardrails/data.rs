//! Data documents for policies (`data.…` beside the rules), as conftest and OPA load them: each
//! JSON or YAML file is an object merged into `data` at the path of its directory below the
//! directory it was found in (`teams/owners.yaml` under `--data conf` is `data.teams`), a file
//! named directly at the top.

use serde_json::{Map, Value};

/// A data file as read: where it sits below its root (directory names), its display path and
/// its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFile {
    /// Directory names from the root the file was found under to the file.
    pub namespace: Vec<String>,
    /// The file as reported.
    pub path: String,
    /// Its contents.
    pub text: String,
}

/// Why the data documents could not be loaded: the file and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct DataError {
    /// The data file at fault.
    pub path: String,
    /// What is wrong, and what was expected.
    pub message: String,
}

/// Whether a file name is a data document's: `.json`, `.yaml` or `.yml`.
pub fn is_data(name: &str) -> bool {
    [".json", ".yaml", ".yml"].iter().any(|e| name.ends_with(e))
}

/// The `data` document of every file merged; a key two files set to different values that are
/// not both objects is an error naming both.
pub fn document(files: &[DataFile]) -> Result<Value, DataError> {
    let mut data = Map::new();
    let mut owners: Vec<(Vec<String>, String)> = Vec::new();
    for file in files {
        let mut object = parse(file)?;
        for name in file.namespace.iter().rev() {
            object = Map::from_iter([(name.clone(), Value::Object(object))]);
        }
        merge(&mut data, object, &mut Vec::new(), &file.path, &mut owners)?;
    }
    Ok(Value::Object(data))
}

fn parse(file: &DataFile) -> Result<Map<String, Value>, DataError> {
    let problem = |message: String| DataError {
        path: file.path.clone(),
        message,
    };
    let value = if file.path.ends_with(".json") {
        serde_json::from_str(&file.text).map_err(|e| {
            problem(format!(
                "line {}, column {}: not valid JSON: {e}",
                e.line(),
                e.column()
            ))
        })?
    } else {
        let given = crate::answers::file::parse(&file.text).map_err(|e| {
            let at = e.line.map(|l| format!("line {l}: ")).unwrap_or_default();
            problem(format!("{at}not a YAML mapping: {}", e.message))
        })?;
        Value::Object(given.into_iter().map(|g| (g.key, g.value)).collect())
    };
    match value {
        Value::Object(object) => Ok(object),
        other => Err(problem(format!(
            "a data document is an object (a mapping of names to values), not {}",
            kind(&other)
        ))),
    }
}

fn merge(
    into: &mut Map<String, Value>,
    from: Map<String, Value>,
    at: &mut Vec<String>,
    path: &str,
    owners: &mut Vec<(Vec<String>, String)>,
) -> Result<(), DataError> {
    for (key, value) in from {
        at.push(key.clone());
        match (into.get_mut(&key), value) {
            (Some(Value::Object(existing)), Value::Object(more)) => {
                merge(existing, more, at, path, owners)?;
            }
            (Some(_), _) => {
                let first = owners
                    .iter()
                    .find(|(owned, _)| at.starts_with(owned) || owned.starts_with(at))
                    .map_or("another data file", |(_, file)| file.as_str());
                return Err(DataError {
                    path: path.to_string(),
                    message: format!(
                        "sets data.{} that {first} sets too; give each value one file",
                        at.join(".")
                    ),
                });
            }
            (None, value) => {
                owners.push((at.clone(), path.to_string()));
                into.insert(key, value);
            }
        }
        at.pop();
    }
    Ok(())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn file(namespace: &[&str], path: &str, text: &str) -> DataFile {
        DataFile {
            namespace: namespace.iter().map(|s| s.to_string()).collect(),
            path: path.into(),
            text: text.into(),
        }
    }

    #[test]
    fn files_merge_at_the_path_of_their_directory() {
        let data = document(&[
            file(&[], "owners.json", r#"{"owners": {"payments": "team-a"}}"#),
            file(
                &["limits"],
                "limits/eks.yaml",
                "max_nodes: 40\nzones: [a, b]\n",
            ),
            file(&["limits"], "limits/s3.yml", "versioning: true\n"),
            file(&[], "more.yaml", "owners:\n  orders: team-b\n"),
        ])
        .unwrap();
        assert_eq!(
            data,
            json!({
                "owners": {"payments": "team-a", "orders": "team-b"},
                "limits": {"max_nodes": 40, "zones": ["a", "b"], "versioning": true},
            })
        );
    }

    #[test]
    fn two_files_setting_one_value_are_refused_naming_both() {
        let err = document(&[
            file(&[], "a.json", r#"{"limits": {"max": 1}}"#),
            file(&[], "b.yaml", "limits:\n  max: 2\n"),
        ])
        .unwrap_err();
        assert_eq!(err.path, "b.yaml");
        assert_eq!(
            err.message,
            "sets data.limits.max that a.json sets too; give each value one file"
        );
    }

    #[test]
    fn a_document_that_is_not_an_object_or_does_not_parse_is_named() {
        let err = document(&[file(&[], "list.json", "[1, 2]")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "list.json: a data document is an object (a mapping of names to values), not a list"
        );
        let err = document(&[file(&[], "bad.json", "{\n  \"a\": }")]).unwrap_err();
        assert!(
            err.message.starts_with("line 2, column 8: not valid JSON"),
            "{err}"
        );
        let err = document(&[file(&[], "bad.yaml", "a: [1\n")]).unwrap_err();
        assert_eq!(err.path, "bad.yaml");
    }

    #[test]
    fn data_files_are_json_and_yaml() {
        assert!(is_data("x.json") && is_data("x.yaml") && is_data("x.yml"));
        assert!(!is_data("x.rego") && !is_data("x.tf.json.bak"));
    }
}
