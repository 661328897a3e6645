//! Terraform's pure collection, number and string functions, for the literal resolver when it
//! works out what a plan would hold (how many instances a `count` makes, which keys a
//! `for_each` has). Each takes and returns values as Terraform does; anything it cannot do
//! fails, and the expression stays unknown.

use hcl::Value as Hcl;
use hcl::eval::{Context, FuncArgs, FuncDef, ParamType};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::LazyLock;

type Pure = fn(Vec<Value>) -> Option<Value>;

/// A context declaring the functions `source` calls (declaring all of them for every
/// expression would cost more than evaluating it).
pub fn context(source: &str) -> Context<'static> {
    let mut ctx = Context::new();
    for name in called(source) {
        if let Some(def) = FUNCTIONS.get(name) {
            ctx.declare_func(name, def.clone());
        }
    }
    ctx
}

/// Every name in `source` followed by `(`.
fn called(source: &str) -> impl Iterator<Item = &str> {
    let bytes = source.as_bytes();
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'(')
        .filter_map(move |(at, _)| {
            let end = source[..at].trim_end().len();
            let start = bytes[..end]
                .iter()
                .rposition(|&b| !is_name(b))
                .map_or(0, |p| p + 1);
            (start < end).then(|| &source[start..end])
        })
}

/// Every function, by name.
static FUNCTIONS: LazyLock<HashMap<&'static str, FuncDef>> = LazyLock::new(|| {
    macro_rules! functions {
        ($($name:literal => $pure:expr),* $(,)?) => {
            HashMap::from([$((
                $name,
                FuncDef::builder().variadic_param(ParamType::Any).build(|args: FuncArgs| {
                    let pure: Pure = $pure;
                    call(pure, args)
                }),
            )),*])
        };
    }
    functions! {
        "length" => length,
        "toset" => toset,
        "tolist" => tolist,
        "tomap" => one_object,
        "slice" => slice,
        "concat" => concat,
        "merge" => merge,
        "coalesce" => coalesce,
        "coalescelist" => coalescelist,
        "lookup" => lookup,
        "keys" => keys,
        "values" => values,
        "min" => |a| fold_numbers(a, f64::min),
        "max" => |a| fold_numbers(a, f64::max),
        "range" => range,
        "distinct" => toset,
        "flatten" => flatten,
        "contains" => contains,
        "one" => one,
        "compact" => compact,
        "lower" => |a| string_map(a, |s| s.to_lowercase()),
        "upper" => |a| string_map(a, |s| s.to_uppercase()),
        "element" => element,
        "ceil" => |a| number_map(a, f64::ceil),
        "floor" => |a| number_map(a, f64::floor),
    }
});

