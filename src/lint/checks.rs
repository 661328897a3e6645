//! The static rules: manifest fields, placeholders, conditions, filters, policies, fixtures.

use super::scan::{self, TagKind};
use super::source::{self, Test};
use super::spec::{Spec, SpecParameter, Texts};
use super::{Problem, Rule};
use crate::answers::{self, Answers, Inputs, Value};
use crate::catalog::RawTemplate;
use crate::catalog::manifest::{self, Kind, Manifest, Parameter, Pattern};
use crate::render::Language;
use std::collections::BTreeSet;

const MANIFEST: &str = "template.toml";

/// What the checks learnt that coverage needs.
pub(crate) struct Checked {
    /// The manifest, when the catalog accepts it.
    pub manifest: Option<Manifest>,
    /// Fixtures whose answers are valid, by file name.
    pub answers: Vec<(String, Answers)>,
}

/// Runs every static rule; `None` when `template.toml` is not even TOML.
pub(crate) fn run(
    raw: &RawTemplate,
    policy_areas: &[String],
    problems: &mut Vec<Problem>,
) -> Option<Checked> {
    let (spec, texts) = match spec::parse_or_report(raw, problems) {
        Some(loaded) => loaded,
        None => {
            check_files(raw, None, problems);
            return None;
        }
    };
    let mut fields = BTreeSet::new();
    let params = parameters(&spec, &texts, problems, &mut fields);
    let params_names: Vec<&str> = spec
        .parameters
        .iter()
        .map(|p| p.get_ref().name.get_ref().as_str())
        .collect();
    let derived_names: Vec<&str> = spec
        .derived
        .iter()
        .map(|d| d.get_ref().name.get_ref().as_str())
        .collect();
    let names = Names {
        params: &params_names,
        derived: &derived_names,
    };
    let mut used = BTreeSet::new();
    conditions(
        &spec,
        &texts,
        &names,
        &params,
        problems,
        &mut fields,
        &mut used,
    );
    manifest_templates(&spec, &texts, &names, problems, &mut used);
    policies(&spec, &texts, policy_areas, problems, &mut fields);
    used.extend(check_files(raw, Some(&names), problems));
    for p in &spec.parameters {
        let name = p.get_ref().name.get_ref();
        if !used.contains(name.as_str()) {
            problems.push(
                at(&texts, Rule::UnusedParameter, p.get_ref().name.span().start)
                .says(
                    format!("parameter `{name}` is used by no file, file name, condition, derived value or module answer"),
                    format!("use `{name}` in a file (`{{{{ {name} }}}}`) or remove the parameter"),
                ),
            );
        }
    }

    let manifest = match manifest::parse_with(&raw.manifest, &raw.shared) {
        Ok(m) => Some(m),
        Err(found) => {
            for p in found.into_iter().filter(|p| !fields.contains(&p.field)) {
                let (file, line) = match spec.locate_field(&texts, &p.field) {
                    Some((file, line)) => (file, Some(line)),
                    None => (
                        MANIFEST.to_string(),
                        p.field.strip_prefix("line ").and_then(|l| l.parse().ok()),
                    ),
                };
                problems.push(Problem::at(Rule::Manifest, file, line).says(
                    format!("{}: {}", p.field, p.message),
                    "fix this field of template.toml",
                ));
            }
            None
        }
    };
    let answers = fixtures(raw, &params_names, manifest.as_ref(), problems);
    Some(Checked { manifest, answers })
}

mod spec {
    use super::super::spec::{Spec, Texts};
    use super::{MANIFEST, Problem, Rule};
    use crate::catalog::RawTemplate;

    /// Reads the manifest with its parameter groups, reporting a TOML error as the first problem.
    pub(super) fn parse_or_report(
        raw: &RawTemplate,
        problems: &mut Vec<Problem>,
    ) -> Option<(Spec, Texts)> {
        match Spec::load(raw) {
            Ok(loaded) => Some(loaded),
            Err((message, line)) => {
                problems.push(Problem::at(Rule::Manifest, MANIFEST, line).says(
                    format!("template.toml is not a valid manifest: {message}"),
                    "fix the TOML; `goldpath template schema` prints the manifest's schema",
                ));
                None
            }
        }
    }
}

