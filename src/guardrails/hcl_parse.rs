//! Parsing HCL with hcl-edit where hcl-edit alone would refuse or misread what HashiCorp's
//! parser accepts: a masked copy of the text, with identical byte offsets, is what hcl-edit
//! reads, while every expression is still read from the original text.

use super::input::Problem;
use hcl::edit::structure::Body;
use std::borrow::Cow;
use std::ops::Range;

/// A file parsed by hcl-edit, and where it holds an object key renamed to get past
/// hcl-edit's refusal of repeated keys.
pub(super) struct Parsed {
    /// The file's body.
    pub(super) body: Body,
    /// Offsets of the keys renamed in the text hcl-edit was given.
    pub(super) renamed: Vec<usize>,
}

/// Parses a file as HashiCorp's parser does, working around where hcl-edit refuses valid HCL.
/// hcl-edit is given the [masked](mask) text; where it then refuses an object key that repeats
/// an earlier one of the same object (HCL keeps the last value), that key's first character is
/// changed in the masked text (see [`rename_key`]), to one letter after another until the key
/// is unique, and parsing starts again. Byte offsets never change, so spans point into the
/// original text, which is where the converter reads every expression and renamed key from.
pub(super) fn parse(text: &str) -> Result<Parsed, Problem> {
    let mut masked = mask(text)?;
    let mut renamed: Vec<usize> = Vec::new();
    let mut attempt = 0;
    loop {
        let error = match hcl::edit::parser::parse_body(&masked) {
            Ok(body) => return Ok(Parsed { body, renamed }),
            Err(error) => error,
        };
        let offset = error.location().offset();
        let problem = Problem::new(offset, error.message());
        if !error.message().contains(REPEATED_KEY) {
            return Err(problem);
        }
        attempt = if renamed.last() == Some(&offset) {
            attempt + 1
        } else {
            renamed.push(offset);
            0
        };
        let Some(letter) = RENAME_LETTERS.get(attempt) else {
            return Err(problem);
        };
        if !rename_key(masked.to_mut(), offset, *letter) {
            return Err(problem);
        }
    }
}

/// What hcl-edit says about an object key that repeats an earlier one.
const REPEATED_KEY: &str = "found redefined object key";

/// The letters a repeated key's first character is changed to, in turn.
const RENAME_LETTERS: [char; 20] = [
    'Q', 'Z', 'X', 'J', 'V', 'W', 'K', 'Y', 'B', 'C', 'D', 'F', 'G', 'H', 'L', 'M', 'N', 'P', 'R',
    'S',
];

/// Changes the first character of the key at `offset` to `letter` (repeated to keep the byte
/// length): of a name or number, inside a quoted key (an escape sequence's first two bytes,
/// or both quotes of an empty key), after any opening parentheses. False when the key starts
/// otherwise.
fn rename_key(masked: &mut String, offset: usize, letter: char) -> bool {
    let rest = masked.get(offset..).unwrap_or_default();
    let start = offset + (rest.len() - rest.trim_start_matches(['(', ' ', '\t']).len());
    let rest = masked.get(start..).unwrap_or_default();
    let mut chars = rest.chars();
    let (skip, len) = match (chars.next(), chars.next(), chars.next()) {
        (Some('"'), Some('"'), _) => (0, 2),
        (Some('"'), Some('\\'), Some(c)) if c.is_ascii() && c != '\n' => (1, 2),
        (Some('"'), Some(c), _) if c != '\\' && c != '\n' && c != '\r' => (1, c.len_utf8()),
        (Some(c), _, _) if c.is_alphanumeric() || c == '_' || c == '-' => (0, c.len_utf8()),
        _ => return false,
    };
    let at = start + skip;
    let replacement: String = std::iter::repeat_n(letter, len).collect();
    masked.replace_range(at..at + len, &replacement);
    true
}

