//! A small scanner over tera source: its tags with their lines, and the tokens of each
//! expression. Tera 2 keeps its AST private, so the linter reads the tags itself; tera still
//! parses every source (syntax errors, free variables) and this scanner only adds locations,
//! filters, bindings and the structure of `if` chains.

/// Whether a tag prints a value or is a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TagKind {
    /// `{{ … }}`.
    Expr,
    /// `{% … %}`.
    Stmt,
}

/// One tag of a template source, delimiters and whitespace control removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag<'a> {
    /// Expression or statement.
    pub kind: TagKind,
    /// The text between the delimiters, trimmed.
    pub body: &'a str,
    /// 1-based line of the opening delimiter.
    pub line: usize,
}

/// The tags of `text`, in order; `{# … #}` comments and `{% raw %}` blocks are skipped.
pub(crate) fn tags(text: &str) -> Vec<Tag<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut in_raw = false;
    while i + 1 < bytes.len() {
        if bytes[i] != b'{' || !matches!(bytes[i + 1], b'{' | b'%' | b'#') {
            i += 1;
            continue;
        }
        let open = bytes[i + 1];
        let close: &[u8] = match open {
            b'{' => b"}}",
            b'%' => b"%}",
            _ => b"#}",
        };
        let start = i + 2;
        let Some(end) = find_close(bytes, start, close, open != b'#') else {
            break;
        };
        let line = text[..i].matches('\n').count() + 1;
        let body = text[start..end]
            .trim_start_matches('-')
            .trim_end_matches('-')
            .trim();
        i = end + 2;
        if open == b'#' {
            continue;
        }
        if open == b'%' {
            let keyword = body.split_whitespace().next().unwrap_or("");
            if in_raw {
                in_raw = keyword != "endraw";
                continue;
            }
            if keyword == "raw" {
                in_raw = true;
                continue;
            }
        } else if in_raw {
            continue;
        }
        out.push(Tag {
            kind: if open == b'{' {
                TagKind::Expr
            } else {
                TagKind::Stmt
            },
            body,
            line,
        });
    }
    out
}

/// Index of the closing delimiter at or after `from`, skipping string literals when `strings`.
fn find_close(bytes: &[u8], from: usize, close: &[u8], strings: bool) -> Option<usize> {
    let mut i = from;
    let mut quote: Option<u8> = None;
    while i + 1 < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if strings && matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
            None if b == close[0] && bytes[i + 1] == close[1] => return Some(i),
            None => {}
        }
        i += 1;
    }
    None
}

/// A token of a tera expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok<'a> {
    /// A name: variable, attribute, filter, test, function or keyword.
    Ident(&'a str),
    /// A string literal's contents.
    Str(&'a str),
    /// A number literal.
    Num(i64),
    /// An operator or punctuation.
    Punct(&'a str),
}

/// The tokens of an expression or statement body.
pub(crate) fn tokens(src: &str) -> Vec<Tok<'_>> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
        } else if matches!(b, b'"' | b'\'' | b'`') {
            let end = src[i + 1..]
                .find(b as char)
                .map_or(src.len(), |e| i + 1 + e);
            out.push(Tok::Str(&src[i + 1..end]));
            i = end + 1;
        } else if b.is_ascii_digit() {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'_') {
                i += 1;
            }
            out.push(Tok::Num(
                src[start..i].replace('_', "").parse().unwrap_or(0),
            ));
            // A fractional part is read as the punctuation and digits it is made of.
        } else if b.is_ascii_alphabetic() || b == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            out.push(Tok::Ident(&src[start..i]));
        } else {
            let two = src.get(i..i + 2).unwrap_or("");
            let len = if ["==", "!=", "<=", ">=", "//", "**"].contains(&two) {
                2
            } else {
                src[i..].chars().next().map_or(1, char::len_utf8)
            };
            out.push(Tok::Punct(&src[i..i + len]));
            i += len;
        }
    }
    out
}

/// Words of the expression language that are never variables.
const KEYWORDS: &[&str] = &[
    "and", "or", "not", "in", "is", "if", "else", "true", "false", "none", "True", "False", "None",
];