/// A problem of `rule` at an offset of the manifest or of a parameter group it pulls in.
fn at(texts: &Texts, rule: Rule, offset: usize) -> super::ProblemBuilder {
    let (file, line) = texts.locate(offset);
    Problem::at(rule, file, Some(line))
}

/// The names a template declares.
pub(crate) struct Names<'a> {
    /// Parameters, in order.
    pub params: &'a [&'a str],
    /// Derived values, in order.
    pub derived: &'a [&'a str],
}

impl Names<'_> {
    /// Whether a file may read `name`: a parameter, a derived value or a built-in.
    fn known_in_files(&self, name: &str) -> bool {
        self.params.contains(&name) || self.derived.contains(&name) || is_builtin(name)
    }
}

/// Names every render context holds: `goldpath.*` and tera's `loop` inside loops.
fn is_builtin(name: &str) -> bool {
    matches!(name, "goldpath" | "loop")
}

/// The closest declared name, for "did you mean".
fn suggestion<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let best = candidates
        .map(|c| (distance(name, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min();
    best.map(|(_, c)| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

/// Levenshtein distance over chars.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = here;
        }
    }
    row[b.len()]
}

/// Field rules of each parameter; returns the parameters that could be typed, for domains.
fn parameters(
    spec: &Spec,
    texts: &Texts,
    problems: &mut Vec<Problem>,
    fields: &mut BTreeSet<String>,
) -> Vec<Option<Typed>> {
    let mut out = Vec::new();
    for (i, p) in spec.parameters.iter().enumerate() {
        let p = p.get_ref();
        let name = p.name.get_ref();
        let mut report = |field: &str,
                          span: std::ops::Range<usize>,
                          rule: Rule,
                          message: String,
                          fix: String| {
            fields.insert(format!("parameters[{i}].{field}"));
            problems.push(
                at(texts, rule, span.start).says(format!("parameter `{name}`: {message}"), fix),
            );
        };
        let pattern = p.pattern.as_ref().and_then(|src| {
            match Pattern::new(src.get_ref().clone()) {
                Ok(pattern) => Some(pattern),
                Err(error) => {
                    let reason = error.lines().last().unwrap_or("").trim().to_string();
                    report(
                        "pattern",
                        src.span(),
                        Rule::Pattern,
                        format!("pattern `{}` does not compile: {reason}", src.get_ref()),
                        "write a valid regular expression (Rust regex syntax; it must match the whole value)".into(),
                    );
                    None
                }
            }
        });
        if let (Some(lo), Some(hi)) = (&p.min, &p.max)
            && lo.get_ref() > hi.get_ref()
        {
            report(
                "min",
                lo.span(),
                Rule::Range,
                format!("min {} is above max {}", lo.get_ref(), hi.get_ref()),
                "lower min or raise max".into(),
            );
        }
        if let (Some(lo), Some(hi)) = (&p.min_length, &p.max_length)
            && lo.get_ref() > hi.get_ref()
        {
            report(
                "min_length",
                lo.span(),
                Rule::Range,
                format!(
                    "min_length {} is above max_length {}",
                    lo.get_ref(),
                    hi.get_ref()
                ),
                "lower min_length or raise max_length".into(),
            );
        }
        let mut seen = BTreeSet::new();
        for c in p.choices.iter().flat_map(|c| c.get_ref()) {
            if !seen.insert(c) {
                report(
                    "choices",
                    p.choices.as_ref().map_or(0..0, |c| c.span()),
                    Rule::DuplicateChoice,
                    format!("choice `{c}` is listed twice"),
                    format!("remove the second `{c}` from choices"),
                );
            }
        }
        let param = typed(p, pattern);
        if let (Some(Typed { param, .. }), Some(default)) = (&param, &p.default) {
            match Value::from_toml(default.get_ref(), param.kind) {
                None => report(
                    "default",
                    default.span(),
                    Rule::Default,
                    format!(
                        "default `{}` is not a {}",
                        default.get_ref(),
                        param.kind.as_str()
                    ),
                    format!(
                        "give a {} default, or none to make it required",
                        param.kind.as_str()
                    ),
                ),
                Some(value) => {
                    for issue in answers::check(param, &value) {
                        report(
                            "default",
                            default.span(),
                            Rule::Default,
                            format!(
                                "default {} fails its own constraint: expected {issue}",
                                value.display()
                            ),
                            "change the default, or the constraint it breaks".into(),
                        );
                    }
                }
            }
        }
        out.push(param);
    }
    out
}

/// A parameter as the answers module checks it; `None` for an unknown type.
fn typed(p: &SpecParameter, pattern: Option<Pattern>) -> Option<Typed> {
    let kind = match p.kind.as_ref()?.get_ref().as_str() {
        "string" => Kind::String,
        "integer" => Kind::Integer,
        "boolean" => Kind::Boolean,
        "choice" => Kind::Choice,
        "list" => Kind::List,
        _ => return None,
    };
    let param = Parameter {
        name: p.name.get_ref().clone(),
        kind,
        help: String::new(),
        default: None,
        pattern,
        min_length: p.min_length.as_ref().map(|v| *v.get_ref()),
        max_length: p.max_length.as_ref().map(|v| *v.get_ref()),
        min: p.min.as_ref().map(|v| *v.get_ref()),
        max: p.max.as_ref().map(|v| *v.get_ref()),
        choices: p
            .choices
            .as_ref()
            .map(|c| c.get_ref().clone())
            .unwrap_or_default(),
        when: None,
    };
    Some(Typed {
        param,
        conditional: p.when.is_some(),
    })
}

/// A parameter typed for checks, and whether it has a condition (it may be unasked).
pub(crate) struct Typed {
    /// The parameter's type and constraints (its condition left out).
    pub param: Parameter,
    /// Whether it is asked only under a condition.
    pub conditional: bool,
}

/// Every `when` of the manifest: syntax, unknown names, constant truth.
fn conditions(
    spec: &Spec,
    texts: &Texts,
    names: &Names<'_>,
    params: &[Option<Typed>],
    problems: &mut Vec<Problem>,
    fields: &mut BTreeSet<String>,
    used: &mut BTreeSet<String>,
) {
    let mut all: Vec<(String, &toml::Spanned<String>, usize)> = Vec::new();
    for (i, p) in spec.parameters.iter().enumerate() {
        if let Some(when) = &p.get_ref().when {
            all.push((format!("parameters[{i}].when"), when, i));
        }
    }
    for (i, f) in spec.files.iter().enumerate() {
        all.push((format!("files[{i}].when"), &f.get_ref().when, usize::MAX));
    }
    for (i, m) in spec.modules.iter().enumerate() {
        if let Some(when) = &m.get_ref().when {
            all.push((format!("modules[{i}].when"), when, usize::MAX));
        }
    }
    for (field, when, before) in all {
        let (file, line) = texts.locate(when.span().start);
        let line = Some(line);
        let expr = when.get_ref();
        let wrapped = format!("{{% if {expr} %}}1{{% endif %}}");
        let read = match source::free_variables(&wrapped) {
            Ok(read) => read,
            Err(e) => {
                fields.insert(field.clone());
                problems.push(Problem::at(Rule::Syntax, &file, line).says(
                    format!("{field} `{expr}` is not a valid condition: {}", e.message),
                    "write a tera expression such as `environment == 'prod' and enable_api`",
                ));
                continue;
            }
        };
        used.extend(read.iter().cloned());
        let earlier = &names.params[..before.min(names.params.len())];
        let allowed =
            |n: &str| earlier.contains(&n) || (before == usize::MAX && names.derived.contains(&n));
        let unknown: Vec<&String> = read.iter().filter(|n| !allowed(n)).collect();
        for n in &unknown {
            fields.insert(field.clone());
            let later = names.params.contains(&n.as_str());
            let (message, fix) = if later {
                (
                    format!("{field} `{expr}` names `{n}`, which is declared after it"),
                    format!("move parameter `{n}` above the one whose condition reads it"),
                )
            } else {
                (
                    format!(
                        "{field} `{expr}` names `{n}`, which is no parameter{}{}",
                        if before == usize::MAX {
                            " or derived value"
                        } else {
                            ""
                        },
                        suggestion(n, names.params.iter().copied())
                    ),
                    "name a parameter declared above (or a derived value, in files and modules)"
                        .into(),
                )
            };
            problems.push(Problem::at(Rule::ConditionUnknown, &file, line).says(message, fix));
        }
        if !unknown.is_empty() {
            continue;
        }
        if let Some(truth) = constant(expr, &read, names.params, params) {
            let side = if truth { "true" } else { "false" };
            problems.push(Problem::at(Rule::ConditionConstant, &file, line).says(
                format!("{field} `{expr}` is {side} for every possible answer of {}", read.join(", ")),
                "compare with values the parameters can take (their choices, type and bounds), or drop the condition",
            ));
        }
    }
}

/// Most combinations of answers a constant-condition check tries.
const MAX_COMBINATIONS: usize = 4096;

/// `Some(truth)` when `expr` evaluates to `truth` for every answer the parameters it reads
/// can take; `None` when it can go both ways or the values cannot be enumerated.
fn constant(
    expr: &str,
    read: &[String],
    param_names: &[&str],
    params: &[Option<Typed>],
) -> Option<bool> {
    let test = Test::new(expr)?;
    let toks = scan::tokens(expr);
    let literals = scan::strings(&toks);
    let numbers: Vec<i64> = toks
        .iter()
        .filter_map(|t| match t {
            scan::Tok::Num(n) => Some(*n),
            _ => None,
        })
        .collect();
    let mut domains: Vec<(&str, Vec<serde_json::Value>)> = Vec::new();
    for name in read {
        let i = param_names.iter().position(|p| p == name)?;
        let typed = params.get(i)?.as_ref()?;
        domains.push((name, domain(typed, &literals, &numbers)?));
    }
    if domains.iter().map(|(_, d)| d.len()).product::<usize>() > MAX_COMBINATIONS {
        return None;
    }
    let mut seen = (false, false);
    let mut index = vec![0usize; domains.len()];
    loop {
        let mut context = tera::Context::new();
        for ((name, values), &k) in domains.iter().zip(&index) {
            context.insert(name.to_string(), &values[k]);
        }
        match test.holds(&context) {
            Some(true) => seen.0 = true,
            Some(false) => seen.1 = true,
            None => {}
        }
        if seen.0 && seen.1 {
            return None;
        }
        let mut pos = 0;
        loop {
            if pos == index.len() {
                return match seen {
                    (true, false) => Some(true),
                    (false, true) => Some(false),
                    _ => None,
                };
            }
            index[pos] += 1;
            if index[pos] < domains[pos].1.len() {
                break;
            }
            index[pos] = 0;
            pos += 1;
        }
    }
}

/// Representative answers of a parameter for a condition: every choice or boolean, and for
/// open types the condition's own literals and a few others, kept only when valid. A
/// parameter with a condition of its own may also be unasked (none).
fn domain(typed: &Typed, literals: &[&str], numbers: &[i64]) -> Option<Vec<serde_json::Value>> {
    let param = &typed.param;
    let candidates: Vec<Value> = match param.kind {
        Kind::Boolean => vec![Value::Boolean(true), Value::Boolean(false)],
        Kind::Choice => param.choices.iter().cloned().map(Value::String).collect(),
        Kind::Integer => {
            let mut n: Vec<i64> = vec![0, 1, -1];
            n.extend(param.min);
            n.extend(param.max);
            for x in numbers {
                n.extend([x - 1, *x, x + 1]);
            }
            n.sort_unstable();
            n.dedup();
            n.into_iter().map(Value::Integer).collect()
        }
        Kind::String => ["", "x", "other-value"]
            .iter()
            .chain(literals)
            .map(|s| Value::String(s.to_string()))
            .collect(),
        Kind::List => {
            let mut lists = vec![Value::List(vec![]), Value::List(vec!["x".into()])];
            lists.extend(literals.iter().map(|s| Value::List(vec![s.to_string()])));
            lists
        }
    };
    let mut valid: Vec<serde_json::Value> = candidates
        .into_iter()
        .filter(|v| answers::check(param, v).is_empty())
        .map(|v| v.to_json())
        .collect();
    if valid.is_empty() {
        return None;
    }
    if typed.conditional {
        valid.push(serde_json::Value::Null);
    }
    Some(valid)
}

/// Derived values and module answers: syntax and names.
fn manifest_templates(
    spec: &Spec,
    texts: &Texts,
    names: &Names<'_>,
    problems: &mut Vec<Problem>,
    used: &mut BTreeSet<String>,
) {
    let mut sources: Vec<(String, &toml::Spanned<String>, usize)> = Vec::new();
    for (i, d) in spec.derived.iter().enumerate() {
        sources.push((
            format!("derived value `{}`", d.get_ref().name.get_ref()),
            &d.get_ref().value,
            i,
        ));
    }
    for (i, m) in spec.modules.iter().enumerate() {
        for (key, value) in &m.get_ref().answers {
            sources.push((format!("modules[{i}] answer `{key}`"), value, usize::MAX));
        }
    }
    for (what, value, before) in sources {
        let (file, line) = texts.locate(value.span().start);
        let line = Some(line);
        let read = match source::free_variables(value.get_ref()) {
            Ok(read) => read,
            Err(e) => {
                problems.push(Problem::at(Rule::Syntax, &file, line).says(
                    format!("{what} `{}` does not parse: {}", value.get_ref(), e.message),
                    "fix the tera syntax",
                ));
                continue;
            }
        };
        for n in &read {
            used.insert(n.clone());
            let earlier = &names.derived[..before.min(names.derived.len())];
            let known = names.params.contains(&n.as_str())
                || earlier.contains(&n.as_str())
                || n == "goldpath";
            if known {
                continue;
            }
            let message = if names.derived.contains(&n.as_str()) {
                format!("{what} reads `{n}`, a derived value declared after it")
            } else {
                format!(
                    "{what} reads `{n}`, which names no parameter, derived value or built-in{}",
                    suggestion(n, names.params.iter().chain(names.derived).copied())
                )
            };
            problems.push(Problem::at(Rule::PlaceholderManifest, &file, line).says(
                message,
                "use a parameter, an earlier derived value or goldpath.*, or declare the name",
            ));
        }
    }
}

/// `policies` areas the library has.
fn policies(
    spec: &Spec,
    texts: &Texts,
    areas: &[String],
    problems: &mut Vec<Problem>,
    fields: &mut BTreeSet<String>,
) {
    for (i, area) in spec.policies.iter().enumerate() {
        if areas.contains(area.get_ref()) {
            continue;
        }
        fields.insert(format!("policies[{i}]"));
        problems.push(at(texts, Rule::UnknownPolicyArea, area.span().start).says(
            format!(
                "policy area `{}` is not in the policy library{}",
                area.get_ref(),
                suggestion(area.get_ref(), areas.iter().map(String::as_str))
            ),
            format!("use one of: {}", areas.join(", ")),
        ));
    }
}

/// Filters after which a value is HCL-escaped text or a complete HCL literal.
const HCL_SAFE: &[&str] = &["hcl", "hcl_fragment"];
/// Filters whose output is marked safe but escaped for another language (or not at all).
const MARKS_SAFE: &[&str] = &["safe", "yaml", "json", "toml", "python", "markdown"];

/// Files: syntax, placeholders in contents and names, filters; and the same for the shared
/// partials they include. Returns the names they read.
fn check_files(
    raw: &RawTemplate,
    names: Option<&Names<'_>>,
    problems: &mut Vec<Problem>,
) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let partials = usable_partials(&raw.shared.partials, problems);
    for (path, text) in &raw.files {
        let file = format!("files/{path}");
        if path.contains("{{") || path.contains("{%") {
            match source::free_variables(path) {
                Err(e) => problems.push(Problem::at(Rule::Syntax, &file, None).says(
                    format!("file name `{path}` does not parse: {}", e.message),
                    "fix the placeholder in the file or folder name",
                )),
                Ok(read) => {
                    for n in read {
                        if let Some(names) = names
                            && !names.known_in_files(&n)
                        {
                            problems.push(Problem::at(Rule::PlaceholderName, &file, None).says(
                                format!(
                                    "file name `{path}` reads `{n}`, which names no parameter, derived value or built-in{}",
                                    suggestion(&n, names.params.iter().chain(names.derived).copied())
                                ),
                                "rename the placeholder to a declared parameter or derived value",
                            ));
                        }
                        used.insert(n);
                    }
                }
            }
        }
        used.extend(check_source(path, &file, text, partials, names, problems));
    }
    for (name, text) in included(&raw.files, partials) {
        let file = format!("../{name}");
        used.extend(check_source(name, &file, text, partials, names, problems));
    }
    used
}

