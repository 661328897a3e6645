//! Resolving a module's expressions where their inputs are literal, as checkov does for a
//! module call: `var.x` takes the caller's literal value or the variable's literal default,
//! local values built only from known values become known, and any expression over known
//! values (`var.enabled ? "aws:kms" : "AES256"`, `"${var.name}-logs"`) becomes its value.
//! Anything unknown (a resource attribute, a function HCL's evaluator does not have, a
//! variable without a literal value) is left exactly as it was.

use hcl::eval::{Context, Evaluate};
use regex::Regex;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::LazyLock;

/// Resolves `doc` (a module's input document) with the given literal variable values;
/// variables not given take their literal defaults. `variable` blocks are left as written.
pub fn resolve(doc: &mut Value, inputs: &Map<String, Value>) {
    let mut known = Known {
        vars: variables(doc, inputs),
        locals: Map::new(),
        plan: None,
        round: 0,
        memo: RefCell::default(),
    };
    known.learn_locals(doc);
    known.resolve_blocks(doc, |kind| kind != "variable");
}

/// Resolves `doc` as far as a plan would know it before anything exists: Terraform's pure
/// functions are evaluated, `data` holds the data-source values the caller assumes, and every
/// resource reference becomes a stand-in (`aws_subnet.private[1].id (known after apply)`) with
/// as many instances as its literal `count` or `for_each` makes, so that `length()` of a splat
/// and the `count` built on it are known. Only the blocks of `kinds` are resolved in the end
/// (what the caller reads), though locals and resources are resolved as far as they need.
pub fn resolve_planned(
    doc: &mut Value,
    inputs: &Map<String, Value>,
    data: &Map<String, Value>,
    kinds: &[&str],
) {
    let mut known = Known {
        vars: variables(doc, inputs),
        locals: Map::new(),
        plan: Some(Plan {
            data: Value::Object(data.clone()),
            resources: Map::new(),
        }),
        round: 0,
        memo: RefCell::default(),
    };
    for _ in 0..3 {
        let locals = known.locals.len();
        known.learn_locals(doc);
        let resources = known.stand_ins(doc);
        let Some(plan) = &mut known.plan else { break };
        if locals == known.locals.len() && plan.resources == resources {
            break;
        }
        plan.resources = resources;
        known.round += 1;
    }
    known.resolve_blocks(doc, |kind| kinds.contains(&kind));
}

impl Known {
    /// Resolves the blocks of the kinds `chosen` picks.
    fn resolve_blocks(&self, doc: &mut Value, chosen: impl Fn(&str) -> bool) {
        let Some(top) = doc.as_object_mut() else {
            return;
        };
        for (kind, value) in top.iter_mut() {
            if chosen(kind) {
                self.resolve_in(value);
            }
        }
    }

    /// A stand-in for every resource, by type and name: one object per instance its literal
    /// `count` or `for_each` makes (one when neither is set), holding its literal attributes
    /// and `id`, `arn` and `name` placeholders.
    fn stand_ins(&self, doc: &Value) -> Map<String, Value> {
        let mut out = Map::new();
        for (kind, names) in doc
            .get("resource")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let mut by_name = Map::new();
            for (name, bodies) in names.as_object().into_iter().flatten() {
                let Some(body) = bodies.as_array().and_then(|b| b.first()) else {
                    continue;
                };
                let mut body = body.clone();
                self.resolve_in(&mut body);
                let stand_in = |index: &str| {
                    let mut object: Map<String, Value> = body
                        .as_object()
                        .into_iter()
                        .flatten()
                        .filter(|(_, v)| is_literal(v))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    for attribute in ["id", "arn", "name"] {
                        object.entry(attribute).or_insert_with(|| {
                            Value::String(format!(
                                "{kind}.{name}{index}.{attribute} (known after apply)"
                            ))
                        });
                    }
                    Value::Object(object)
                };
                let value = match (body.get("count"), body.get("for_each")) {
                    (Some(count), _) => match count.as_u64() {
                        Some(n) => {
                            Value::Array((0..n).map(|i| stand_in(&format!("[{i}]"))).collect())
                        }
                        None => continue,
                    },
                    (_, Some(Value::Array(keys))) => Value::Object(
                        keys.iter()
                            .filter_map(Value::as_str)
                            .map(|k| (k.to_string(), stand_in(&format!("[\"{k}\"]"))))
                            .collect(),
                    ),
                    (_, Some(Value::Object(map))) => Value::Object(
                        map.keys()
                            .map(|k| (k.clone(), stand_in(&format!("[\"{k}\"]"))))
                            .collect(),
                    ),
                    (_, Some(_)) => continue,
                    (None, None) => stand_in(""),
                };
                by_name.insert(name.clone(), value);
            }
            out.insert(kind.clone(), Value::Object(by_name));
        }
        out
    }
}

