//! Rendering: a template and validated answers in, a parsed and formatted Bundle out.

mod bundle;
mod engine;
pub mod escape;
pub mod format;
mod record;

pub use bundle::Bundle;
pub use engine::Language;
pub use record::{RECORD_FILE, Record, allowed_violations, answers_yaml, parse_record, record};

use crate::Error;
use crate::answers::Answers;
use crate::catalog::Template;
use crate::condition::one_line;
use std::collections::BTreeMap;
use tera::Context;

/// What to do with rendered HCL that is not already `terraform fmt`-clean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formatting {
    /// Format it (what users get).
    Apply,
    /// Report it as a template bug (what template tests use: templates must render clean).
    Check,
}

/// Renders `template` with `answers` into a Bundle, `.goldpath.yaml` included.
///
/// Every HCL file is parsed (a failure is a template bug, reported with file and line) and
/// formatted the way `terraform fmt` formats it.
pub fn render(template: &Template, answers: &Answers) -> Result<Bundle, Error> {
    render_with(template, answers, Formatting::Apply)
}

/// Renders like [`render`], choosing what happens to HCL that is not fmt-clean.
pub fn render_with(
    template: &Template,
    answers: &Answers,
    formatting: Formatting,
) -> Result<Bundle, Error> {
    let manifest = &template.manifest;
    let bug = |file: &str, line: Option<usize>, message: String| Error::Render {
        template: manifest.name.clone(),
        file: file.to_string(),
        line,
        message,
    };

    let mut context = Context::new();
    for (name, value) in answers.iter() {
        context.insert(name.to_string(), &value.to_json());
    }
    context.insert(
        "goldpath",
        &serde_json::json!({
            "template": manifest.name,
            "version": manifest.version.to_string(),
            "goldpath_version": crate::VERSION,
        }),
    );
    let plain = engine::plain();
    for derived in &manifest.derived {
        let value = plain
            .render_str(&derived.value, &context, false)
            .map_err(|e| {
                bug(
                    "template.toml",
                    None,
                    format!("derived value `{}`: {}", derived.name, one_line(&e)),
                )
            })?;
        context.insert(derived.name.clone(), &value);
    }

    let mut conditions = context.clone();
    for param in &manifest.parameters {
        if answers.get(&param.name).is_none() {
            conditions.insert(param.name.clone(), &serde_json::Value::Null);
        }
    }
    let mut by_language: BTreeMap<Language, Vec<(&str, &str)>> = BTreeMap::new();
    for (path, text) in &template.files {
        let mut included = true;
        for rule in manifest.files.iter().filter(|r| r.covers(path)) {
            included &= rule
                .when
                .holds(&conditions)
                .map_err(|m| bug("template.toml", None, m))?;
        }
        if included {
            by_language
                .entry(Language::of(path))
                .or_default()
                .push((path, text));
        }
    }

    let mut bundle = Bundle::default();
    for (language, files) in by_language {
        let mut tera = engine::engine(language);
        let partials = &template.shared.partials;
        if !partials.is_empty() {
            tera.add_raw_templates(partials.iter().map(|(n, t)| (n, t)))
                .map_err(|e| {
                    bug(
                        &format!("{}/partials/", crate::catalog::SHARED_DIR),
                        None,
                        one_line(&e),
                    )
                })?;
        }
        for (path, text) in &files {
            tera.add_raw_template(path, text)
                .map_err(|e| bug(path, None, one_line(&e)))?;
        }
        for (path, _) in files {
            let target = render_path(&plain, path, &context).map_err(|m| bug(path, None, m))?;
            let mut text = tera
                .render(path, &context)
                .map_err(|e| bug(path, None, one_line(&e)))?;
            if language.is_hcl() {
                if let Err(e) = hcl::parse(&text) {
                    let line = match &e {
                        hcl::Error::Parse(p) => Some(p.location().line()),
                        _ => None,
                    };
                    return Err(bug(
                        path,
                        line,
                        format!("rendered HCL does not parse: {}", one_line(&e)),
                    ));
                }
                let formatted = format::format_hcl(&text);
                if formatting == Formatting::Check && formatted != text {
                    let line = text
                        .lines()
                        .zip(formatted.lines())
                        .position(|(a, b)| a != b)
                        .map(|i| i + 1);
                    return Err(bug(
                        path,
                        line,
                        "rendered HCL is not terraform fmt-clean".into(),
                    ));
                }
                text = formatted;
            }
            if !bundle.insert(target.clone(), text) {
                return Err(bug(
                    path,
                    None,
                    format!("renders to `{target}`, which another file also renders to"),
                ));
            }
        }
    }
    for (i, rule) in manifest.modules.iter().enumerate() {
        let field = format!("modules[{i}] ({})", rule.path);
        let included = match &rule.when {
            Some(when) => when
                .holds(&conditions)
                .map_err(|m| bug("template.toml", None, m))?,
            None => true,
        };
        if !included {
            continue;
        }
        let nested = template.modules.get(i).ok_or_else(|| {
            bug(
                "template.toml",
                None,
                format!(
                    "{field}: template `{}` is not in the catalog",
                    rule.template
                ),
            )
        })?;
        let mut set = Vec::new();
        for (key, value) in &rule.answers {
            let text = plain.render_str(value, &context, false).map_err(|e| {
                bug(
                    "template.toml",
                    None,
                    format!("{field}: answer `{key}`: {}", one_line(&e)),
                )
            })?;
            set.push((key.clone(), text));
        }
        let inputs = crate::answers::Inputs {
            set,
            ..Default::default()
        };
        let nested_answers =
            crate::answers::resolve(&nested.manifest, &inputs).map_err(|problems| {
                let list: Vec<String> = problems
                    .iter()
                    .map(|p| {
                        format!(
                            "{} = {}: expected {}",
                            p.parameter,
                            p.value.as_deref().unwrap_or("(none)"),
                            p.expected
                        )
                    })
                    .collect();
                bug(
                    "template.toml",
                    None,
                    format!(
                        "{field}: answers for `{}` are invalid: {}",
                        nested.manifest.name,
                        list.join("; ")
                    ),
                )
            })?;
        for (path, text) in render_with(nested, &nested_answers, formatting)?.iter() {
            if !is_nested_module_file(path) {
                continue;
            }
            let target = format!("{}/{path}", rule.path);
            if !bundle.insert(target.clone(), text.to_string()) {
                return Err(bug(
                    "template.toml",
                    None,
                    format!("{field}: `{target}` is also rendered by the template itself"),
                ));
            }
        }
    }
    for (path, text) in &template.policy_files {
        let target = format!("policies/{path}");
        if !bundle.insert(target.clone(), text.clone()) {
            return Err(bug(
                "template.toml",
                None,
                format!("`{target}` comes from the policy library; templates may not render it"),
            ));
        }
    }
    let record = record(template, answers, &bundle);
    if !bundle.insert(RECORD_FILE.to_string(), record) {
        return Err(bug(
            RECORD_FILE,
            None,
            format!("templates may not write {RECORD_FILE}; goldpath writes it"),
        ));
    }
    Ok(bundle)
}

