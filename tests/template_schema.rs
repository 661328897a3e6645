//! `goldpath template schema`: the JSON Schema of `template.toml` accepts every real manifest
//! and refuses wrong types and unknown keys, as the manifest parser does.

mod common;

use common::bin;
use serde_json::Value;
use std::path::Path;

/// The schema as the binary prints it.
fn schema() -> Value {
    let out = bin().args(["template", "schema"]).assert().success();
    serde_json::from_slice(&out.get_output().stdout).expect("the schema is JSON")
}

fn validator() -> jsonschema::Validator {
    let schema = schema();
    jsonschema::meta::validate(&schema).expect("a valid JSON Schema");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

/// A manifest as editors see it: TOML read into JSON.
fn as_json(toml_text: &str) -> Value {
    let value: toml::Value = toml::from_str(toml_text).expect("TOML");
    serde_json::to_value(value).expect("TOML values are JSON values")
}

fn errors(validator: &jsonschema::Validator, manifest: &str) -> Vec<String> {
    let instance = as_json(manifest);
    validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

const HEAD: &str = "name = \"t\"\nversion = \"1.0.0\"\ntitle = \"T\"\ndescription = \"d\"\n";

#[test]
fn it_is_draft_2020_12() {
    assert_eq!(
        schema()["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn every_embedded_manifest_validates() {
    let validator = validator();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut checked = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let manifest = entry.unwrap().path().join("template.toml");
        if !manifest.is_file() {
            continue; // the shared partials and parameter groups
        }
        let text = std::fs::read_to_string(&manifest).unwrap();
        let found = errors(&validator, &text);
        assert!(found.is_empty(), "{}: {found:#?}", manifest.display());
        checked += 1;
    }
    assert!(checked >= 5, "{checked} manifests");
}

#[test]
fn the_starter_manifest_validates() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("orders-queue");
    bin().args(["template", "new"]).arg(&dir).assert().success();
    let text = std::fs::read_to_string(dir.join("template.toml")).unwrap();
    assert_eq!(errors(&validator(), &text), Vec::<String>::new());
}

#[test]
fn wrong_types_and_unknown_keys_fail_like_the_parser() {
    let validator = validator();
    let cases = [
        (
            "an integer version",
            "name = \"t\"\nversion = 1\ntitle = \"T\"\ndescription = \"d\"\n",
        ),
        ("an unknown top-level key", &format!("{HEAD}surprise = 1\n")),
        (
            "an unknown parameter key",
            &format!("{HEAD}[[parameters]]\nname = \"a\"\ntype = \"string\"\nlabel = \"A\"\n"),
        ),
        (
            "an unknown parameter type",
            &format!("{HEAD}[[parameters]]\nname = \"a\"\ntype = \"text\"\n"),
        ),
        (
            "a string bound",
            &format!("{HEAD}[[parameters]]\nname = \"a\"\ntype = \"integer\"\nmin = \"1\"\n"),
        ),
        (
            "a choice without choices",
            &format!("{HEAD}[[parameters]]\nname = \"a\"\ntype = \"choice\"\n"),
        ),
        (
            "a missing title",
            "name = \"t\"\nversion = \"1.0.0\"\ndescription = \"d\"\n",
        ),
        (
            "a version that is not semver",
            "name = \"t\"\nversion = \"1.0\"\ntitle = \"T\"\ndescription = \"d\"\n",
        ),
        (
            "a table of modules",
            &format!("{HEAD}[modules]\ntemplate = \"x\"\n"),
        ),
    ];
    for (what, manifest) in cases {
        assert!(
            !errors(&validator, manifest).is_empty(),
            "{what} must fail validation"
        );
        assert!(
            goldpath::catalog::manifest::parse(manifest).is_err(),
            "{what} is refused by the parser too"
        );
    }
}

#[test]
fn every_manifest_field_is_described_for_editors() {
    let schema = schema();
    let described = |properties: &Value| {
        properties
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, p)| p["description"].as_str().is_none_or(str::is_empty))
            .map(|(k, _)| k.clone())
            .collect::<Vec<_>>()
    };
    assert!(described(&schema["properties"]).is_empty());
    for (name, def) in schema["$defs"].as_object().unwrap() {
        assert!(described(&def["properties"]).is_empty(), "{name}");
    }
}
