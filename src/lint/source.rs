//! Tera sources as the linter sees them: parsed by tera (syntax, free variables) and located
//! by the scanner (lines), evaluated over a context for conditions and coverage.

use regex::Regex;
use std::sync::LazyLock;

/// The filters goldpath's engines add to tera's own (see `render::engine`); parsing needs
/// them registered, since tera refuses a template that calls an unknown filter.
pub(crate) const GOLDPATH_FILTERS: &[&str] = &[
    "hcl",
    "hcl_fragment",
    "yaml",
    "json",
    "toml",
    "python",
    "markdown",
];

/// A tera error: what is wrong and the 1-based line of the source, when tera says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// What tera reported.
    pub message: String,
    /// Line in the source.
    pub line: Option<usize>,
}

/// A tera instance that knows goldpath's filters (as pass-throughs: only parsing and
/// conditions use it, never output).
pub(crate) fn tera() -> tera::Tera {
    let mut tera = tera::Tera::default();
    for name in GOLDPATH_FILTERS {
        tera.register_filter(
            *name,
            |v: &tera::Value, _: tera::Kwargs, _: &tera::State| v.clone(),
        );
    }
    tera
}

/// Parses a tera source; on success, the top-level variables it reads in any branch.
pub(crate) fn free_variables(source: &str) -> Result<Vec<String>, SyntaxError> {
    free_variables_with(source, &[])
}

/// Like [`free_variables`], with `partials` (name, source) there to include; the variables of
/// the partials it includes count as read.
pub(crate) fn free_variables_with(
    source: &str,
    partials: &[(String, String)],
) -> Result<Vec<String>, SyntaxError> {
    let mut tera = tera();
    if !partials.is_empty() {
        tera.add_raw_templates(partials.iter().map(|(n, t)| (n, t)))
            .map_err(syntax_error)?;
    }
    tera.add_raw_template("t", source).map_err(syntax_error)?;
    let mut names: Vec<String> = tera
        .get_template_variables("t")
        .map_err(syntax_error)?
        .into_iter()
        .map(str::to_string)
        .collect();
    names.sort_unstable();
    Ok(names)
}

/// The message and line of a tera error raised while adding the template `t`.
fn syntax_error(e: tera::Error) -> SyntaxError {
    static REPORT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"error: ([^\n]*)\n\s*--> t:(\d+):\d+").expect("static regex"));
    if let tera::ErrorKind::SyntaxError(report) = e.kind() {
        return SyntaxError {
            message: report.message().to_string(),
            line: Some(report.span().start_line),
        };
    }
    let text = crate::condition::one_line(&e);
    let full = e.to_string();
    match REPORT.captures(&full) {
        Some(c) => SyntaxError {
            message: c[1].to_string(),
            line: c[2].parse().ok(),
        },
        None => SyntaxError {
            message: text,
            line: None,
        },
    }
}

/// A condition (a tera test expression) ready to evaluate over many contexts.
pub(crate) struct Test {
    tera: tera::Tera,
}

impl Test {
    /// Compiles `expr`; `None` when it does not parse (reported elsewhere).
    pub fn new(expr: &str) -> Option<Test> {
        let mut tera = tera();
        tera.add_raw_template("t", &format!("{{% if {expr} %}}1{{% endif %}}"))
            .ok()?;
        Some(Test { tera })
    }

    /// Whether the test holds; `None` when evaluating it fails for these values.
    pub fn holds(&self, context: &tera::Context) -> Option<bool> {
        self.tera.render("t", context).ok().map(|out| out == "1")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_variables_cover_every_branch_and_skip_bindings() {
        let names = free_variables(
            "{% set a = 1 %}{% if x %}{{ y | hcl }}{% else %}{% for i in z %}{{ i ~ a }}{% endfor %}{% endif %}",
        )
        .unwrap();
        assert_eq!(names, ["x", "y", "z"]);
    }

    #[test]
    fn syntax_errors_have_lines() {
        let e = free_variables("a\nb {{ x \n").unwrap_err();
        assert!(e.line.is_some(), "{e:?}");
        let e = free_variables("\n\n{{ x | nope }}").unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
        assert!(e.message.contains("nope"), "{e:?}");
    }

    #[test]
    fn tests_evaluate_or_say_they_cannot() {
        let t = Test::new("a == 'x'").unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("a", "x");
        assert_eq!(t.holds(&ctx), Some(true));
        assert!(Test::new("a ==").is_none());
    }
}