/// The names an expression reads as variables, in order of appearance (with repeats).
pub(crate) fn variables<'a>(toks: &[Tok<'a>]) -> Vec<&'a str> {
    let mut out = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        let Tok::Ident(name) = *tok else { continue };
        let prev = i.checked_sub(1).map(|j| toks[j]);
        let before_prev = i.checked_sub(2).map(|j| toks[j]);
        let next = toks.get(i + 1).copied();
        let attribute_or_filter = matches!(prev, Some(Tok::Punct("." | "|")));
        let test = matches!(prev, Some(Tok::Ident("is")))
            || (matches!(prev, Some(Tok::Ident("not")))
                && matches!(before_prev, Some(Tok::Ident("is"))));
        let call_or_kwarg = matches!(next, Some(Tok::Punct("(" | "=")));
        if !KEYWORDS.contains(&name) && !attribute_or_filter && !test && !call_or_kwarg {
            out.push(name);
        }
    }
    out
}

/// The string literals of an expression.
pub(crate) fn strings<'a>(toks: &[Tok<'a>]) -> Vec<&'a str> {
    toks.iter()
        .filter_map(|t| match t {
            Tok::Str(s) => Some(*s),
            _ => None,
        })
        .collect()
}

/// For each value an output expression may print (`a if c else b` prints `a` or `b`), the
/// filters applied to it at the top level, in order.
pub(crate) fn output_filters<'a>(toks: &[Tok<'a>]) -> Vec<Vec<&'a str>> {
    let mut outputs = vec![Vec::new()];
    let mut depth = 0usize;
    let mut in_test = false;
    for (i, tok) in toks.iter().enumerate() {
        match tok {
            Tok::Punct("(" | "[" | "{") => depth += 1,
            Tok::Punct(")" | "]" | "}") => depth = depth.saturating_sub(1),
            Tok::Ident("if") if depth == 0 => in_test = true,
            Tok::Ident("else") if depth == 0 => {
                in_test = false;
                outputs.push(Vec::new());
            }
            Tok::Punct("|") if depth == 0 && !in_test => {
                if let (Some(Tok::Ident(name)), Some(current)) =
                    (toks.get(i + 1), outputs.last_mut())
                {
                    current.push(*name);
                }
            }
            _ => {}
        }
    }
    outputs
}

/// Whether an output expression holds an inline `if` at its top level (it branches).
pub(crate) fn has_inline_if(toks: &[Tok<'_>]) -> bool {
    let mut depth = 0usize;
    toks.iter().any(|t| {
        match t {
            Tok::Punct("(" | "[" | "{") => depth += 1,
            Tok::Punct(")" | "]" | "}") => depth = depth.saturating_sub(1),
            _ => {}
        }
        depth == 0 && *t == Tok::Ident("if")
    })
}

/// The statement keyword of a `{% … %}` body and the rest of it.
pub(crate) fn statement(body: &str) -> (&str, &str) {
    let body = body.trim();
    let end = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    (&body[..end], body[end..].trim())
}

/// One `if … elif … else … endif` chain of a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IfChain {
    /// Each test (`if` then every `elif`) and its line.
    pub tests: Vec<(String, usize)>,
    /// The chain and branch it sits in, when nested in another chain.
    pub parent: Option<(usize, usize)>,
    /// Names bound by enclosing `for` loops or earlier `set`s.
    pub bound: Vec<String>,
}

/// The structure of a source: its `if` chains and the names it binds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Structure {
    /// Every `if` chain, outer chains before the chains they hold.
    pub chains: Vec<IfChain>,
    /// Names bound anywhere by `set`, `set_global` or `for`.
    pub bound: Vec<String>,
}

