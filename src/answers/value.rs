//! Typed answer values and the constraint checks every front end shares.

use crate::catalog::manifest::{Kind, Parameter};
use serde::Serialize;

/// A typed answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// A string or choice answer.
    String(String),
    /// An integer answer.
    Integer(i64),
    /// A boolean answer.
    Boolean(bool),
    /// A list answer.
    List(Vec<String>),
}

impl Value {
    /// Converts a manifest default of the given kind; `None` when the TOML type does not fit.
    pub fn from_toml(raw: &toml::Value, kind: Kind) -> Option<Value> {
        let json = serde_json::to_value(raw).ok()?;
        coerce(kind, &json).ok()
    }

    /// The value as a user would type it, for messages.
    pub fn display(&self) -> String {
        match self {
            Value::String(s) => format!("{s:?}"),
            Value::Integer(i) => i.to_string(),
            Value::Boolean(b) => b.to_string(),
            Value::List(items) => format!("{items:?}"),
        }
    }

    /// The value as JSON, for reports and the render context.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("answer values always serialize to JSON")
    }
}

/// Types a value read from a file (YAML, JSON or TOML, as JSON) for a parameter of `kind`.
///
/// The error says what was expected. Integers are accepted for strings (`12` reads as "12");
/// other scalars must be quoted so nothing is silently reinterpreted.
pub fn coerce(kind: Kind, raw: &serde_json::Value) -> Result<Value, String> {
    use serde_json::Value as J;
    match (kind, raw) {
        (Kind::String | Kind::Choice, J::String(s)) => Ok(Value::String(s.clone())),
        (Kind::String | Kind::Choice, J::Number(n)) if n.is_i64() => {
            Ok(Value::String(n.to_string()))
        }
        (Kind::String | Kind::Choice, _) => {
            Err("a string (quote values such as true or 1.5)".into())
        }
        (Kind::Integer, J::Number(n)) => n
            .as_i64()
            .map(Value::Integer)
            .ok_or_else(|| "a whole number".into()),
        (Kind::Integer, _) => Err("a whole number".into()),
        (Kind::Boolean, J::Bool(b)) => Ok(Value::Boolean(*b)),
        (Kind::Boolean, _) => Err("true or false".into()),
        (Kind::List, J::Array(items)) => items
            .iter()
            .map(|item| match item {
                J::String(s) => Ok(s.clone()),
                J::Number(n) if n.is_i64() => Ok(n.to_string()),
                _ => Err("a list of strings".to_string()),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Value::List),
        (Kind::List, _) => Err("a list of strings".into()),
    }
}

/// Types a `--set KEY=VALUE` text for a parameter of `kind`: lists are comma-separated.
pub fn parse_text(kind: Kind, text: &str) -> Result<Value, String> {
    match kind {
        Kind::String | Kind::Choice => Ok(Value::String(text.to_string())),
        Kind::Integer => text
            .trim()
            .parse()
            .map(Value::Integer)
            .map_err(|_| "a whole number".into()),
        Kind::Boolean => match text.trim() {
            "true" => Ok(Value::Boolean(true)),
            "false" => Ok(Value::Boolean(false)),
            _ => Err("true or false".into()),
        },
        Kind::List if text.trim().is_empty() => Ok(Value::List(Vec::new())),
        Kind::List => Ok(Value::List(
            text.split(',').map(|s| s.trim().to_string()).collect(),
        )),
    }
}

/// The JSON a typed text stands for: the typed value when it parses for `kind`, else the text
/// as given, so validation reports exactly what was typed.
pub fn text_to_json(kind: Kind, text: &str) -> serde_json::Value {
    parse_text(kind, text).map_or_else(
        |_| serde_json::Value::String(text.to_string()),
        |v| v.to_json(),
    )
}

/// Checks a typed value against the parameter's constraints; each entry says what was expected.
pub fn check(param: &Parameter, value: &Value) -> Vec<String> {
    let mut expected = Vec::new();
    match (param.kind, value) {
        (Kind::String, Value::String(s)) => check_text(param, s, "", &mut expected),
        (Kind::Choice, Value::String(s)) => {
            if !param.choices.contains(s) {
                expected.push(format!("one of: {}", param.choices.join(", ")));
            }
        }
        (Kind::Integer, Value::Integer(i)) => {
            let below = param.min.is_some_and(|lo| *i < lo);
            let above = param.max.is_some_and(|hi| *i > hi);
            if below || above {
                expected.push(range("a whole number", param.min, param.max));
            }
        }
        (Kind::Boolean, Value::Boolean(_)) => {}
        (Kind::List, Value::List(items)) => {
            let n = items.len() as i64;
            if param.min.is_some_and(|lo| n < lo) || param.max.is_some_and(|hi| n > hi) {
                expected.push(range("a number of items", param.min, param.max));
            }
            for (i, item) in items.iter().enumerate() {
                let at = format!("item {} ({item:?}): ", i + 1);
                if !param.choices.is_empty() && !param.choices.contains(item) {
                    expected.push(format!("{at}one of: {}", param.choices.join(", ")));
                }
                check_text(param, item, &at, &mut expected);
            }
            let mut seen = std::collections::HashSet::new();
            if let Some(dup) = items.iter().find(|item| !seen.insert(*item)) {
                expected.push(format!(
                    "items without duplicates ({dup:?} is listed twice)"
                ));
            }
        }
        (kind, _) => expected.push(format!("a {}", kind.as_str())),
    }
    expected
}

fn check_text(param: &Parameter, s: &str, at: &str, expected: &mut Vec<String>) {
    let len = s.chars().count() as u64;
    if param.min_length.is_some_and(|lo| len < lo) || param.max_length.is_some_and(|hi| len > hi) {
        let lo = param.min_length.map(|v| v as i64);
        let hi = param.max_length.map(|v| v as i64);
        expected.push(format!(
            "{at}{} (got {len})",
            range("a length in characters", lo, hi)
        ));
    }
    if let Some(p) = &param.pattern
        && !p.is_match(s)
    {
        expected.push(format!("{at}text matching the pattern {}", p.source));
    }
}

fn range(what: &str, lo: Option<i64>, hi: Option<i64>) -> String {
    match (lo, hi) {
        (Some(lo), Some(hi)) => format!("{what} from {lo} to {hi}"),
        (Some(lo), None) => format!("{what} of at least {lo}"),
        (None, Some(hi)) => format!("{what} of at most {hi}"),
        (None, None) => what.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn param(kind: Kind) -> Parameter {
        Parameter {
            name: "p".into(),
            kind,
            help: String::new(),
            default: None,
            pattern: None,
            min_length: None,
            max_length: None,
            min: None,
            max: None,
            choices: Vec::new(),
            when: None,
        }
    }

    #[test]
    fn coerces_by_kind() {
        assert_eq!(
            coerce(Kind::String, &json!(12)),
            Ok(Value::String("12".into()))
        );
        assert!(coerce(Kind::String, &json!(true)).is_err());
        assert!(coerce(Kind::Integer, &json!(1.5)).is_err());
        assert_eq!(
            coerce(Kind::List, &json!(["a", 1])),
            Ok(Value::List(vec!["a".into(), "1".into()]))
        );
    }

    #[test]
    fn parses_set_text() {
        assert_eq!(
            parse_text(Kind::List, "a, b"),
            Ok(Value::List(vec!["a".into(), "b".into()]))
        );
        assert_eq!(parse_text(Kind::List, ""), Ok(Value::List(vec![])));
        assert_eq!(parse_text(Kind::Integer, " 7"), Ok(Value::Integer(7)));
        assert!(parse_text(Kind::Boolean, "yes").is_err());
    }

    #[test]
    fn checks_constraints() {
        let mut p = param(Kind::Integer);
        p.min = Some(1);
        p.max = Some(10);
        assert_eq!(
            check(&p, &Value::Integer(11)),
            vec!["a whole number from 1 to 10"]
        );
        assert!(check(&p, &Value::Integer(10)).is_empty());

        let mut l = param(Kind::List);
        l.pattern = Some(crate::catalog::manifest::Pattern::new("[a-z]+".into()).unwrap());
        l.max = Some(2);
        let issues = check(
            &l,
            &Value::List(vec!["ok".into(), "Bad".into(), "ok".into()]),
        );
        assert_eq!(issues.len(), 3, "{issues:?}");
    }
}
