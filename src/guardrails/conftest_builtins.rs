//! conftest's builtins for policies and their unit tests: `parse_config(parser, text)`,
//! `parse_config_file(path)` and `parse_combined_config_files(paths)`, for the `hcl2`, `json`,
//! `yaml` and `toml` parsers, in the shapes conftest's parsers give (HCL in the same shape as
//! the module document `check` evaluates).

use super::input::{self, SourceFile};
use regorus::{Engine, Value};

/// The builtins this module adds to the engine.
pub const NAMES: [&str; 3] = [
    "parse_config",
    "parse_config_file",
    "parse_combined_config_files",
];

/// Adds the builtins to `engine`.
pub fn register(engine: &mut Engine) -> anyhow::Result<()> {
    engine.add_extension(
        "parse_config".into(),
        2,
        Box::new(|args: Vec<Value>| {
            let parser = text_arg(&args, 0, "parse_config")?;
            let text = text_arg(&args, 1, "parse_config")?;
            parse(&parser, &text)
                .map(Value::from)
                .map_err(anyhow::Error::msg)
        }),
    )?;
    engine.add_extension(
        "parse_config_file".into(),
        1,
        Box::new(|args: Vec<Value>| {
            let path = text_arg(&args, 0, "parse_config_file")?;
            parse_file(&path)
                .map(Value::from)
                .map_err(anyhow::Error::msg)
        }),
    )?;
    engine.add_extension(
        "parse_combined_config_files".into(),
        1,
        Box::new(|args: Vec<Value>| {
            let paths = args
                .first()
                .and_then(|v| v.as_array().ok())
                .ok_or_else(|| {
                    anyhow::Error::msg("parse_combined_config_files takes a list of file paths")
                })?
                .iter()
                .map(|p| p.as_string().map(|s| s.to_string()))
                .collect::<anyhow::Result<Vec<String>>>()?;
            let combined = paths
                .iter()
                .map(|path| {
                    parse_file(path)
                        .map(|contents| serde_json::json!({ "path": path, "contents": contents }))
                })
                .collect::<Result<Vec<_>, String>>()
                .map_err(anyhow::Error::msg)?;
            Ok(Value::from(serde_json::Value::Array(combined)))
        }),
    )?;
    Ok(())
}

fn text_arg(args: &[Value], at: usize, builtin: &str) -> anyhow::Result<String> {
    args.get(at)
        .and_then(|v| v.as_string().ok())
        .map(|s| s.to_string())
        .ok_or_else(|| {
            anyhow::Error::msg(format!("{builtin}: argument {} must be a string", at + 1))
        })
}

/// `text` read by conftest's parser named `parser`.
pub fn parse(parser: &str, text: &str) -> Result<serde_json::Value, String> {
    match parser {
        "hcl2" | "hcl" | "tf" => {
            let files = [SourceFile {
                path: "config.tf",
                text,
            }];
            input::document(&files)
                .map(|doc| doc.value)
                .map_err(|e| format!("hcl2: line {}: {}", e.line, e.message))
        }
        "json" => serde_json::from_str(text).map_err(|e| format!("json: {e}")),
        "yaml" | "yml" => {
            let mut docs = crate::answers::file::documents(text).map_err(|e| {
                let at = e.line.map(|l| format!("line {l}: ")).unwrap_or_default();
                format!("yaml: {at}{}", e.message)
            })?;
            Ok(match docs.len() {
                0 => serde_json::Value::Null,
                1 => docs.remove(0),
                _ => serde_json::Value::Array(docs),
            })
        }
        "toml" => toml::from_str::<toml::Value>(text)
            .map_err(|e| format!("toml: {}", e.message()))
            .and_then(|v| serde_json::to_value(v).map_err(|e| format!("toml: {e}"))),
        other => Err(format!(
            "parse_config: no parser `{other}`; goldpath has hcl2, json, yaml and toml"
        )),
    }
}

/// A file read by the parser its extension names, as conftest picks it.
fn parse_file(path: &str) -> Result<serde_json::Value, String> {
    let parser = match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("tf" | "hcl") => "hcl2",
        Some("json") => "json",
        Some("yaml" | "yml") => "yaml",
        Some("toml") => "toml",
        _ => {
            return Err(format!(
                "{path}: goldpath parses .tf, .hcl, .json, .yaml, .yml and .toml files"
            ));
        }
    };
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    parse(parser, &text).map_err(|e| format!("{path}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_parser_gives_conftests_shape() {
        let hcl = parse(
            "hcl2",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n",
        )
        .unwrap();
        assert_eq!(
            hcl,
            json!({"resource": {"aws_s3_bucket": {"b": [{"bucket": "x"}]}}})
        );
        assert_eq!(parse("json", r#"{"a": [1]}"#).unwrap(), json!({"a": [1]}));
        assert_eq!(parse("yaml", "a:\n  - 1\n").unwrap(), json!({"a": [1]}));
        assert_eq!(
            parse("yaml", "a: 1\n---\nb: 2\n").unwrap(),
            json!([{"a": 1}, {"b": 2}])
        );
        assert_eq!(
            parse("toml", "[a]\nb = true\n").unwrap(),
            json!({"a": {"b": true}})
        );
    }

    #[test]
    fn bad_text_and_unknown_parsers_say_what_is_wrong() {
        assert!(
            parse("hcl2", "resource {")
                .unwrap_err()
                .starts_with("hcl2: line 1")
        );
        assert!(parse("json", "{").unwrap_err().starts_with("json:"));
        assert_eq!(
            parse("ini", "").unwrap_err(),
            "parse_config: no parser `ini`; goldpath has hcl2, json, yaml and toml"
        );
    }
}
