//! Whatever a user types into a free-text parameter reaches HCL only as data: the output parses,
//! has exactly the attributes and blocks it has for a harmless value, and holds the value intact.

mod common;

use goldpath::answers::{self, Inputs, Value};
use goldpath::catalog::Template;
use goldpath::render::render;
use hcl::expr::{Expression, TemplateExpr};
use hcl::template::{Element, Template as HclTemplate};
use hcl::{Body, Structure};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// The shape of a module: every attribute and block path with the kind of its value, and the
/// string literals found in it.
#[derive(Default)]
struct Shape {
    paths: BTreeMap<String, Vec<String>>,
    literals: Vec<String>,
}

fn shape_of(bundle: &goldpath::render::Bundle) -> Shape {
    let mut shape = Shape::default();
    for (path, text) in bundle
        .iter()
        .filter(|(p, _)| p.ends_with(".tf") || p.ends_with(".hcl") || p.ends_with(".tfvars"))
    {
        let body =
            hcl::parse(text).unwrap_or_else(|e| panic!("{path} does not parse: {e}\n{text}"));
        let mut paths = Vec::new();
        walk_body(&body, path, &mut paths, &mut shape.literals);
        shape.paths.insert(path.to_string(), paths);
    }
    shape
}

fn walk_body(body: &Body, at: &str, paths: &mut Vec<String>, literals: &mut Vec<String>) {
    for structure in body.iter() {
        match structure {
            Structure::Attribute(a) => {
                let here = format!("{at}.{}", a.key);
                walk_expr(&a.expr, &here, paths, literals);
            }
            Structure::Block(b) => {
                let labels: Vec<String> = b.labels.iter().map(|l| format!("{l:?}")).collect();
                let here = format!("{at}/{}[{}]", b.identifier, labels.join(","));
                paths.push(here.clone());
                walk_body(&b.body, &here, paths, literals);
            }
        }
    }
}

fn walk_expr(expr: &Expression, at: &str, paths: &mut Vec<String>, literals: &mut Vec<String>) {
    match expr {
        Expression::String(s) => {
            paths.push(format!("{at}=string"));
            literals.push(s.clone());
        }
        Expression::TemplateExpr(t) => {
            let template = match t.as_ref() {
                TemplateExpr::QuotedString(_) | TemplateExpr::Heredoc(_) => {
                    HclTemplate::from_expr(t)
                        .unwrap_or_else(|e| panic!("{at}: template does not parse: {e}"))
                }
            };
            let mut dynamic = 0;
            for element in template.elements() {
                match element {
                    Element::Literal(l) => literals.push(l.clone()),
                    _ => dynamic += 1,
                }
            }
            paths.push(format!("{at}=template({dynamic} dynamic parts)"));
        }
        Expression::Array(items) => {
            paths.push(format!("{at}=array({})", items.len()));
            for (i, item) in items.iter().enumerate() {
                walk_expr(item, &format!("{at}[{i}]"), paths, literals);
            }
        }
        Expression::Object(map) => {
            paths.push(format!("{at}=object({})", map.len()));
            for (key, value) in map {
                walk_expr(value, &format!("{at}{{{key:?}}}"), paths, literals);
            }
        }
        other => paths.push(format!("{at}={}", kind(other))),
    }
}

fn kind(expr: &Expression) -> String {
    let debug = format!("{expr:?}");
    debug
        .split(['(', ' ', '{'])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Templates with their first fixture and the free-text parameters it asks.
fn targets() -> Vec<(Template, Inputs, String)> {
    let mut out = Vec::new();
    for template in common::catalog().templates() {
        let (_, text) = template
            .fixtures
            .first()
            .expect("every template has a fixture");
        let inputs = Inputs {
            file: answers::file::parse(text).expect("fixture parses"),
            ..Default::default()
        };
        let resolved = answers::resolve(&template.manifest, &inputs).expect("fixture is valid");
        for p in template
            .manifest
            .parameters
            .iter()
            .filter(|p| p.is_free_text())
        {
            if resolved.get(&p.name).is_some() {
                out.push((template.clone(), inputs.clone(), p.name.clone()));
            }
        }
    }
    assert!(
        !out.is_empty(),
        "at least one template has a free-text parameter to attack"
    );
    out
}

fn render_with_value(
    template: &Template,
    inputs: &Inputs,
    param: &str,
    value: &str,
) -> goldpath::render::Bundle {
    let mut inputs = inputs.clone();
    inputs.file.retain(|g| g.key != param);
    inputs.set.push((param.to_string(), value.to_string()));
    let resolved =
        answers::resolve(&template.manifest, &inputs).expect("free text accepts any string");
    assert_eq!(resolved.get(param), Some(&Value::String(value.to_string())));
    render(template, &resolved)
        .unwrap_or_else(|e| panic!("{param} = {value:?} breaks rendering: {e}"))
}

fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("${".to_string()),
        Just("%{".to_string()),
        Just("$${".to_string()),
        Just("}".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\t".to_string()),
        Just("\u{0}".to_string()),
        Just("\u{1b}[31m".to_string()),
        Just("\u{2028}".to_string()),
        Just("\u{feff}".to_string()),
        Just("# ".to_string()),
        Just("// ".to_string()),
        Just("/*".to_string()),
        Just("<<EOF\n".to_string()),
        Just("\"\n}\nresource \"x\" \"y\" {\n".to_string()),
        Just("${file(\"/etc/passwd\")}".to_string()),
        Just("%{ if true }x%{ endif }".to_string()),
        Just("é中🙂".to_string()),
        any::<String>(),
        "[a-z ]{0,12}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn free_text_reaches_hcl_only_as_data(value in hostile(), long in prop::bool::weighted(0.05)) {
        let value = if long { value.repeat(4096 / value.len().max(1) + 1) } else { value };
        for (template, inputs, param) in targets() {
            let baseline = shape_of(&render_with_value(&template, &inputs, &param, "goldpath probe"));
            let attacked = shape_of(&render_with_value(&template, &inputs, &param, &value));
            prop_assert_eq!(&attacked.paths, &baseline.paths, "{} = {:?} changed the module's structure", param, value);
            prop_assert!(
                attacked.literals.iter().any(|l| l.contains(value.as_str())),
                "{} = {:?} does not round-trip into any HCL string", param, value
            );
        }
    }
}
