//! OPA's METADATA annotations on conftest rules: a `# METADATA` comment block of YAML right
//! above a rule, whose `title`, `description` and `custom` fields (`id`, `severity`,
//! `remediation`) fill in what the rule's results do not say themselves.

use super::finding::Severity;

/// What a rule's METADATA says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotation {
    /// `title`.
    pub title: Option<String>,
    /// `description`: the remediation when `custom.remediation` is not given.
    pub description: Option<String>,
    /// `custom.id`: the rule id findings carry.
    pub id: Option<String>,
    /// `custom.severity`: `deny` or `warn` (or OPA's levels, as results' `severity`).
    pub severity: Option<Severity>,
    /// `custom.remediation`.
    pub remediation: Option<String>,
}

/// A result's or an annotation's severity word.
pub fn severity_word(word: &str) -> Option<Severity> {
    match word {
        "warn" | "warning" | "low" | "medium" => Some(Severity::Warn),
        "deny" | "error" | "high" | "critical" => Some(Severity::Deny),
        _ => None,
    }
}

/// The annotation of every rule of `text` that has one, by rule name. A block that is not a
/// YAML mapping is left out (the rule keeps its defaults).
pub fn of_rules(text: &str) -> Vec<(String, Annotation)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        if lines[at].trim() != "# METADATA" {
            at += 1;
            continue;
        }
        let mut yaml = String::new();
        at += 1;
        while at < lines.len() && lines[at].trim_start().starts_with('#') {
            let line = lines[at].trim_start().trim_start_matches('#');
            yaml.push_str(line.strip_prefix(' ').unwrap_or(line));
            yaml.push('\n');
            at += 1;
        }
        let Some(head) = lines.get(at) else { break };
        let rule: String = head
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if let (false, Ok(given)) = (rule.is_empty(), crate::answers::file::parse(&yaml)) {
            let field = |key: &str| given.iter().find(|g| g.key == key).map(|g| g.value.clone());
            let text =
                |v: Option<serde_json::Value>| v.and_then(|v| v.as_str().map(str::to_string));
            let custom = field("custom").unwrap_or_default();
            let custom_text = |key: &str| text(custom.get(key).cloned());
            out.push((
                rule,
                Annotation {
                    title: text(field("title")),
                    description: text(field("description")),
                    id: custom_text("id"),
                    severity: custom_text("severity").as_deref().and_then(severity_word),
                    remediation: custom_text("remediation"),
                },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_metadata_block_annotates_the_rule_below_it() {
        let text = "package main\n\n# METADATA\n# title: Buckets are private\n# description: Keep ACLs off.\n# custom:\n#   id: ACME-S3-1\n#   severity: low\n#   remediation: remove the ACL\ndeny contains msg if {\n\tinput.x\n\tmsg := \"x\"\n}\n\n# just a comment\nwarn contains \"y\" if input.y\n";
        let found = of_rules(text);
        assert_eq!(
            found,
            [(
                "deny".to_string(),
                Annotation {
                    title: Some("Buckets are private".into()),
                    description: Some("Keep ACLs off.".into()),
                    id: Some("ACME-S3-1".into()),
                    severity: Some(Severity::Warn),
                    remediation: Some("remove the ACL".into()),
                }
            )]
        );
    }

    #[test]
    fn a_block_that_is_not_yaml_is_left_out() {
        assert!(of_rules("# METADATA\n# title: [unclosed\ndeny contains 1 if true\n").is_empty());
    }
}
