//! Literal encoders: every value a user types reaches a rendered file only through these.
//!
//! Each encoder turns a value into a complete literal of its target language, so a string can
//! never become code: quotes, backslashes, template sequences (`${`, `%{`), newlines, control
//! and invisible characters are all escaped.

use serde_json::Value;
use std::fmt::Write;

/// Characters written as escapes in every format: C0/C1 controls, DEL, line and paragraph
/// separators and the byte-order mark, none of which survives copy, paste or a diff view intact.
fn needs_unicode_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// The body of an HCL quoted string (no surrounding quotes): a value placed inside `"…"`.
pub fn hcl_fragment(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if needs_unicode_escape(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A complete HCL literal: strings quoted, numbers and booleans bare, lists as tuples, maps as
/// objects with quoted keys.
pub fn hcl(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("\"{}\"", hcl_fragment(s)),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(hcl).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) => {
            if map.is_empty() {
                return "{}".into();
            }
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("\"{}\" = {}", hcl_fragment(k), hcl(v)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
    }
}

/// A double-quoted string that is valid JSON, YAML (1.1 and 1.2) and TOML at once.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_unicode_escape(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON literal.
pub fn json(value: &Value) -> String {
    match value {
        Value::String(s) => quoted(s),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(json).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", quoted(k), json(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        other => other.to_string(),
    }
}

/// A YAML flow literal; JSON's syntax with every string double-quoted is valid YAML.
pub fn yaml(value: &Value) -> String {
    json(value)
}

/// A TOML literal (inline tables for maps).
pub fn toml(value: &Value) -> String {
    match value {
        Value::Null => "\"\"".into(),
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{} = {}", quoted(k), toml(v)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(toml).collect();
            format!("[{}]", parts.join(", "))
        }
        other => json(other),
    }
}

/// A Python literal: `True`/`False`/`None`, double-quoted strings with escapes.
pub fn python(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let mut out = String::with_capacity(s.len() + 2);
            out.push('"');
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c if needs_unicode_escape(c) => {
                        let _ = write!(out, "\\U{:08x}", c as u32);
                    }
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(python).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", python(&Value::String(k.clone())), python(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// Markdown text: inline markup, HTML, table pipes and line breaks come out literally.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '{' | '}' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if needs_unicode_escape(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use saphyr::LoadableYamlNode;
    use serde_json::json;

    #[test]
    fn hcl_strings_escape_template_sequences_and_quotes() {
        assert_eq!(hcl(&json!("a\"b")), r#""a\"b""#);
        assert_eq!(hcl(&json!("${var.x}")), r#""$${var.x}""#);
        assert_eq!(hcl(&json!("%{ if x }")), r#""%%{ if x }""#);
        assert_eq!(hcl(&json!("$ and % alone")), r#""$ and % alone""#);
        assert_eq!(hcl(&json!("a\\n\nb")), r#""a\\n\nb""#);
        assert_eq!(hcl(&json!("\u{1}\u{7f}")), r#""\u0001\u007F""#);
        assert_eq!(hcl(&json!("é中🙂")), "\"é中🙂\"");
    }

    #[test]
    fn hcl_typed_values() {
        assert_eq!(hcl(&json!(3)), "3");
        assert_eq!(hcl(&json!(true)), "true");
        assert_eq!(hcl(&json!(["a", "b\""])), r#"["a", "b\""]"#);
        assert_eq!(hcl(&json!({"k": 1})), r#"{ "k" = 1 }"#);
    }

    #[test]
    fn quoted_formats_escape_controls() {
        assert_eq!(json(&json!("a\"\n\u{2028}")), r#""a\"\n\u2028""#);
        assert_eq!(yaml(&json!("- not: a list")), r#""- not: a list""#);
        assert_eq!(toml(&json!(["x"])), r#"["x"]"#);
        assert_eq!(python(&json!(false)), "False");
        assert_eq!(python(&json!("it's \"q\"\\")), r#""it's \"q\"\\""#);
    }

    #[test]
    fn markdown_neutralises_markup() {
        assert_eq!(markdown("a|b *c*\n<x>"), r"a\|b \*c\* \<x\>");
    }

    proptest::proptest! {
        #[test]
        fn every_encoder_round_trips(s in proptest::prelude::any::<String>()) {
            let v = json!(s);
            let body = hcl::parse(&format!("a = {}\n", hcl(&v))).expect("HCL literal parses");
            let attr = body.attributes().next().expect("one attribute");
            let back: String = hcl::from_str::<std::collections::HashMap<String, String>>(&format!("a = {}\n", hcl(&v)))
                .map(|m| m["a"].clone())
                .unwrap_or_else(|e| panic!("{attr:?}: {e}"));
            proptest::prop_assert_eq!(&back, &s);

            proptest::prop_assert_eq!(serde_json::from_str::<String>(&json(&v)).expect("JSON parses"), s.clone());

            let doc = format!("k: {}\n", yaml(&v));
            let loaded = saphyr::Yaml::load_from_str(&doc).expect("YAML parses");
            proptest::prop_assert_eq!(loaded[0]["k"].as_str(), Some(s.as_str()));

            let table: toml::Table = toml::from_str(&format!("k = {}\n", toml(&v))).expect("TOML parses");
            proptest::prop_assert_eq!(table["k"].as_str(), Some(s.as_str()));
        }
    }
}