/// Whether a file of a nested template belongs in the nesting module: its module files do; its
/// record, examples, tests, CI and policy copy belong to it as a standalone module only.
fn is_nested_module_file(path: &str) -> bool {
    path != RECORD_FILE
        && !["examples/", "tests/", ".github/", "policies/"]
            .iter()
            .any(|dir| path.starts_with(dir))
}

/// Renders placeholders in a file path; every rendered segment must be a plain file name.
fn render_path(plain: &tera::Tera, path: &str, context: &Context) -> Result<String, String> {
    if !path.contains("{{") && !path.contains("{%") {
        return Ok(path.to_string());
    }
    let mut out = Vec::new();
    for segment in path.split('/') {
        let name = plain
            .render_str(segment, context, false)
            .map_err(|e| format!("file name `{segment}`: {}", one_line(&e)))?;
        let unsafe_name = name.is_empty()
            || name == "."
            || name == ".."
            || name
                .chars()
                .any(|c| c == '/' || c == '\\' || c.is_control());
        if unsafe_name {
            return Err(format!(
                "file name `{segment}` renders to {name:?}, which is not a plain file name; \
                 constrain the parameter it uses with a pattern"
            ));
        }
        out.push(name);
    }
    Ok(out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Inputs, resolve};
    use crate::catalog::{RawTemplate, Template};

    fn template(files: &[(&str, &str)]) -> Template {
        template_with(files, &[])
    }

    fn template_with(files: &[(&str, &str)], partials: &[(&str, &str)]) -> Template {
        let shared = crate::catalog::Shared {
            partials: partials
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect(),
            groups: Vec::new(),
        };
        Template::parse(RawTemplate {
            git: None,
            releases: Vec::new(),
            changelog: None,
            shared: std::sync::Arc::new(shared),
            origin: "test".into(),
            manifest: r#"
name = "t"
version = "1.2.3"
title = "T"
description = "d"
[[parameters]]
name = "name"
type = "string"
default = "orders"
[[parameters]]
name = "api"
type = "boolean"
default = false
[[derived]]
name = "full"
value = "{{ name }}-svc"
[[files]]
path = "api/"
when = "api"
"#
            .into(),
            files: files
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect(),
            fixtures: vec![],
        })
        .expect("valid template")
    }

    fn answers(t: &Template, set: &[(&str, &str)]) -> Answers {
        let inputs = Inputs {
            set: set
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        };
        resolve(&t.manifest, &inputs).expect("valid answers")
    }

    #[test]
    fn renders_formats_and_records() {
        let t = template(&[
            (
                "main.tf",
                "locals {\nname = {{ name }}\nfull_name = {{ full }}\n}\n",
            ),
            ("api/x.tf", ""),
        ]);
        let bundle = render(&t, &answers(&t, &[])).unwrap();
        assert_eq!(
            bundle.get("main.tf"),
            Some("locals {\n  name      = \"orders\"\n  full_name = \"orders-svc\"\n}\n")
        );
        assert!(bundle.get("api/x.tf").is_none());
        assert!(bundle.get(RECORD_FILE).unwrap().contains("template: \"t\""));
        let with_api = render(&t, &answers(&t, &[("api", "true")])).unwrap();
        assert!(with_api.get("api/x.tf").is_some());
    }

    #[test]
    fn nested_modules_render_under_their_path() {
        let inner = RawTemplate {
            shared: Default::default(),
            git: None,
            releases: Vec::new(),
            changelog: None,
            origin: "inner".into(),
            manifest: "name = \"inner\"\nversion = \"1.0.0\"\ntitle = \"I\"\ndescription = \"d\"\n\
                       [[parameters]]\nname = \"label\"\ntype = \"string\"\npattern = \"[a-z-]+\"\n"
                .into(),
            files: vec![
                (
                    "main.tf".into(),
                    "locals {\n  label = {{ label }}\n}\n".into(),
                ),
                ("examples/basic/main.tf".into(), "".into()),
            ],
            fixtures: vec![],
        };
        let outer = RawTemplate {
            shared: Default::default(),
            git: None,
            releases: Vec::new(),
            changelog: None,
            origin: "outer".into(),
            manifest: "name = \"outer\"\nversion = \"1.0.0\"\ntitle = \"O\"\ndescription = \"d\"\n\
                       [[parameters]]\nname = \"name\"\ntype = \"string\"\n\
                       [[modules]]\ntemplate = \"inner\"\npath = \"modules/inner\"\n\
                       [modules.answers]\nlabel = \"{{ name }}-logs\"\n"
                .into(),
            files: vec![("main.tf".into(), "".into())],
            fixtures: vec![],
        };
        let catalog = crate::catalog::Catalog::from_raw(vec![outer, inner]).expect("links");
        let t = catalog.get("outer").unwrap();
        let bundle = render(t, &answers(t, &[("name", "orders")])).unwrap();
        assert_eq!(
            bundle.get("modules/inner/main.tf"),
            Some("locals {\n  label = \"orders-logs\"\n}\n")
        );
        assert!(bundle.get("modules/inner/examples/basic/main.tf").is_none());
        assert!(bundle.get("modules/inner/.goldpath.yaml").is_none());
        let err = render(t, &answers(t, &[("name", "Bad Name")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("answers for `inner` are invalid"), "{err}");
    }

    #[test]
    fn unparsable_hcl_is_a_template_bug_with_a_line() {
        let t = template(&[("main.tf", "locals {\n  a = \"{{ name }}\"\n}\n")]);
        match render(&t, &answers(&t, &[])) {
            Err(Error::Render { file, line, .. }) => {
                assert_eq!((file.as_str(), line), ("main.tf", Some(2)))
            }
            other => panic!("expected a render error, got {other:?}"),
        }
    }

    #[test]
    fn file_names_take_placeholders_but_stay_inside() {
        let t = template(&[("{{ name }}/handler.py", "N = {{ name }}\n")]);
        let bundle = render(&t, &answers(&t, &[])).unwrap();
        assert_eq!(bundle.get("orders/handler.py"), Some("N = \"orders\"\n"));
        for evil in ["..", "a/b", "x\\y", ""] {
            let err = render(&t, &answers(&t, &[("name", evil)]))
                .unwrap_err()
                .to_string();
            assert!(err.contains("not a plain file name"), "{evil}: {err}");
        }
    }

    #[test]
    fn partials_are_included_by_name_and_escaped_for_the_including_file() {
        let t = template_with(
            &[
                (
                    "main.tf",
                    "locals {\n{% include \"_shared/partials/names.tf\" %}\n}\n",
                ),
                ("README.md", "{% include \"_shared/partials/names.tf\" %}\n"),
                ("tags.tf", "locals {\n  t = {{ <tag key=\"svc\" /> }}\n}\n"),
            ],
            &[
                ("_shared/partials/names.tf", "name = {{ name }}"),
                (
                    "_shared/partials/components.tf",
                    "{% component tag(key) %}{ {{ key }} = {{ name | hcl }} }{% endcomponent tag %}",
                ),
            ],
        );
        let bundle = render(&t, &answers(&t, &[("name", "a*b")])).unwrap();
        assert_eq!(
            bundle.get("main.tf"),
            Some("locals {\n  name = \"a*b\"\n}\n")
        );
        assert_eq!(bundle.get("README.md"), Some("name = a\\*b\n"));
        assert!(bundle.get("_shared/partials/names.tf").is_none());
        assert!(
            bundle.get("tags.tf").unwrap().contains("svc"),
            "{:?}",
            bundle.get("tags.tf")
        );
    }

    #[test]
    fn an_include_reaches_only_registered_partials() {
        for name in [
            "../../etc/passwd",
            "/etc/passwd",
            "_shared/partials/missing.tf",
        ] {
            let t = template_with(
                &[("main.tf", &format!("{{% include \"{name}\" %}}\n"))],
                &[("_shared/partials/names.tf", "")],
            );
            let err = render(&t, &answers(&t, &[])).unwrap_err().to_string();
            assert!(err.contains("main.tf"), "{name}: {err}");
        }
    }
}
