//! `when` conditions: tera expressions over earlier answers, deciding what is asked and rendered.

use tera::{Context, Tera};

/// A validated condition expression such as `environment == 'prod' and enable_api`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    source: String,
    names: Vec<String>,
}

impl Condition {
    /// Parses `source`, which may only name variables in `known`.
    pub fn parse(source: &str, known: &[&str]) -> Result<Condition, String> {
        let mut tera = Tera::default();
        tera.add_raw_template("when", &wrap(source))
            .map_err(|e| format!("`{source}` is not a valid condition: {}", one_line(&e)))?;
        let used = tera
            .get_template_variables("when")
            .map_err(|e| format!("`{source}`: {}", one_line(&e)))?;
        let mut names: Vec<String> = used.iter().map(|v| v.to_string()).collect();
        names.sort_unstable();
        let unknown: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|v| !known.contains(v))
            .collect();
        if let Some(first) = unknown.first() {
            return Err(format!(
                "`{source}` names `{first}`, which is not an earlier parameter; conditions may only use parameters declared above them"
            ));
        }
        Ok(Condition {
            source: source.to_string(),
            names,
        })
    }

    /// The variables the condition reads.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The expression as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Evaluates the condition; variables missing from `context` count as none (false).
    pub fn holds(&self, context: &Context) -> Result<bool, String> {
        Tera::default()
            .render_str(&wrap(&self.source), context, false)
            .map(|out| out == "1")
            .map_err(|e| format!("condition `{}` failed: {}", self.source, one_line(&e)))
    }
}

fn wrap(source: &str) -> String {
    format!("{{% if {source} %}}1{{% endif %}}")
}

/// A tera error and its causes on one line, for messages that name a field.
pub(crate) fn one_line(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(pairs: &[(&'static str, serde_json::Value)]) -> Context {
        let mut c = Context::new();
        for (k, v) in pairs {
            c.insert(*k, v);
        }
        c
    }

    #[test]
    fn evaluates_over_answers() {
        let c = Condition::parse("env == 'prod' and api", &["env", "api"]).unwrap();
        assert!(
            c.holds(&ctx(&[("env", "prod".into()), ("api", true.into())]))
                .unwrap()
        );
        assert!(
            !c.holds(&ctx(&[("env", "dev".into()), ("api", true.into())]))
                .unwrap()
        );
    }

    #[test]
    fn absent_answers_are_false() {
        let c = Condition::parse("api", &["api"]).unwrap();
        assert!(!c.holds(&ctx(&[("api", serde_json::Value::Null)])).unwrap());
    }

    #[test]
    fn rejects_unknown_names_and_bad_syntax() {
        assert!(
            Condition::parse("later == 1", &["env"])
                .unwrap_err()
                .contains("`later`")
        );
        assert!(Condition::parse("env ==", &["env"]).is_err());
        let c = Condition::parse("env == 'prod' or api", &["env", "api"]).unwrap();
        assert_eq!(c.names(), ["api", "env"]);
    }
}