/// The text hcl-edit is given: the source with the same byte offsets, where hcl-edit would
/// refuse valid HCL or misread it.
///
/// - Inside a `for` expression (`[for ...]`, `{for ...}`, outside nested object constructors,
///   strings and heredocs), HCL ignores line breaks; hcl-edit reads the key and value of an
///   object `for` and the collection of any `for` as single-line expressions. There, line
///   breaks and comments become spaces.
/// - hcl-edit 0.10 reads an empty heredoc (`<<EOT` directly followed by its `EOT` line) as
///   running on to the *next* `EOT` line, which silently swallows whatever lies between.
///   Each empty heredoc becomes `""` padded by spaces, keeping its line breaks.
///
/// The text is scanned as HCL's lexer does: quoted strings (with their interpolations and
/// directives), heredocs and comments are skipped over, brackets are tracked.
fn mask(text: &str) -> Result<Cow<'_, str>, Problem> {
    let mut edits: Vec<(Range<usize>, bool)> = Vec::new();
    let bytes = text.as_bytes();
    let mut nesting: Vec<Nest> = Vec::new();
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let next = bytes.get(i + 1).copied();
        let in_for = nesting.last() == Some(&Nest::For);
        if nesting.last() == Some(&Nest::Quoted) {
            i += match (byte, next) {
                (b'\\', _) => 2,
                (b'$' | b'%', Some(n)) if n == byte && bytes.get(i + 2) == Some(&b'{') => 3,
                (b'$' | b'%', Some(b'{')) => {
                    nesting.push(Nest::Interpolation);
                    2
                }
                (b'"' | b'\n', _) => {
                    nesting.pop();
                    1
                }
                _ => 1,
            };
            continue;
        }
        let start = i;
        match (byte, next) {
            (b'#', _) | (b'/', Some(b'/')) => {
                i = text[i..].find('\n').map_or(text.len(), |at| i + at);
                if in_for {
                    edits.push((start..i, false));
                }
            }
            (b'/', Some(b'*')) => {
                i = text[i + 2..].find("*/").map_or(text.len(), |at| i + at + 4);
                if in_for {
                    edits.push((start..i, false));
                }
            }
            (b'<', Some(b'<')) => match heredoc_at(text, i) {
                Some(Ok(heredoc)) => {
                    i = heredoc.end;
                    if heredoc.empty {
                        edits.push((start..i, true));
                    }
                }
                Some(Err(())) => {
                    return Err(Problem::new(
                        start,
                        "unterminated heredoc: no line holding only its delimiter follows",
                    ));
                }
                None => i += 2,
            },
            (b'"', _) => {
                nesting.push(Nest::Quoted);
                i += 1;
            }
            (b'{' | b'[', _) => {
                i += 1;
                nesting.push(match (byte, starts_for(&text[i..])) {
                    (_, true) => Nest::For,
                    (b'{', false) => Nest::Brace,
                    _ => Nest::Other,
                });
            }
            (b'(', _) => {
                nesting.push(Nest::Other);
                i += 1;
            }
            (b'}' | b']' | b')', _) => {
                nesting.pop();
                i += 1;
            }
            (b'\n' | b'\r', _) if in_for => {
                i += 1;
                edits.push((start..i, false));
            }
            _ => i += 1,
        }
    }
    if edits.is_empty() {
        return Ok(Cow::Borrowed(text));
    }
    let mut masked = text.to_owned();
    for (range, heredoc) in edits {
        let Some(raw) = text.get(range.clone()) else {
            continue;
        };
        let blank = if heredoc {
            format!("\"\"{}", spaces(raw.get(2..).unwrap_or_default(), true))
        } else {
            spaces(raw, false)
        };
        masked.replace_range(range, &blank);
    }
    Ok(Cow::Owned(masked))
}

/// What encloses a point of the text, as [`mask`] tracks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nest {
    /// A quoted string's text.
    Quoted,
    /// An interpolation or directive inside a quoted string.
    Interpolation,
    /// A `for` expression.
    For,
    /// An object constructor (or a block body): line breaks separate its items.
    Brace,
    /// Parentheses, a list, an index.
    Other,
}

