//! Syntax classes for showing rendered files: HCL through the formatter's own lexer, other file
//! types by simple line rules. Pure: text in, classified spans out.

use super::lexer::{Kind, lex};

/// What a span of text is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Anything else.
    Plain,
    /// Block types and language keywords.
    Keyword,
    /// Attribute names and mapping keys.
    Key,
    /// String literals.
    String,
    /// Template interpolation and directives.
    Interp,
    /// Numbers and literals such as true, false and null.
    Literal,
    /// Comments.
    Comment,
}

/// One line of classified spans.
pub type Line<'a> = Vec<(Class, &'a str)>;

/// Splits `text` into lines of classified spans, choosing the rules by the file name.
pub fn highlight<'a>(path: &str, text: &'a str) -> Vec<Line<'a>> {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "tf" | "hcl" | "tftest" => hcl(text),
        "yaml" | "yml" | "toml" | "py" | "rego" | "sh" => hashed(text, ext != "py"),
        "md" => markdown(text),
        _ => text.lines().map(|l| vec![(Class::Plain, l)]).collect(),
    }
}

fn hcl(text: &str) -> Vec<Line<'_>> {
    let tokens = lex(text).tokens;
    let mut spans: Vec<(usize, usize, Class)> = Vec::with_capacity(tokens.len());
    let mut line_start = true;
    for (i, token) in tokens.iter().enumerate() {
        let start = token.text.as_ptr() as usize - text.as_ptr() as usize;
        let next = tokens.get(i + 1).map(|t| t.kind);
        let class = match token.kind {
            Kind::Comment => Class::Comment,
            Kind::Number => Class::Literal,
            Kind::OQuote | Kind::CQuote | Kind::QuotedLit | Kind::StringLit => Class::String,
            Kind::OHeredoc | Kind::CHeredoc => Class::String,
            Kind::TemplateInterp | Kind::TemplateControl | Kind::TemplateSeqEnd => Class::Interp,
            Kind::Ident => match token.text.as_ref() {
                "true" | "false" | "null" => Class::Literal,
                "for" | "in" | "if" | "else" | "endif" | "endfor" => Class::Keyword,
                _ if next == Some(Kind::Equal) => Class::Key,
                _ if line_start
                    && matches!(next, Some(Kind::Ident | Kind::OQuote | Kind::OBrace)) =>
                {
                    Class::Keyword
                }
                _ => Class::Plain,
            },
            _ => Class::Plain,
        };
        line_start = token.ends_line();
        spans.push((start, start + token.text.len(), class));
    }
    split_lines(text, &spans)
}

/// Cuts classified byte ranges into lines; gaps between ranges are plain.
fn split_lines<'a>(text: &'a str, spans: &[(usize, usize, Class)]) -> Vec<Line<'a>> {
    let mut lines: Vec<Line<'a>> = vec![Vec::new()];
    let push = |from: usize, to: usize, class: Class, lines: &mut Vec<Line<'a>>| {
        let mut first = true;
        for piece in text[from..to].split('\n') {
            if !first {
                lines.push(Vec::new());
            }
            first = false;
            if !piece.is_empty() {
                lines.last_mut().expect("never empty").push((class, piece));
            }
        }
    };
    let mut at = 0;
    for &(start, end, class) in spans {
        if start > at {
            push(at, start, Class::Plain, &mut lines);
        }
        push(start, end, class, &mut lines);
        at = end;
    }
    if at < text.len() {
        push(at, text.len(), Class::Plain, &mut lines);
    }
    if text.ends_with('\n') {
        lines.pop();
    }
    lines
}

