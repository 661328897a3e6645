//! Machine-readable views of a manifest: `show --format json` and the answers-file JSON Schema.

use super::manifest::{Kind, Manifest, Parameter};
use serde_json::{Map, Value, json};

/// The template and its parameters as `show --format json` prints them (absent fields null).
pub fn describe(manifest: &Manifest) -> Value {
    json!({
        "name": manifest.name,
        "version": manifest.version.to_string(),
        "title": manifest.title,
        "description": manifest.description,
        "owners": manifest.owners,
        "tags": manifest.tags,
        "parameters": manifest.parameters.iter().map(parameter).collect::<Vec<_>>(),
    })
}

fn parameter(p: &Parameter) -> Value {
    json!({
        "name": p.name,
        "type": p.kind.as_str(),
        "default": p.default.as_ref().map(|d| d.to_json()),
        "choices": if p.choices.is_empty() { Value::Null } else { json!(p.choices) },
        "required": p.required(),
        "help": p.help,
        "pattern": p.pattern.as_ref().map(|x| x.source.clone()),
        "min": p.min,
        "max": p.max,
        "min_length": p.min_length,
        "max_length": p.max_length,
        "when": p.when.as_ref().map(|w| w.source().to_string()),
    })
}

/// A JSON Schema (2020-12) of the template's answers file, for editors and CI validation.
///
/// Conditions are tera expressions JSON Schema cannot express, so conditional parameters are
/// optional here and their condition is named in the description; goldpath itself enforces it.
pub fn json_schema(manifest: &Manifest) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for p in &manifest.parameters {
        properties.insert(p.name.clone(), property(p));
        if p.required() && p.when.is_none() {
            required.push(p.name.clone());
        }
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("https://goldpath.dev/schemas/{}/{}.json", manifest.name, manifest.version),
        "title": format!("Answers for {} {}", manifest.name, manifest.version),
        "description": manifest.title,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn property(p: &Parameter) -> Value {
    let mut s = Map::new();
    let mut description = p.help.clone();
    if let Some(w) = &p.when {
        description.push_str(&format!(
            " (asked only when `{}`; must be absent otherwise)",
            w.source()
        ));
    }
    s.insert("description".into(), json!(description.trim()));
    if let Some(d) = &p.default {
        s.insert("default".into(), d.to_json());
    }
    let text = |s: &mut Map<String, Value>| {
        if let Some(pat) = &p.pattern {
            s.insert("pattern".into(), json!(format!("^(?:{})$", pat.source)));
        }
        if let Some(n) = p.min_length {
            s.insert("minLength".into(), json!(n));
        }
        if let Some(n) = p.max_length {
            s.insert("maxLength".into(), json!(n));
        }
    };
    match p.kind {
        Kind::String => {
            s.insert("type".into(), json!("string"));
            text(&mut s);
        }
        Kind::Choice => {
            s.insert("type".into(), json!("string"));
            s.insert("enum".into(), json!(p.choices));
        }
        Kind::Integer => {
            s.insert("type".into(), json!("integer"));
            if let Some(n) = p.min {
                s.insert("minimum".into(), json!(n));
            }
            if let Some(n) = p.max {
                s.insert("maximum".into(), json!(n));
            }
        }
        Kind::Boolean => {
            s.insert("type".into(), json!("boolean"));
        }
        Kind::List => {
            s.insert("type".into(), json!("array"));
            s.insert("uniqueItems".into(), json!(true));
            let mut items = Map::new();
            items.insert("type".into(), json!("string"));
            text(&mut items);
            if !p.choices.is_empty() {
                items.insert("enum".into(), json!(p.choices));
            }
            s.insert("items".into(), Value::Object(items));
            if let Some(n) = p.min {
                s.insert("minItems".into(), json!(n));
            }
            if let Some(n) = p.max {
                s.insert("maxItems".into(), json!(n));
            }
        }
    }
    Value::Object(s)
}