/// Whether a value holds no expression at all.
pub fn is_literal(v: &Value) -> bool {
    match v {
        Value::String(s) => !s.contains("${") && !s.contains("%{"),
        Value::Array(items) => items.iter().all(is_literal),
        Value::Object(map) => map.values().all(is_literal),
        _ => true,
    }
}

/// The literal value of every variable: the caller's, else the literal default.
fn variables(doc: &Value, inputs: &Map<String, Value>) -> Map<String, Value> {
    let mut vars = Map::new();
    for (name, bodies) in doc
        .get("variable")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let default = bodies
            .as_array()
            .and_then(|b| b.first())
            .and_then(|body| body.get("default"))
            .filter(|v| is_literal(v));
        if let Some(value) = inputs.get(name).or(default) {
            vars.insert(name.clone(), value.clone());
        }
    }
    vars
}

/// Values known so far.
struct Known {
    vars: Map<String, Value>,
    locals: Map<String, Value>,
    /// What a plan adds: functions, assumed data-source values and resource stand-ins.
    plan: Option<Plan>,
    /// How many times the resource stand-ins have changed.
    round: usize,
    /// Every expression met so far, parsed, with its value when last evaluated: the same
    /// expressions come back in every block and every round.
    memo: RefCell<HashMap<String, Memo>>,
}

/// An expression as parsed, and its value with what was known when it was evaluated.
struct Memo {
    expr: Option<hcl::Expression>,
    value: Option<((usize, usize), Option<Value>)>,
}

/// The values only a planned resolution has.
struct Plan {
    /// `data.TYPE.NAME.ATTRIBUTE` values.
    data: Value,
    /// Resource stand-ins by type, then name.
    resources: Map<String, Value>,
}

static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\$\{(var|local)\.([A-Za-z_][A-Za-z0-9_-]*)\}").expect("valid regex")
});

impl Known {
    /// Local values whose value resolves to a literal, over as many rounds as they build on
    /// each other (bounded by their number).
    fn learn_locals(&mut self, doc: &Value) {
        let locals: Vec<(&String, &Value)> = doc
            .get("locals")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .flatten()
            .collect();
        for _ in 0..locals.len() {
            let before = self.locals.len();
            for (name, value) in &locals {
                if self.locals.contains_key(*name) {
                    continue;
                }
                let mut value = (*value).clone();
                self.resolve_in(&mut value);
                if is_literal(&value) {
                    self.locals.insert((*name).clone(), value);
                }
            }
            if self.locals.len() == before {
                break;
            }
        }
    }