/// The source's partials when they all parse; otherwise each broken one is reported and none
/// is registered (the files that include them report the include).
fn usable_partials<'a>(
    partials: &'a [(String, String)],
    problems: &mut Vec<Problem>,
) -> &'a [(String, String)] {
    let mut broken = false;
    for (name, text) in partials {
        let others: Vec<(String, String)> = partials
            .iter()
            .filter(|(n, _)| n != name)
            .cloned()
            .collect();
        if let Err(e) = source::free_variables_with(text, &others) {
            broken = true;
            problems.push(
                Problem::at(Rule::Syntax, format!("../{name}"), e.line).says(
                    format!("tera syntax error in a shared partial: {}", e.message),
                    "fix the partial's template syntax at this line",
                ),
            );
        }
    }
    if broken { &[] } else { partials }
}

/// The partials `files` include, directly or through other partials, by name.
fn included<'a>(
    files: &[(String, String)],
    partials: &'a [(String, String)],
) -> Vec<(&'a str, &'a str)> {
    let mut reached: Vec<(&str, &str)> = Vec::new();
    let mut queue: Vec<String> = files.iter().flat_map(|(_, t)| includes(t)).collect();
    while let Some(name) = queue.pop() {
        if reached.iter().any(|(n, _)| *n == name) {
            continue;
        }
        if let Some((n, t)) = partials.iter().find(|(n, _)| *n == name) {
            reached.push((n, t));
            queue.extend(includes(t));
        }
    }
    reached.sort();
    reached
}

