//! `goldpath show`.

use super::args::ShowFormat;
use super::style::{BOLD, DIM};
use crate::Error;
use crate::catalog::Template;
use crate::catalog::describe::{describe, json_schema};
use std::io::Write;

pub(super) fn run(template: &Template, format: ShowFormat) -> Result<i32, Error> {
    let mut out = anstream::stdout();
    let text = match format {
        ShowFormat::Json => {
            let mut doc = describe(&template.manifest);
            doc["versions"] = serde_json::json!(versions(template));
            serde_json::to_string_pretty(&doc).expect("JSON values serialize")
        }
        ShowFormat::JsonSchema => serde_json::to_string_pretty(&json_schema(&template.manifest))
            .expect("JSON values serialize"),
        ShowFormat::Human => human(template),
    };
    writeln!(out, "{text}").map_err(|source| Error::Write {
        path: "stdout".into(),
        source,
    })?;
    Ok(0)
}

/// Every version the template renders, oldest first.
fn versions(template: &Template) -> Vec<String> {
    template
        .versions()
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn human(template: &Template) -> String {
    let m = &template.manifest;
    let mut s = format!(
        "{BOLD}{} {}{BOLD:#} — {}\n\n{}\n",
        m.name,
        m.version,
        m.title,
        m.description.trim()
    );
    if !m.owners.is_empty() {
        s.push_str(&format!("\nowners: {}\n", m.owners.join(", ")));
    }
    s.push_str(&format!(
        "versions: {} (an earlier one: goldpath new {}@VERSION)\n",
        versions(template).join(", "),
        m.name
    ));
    s.push_str("\nparameters:\n");
    for p in &m.parameters {
        let mut facts = vec![p.kind.as_str().to_string()];
        match &p.default {
            Some(d) => facts.push(format!("default {}", d.display())),
            None => facts.push("required".into()),
        }
        if !p.choices.is_empty() {
            facts.push(format!("one of {}", p.choices.join("|")));
        }
        if let Some(pat) = &p.pattern {
            facts.push(format!("pattern {}", pat.source));
        }
        match (p.min, p.max) {
            (None, None) => {}
            (lo, hi) => facts.push(format!(
                "range {}..{}",
                lo.map(|v| v.to_string()).unwrap_or_default(),
                hi.map(|v| v.to_string()).unwrap_or_default()
            )),
        }
        if p.min_length.is_some() || p.max_length.is_some() {
            facts.push(format!(
                "length {}..{}",
                p.min_length.map(|v| v.to_string()).unwrap_or_default(),
                p.max_length.map(|v| v.to_string()).unwrap_or_default()
            ));
        }
        if let Some(w) = &p.when {
            facts.push(format!("when {}", w.source()));
        }
        s.push_str(&format!(
            "  {BOLD}{}{BOLD:#}  {DIM}({}){DIM:#}\n",
            p.name,
            facts.join("; ")
        ));
        if !p.help.is_empty() {
            s.push_str(&format!("      {}\n", p.help));
        }
    }
    s.trim_end().to_string()
}