    fn resolve_in(&self, v: &mut Value) {
        match v {
            Value::String(s) => {
                if let Some(resolved) = self.string(s) {
                    *v = resolved;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| self.resolve_in(i)),
            Value::Object(map) => map.values_mut().for_each(|i| self.resolve_in(i)),
            _ => {}
        }
    }

    /// The value of a string of the document, when it changes.
    fn string(&self, s: &str) -> Option<Value> {
        if self.plan.is_none() && !(s.contains("var.") || s.contains("local.")) {
            return None;
        }
        if !s.contains("${") {
            return None;
        }
        if let Some(expr) = s.strip_prefix("${").and_then(|r| r.strip_suffix('}'))
            && let Some(value) = self.evaluate(expr)
        {
            return Some(value);
        }
        let mut changed = false;
        let text = REFERENCE.replace_all(s, |caps: &regex::Captures| {
            let known = if &caps[1] == "var" {
                &self.vars
            } else {
                &self.locals
            };
            match known.get(&caps[2]) {
                Some(Value::String(t)) => {
                    changed = true;
                    t.replace("${", "$${").replace("%{", "%%{")
                }
                Some(v @ (Value::Number(_) | Value::Bool(_))) => {
                    changed = true;
                    v.to_string()
                }
                _ => caps[0].to_string(),
            }
        });
        changed.then(|| Value::String(text.into_owned()))
    }

    /// Evaluates an expression over the known values; `None` when anything in it is unknown.
    fn evaluate(&self, source: &str) -> Option<Value> {
        // Evaluation is pure, and what is known only grows: the same number of locals and the
        // same stand-ins mean the same values, so the value found then is the value now.
        let knowing = (self.locals.len(), self.round);
        let mut memo = self.memo.borrow_mut();
        if !memo.contains_key(source) {
            let expr = hcl::Expression::from_str(source).ok();
            memo.insert(source.to_string(), Memo { expr, value: None });
        }
        let entry = memo.get_mut(source)?;
        if let Some((when, value)) = &entry.value
            && *when == knowing
        {
            return value.clone();
        }
        let value = entry.expr.as_ref().and_then(|expr| {
            let value = expr.evaluate(&self.context(source)?).ok()?;
            let json = serde_json::to_value(value).ok()?;
            is_literal(&json).then_some(json)
        });
        entry.value = Some((knowing, value.clone()));
        value
    }

    /// The evaluation context of one expression: only the values it names (`var.x`,
    /// `local.y`, `data.TYPE`, `TYPE.NAME`), since evaluating a traversal copies its root.
    fn context(&self, source: &str) -> Option<Context<'static>> {
        let mut named: Map<String, Value> = Map::new();
        for caps in ROOT.captures_iter(source) {
            let (root, attribute) = (&caps[1], &caps[2]);
            let known = match (root, &self.plan) {
                ("var", _) => &self.vars,
                ("local", _) => &self.locals,
                ("data", Some(plan)) => match plan.data.as_object() {
                    Some(data) => data,
                    None => continue,
                },
                (kind, Some(plan)) => match plan.resources.get(kind).and_then(Value::as_object) {
                    Some(by_name) => by_name,
                    None => continue,
                },
                _ => continue,
            };
            if let Some(value) = known.get(attribute) {
                let Value::Object(entry) = named
                    .entry(root)
                    .or_insert_with(|| Value::Object(Map::new()))
                else {
                    continue;
                };
                entry.insert(attribute.to_string(), value.clone());
            }
        }
        for root in ["var", "local"] {
            named
                .entry(root)
                .or_insert_with(|| Value::Object(Map::new()));
        }
        let mut ctx = match self.plan {
            Some(_) => super::functions::context(source),
            None => Context::new(),
        };
        for (root, values) in named {
            ctx.declare_var(root, hcl::to_value(values).ok()?);
        }
        Some(ctx)
    }
}

/// `ROOT.ATTRIBUTE` at the start of a traversal, as `var.x`, `local.y` or `aws_subnet.private`.
static ROOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)")
        .expect("valid regex")
});

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resolved(doc: Value, inputs: Value) -> Value {
        let mut doc = doc;
        resolve(&mut doc, inputs.as_object().expect("object"));
        doc
    }

    #[test]
    fn variables_take_the_callers_value_then_their_default() {
        let doc = json!({
            "variable": {"rotate": [{"default": true}], "days": [{"default": 30}], "arn": [{}]},
            "resource": {"aws_kms_key": {"this": [{
                "enable_key_rotation": "${var.rotate}",
                "deletion_window_in_days": "${var.days}",
                "policy": "${var.arn}"
            }]}}
        });
        let out = resolved(doc, json!({"rotate": false}));
        assert_eq!(
            out["resource"]["aws_kms_key"]["this"][0],
            json!({"enable_key_rotation": false, "deletion_window_in_days": 30, "policy": "${var.arn}"})
        );
        assert_eq!(out["variable"]["rotate"][0]["default"], json!(true));
    }

    #[test]
    fn expressions_over_known_values_are_evaluated() {
        let doc = json!({
            "variable": {"encrypt": [{"default": true}], "name": [{"default": "orders"}]},
            "locals": [{"bucket": "${var.name}-logs"}, {"algorithm": "${var.encrypt ? \"aws:kms\" : \"AES256\"}"}],
            "resource": {"aws_s3_bucket": {"this": [{
                "bucket": "${local.bucket}",
                "sse": "${local.algorithm}",
                "tag": "team-${var.name}-${data.x.y.id}",
                "arn": "${aws_iam_role.this.arn}",
                "call": "${lower(var.name)}"
            }]}}
        });
        let out = resolved(doc, json!({"encrypt": false}));
        assert_eq!(
            out["resource"]["aws_s3_bucket"]["this"][0],
            json!({
                "bucket": "orders-logs",
                "sse": "AES256",
                "tag": "team-orders-${data.x.y.id}",
                "arn": "${aws_iam_role.this.arn}",
                "call": "${lower(var.name)}"
            })
        );
    }

    #[test]
    fn a_literal_holds_no_expression() {
        assert!(is_literal(&json!({"a": [1, "x", {"b": null}]})));
        assert!(!is_literal(&json!({"a": ["${var.x}"]})));
    }
}