/// Reads the `if` chains and bindings of a source's tags.
pub(crate) fn structure(tags: &[Tag<'_>]) -> Structure {
    enum Frame {
        If(usize),
        Other(Vec<String>),
    }
    let mut out = Structure::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut set: Vec<String> = Vec::new();
    for tag in tags.iter().filter(|t| t.kind == TagKind::Stmt) {
        let (keyword, rest) = statement(tag.body);
        let bound_here = |stack: &[Frame], set: &[String]| {
            let mut bound: Vec<String> = set.to_vec();
            for frame in stack {
                if let Frame::Other(names) = frame {
                    bound.extend(names.iter().cloned());
                }
            }
            bound
        };
        match keyword {
            "if" => {
                let parent = stack.iter().rev().find_map(|f| match f {
                    Frame::If(chain) => Some((*chain, out.chains[*chain].tests.len() - 1)),
                    Frame::Other(_) => None,
                });
                let bound = bound_here(&stack, &set);
                out.chains.push(IfChain {
                    tests: vec![(rest.to_string(), tag.line)],
                    parent,
                    bound,
                });
                stack.push(Frame::If(out.chains.len() - 1));
            }
            "elif" => {
                if let Some(Frame::If(chain)) = stack.last() {
                    out.chains[*chain].tests.push((rest.to_string(), tag.line));
                }
            }
            "else" => {
                if let Some(Frame::If(chain)) = stack.last() {
                    // The else branch is the chain's last branch, after every test.
                    out.chains[*chain].tests.push((String::new(), tag.line));
                }
            }
            "for" => {
                let names = match rest.split_once(" in ") {
                    Some((targets, _)) => {
                        targets.split(',').map(|n| n.trim().to_string()).collect()
                    }
                    None => Vec::new(),
                };
                out.bound.extend(names.iter().cloned());
                stack.push(Frame::Other(names));
            }
            "set" | "set_global" => {
                if let Some(Tok::Ident(name)) = tokens(rest).first() {
                    out.bound.push(name.to_string());
                    set.push(name.to_string());
                }
                if !rest.contains('=') {
                    stack.push(Frame::Other(Vec::new()));
                }
            }
            "filter" | "macro" | "block" | "component" => stack.push(Frame::Other(Vec::new())),
            "endif" | "endfor" | "endset" | "endfilter" | "endmacro" | "endblock"
            | "endcomponent" => {
                stack.pop();
            }
            _ => {}
        }
    }
    for chain in &mut out.chains {
        // A trailing empty test marks an explicit else; the branch count is the same either way.
        if chain.tests.last().is_some_and(|(t, _)| t.is_empty()) {
            chain.tests.pop();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tags_with_lines_and_skips_comments_and_raw() {
        let src = "a {{ x }}\n{# {{ y }} #}{%- if z -%}\n{% raw %}{{ w }}{% endraw %}{{ \"}}\" }}";
        let found = tags(src);
        let bodies: Vec<(&str, usize)> = found.iter().map(|t| (t.body, t.line)).collect();
        assert_eq!(bodies, [("x", 1), ("if z", 2), ("\"}}\"", 3)]);
    }

    #[test]
    fn variables_leave_out_attributes_filters_tests_calls_and_kwargs() {
        let toks = tokens("a.b | default(value=c) ~ d is defined and range(end=3) and not e");
        assert_eq!(variables(&toks), ["a", "c", "d", "e"]);
    }

    #[test]
    fn output_filters_follow_each_printed_value() {
        let toks = tokens("a | hcl if (b | length) > 1 else c | json");
        assert_eq!(output_filters(&toks), [vec!["hcl"], vec!["json"]]);
        assert!(has_inline_if(&toks));
        assert!(!has_inline_if(&tokens("(a if b else c) | hcl")));
    }

    #[test]
    fn structure_nests_chains_and_records_bindings() {
        let src = "{% set n = 1 %}{% if a %}{% for x in xs %}{% if x %}{% endif %}{% endfor %}\
                   {% elif b %}{% if c %}{% endif %}{% else %}{% endif %}";
        let s = structure(&tags(src));
        assert_eq!(s.chains.len(), 3);
        assert_eq!(s.chains[0].tests.len(), 2);
        assert_eq!(s.chains[1].parent, Some((0, 0)));
        assert!(s.chains[1].bound.contains(&"x".to_string()));
        assert_eq!(s.chains[2].parent, Some((0, 1)));
        assert_eq!(s.bound, ["n", "x"]);
    }
}