/// The template names a source's `{% include %}` tags name.
fn includes(text: &str) -> Vec<String> {
    scan::tags(text)
        .iter()
        .filter(|t| t.kind == TagKind::Stmt)
        .filter_map(|t| {
            let (keyword, rest) = scan::statement(t.body);
            (keyword == "include")
                .then(|| {
                    scan::strings(&scan::tokens(rest))
                        .first()
                        .map(|s| s.to_string())
                })
                .flatten()
        })
        .collect()
}

/// One tera source (a file, or a partial it includes; `path` decides its language, `file` is
/// how problems name it): syntax, placeholders, filters. A name the source reads only through
/// a partial it includes is left to that partial's own check. Returns the names it reads.
fn check_source(
    path: &str,
    file: &str,
    text: &str,
    partials: &[(String, String)],
    names: Option<&Names<'_>>,
    problems: &mut Vec<Problem>,
) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let tags = scan::tags(text);
    let includes_partials = !includes(text).is_empty();
    match source::free_variables_with(text, partials) {
        Err(e) => problems.push(Problem::at(Rule::Syntax, file, e.line).says(
            format!("tera syntax error: {}", e.message),
            "fix the template syntax at this line",
        )),
        Ok(read) => {
            for n in read {
                if let Some(names) = names
                    && !names.known_in_files(&n)
                {
                    let line = tags
                        .iter()
                        .find(|t| scan::variables(&scan::tokens(t.body)).contains(&n.as_str()))
                        .map(|t| t.line);
                    if line.is_some() || !includes_partials {
                        problems.push(Problem::at(Rule::PlaceholderFile, file, line).says(
                            format!(
                                "`{n}` names no parameter, derived value or built-in (goldpath.*){}",
                                suggestion(&n, names.params.iter().chain(names.derived).copied())
                            ),
                            format!("declare `{n}` in template.toml (a parameter or derived value), or correct the name"),
                        ));
                    }
                }
                used.insert(n);
            }
        }
    }
    filters(path, file, &tags, problems);
    used
}

