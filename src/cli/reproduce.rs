//! The command line that does what an interactive run did, for CI and for the record.

use super::args::Format;
use super::new::Settings;
use crate::answers::{Answers, Value};
use crate::catalog::Template;
use std::path::Path;

/// `goldpath new TEMPLATE --non-interactive --out DIR --set k=v …`, shell-quoted. Every answer
/// that differs from the template's default is spelled out, so the line does not depend on the
/// config. A list item holding a comma cannot be given with `--set`; the answers file is named
/// then.
pub fn command(
    template: &Template,
    answers: &Answers,
    out: &Path,
    settings: &Settings<'_>,
) -> String {
    let mut words: Vec<String> = vec![
        "goldpath".into(),
        "new".into(),
        template.manifest.name.clone(),
        "--non-interactive".into(),
        "--out".into(),
        out.display().to_string(),
    ];
    if settings.force {
        words.push("--force".into());
    }
    if settings.allow_violations {
        words.push("--allow-violations".into());
    }
    if settings.publish.is_some() {
        words.push("--publish".into());
    }
    if settings.format == Format::Json {
        words.extend(["--format".into(), "json".into()]);
    }
    let fixed = words.len();
    let mut unsayable = false;
    for (name, value) in answers.iter() {
        let default = template
            .manifest
            .parameters
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.default.as_ref());
        if default == Some(value) {
            continue;
        }
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Integer(i) => i.to_string(),
            Value::Boolean(b) => b.to_string(),
            Value::List(items) => {
                unsayable |= items.iter().any(|i| i.contains(','));
                items.join(",")
            }
        };
        words.push("--set".into());
        words.push(format!("{name}={text}"));
    }
    if unsayable {
        words.truncate(fixed);
        words.extend(["--answers".into(), "ANSWERS.yaml".into()]);
    }
    let line = words
        .iter()
        .map(|w| shlex::try_quote(w).map_or_else(|_| w.clone(), |q| q.into_owned()))
        .collect::<Vec<_>>()
        .join(" ");
    if unsayable {
        format!(
            "{line}  # a list item holds a comma: save the answers (s on the review screen) as ANSWERS.yaml"
        )
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Inputs, resolve};
    use crate::catalog::RawTemplate;

    fn template() -> Template {
        Template::parse(RawTemplate {
            shared: Default::default(),
            git: None,
            releases: Vec::new(),
            changelog: None,
            origin: "test".into(),
            manifest: MANIFEST.into(),
            files: Vec::new(),
            fixtures: Vec::new(),
        })
        .unwrap()
    }

    fn answers(t: &Template, form: serde_json::Value) -> Answers {
        let inputs = Inputs {
            form: serde_json::from_value(form).unwrap(),
            ..Default::default()
        };
        resolve(&t.manifest, &inputs).unwrap()
    }

    const MANIFEST: &str = r#"
name = "t"
version = "1.0.0"
title = "T"
description = "d"
[[parameters]]
name = "name"
type = "string"
[[parameters]]
name = "teams"
type = "list"
default = ["a", "b"]
[[parameters]]
name = "public"
type = "boolean"
default = false
"#;

    fn settings() -> Settings<'static> {
        Settings {
            out: None,
            force: false,
            dry_run: false,
            allow_violations: false,
            format: Format::Human,
            publish: None,
            config: None,
        }
    }

    #[test]
    fn spells_out_answers_that_differ_from_defaults_quoted_for_the_shell() {
        let t = template();
        let a = answers(
            &t,
            serde_json::json!({"name": "it's me", "teams": ["a", "b"], "public": true}),
        );
        let line = command(&t, &a, Path::new("./out dir"), &settings());
        let words = shlex::split(&line).unwrap();
        assert_eq!(
            words,
            [
                "goldpath",
                "new",
                "t",
                "--non-interactive",
                "--out",
                "./out dir",
                "--set",
                "name=it's me",
                "--set",
                "public=true"
            ]
        );
    }

    #[test]
    fn falls_back_to_an_answers_file_when_a_list_item_holds_a_comma() {
        let t = template();
        let a = answers(&t, serde_json::json!({"name": "x", "teams": ["a,b", "c"]}));
        let line = command(&t, &a, Path::new("x"), &settings());
        assert!(
            line.starts_with("goldpath new t --non-interactive --out x --answers ANSWERS.yaml"),
            "{line}"
        );
    }
}
