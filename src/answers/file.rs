//! Answers files: a YAML (or JSON) mapping of parameter name to value, read with line numbers.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

/// One key of an answers file with the line it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct Given {
    /// Parameter name as written.
    pub key: String,
    /// 1-based line of the key.
    pub line: usize,
    /// The value, as JSON (YAML's data model restricted to what answers need).
    pub value: serde_json::Value,
}

/// A parse failure of an answers file: the line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// Parses an answers file. JSON is read as YAML, which it is (YAML 1.2 core schema).
pub fn parse(text: &str) -> Result<Vec<Given>, FileProblem> {
    let docs = MarkedYaml::load_from_str(text).map_err(|e| FileProblem {
        line: Some(e.marker().line()),
        message: e.info().to_string(),
    })?;
    let doc = match docs.as_slice() {
        [] => return Ok(Vec::new()),
        [doc] => doc,
        [_, second, ..] => {
            return Err(FileProblem {
                line: Some(second.span.start.line()),
                message: "an answers file holds one document; found a second `---`".into(),
            });
        }
    };
    let map = match &doc.data {
        YamlData::Mapping(map) => map,
        YamlData::Value(Scalar::Null) => return Ok(Vec::new()),
        _ => {
            return Err(FileProblem {
                line: Some(doc.span.start.line()),
                message: "expected a mapping of parameter names to values (e.g. `name: orders`)"
                    .into(),
            });
        }
    };
    map.iter()
        .map(|(k, v)| {
            let line = k.span.start.line();
            let key = match &k.data {
                YamlData::Value(Scalar::String(s)) => s.to_string(),
                _ => {
                    return Err(FileProblem {
                        line: Some(line),
                        message: "keys must be parameter names (strings)".into(),
                    });
                }
            };
            Ok(Given {
                value: to_json(v, line)?,
                key,
                line,
            })
        })
        .collect()
}

/// Every document of a YAML (or JSON) text as JSON, for data files and policies' parsers.
pub fn documents(text: &str) -> Result<Vec<serde_json::Value>, FileProblem> {
    let docs = MarkedYaml::load_from_str(text).map_err(|e| FileProblem {
        line: Some(e.marker().line()),
        message: e.info().to_string(),
    })?;
    docs.iter()
        .map(|doc| to_json(doc, doc.span.start.line()))
        .collect()
}

fn to_json(node: &MarkedYaml<'_>, line: usize) -> Result<serde_json::Value, FileProblem> {
    use serde_json::Value as J;
    Ok(match &node.data {
        YamlData::Value(Scalar::Null) => J::Null,
        YamlData::Value(Scalar::Boolean(b)) => J::Bool(*b),
        YamlData::Value(Scalar::Integer(i)) => J::from(*i),
        YamlData::Value(Scalar::FloatingPoint(f)) => {
            serde_json::Number::from_f64(f.into_inner()).map_or(J::Null, J::Number)
        }
        YamlData::Value(Scalar::String(s)) => J::String(s.to_string()),
        YamlData::Sequence(items) => J::Array(
            items
                .iter()
                .map(|i| to_json(i, i.span.start.line()))
                .collect::<Result<_, _>>()?,
        ),
        YamlData::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                let key = match &k.data {
                    YamlData::Value(Scalar::String(s)) => s.to_string(),
                    _ => {
                        return Err(FileProblem {
                            line: Some(k.span.start.line()),
                            message: "mapping keys must be strings".into(),
                        });
                    }
                };
                out.insert(key, to_json(v, v.span.start.line())?);
            }
            J::Object(out)
        }
        YamlData::Tagged(_, inner) => to_json(inner, line)?,
        _ => {
            return Err(FileProblem {
                line: Some(line),
                message: "aliases and unresolved tags are not supported in answers files".into(),
            });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_keys_with_lines() {
        let given = parse("# answers\nname: orders\nteams:\n  - a\n  - b\ncount: 3\n").unwrap();
        assert_eq!(
            given[0],
            Given {
                key: "name".into(),
                line: 2,
                value: json!("orders")
            }
        );
        assert_eq!(given[1].value, json!(["a", "b"]));
        assert_eq!((given[2].line, &given[2].value), (6, &json!(3)));
    }

    #[test]
    fn reads_json() {
        let given = parse("{\n  \"name\": \"x\",\n  \"on\": true\n}\n").unwrap();
        assert_eq!(
            given[1],
            Given {
                key: "on".into(),
                line: 3,
                value: json!(true)
            }
        );
    }

    #[test]
    fn yaml_1_2_keeps_yes_and_no_as_strings() {
        let given = parse("answer: yes\n").unwrap();
        assert_eq!(given[0].value, json!("yes"));
    }

    #[test]
    fn reports_syntax_errors_and_duplicates_with_lines() {
        assert_eq!(
            parse("a: 1\nb: [\n").unwrap_err().line.map(|l| l >= 2),
            Some(true)
        );
        let dup = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!(dup.line, Some(2), "{dup:?}");
        assert!(parse("- a\n- b\n").unwrap_err().message.contains("mapping"));
    }
}