/// HCL files: every printed value ends HCL-escaped. Files with no default escaping: every
/// printed value that reads a variable passes an explicit filter.
fn filters(path: &str, file: &str, tags: &[scan::Tag<'_>], problems: &mut Vec<Problem>) {
    let language = Language::of(path);
    if !matches!(language, Language::Hcl | Language::Other) {
        return;
    }
    for tag in tags {
        let toks = scan::tokens(tag.body);
        let reads_value = !scan::variables(&toks).is_empty();
        if tag.kind == TagKind::Stmt {
            let (keyword, rest) = scan::statement(tag.body);
            if language == Language::Hcl && keyword == "filter" {
                let name = rest
                    .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                    .next()
                    .unwrap_or("");
                if MARKS_SAFE.contains(&name) {
                    problems.push(unsafe_filter(
                        file,
                        tag.line,
                        &format!("{{% filter {rest} %}}"),
                        name,
                    ));
                }
            }
            continue;
        }
        // `throw(...)` stops the render with a message; it prints nothing.
        if !reads_value || toks.first() == Some(&scan::Tok::Ident("throw")) {
            continue;
        }
        for chain in scan::output_filters(&toks) {
            let last = chain.last().copied();
            match language {
                Language::Hcl => {
                    let escaped_before =
                        chain.len() >= 2 && HCL_SAFE.contains(&chain[chain.len() - 2]);
                    if let Some(last) = last
                        && MARKS_SAFE.contains(&last)
                        && !(last == "safe" && escaped_before)
                    {
                        problems.push(unsafe_filter(
                            file,
                            tag.line,
                            &format!("{{{{ {} }}}}", tag.body),
                            last,
                        ));
                    }
                }
                _ => {
                    if !last.is_some_and(|f| HCL_SAFE.contains(&f) || MARKS_SAFE.contains(&f)) {
                        problems.push(Problem::at(Rule::MissingFilter, file, Some(tag.line)).says(
                            format!(
                                "`{{{{ {} }}}}` prints a value into a file type with no default escaping; rendering fails",
                                tag.body
                            ),
                            "end the expression with the filter of the file's language (hcl, hcl_fragment, yaml, json, toml, python, markdown), or `safe` for trusted text",
                        ));
                    }
                }
            }
        }
    }
}

fn unsafe_filter(file: &str, line: usize, shown: &str, filter: &str) -> Problem {
    Problem::at(Rule::UnsafeFilter, file, Some(line)).says(
        format!(
            "`{shown}` puts a value into an HCL file through `{filter}`, which does not escape for HCL (quotes, `${{` and `%{{` stay live)"
        ),
        "drop the filter (values are HCL-escaped by default), or use `| hcl` for a typed literal or `| hcl_fragment` inside a quoted string",
    )
}

/// Fixtures: each parses, answers only declared parameters and passes validation.
fn fixtures(
    raw: &RawTemplate,
    params: &[&str],
    manifest: Option<&Manifest>,
    problems: &mut Vec<Problem>,
) -> Vec<(String, Answers)> {
    let mut out = Vec::new();
    for (name, text) in &raw.fixtures {
        let file = format!("tests/{name}");
        let given = match answers::file::parse(text) {
            Ok(given) => given,
            Err(e) => {
                problems.push(Problem::at(Rule::FixtureInvalid, &file, e.line).says(
                    format!("fixture does not parse: {}", e.message),
                    "write a YAML mapping of parameter name to value",
                ));
                continue;
            }
        };
        for g in given.iter().filter(|g| !params.contains(&g.key.as_str())) {
            problems.push(
                Problem::at(Rule::FixtureUnknownParameter, &file, Some(g.line)).says(
                    format!(
                        "fixture answers `{}`, which is no parameter of the template{}",
                        g.key,
                        suggestion(&g.key, params.iter().copied())
                    ),
                    "remove the key or correct its name",
                ),
            );
        }
        let Some(manifest) = manifest else { continue };
        let inputs = Inputs {
            file: given
                .into_iter()
                .filter(|g| params.contains(&g.key.as_str()))
                .collect(),
            ..Default::default()
        };
        match answers::resolve(manifest, &inputs) {
            Ok(answers) => out.push((name.clone(), answers)),
            Err(found) => {
                for p in found {
                    let line = match p.source {
                        answers::Source::File(line) => Some(line),
                        _ => None,
                    };
                    problems.push(Problem::at(Rule::FixtureInvalid, &file, line).says(
                        format!(
                            "`{}` = {}: expected {}",
                            p.parameter,
                            p.value.as_deref().unwrap_or("(no answer)"),
                            p.expected
                        ),
                        "change the fixture's answer (a fixture must pass validation to render)",
                    ));
                }
            }
        }
    }
    out
}