fn call(pure: Pure, args: FuncArgs) -> Result<Hcl, String> {
    let values = args
        .into_values()
        .into_iter()
        .map(|v| serde_json::to_value(v).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let out = pure(values).ok_or("not known")?;
    hcl::to_value(out).map_err(|e| e.to_string())
}

fn number(n: f64) -> Option<Value> {
    serde_json::Number::from_f64(n).map(|n| {
        if n.as_f64()
            .is_some_and(|f| f.fract() == 0.0 && f.abs() < 1e15)
        {
            Value::from(n.as_f64().unwrap_or_default() as i64)
        } else {
            Value::Number(n)
        }
    })
}

fn list(v: &Value) -> Option<&Vec<Value>> {
    v.as_array()
}

fn index(v: &Value) -> Option<usize> {
    let n = v.as_f64()?;
    (n >= 0.0 && n.fract() == 0.0).then_some(n as usize)
}

fn length(a: Vec<Value>) -> Option<Value> {
    let [v] = a.as_slice() else { return None };
    let n = match v {
        Value::Array(items) => items.len(),
        Value::Object(map) => map.len(),
        Value::String(s) => s.chars().count(),
        _ => return None,
    };
    Some(Value::from(n))
}

fn toset(a: Vec<Value>) -> Option<Value> {
    let [Value::Array(items)] = a.as_slice() else {
        return None;
    };
    let mut out: Vec<Value> = Vec::new();
    for item in items {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    Some(Value::Array(out))
}

fn tolist(a: Vec<Value>) -> Option<Value> {
    let [v @ Value::Array(_)] = a.as_slice() else {
        return None;
    };
    Some(v.clone())
}

fn one_object(a: Vec<Value>) -> Option<Value> {
    let [v @ Value::Object(_)] = a.as_slice() else {
        return None;
    };
    Some(v.clone())
}

fn slice(a: Vec<Value>) -> Option<Value> {
    let [items, start, end] = a.as_slice() else {
        return None;
    };
    let (items, start, end) = (list(items)?, index(start)?, index(end)?);
    (start <= end && end <= items.len()).then(|| Value::Array(items[start..end].to_vec()))
}

fn concat(a: Vec<Value>) -> Option<Value> {
    let mut out = Vec::new();
    for v in &a {
        out.extend(list(v)?.iter().cloned());
    }
    Some(Value::Array(out))
}

fn merge(a: Vec<Value>) -> Option<Value> {
    let mut out = Map::new();
    for v in a {
        match v {
            Value::Object(map) => out.extend(map),
            Value::Null => {}
            _ => return None,
        }
    }
    Some(Value::Object(out))
}

fn coalesce(a: Vec<Value>) -> Option<Value> {
    a.into_iter()
        .find(|v| !v.is_null() && v.as_str() != Some(""))
}

fn coalescelist(a: Vec<Value>) -> Option<Value> {
    a.into_iter()
        .find(|v| list(v).is_some_and(|l| !l.is_empty()))
}

fn lookup(a: Vec<Value>) -> Option<Value> {
    match a.as_slice() {
        [Value::Object(map), Value::String(key)] => map.get(key).cloned(),
        [Value::Object(map), Value::String(key), default] => {
            Some(map.get(key).cloned().unwrap_or_else(|| default.clone()))
        }
        _ => None,
    }
}

fn keys(a: Vec<Value>) -> Option<Value> {
    let [Value::Object(map)] = a.as_slice() else {
        return None;
    };
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    Some(Value::Array(
        keys.into_iter().cloned().map(Value::String).collect(),
    ))
}

fn values(a: Vec<Value>) -> Option<Value> {
    let [Value::Object(map)] = a.as_slice() else {
        return None;
    };
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|x, y| x.0.cmp(y.0));
    Some(Value::Array(
        entries.into_iter().map(|(_, v)| v.clone()).collect(),
    ))
}

fn fold_numbers(a: Vec<Value>, f: fn(f64, f64) -> f64) -> Option<Value> {
    let numbers = a.iter().map(Value::as_f64).collect::<Option<Vec<f64>>>()?;
    number(numbers.into_iter().reduce(f)?)
}

fn range(a: Vec<Value>) -> Option<Value> {
    let numbers = a.iter().map(Value::as_f64).collect::<Option<Vec<f64>>>()?;
    let (start, end, step) = match numbers.as_slice() {
        [end] => (0.0, *end, 1.0),
        [start, end] => (*start, *end, if start <= end { 1.0 } else { -1.0 }),
        [start, end, step] if *step != 0.0 => (*start, *end, *step),
        _ => return None,
    };
    let mut out = Vec::new();
    let mut n = start;
    while (step > 0.0 && n < end) || (step < 0.0 && n > end) {
        out.push(number(n)?);
        n += step;
        if out.len() > 1024 {
            return None;
        }
    }
    Some(Value::Array(out))
}

fn flatten(a: Vec<Value>) -> Option<Value> {
    fn into(v: &Value, out: &mut Vec<Value>) {
        match v {
            Value::Array(items) => items.iter().for_each(|i| into(i, out)),
            other => out.push(other.clone()),
        }
    }
    let [v @ Value::Array(_)] = a.as_slice() else {
        return None;
    };
    let mut out = Vec::new();
    into(v, &mut out);
    Some(Value::Array(out))
}

fn contains(a: Vec<Value>) -> Option<Value> {
    let [items, item] = a.as_slice() else {
        return None;
    };
    Some(Value::Bool(list(items)?.contains(item)))
}

fn one(a: Vec<Value>) -> Option<Value> {
    let [Value::Array(items)] = a.as_slice() else {
        return None;
    };
    match items.as_slice() {
        [] => Some(Value::Null),
        [only] => Some(only.clone()),
        _ => None,
    }
}

fn compact(a: Vec<Value>) -> Option<Value> {
    let [Value::Array(items)] = a.as_slice() else {
        return None;
    };
    Some(Value::Array(
        items
            .iter()
            .filter(|v| !v.is_null() && v.as_str() != Some(""))
            .cloned()
            .collect(),
    ))
}

fn string_map(a: Vec<Value>, f: fn(&str) -> String) -> Option<Value> {
    let [Value::String(s)] = a.as_slice() else {
        return None;
    };
    Some(Value::String(f(s)))
}

fn number_map(a: Vec<Value>, f: fn(f64) -> f64) -> Option<Value> {
    let [n] = a.as_slice() else { return None };
    number(f(n.as_f64()?))
}

fn element(a: Vec<Value>) -> Option<Value> {
    let [items, i] = a.as_slice() else {
        return None;
    };
    let items = list(items)?;
    let i = index(i)?;
    (!items.is_empty()).then(|| items[i % items.len()].clone())
}

#[cfg(test)]
mod tests {
    use hcl::eval::Evaluate;
    use std::str::FromStr;

    fn eval(source: &str) -> Option<serde_json::Value> {
        let mut ctx = super::context(source);
        ctx.declare_var("zones", hcl::value!(["a", "b", "c", "d"]));
        let expr = hcl::Expression::from_str(source).ok()?;
        serde_json::to_value(expr.evaluate(&ctx).ok()?).ok()
    }

    #[test]
    fn only_the_names_before_a_parenthesis_are_calls() {
        let calls: Vec<_> =
            super::called("merge(local.tags, { a = lookup (var.m, \"k\") }) + (1)").collect();
        assert_eq!(calls, ["merge", "lookup"]);
    }

    #[test]
    fn terraform_functions_give_terraform_values() {
        let cases = [
            ("length(slice(zones, 0, 3))", "3"),
            ("length(toset([\"x\", \"y\", \"x\"]))", "2"),
            ("[for i in range(3) : i * 2]", "[0,2,4]"),
            ("merge({a = 1}, {b = 2}, {a = 3})", "{\"a\":3,\"b\":2}"),
            ("coalesce(null, \"\", \"z\")", "\"z\""),
            ("lookup({a = 1}, \"b\", 7)", "7"),
            ("keys({b = 1, a = 2})", "[\"a\",\"b\"]"),
            ("max(2, 9, 4)", "9"),
            ("one([])", "null"),
            ("flatten([[1], [2, [3]]])", "[1,2,3]"),
            ("contains(zones, \"c\")", "true"),
            ("element(zones, 5)", "\"b\""),
            ("upper(\"ab\")", "\"AB\""),
        ];
        for (source, expected) in cases {
            assert_eq!(
                eval(source).map(|v| v.to_string()),
                Some(expected.to_string()),
                "{source}"
            );
        }
    }

    #[test]
    fn what_a_function_cannot_do_stays_unknown() {
        for source in [
            "slice(zones, 2, 9)",
            "one([1, 2])",
            "length(3)",
            "range(1, 5, 0)",
        ] {
            assert_eq!(eval(source), None, "{source}");
        }
    }
}