/// Whether the text after `[` or `{` starts a `for` expression (as hcl-edit decides it: the
/// keyword after any whitespace or comments, then a space, a comment or a line break).
fn starts_for(after_open: &str) -> bool {
    let mut rest = after_open;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
        rest = if trimmed.starts_with('#') || trimmed.starts_with("//") {
            trimmed.find('\n').map_or("", |at| &trimmed[at..])
        } else if let Some(comment) = trimmed.strip_prefix("/*") {
            comment.find("*/").map_or("", |at| &comment[at + 2..])
        } else {
            return trimmed
                .strip_prefix("for")
                .is_some_and(|after| after.starts_with([' ', '\t', '#', '/', '\r', '\n']));
        };
    }
}

/// A heredoc found in the raw text: where its closing line ends and whether it has no lines.
struct RawHeredoc {
    end: usize,
    empty: bool,
}

/// The heredoc starting at `start` (which holds `<<`): `None` when the text there does not
/// start one, `Some(Err(()))` when no closing line follows. As in HCL, the closing line holds
/// the delimiter alone (whitespace aside) and ends with a line break; hcl-edit also takes
/// `EOT]` or a last line without a line break for the end.
fn heredoc_at(text: &str, start: usize) -> Option<Result<RawHeredoc, ()>> {
    let intro = text.get(start + 2..)?;
    let intro = intro.strip_prefix('-').unwrap_or(intro);
    let name_len = intro
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(intro.len());
    let (name, after_name) = intro.split_at(name_len);
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return None;
    }
    let body = after_name
        .strip_prefix("\r\n")
        .or_else(|| after_name.strip_prefix('\n'))?;
    let body_start = text.len() - body.len();
    let mut line_start = body_start;
    for line in body.split_inclusive('\n') {
        let line_end = line_start + line.trim_end_matches(['\r', '\n']).len();
        if line.ends_with('\n') && line.trim() == name {
            return Some(Ok(RawHeredoc {
                end: line_end,
                empty: line_start == body_start,
            }));
        }
        line_start += line.len();
    }
    Some(Err(()))
}

/// Spaces in place of every character (by bytes, so the length stays), line breaks kept
/// when `keep_breaks`.
fn spaces(raw: &str, keep_breaks: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\r' | '\n' if keep_breaks => out.push(c),
            _ => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renaming_a_key_keeps_offsets_and_changes_one_character() {
        let rename = |text: &str, offset: usize| {
            let mut masked = text.to_owned();
            rename_key(&mut masked, offset, 'Q').then_some(masked)
        };
        assert_eq!(rename("k = 1", 0).as_deref(), Some("Q = 1"));
        assert_eq!(rename("é = 1", 0).as_deref(), Some("QQ = 1"));
        assert_eq!(rename(r#""ab" = 1"#, 0).as_deref(), Some(r#""Qb" = 1"#));
        assert_eq!(rename(r#""" = 1"#, 0).as_deref(), Some("QQ = 1"));
        assert_eq!(rename(r#""\n" = 1"#, 0).as_deref(), Some(r#""QQ" = 1"#));
        assert_eq!(rename("( var.k) = 1", 0).as_deref(), Some("( Qar.k) = 1"));
        assert_eq!(rename("[1] = 1", 0), None);
    }

    #[test]
    fn masking_blanks_line_breaks_and_comments_only_inside_for_expressions() {
        let text = "a = [for x in l : x # c\n]\nb = {\n  k = 1 # kept\n}\n";
        assert_eq!(
            mask(text).expect("masks"),
            "a = [for x in l : x     ]\nb = {\n  k = 1 # kept\n}\n"
        );
        let quoted = "a = \"{ for x in l :\"\n";
        assert!(matches!(mask(quoted), Ok(Cow::Borrowed(_))));
        let heredoc = "a = [for x in l : <<EOT\n${x}\nEOT\n]\n";
        assert_eq!(
            mask(heredoc).expect("masks"),
            "a = [for x in l : <<EOT\n${x}\nEOT ]\n"
        );
    }
}
