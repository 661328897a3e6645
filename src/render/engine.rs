//! The tera engines: one per output language, each escaping values for that language by default.

use super::escape;
use tera::{Kwargs, State, Tera, Value};

/// The language of a rendered file, chosen by its extension; it decides the default escaping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    /// `.tf`, `.tfvars`, `.hcl` (including `.tftest.hcl`).
    Hcl,
    /// `.yaml`, `.yml`.
    Yaml,
    /// `.json`.
    Json,
    /// `.toml`.
    Toml,
    /// `.py`.
    Python,
    /// `.md`.
    Markdown,
    /// Anything else: values need an explicit filter.
    Other,
}

impl Language {
    /// The language of a file path.
    pub fn of(path: &str) -> Language {
        let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "tf" | "tfvars" | "hcl" => Language::Hcl,
            "yaml" | "yml" => Language::Yaml,
            "json" => Language::Json,
            "toml" => Language::Toml,
            "py" => Language::Python,
            "md" => Language::Markdown,
            _ => Language::Other,
        }
    }

    /// Whether files of this language are parsed and formatted as HCL.
    pub fn is_hcl(self) -> bool {
        self == Language::Hcl
    }

    fn escape_fn(self) -> tera::EscapeFn {
        match self {
            Language::Hcl => |s, w| write!(w, "\"{}\"", escape::hcl_fragment(s)),
            Language::Yaml | Language::Json => {
                |s, w| w.write_all(escape::json(&s.into()).as_bytes())
            }
            Language::Toml => |s, w| w.write_all(escape::toml(&s.into()).as_bytes()),
            Language::Python => |s, w| w.write_all(escape::python(&s.into()).as_bytes()),
            Language::Markdown => |s, w| w.write_all(escape::markdown(s).as_bytes()),
            Language::Other => |_, _| {
                Err(std::io::Error::other(
                    "this file type has no default escaping: pass the value through an explicit filter \
                     (hcl, hcl_fragment, yaml, json, toml, python, markdown) or `safe` for trusted text",
                ))
            },
        }
    }
}

/// A tera instance that escapes by default for `language` and knows goldpath's filters.
pub fn engine(language: Language) -> Tera {
    let mut tera = Tera::default();
    tera.autoescape_on([""]);
    tera.set_escape_fn(language.escape_fn());
    register_filters(&mut tera);
    tera
}

/// A tera instance with no escaping, for derived values, conditions and file names.
pub fn plain() -> Tera {
    let mut tera = Tera::default();
    tera.autoescape_on(Vec::<&str>::new());
    register_filters(&mut tera);
    tera
}

fn register_filters(tera: &mut Tera) {
    tera.register_filter("hcl", |v: &Value, _: Kwargs, _: &State| {
        literal(v, escape::hcl)
    });
    tera.register_filter("hcl_fragment", |v: &Value, _: Kwargs, _: &State| {
        Value::safe_string(&escape::hcl_fragment(&text_of(v)))
    });
    tera.register_filter("yaml", |v: &Value, _: Kwargs, _: &State| {
        literal(v, escape::yaml)
    });
    tera.register_filter("json", |v: &Value, _: Kwargs, _: &State| {
        literal(v, escape::json)
    });
    tera.register_filter("toml", |v: &Value, _: Kwargs, _: &State| {
        literal(v, escape::toml)
    });
    tera.register_filter("python", |v: &Value, _: Kwargs, _: &State| {
        literal(v, escape::python)
    });
    tera.register_filter("markdown", |v: &Value, _: Kwargs, _: &State| {
        Value::safe_string(&escape::markdown(&text_of(v)))
    });
}

fn literal(v: &Value, encode: fn(&serde_json::Value) -> String) -> Value {
    let json = serde_json::to_value(v).unwrap_or(serde_json::Value::Null);
    Value::safe_string(&encode(&json))
}

fn text_of(v: &Value) -> String {
    match v.as_str() {
        Some(s) => s.to_string(),
        None => serde_json::to_value(v)
            .map(|j| j.to_string())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::Context;

    fn render(language: Language, template: &str, value: serde_json::Value) -> String {
        let mut tera = engine(language);
        tera.add_raw_template("t", template).unwrap();
        let mut ctx = Context::new();
        ctx.insert("v", &value);
        tera.render("t", &ctx).unwrap()
    }

    #[test]
    fn hcl_values_become_literals_by_default() {
        assert_eq!(
            render(Language::Hcl, "a = {{ v }}", "${x}\"".into()),
            r#"a = "$${x}\"""#
        );
        assert_eq!(render(Language::Hcl, "a = {{ v }}", 3.into()), "a = 3");
        assert_eq!(
            render(Language::Hcl, "a = {{ v | hcl }}", serde_json::json!(["x"])),
            r#"a = ["x"]"#
        );
        assert_eq!(
            render(
                Language::Hcl,
                r#"a = "p-{{ v | hcl_fragment }}""#,
                "%{".into()
            ),
            r#"a = "p-%%{""#
        );
    }

    #[test]
    fn other_languages_escape_for_themselves() {
        assert_eq!(
            render(Language::Yaml, "k: {{ v }}", "a: b".into()),
            r#"k: "a: b""#
        );
        assert_eq!(
            render(Language::Python, "X = {{ v }}", "q\"".into()),
            r#"X = "q\"""#
        );
        assert_eq!(
            render(Language::Markdown, "# {{ v }}", "*b*".into()),
            r"# \*b\*"
        );
    }

    #[test]
    fn unknown_file_types_demand_an_explicit_filter() {
        let mut tera = engine(Language::Other);
        tera.add_raw_template("t", "{{ v }}").unwrap();
        let mut ctx = Context::new();
        ctx.insert("v", "x");
        assert!(tera.render("t", &ctx).is_err());
        assert_eq!(render(Language::Other, "{{ v | safe }}", "x".into()), "x");
    }
}
