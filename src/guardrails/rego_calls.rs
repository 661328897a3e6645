//! Every function a policy calls, checked when the policies load: a call to a builtin the
//! engine does not have would otherwise fail (or, for the network builtins, quietly give
//! nothing) only on the modules whose evaluation reaches it.

use super::rego::PolicyError;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex};

/// Builtins the engine has but that reach the network: goldpath's checks never do, so a policy
/// that calls one would silently see nothing.
const NETWORK: [&str; 2] = ["http.send", "net.lookup_ip_addr"];

/// Words that precede a parenthesis without being calls (`set()` is the empty set).
const KEYWORDS: [&str; 11] = [
    "if", "contains", "in", "some", "every", "not", "with", "else", "as", "default", "set",
];

/// A call's name, possibly dotted (`regex.match`, `lib.attr`).
static CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^A-Za-z0-9_.\]])([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\(")
        .expect("valid regex")
});

/// A function defined at the start of a line: `name(args) := …` or `name(args) if …`.
static DEFINED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^([A-Za-z_][A-Za-z0-9_]*)\s*\(").expect("valid regex"));

/// `import data.a.b` (alias `b`) or `import data.a.b as c` (alias `c`).
static IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*import\s+((?:data|input)(?:\.[A-Za-z_][A-Za-z0-9_]*)*)(?:\s+as\s+([A-Za-z_][A-Za-z0-9_]*))?")
        .expect("valid regex")
});

/// The first call of each policy file to a function that is neither defined by the policies
/// nor a builtin `known` says the engine has; network builtins are refused too. Each error
/// names the file, the line and the function.
pub fn unsupported(files: &[(String, String)], known: &dyn Fn(&str) -> bool) -> Vec<PolicyError> {
    let texts: Vec<(&str, String)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), code_only(text)))
        .collect();
    let defined: HashSet<&str> = texts
        .iter()
        .flat_map(|(_, code)| DEFINED.captures_iter(code).filter_map(|c| c.get(1)))
        .map(|m| m.as_str())
        .collect();
    let mut out = Vec::new();
    for (path, code) in &texts {
        let aliases: HashSet<&str> = IMPORT
            .captures_iter(code)
            .filter_map(|c| match (c.get(1), c.get(2)) {
                (_, Some(alias)) => Some(alias.as_str()),
                (Some(path), None) => path.as_str().rsplit('.').next(),
                _ => None,
            })
            .collect();
        let first = CALL.captures_iter(code).find_map(|c| {
            let name = c.get(1)?;
            let text = name.as_str();
            let root = text.split('.').next().unwrap_or(text);
            let local = KEYWORDS.contains(&text)
                || defined.contains(text)
                || root == "data"
                || (text.contains('.') && aliases.contains(root));
            let why = if NETWORK.contains(&text) {
                "reaches the network, which goldpath's checks never do"
            } else if !local && !known(text) {
                "is not a builtin of goldpath's Rego engine (regorus), nor a function the policies define"
            } else {
                return None;
            };
            let line = code[..name.start()].matches('\n').count() + 1;
            Some(PolicyError {
                path: path.to_string(),
                message: format!(
                    "line {line}: `{text}` {why}; rewrite the rule without it (conftest's \
                     parse_config, parse_config_file and parse_combined_config_files are \
                     provided)"
                ),
            })
        });
        out.extend(first);
    }
    out
}

/// Rego text with comments and the insides of strings blanked, lines kept.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' | '`' => {
                out.push(c);
                let mut escaped = false;
                for s in chars.by_ref() {
                    if s == '\n' {
                        out.push('\n');
                    }
                    if c == '"' && s == '\\' && !escaped {
                        escaped = true;
                        continue;
                    }
                    if s == c && !escaped {
                        out.push(c);
                        break;
                    }
                    escaped = false;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The first unsupported call of `files` (see [`unsupported`]), with conftest's builtins known.
pub fn check(files: &[super::rego::PolicyFile]) -> Result<(), PolicyError> {
    let files: Vec<(String, String)> = files
        .iter()
        .map(|f| (f.path.clone(), f.text.clone()))
        .collect();
    let known = |name: &str| engine_knows(name, &super::conftest_builtins::NAMES);
    match unsupported(&files, &known).into_iter().next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Whether the engine knows the builtin `name`, asked of a one-line policy calling it and
/// remembered for the process.
pub fn engine_knows(name: &str, extensions: &[&str]) -> bool {
    static KNOWN: LazyLock<Mutex<HashMap<String, bool>>> = LazyLock::new(Mutex::default);
    if extensions.contains(&name) {
        return true;
    }
    if let Some(known) = KNOWN.lock().unwrap_or_else(|e| e.into_inner()).get(name) {
        return *known;
    }
    let mut engine = regorus::Engine::new();
    let probe = format!("package goldpath_probe\n\nx := {name}(0)\n");
    let known = engine.add_policy("probe.rego".into(), probe).is_ok()
        && match engine.eval_rule("data.goldpath_probe.x".into()) {
            Ok(_) => true,
            Err(e) => !e.to_string().contains("could not find function"),
        };
    KNOWN
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(name.to_string(), known);
    known
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Vec<String> {
        let files = [("p.rego".to_string(), text.to_string())];
        unsupported(&files, &|name| engine_knows(name, &["parse_config"]))
            .into_iter()
            .map(|e| e.message)
            .collect()
    }

    #[test]
    fn builtins_defined_functions_and_imports_are_known() {
        let policy = r#"package main

import rego.v1

import data.goldpath.lib

# not_a_call(here) in a comment
helper(x) := upper(x)

deny contains msg if {
	some name in object.keys(input)
	regex.match(`^a(b)`, name)
	lib.attr(input, "x", null)
	msg := sprintf("%s (see docs)", [helper(name)])
	parse_config("hcl2", "x = 1")
}
"#;
        assert!(check(policy).is_empty(), "{:?}", check(policy));
    }

    #[test]
    fn an_unknown_function_and_a_network_builtin_are_named_with_their_line() {
        let unknown =
            "package main\n\nimport rego.v1\n\ndeny contains \"x\" if {\n\tno_such_fn(1)\n}\n";
        let found = check(unknown);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("line 6: `no_such_fn` is not a builtin"),
            "{found:?}"
        );

        let network = "package main\n\nimport rego.v1\n\ndeny contains \"x\" if {\n\tinput.a\n\thttp.send({\"url\": \"u\"})\n}\n";
        let found = check(network);
        assert!(
            found[0].starts_with("line 7: `http.send` reaches the network"),
            "{found:?}"
        );
    }

    #[test]
    fn the_shipped_library_calls_only_what_the_engine_has() {
        let files: Vec<(String, String)> = crate::guardrails::files::library_files()
            .into_iter()
            .filter(|(path, _)| path.ends_with(".rego"))
            .collect();
        let found = unsupported(&files, &|name| engine_knows(name, &[]));
        assert!(found.is_empty(), "{found:?}");
    }
}