/// YAML, TOML, Python, Rego and shell: `#` comments, `key:` / `key =` keys, quoted strings.
fn hashed(text: &str, keys: bool) -> Vec<Line<'_>> {
    text.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with('#') {
                return vec![(Class::Comment, line)];
            }
            let key_end = keys
                .then(|| {
                    let end = trimmed.find([':', '='])?;
                    let key = &trimmed[..end];
                    let simple = !key.is_empty()
                        && key
                            .trim_start_matches("- ")
                            .trim_end()
                            .chars()
                            .all(|c| c.is_alphanumeric() || "_-.[]\"".contains(c));
                    simple.then_some(line.len() - trimmed.len() + end)
                })
                .flatten();
            match key_end {
                Some(end) => {
                    let mut spans = vec![(Class::Key, &line[..end])];
                    spans.extend(strings(&line[end..]));
                    spans
                }
                None => strings(line),
            }
        })
        .collect()
}

/// Splits a line into plain text and double-quoted strings.
fn strings(line: &str) -> Line<'_> {
    let mut spans = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('"') {
        let close = rest[open + 1..]
            .find('"')
            .map_or(rest.len(), |c| open + c + 2);
        if open > 0 {
            spans.push((Class::Plain, &rest[..open]));
        }
        spans.push((Class::String, &rest[open..close]));
        rest = &rest[close..];
    }
    if !rest.is_empty() {
        spans.push((Class::Plain, rest));
    }
    spans
}

fn markdown(text: &str) -> Vec<Line<'_>> {
    let mut fenced = false;
    text.lines()
        .map(|line| {
            if line.starts_with("```") {
                fenced = !fenced;
                return vec![(Class::Comment, line)];
            }
            let class = if fenced {
                Class::String
            } else if line.starts_with('#') {
                Class::Keyword
            } else if line.starts_with('|') {
                Class::Key
            } else {
                Class::Plain
            };
            vec![(class, line)]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(lines: &[Line<'_>]) -> String {
        lines
            .iter()
            .map(|l| l.iter().map(|(_, s)| *s).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn hcl_spans_rebuild_the_text_exactly() {
        let src = "resource \"aws_s3_bucket\" \"this\" {\n  bucket = \"${var.name}-x\" # c\n  count  = 2\n  tags = {\n    a = true\n  }\n}\n";
        let lines = hcl(src);
        assert_eq!(joined(&lines) + "\n", src);
        assert_eq!(lines[0][0], (Class::Keyword, "resource"));
        assert!(lines[1].contains(&(Class::Key, "bucket")));
        assert!(lines[1].contains(&(Class::Interp, "${")));
        assert!(
            lines[1]
                .iter()
                .any(|(c, s)| *c == Class::Comment && s.contains("# c"))
        );
        assert!(lines[2].contains(&(Class::Literal, "2")));
        assert!(lines[4].contains(&(Class::Literal, "true")));
    }

    #[test]
    fn heredocs_span_lines() {
        let src = "x = <<EOT\nhello\nEOT\n";
        let lines = hcl(src);
        assert_eq!(joined(&lines) + "\n", src);
        assert_eq!(lines.len(), 3);
        assert!(lines[1].iter().all(|(c, _)| *c == Class::String));
    }

    #[test]
    fn yaml_keys_comments_and_strings() {
        let lines = highlight("a.yaml", "# note\nname: \"orders\"\n- item\n");
        assert_eq!(lines[0], vec![(Class::Comment, "# note")]);
        assert_eq!(lines[1][0], (Class::Key, "name"));
        assert!(lines[1].contains(&(Class::String, "\"orders\"")));
        assert_eq!(lines[2], vec![(Class::Plain, "- item")]);
    }

    #[test]
    fn python_has_no_keys() {
        let lines = highlight("app.py", "x = \"a\"  # c\n# only\n");
        assert_eq!(lines[0][0], (Class::Plain, "x = "));
        assert_eq!(lines[1], vec![(Class::Comment, "# only")]);
    }

    #[test]
    fn markdown_headings_and_fences() {
        let lines = highlight("README.md", "# T\n```hcl\nx = 1\n```\ntext\n");
        assert_eq!(lines[0], vec![(Class::Keyword, "# T")]);
        assert_eq!(lines[2], vec![(Class::String, "x = 1")]);
        assert_eq!(lines[4], vec![(Class::Plain, "text")]);
    }
}
