//! A formatter that reproduces `terraform fmt` byte for byte.
//!
//! Layout follows hclwrite's token-level formatter: it only decides the blanks before each
//! token, line by line, so even text that does not parse is laid out as far as it can be.
//! Where the text reads as HCL bodies, the rewrites `terraform fmt` adds on top are applied
//! first: block labels become quoted strings, attribute values that are a lone `"${...}"`
//! lose the template wrapper, and legacy type names of `variable` blocks are modernised.

mod graphemes;
pub mod highlight;
mod lexer;

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::{Range, RangeInclusive};

use lexer::{Kind, Token};

/// Formats HCL source the way `terraform fmt` does.
pub fn format_hcl(src: &str) -> String {
    let lexed = lexer::lex(src);
    let mut tokens = lexed.tokens;
    apply_terraform_rewrites(&mut tokens);
    lay_out(&mut tokens);
    render(&tokens, lexed.trailing_blanks)
}

fn render(tokens: &[Token<'_>], trailing_blanks: usize) -> String {
    let mut out = String::new();
    for token in tokens {
        push_spaces(&mut out, token.spaces);
        out.push_str(&token.text);
    }
    // hclwrite keeps the blank bytes after the last token as that many spaces.
    push_spaces(&mut out, trailing_blanks);
    out
}

fn push_spaces(out: &mut String, count: usize) {
    out.extend(std::iter::repeat_n(' ', count));
}

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------

/// Sets the blanks before every token: indentation, spacing, then column alignment.
fn lay_out(tokens: &mut [Token<'_>]) {
    let lines = split_lines(tokens);
    indent(tokens, &lines);
    for line in &lines {
        space_cell(tokens, line.start..line.assign);
        space_cell(tokens, line.assign..line.comment);
    }
    align_column(tokens, &lines, |line| {
        (line.assign < line.comment).then_some(line.assign)
    });
    align_column(tokens, &lines, |line| {
        (line.comment < line.end).then_some(line.comment)
    });
}

/// One line of tokens cut into hclwrite's cells: `start..assign` is the lead,
/// `assign..comment` an `= value` whose brackets balance, `comment..end` a trailing comment.
/// An absent cell is empty.
struct Line {
    start: usize,
    assign: usize,
    comment: usize,
    end: usize,
}

impl Line {
    fn new(tokens: &[Token<'_>], start: usize, end: usize) -> Self {
        let comment = if end - start > 1 && tokens[end - 1].kind == Kind::Comment {
            end - 1
        } else {
            end
        };
        // Only the first `=` counts, and only when the value closes on this line; unlike
        // indentation, this count does look into heredoc bodies.
        let assign = (start + 1..comment)
            .find(|&i| tokens[i].kind == Kind::Equal)
            .filter(|&i| {
                let net: i32 = tokens[i..comment]
                    .iter()
                    .map(|token| token.kind.bracket_change())
                    .sum();
                net == 0
            })
            .unwrap_or(comment);
        Line {
            start,
            assign,
            comment,
            end,
        }
    }
}

/// Splits after each newline; a line comment carries its own newline so it ends a line too.
fn split_lines(tokens: &[Token<'_>]) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, token) in tokens.iter().enumerate() {
        if token.ends_line() {
            lines.push(Line::new(tokens, start, i + 1));
            start = i + 1;
        }
    }
    if start < tokens.len() {
        lines.push(Line::new(tokens, start, tokens.len()));
    }
    lines
}

/// Bracket balance of a cell for indentation, which stops counting where a heredoc opens.
fn net_brackets(cell: &[Token<'_>]) -> i32 {
    let mut net = 0;
    for token in cell {
        net += token.kind.bracket_change();
        if token.kind == Kind::OHeredoc {
            break;
        }
    }
    net
}

/// Indents two spaces per open level, where a line opening several brackets at once still
/// adds one level, and closing them all again removes just that one.
fn indent(tokens: &mut [Token<'_>], lines: &[Line]) {
    let mut levels: Vec<i32> = Vec::new();
    for line in lines {
        if tokens[line.start].kind == Kind::Newline {
            tokens[line.start].spaces = 0;
            continue;
        }
        let net = net_brackets(&tokens[line.start..line.assign])
            + net_brackets(&tokens[line.assign..line.comment]);
        if net < 0 {
            close_levels(&mut levels, -net);
        }
        tokens[line.start].spaces = 2 * levels.len();
        if net > 0 {
            levels.push(net);
        }
    }
}

fn close_levels(levels: &mut Vec<i32>, mut closed: i32) {
    while closed > 0 {
        let Some(top) = levels.last_mut() else {
            return;
        };
        if closed >= *top {
            closed -= *top;
            levels.pop();
        } else {
            *top -= closed;
            closed = 0;
        }
    }
}

/// Spaces every token of a cell but the first, whose blanks indentation or alignment decide.
fn space_cell(tokens: &mut [Token<'_>], cell: Range<usize>) {
    for i in cell.start + 1..cell.end {
        let before = (i >= cell.start + 2).then(|| &tokens[i - 2]);
        let spaced = space_between(before, &tokens[i - 1], &tokens[i]);
        tokens[i].spaces = usize::from(spaced);
    }
}

/// Whether one space separates `subject` from `after`; `before` precedes `subject` in its cell.
fn space_between(before: Option<&Token<'_>>, subject: &Token<'_>, after: &Token<'_>) -> bool {
    use Kind::*;
    match (subject.kind, after.kind) {
        (_, Newline) => false,
        (Ident, OParen | DoubleColon) | (DoubleColon, Ident) => false,
        (Dot, _) | (_, Dot | Comma | Ellipsis) => false,
        (Comma, _) => true,
        (Minus, _) => !is_negation(before),
        (OBrace, CBrace) => false,
        (OBrace, _) | (_, CBrace) => true,
        // A lone object inside `${ }` gets breathing room, so `${ { a = b } }`.
        (TemplateInterp | TemplateControl, OBrace) | (CBrace, TemplateSeqEnd) => true,
        (TemplateSeqEnd, TemplateInterp | TemplateControl) => false,
        (QuotedLit | QuotedNewline | StringLit | OQuote | OHeredoc, _)
        | (_, QuotedLit | QuotedNewline | StringLit | CQuote | CHeredoc) => false,
        (Bang, _) => false,
        // `in` after an identifier is the keyword of a `for`, never an indexed name.
        (Ident, _) if subject.text == "in" && before.is_some_and(|t| t.kind == Ident) => true,
        (_, OBrack) if ends_indexable(subject) => false,
        (subject_kind, after_kind) => {
            subject_kind.bracket_change() <= 0 && after_kind.bracket_change() >= 0
        }
    }
}

/// A minus is a negation unless the token before it could end an operand.
fn is_negation(before: Option<&Token<'_>>) -> bool {
    use Kind::*;
    before.is_none_or(|token| {
        matches!(
            token.kind,
            OParen
                | OBrace
                | OBrack
                | Equal
                | Colon
                | Comma
                | Question
                | Plus
                | Star
                | Slash
                | Percent
                | Minus
                | EqualOp
                | NotEqual
                | Greater
                | GreaterEq
                | Less
                | LessEq
                | And
                | Or
                | Bang
        )
    })
}

/// Whether a following `[` indexes this token.
fn ends_indexable(token: &Token<'_>) -> bool {
    match token.kind {
        Kind::Ident | Kind::Number => true,
        kind => kind.bracket_change() < 0,
    }
}

/// Pads the cell each line's `cell` picks so that cells on consecutive lines start in one
/// column, one space past the widest text before them; a line without the cell ends the run.
fn align_column(tokens: &mut [Token<'_>], lines: &[Line], cell: impl Fn(&Line) -> Option<usize>) {
    let mut run: Vec<(usize, usize)> = Vec::new();
    for line in lines {
        match cell(line) {
            Some(at) => run.push((at, columns(&tokens[line.start..at]))),
            None => pad_run(tokens, &mut run),
        }
    }
    pad_run(tokens, &mut run);
}

fn pad_run(tokens: &mut [Token<'_>], run: &mut Vec<(usize, usize)>) {
    let widest = run.iter().map(|&(_, width)| width).max().unwrap_or(0);
    for (at, width) in run.drain(..) {
        tokens[at].spaces = widest - width + 1;
    }
}

/// Display width as hclwrite counts it: blanks plus grapheme clusters.
fn columns(tokens: &[Token<'_>]) -> usize {
    tokens
        .iter()
        .map(|token| token.spaces + graphemes::count(&token.text))
        .sum()
}

// ---------------------------------------------------------------------------------------------
// terraform's rewrites
// ---------------------------------------------------------------------------------------------

/// A planned replacement of a token range.
struct Edit<'a> {
    range: Range<usize>,
    tokens: Vec<Token<'a>>,
}

/// Where a body sits, which decides how its attributes are rewritten.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Body {
    File,
    Variable,
    Block,
}

/// Rewrites what reads as HCL bodies; anything else is left for layout alone.
fn apply_terraform_rewrites(tokens: &mut Vec<Token<'_>>) {
    let mut planner = Planner {
        tokens,
        edits: Vec::new(),
        depth: 0,
    };
    planner.file();
    // Edits are planned front to back without overlap, so applying them backwards keeps
    // every planned range valid.
    for edit in planner.edits.into_iter().rev() {
        tokens.splice(edit.range, edit.tokens);
    }
}

/// Block nesting beyond this is stepped over unrewritten, so hostile input cannot exhaust
/// the stack; real configurations nest a handful of levels.
const MAX_BLOCK_DEPTH: usize = 128;

struct Planner<'t, 'a> {
    tokens: &'t [Token<'a>],
    edits: Vec<Edit<'a>>,
    depth: usize,
}

impl<'a> Planner<'_, 'a> {
    fn kind(&self, at: usize) -> Option<Kind> {
        self.tokens.get(at).map(|token| token.kind)
    }

    fn file(&mut self) {
        let mut pos = 0;
        while pos < self.tokens.len() {
            pos = self.body(pos, Body::File);
            if pos < self.tokens.len() {
                // A stray `}` at the top: step over it and go on.
                pos = self.skip_item(pos);
            }
        }
    }

    /// Plans the items of a body from `pos`; returns the position of its closing brace or the end.
    fn body(&mut self, mut pos: usize, body: Body) -> usize {
        loop {
            match self.kind(pos) {
                None | Some(Kind::CBrace) => return pos,
                Some(Kind::Newline | Kind::Comment) => pos += 1,
                Some(Kind::Ident) => pos = self.item(pos, body),
                Some(_) => pos = self.skip_item(pos),
            }
        }
    }

    fn item(&mut self, pos: usize, body: Body) -> usize {
        let after_name = self.skip_inline_comments(pos + 1);
        if self.kind(after_name) == Some(Kind::Equal) {
            return self.attribute(pos, after_name + 1, body);
        }
        match self.block_header(pos + 1) {
            Some(header) if self.depth < MAX_BLOCK_DEPTH => self.block(pos, header, body),
            _ => self.skip_item(pos),
        }
    }

    fn skip_inline_comments(&self, mut pos: usize) -> usize {
        while self
            .tokens
            .get(pos)
            .is_some_and(|token| token.kind == Kind::Comment && !token.ends_line())
        {
            pos += 1;
        }
        pos
    }

    fn attribute(&mut self, name: usize, value: usize, body: Body) -> usize {
        let end = self.item_end(value, 0);
        // Comments around the value belong to the attribute, not to its expression.
        let mut range = self.skip_inline_comments(value)..end;
        while range.start < range.end && self.tokens[range.end - 1].kind == Kind::Comment {
            range.end -= 1;
        }
        let expr = &self.tokens[range.clone()];
        let replacement = if body == Body::Variable && self.tokens[name].text == "type" {
            modern_type(expr)
        } else {
            unwrap_interpolation(expr)
        };
        if let Some(tokens) = replacement {
            self.edits.push(Edit { range, tokens });
        }
        end
    }

    /// Reads labels from `pos` up to a `{`; `None` if this is not a block header.
    fn block_header(&self, mut pos: usize) -> Option<BlockHeader<'a>> {
        let mut labels = Vec::new();
        let mut labels_end = pos;
        loop {
            match self.kind(pos)? {
                Kind::Ident => {
                    labels.push(Some(self.tokens[pos].text.to_string()));
                    pos += 1;
                }
                Kind::OQuote => {
                    let (label, next) = self.quoted_label(pos)?;
                    labels.push(label);
                    pos = next;
                }
                Kind::Comment if !self.tokens[pos].ends_line() => {
                    pos += 1;
                    continue;
                }
                Kind::OBrace => break,
                _ => return None,
            }
            labels_end = pos;
        }
        let replacement = (!labels.is_empty()).then(|| label_tokens(&labels));
        Some(BlockHeader {
            replacement,
            labels_end,
            open: pos,
        })
    }

    /// Reads the quoted label opening at `pos`: its value, or `None` inside when terraform
    /// drops it, and the position after it. `None` overall if it is not a plain literal.
    fn quoted_label(&self, pos: usize) -> Option<(Option<String>, usize)> {
        match (self.kind(pos + 1)?, self.kind(pos + 2)) {
            (Kind::CQuote, _) => Some((Some(String::new()), pos + 2)),
            (Kind::QuotedLit, Some(Kind::CQuote)) => {
                let raw = &self.tokens[pos + 1].text;
                // HCL's scanner cuts a literal at each `$` and `%`, and terraform keeps only
                // labels that are a single literal token, so such labels disappear.
                let split = raw.contains(['$', '%']) && raw.chars().count() > 1;
                let value = if split { None } else { Some(unescape(raw)?) };
                Some((value, pos + 3))
            }
            _ => None,
        }
    }

    fn block(&mut self, pos: usize, header: BlockHeader<'a>, body: Body) -> usize {
        if let Some(tokens) = header.replacement {
            self.edits.push(Edit {
                range: pos + 1..header.labels_end,
                tokens,
            });
        }
        let inner = if body == Body::File && self.tokens[pos].text == "variable" {
            Body::Variable
        } else {
            Body::Block
        };
        self.depth += 1;
        let close = self.body(header.open + 1, inner);
        self.depth -= 1;
        (close + 1).min(self.tokens.len())
    }

    /// Steps over something that is not an attribute or block, always by at least one token.
    fn skip_item(&self, pos: usize) -> usize {
        let depth = nesting_change(self.tokens[pos].kind).max(0);
        let end = self.item_end(pos + 1, depth);
        match self.tokens.get(end) {
            Some(token) if token.ends_line() => end + 1,
            _ => end,
        }
    }

    /// Where an item starting at `pos` stops: its line end outside any brackets, or an unmatched
    /// closing bracket such as the `}` of a one-line block.
    fn item_end(&self, pos: usize, mut depth: i32) -> usize {
        for (i, token) in self.tokens.iter().enumerate().skip(pos) {
            if depth == 0 && token.ends_line() {
                return i;
            }
            depth += nesting_change(token.kind);
            if depth < 0 {
                return i;
            }
        }
        self.tokens.len()
    }
}

struct BlockHeader<'a> {
    replacement: Option<Vec<Token<'a>>>,
    labels_end: usize,
    open: usize,
}

/// Bracket nesting with string and heredoc delimiters counted too, so their contents are opaque.
fn nesting_change(kind: Kind) -> i32 {
    match kind {
        Kind::OQuote | Kind::OHeredoc => 1,
        Kind::CQuote | Kind::CHeredoc => -1,
        kind => kind.bracket_change(),
    }
}

/// The idiomatic form of block labels: each one quoted; dropped labels are `None`.
fn label_tokens<'a>(labels: &[Option<String>]) -> Vec<Token<'a>> {
    let mut tokens = Vec::new();
    for label in labels.iter().flatten() {
        tokens.push(Token::synthetic(Kind::OQuote, "\""));
        if !label.is_empty() {
            tokens.push(Token::synthetic(Kind::QuotedLit, escape(label)));
        }
        tokens.push(Token::synthetic(Kind::CQuote, "\""));
    }
    tokens
}

/// Turns `"${expr}"` into `expr`, parenthesised when it spans lines so it still parses.
fn unwrap_interpolation<'a>(expr: &[Token<'a>]) -> Option<Vec<Token<'a>>> {
    let [open, interp, inside @ .., end, close] = expr else {
        return None;
    };
    let delimiters = [open.kind, interp.kind, end.kind, close.kind];
    let expected = [
        Kind::OQuote,
        Kind::TemplateInterp,
        Kind::TemplateSeqEnd,
        Kind::CQuote,
    ];
    if delimiters != expected || !is_single_interpolation(inside) {
        return None;
    }
    let trimmed = trim_newlines(inside);
    let (first, last) = (trimmed.first()?, trimmed.last()?);
    let multi_line = trimmed.iter().any(|token| token.kind == Kind::Newline);
    let parenthesised = first.kind == Kind::OParen && last.kind == Kind::CParen;
    let mut tokens = trimmed.to_vec();
    if multi_line && !parenthesised {
        tokens.insert(0, Token::synthetic(Kind::OParen, "("));
        tokens.push(Token::synthetic(Kind::CParen, ")"));
    }
    Some(tokens)
}

/// Whether the tokens between `"${` and `}"` hold no literal text and no other sequence,
/// looking only outside nested strings (terraform's deliberately cautious test).
fn is_single_interpolation(inside: &[Token<'_>]) -> bool {
    let mut quotes = 0;
    for token in inside {
        match token.kind {
            Kind::OQuote => quotes += 1,
            Kind::CQuote => quotes -= 1,
            _ if quotes > 0 => {}
            Kind::TemplateInterp | Kind::TemplateSeqEnd | Kind::QuotedLit => return false,
            _ => {}
        }
    }
    true
}

fn trim_newlines<'t, 'a>(tokens: &'t [Token<'a>]) -> &'t [Token<'a>] {
    let is_newline = |token: &Token<'_>| token.kind == Kind::Newline;
    let start = tokens
        .iter()
        .position(|t| !is_newline(t))
        .unwrap_or(tokens.len());
    let end = tokens
        .iter()
        .rposition(|t| !is_newline(t))
        .map_or(start, |i| i + 1);
    &tokens[start..end]
}

/// Rewrites a `variable` type: bare collections gain `(any)`, and quoted pre-0.12 names become
/// types, their collections holding strings as the old auto-conversion did.
fn modern_type<'a>(expr: &[Token<'a>]) -> Option<Vec<Token<'a>>> {
    let ident = |name: &'static str| Token::synthetic(Kind::Ident, name);
    let collection = |name: &'static str, element: &'static str| {
        vec![
            ident(name),
            Token::synthetic(Kind::OParen, "("),
            ident(element),
            Token::synthetic(Kind::CParen, ")"),
        ]
    };
    match expr {
        [keyword] if keyword.kind == Kind::Ident => match &*keyword.text {
            "list" => Some(collection("list", "any")),
            "map" => Some(collection("map", "any")),
            "set" => Some(collection("set", "any")),
            _ => None,
        },
        [open, name, close]
            if open.kind == Kind::OQuote
                && name.kind == Kind::QuotedLit
                && close.kind == Kind::CQuote =>
        {
            match &*name.text {
                "string" => Some(vec![ident("string")]),
                "list" => Some(collection("list", "string")),
                "map" => Some(collection("map", "string")),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Decodes the backslash escapes of a quoted literal; `None` when one is malformed.
fn unescape(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at + 1..];
        let (decoded, used) = match escape.chars().next()? {
            'n' => ('\n', 1),
            'r' => ('\r', 1),
            't' => ('\t', 1),
            '"' => ('"', 1),
            '\\' => ('\\', 1),
            'u' => (hex_char(escape.get(1..5)?)?, 5),
            'U' => (hex_char(escape.get(1..9)?)?, 9),
            _ => return None,
        };
        out.push(decoded);
        rest = &escape[used..];
    }
    out.push_str(rest);
    Some(out)
}

fn hex_char(digits: &str) -> Option<char> {
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    char::from_u32(u32::from_str_radix(digits, 16).ok()?)
}

/// Encodes a label the way hclwrite writes a string value.
fn escape(value: &str) -> Cow<'static, str> {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c if u32::from(c) < 0x1_0000 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08x}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// Format characters and private-use areas, which Go's `unicode.IsPrint` rejects.
const UNPRINTABLE: &[RangeInclusive<u32>] = &[
    0xAD..=0xAD,
    0x600..=0x605,
    0x61C..=0x61C,
    0x6DD..=0x6DD,
    0x70F..=0x70F,
    0x180E..=0x180E,
    0x200B..=0x200F,
    0x202A..=0x202E,
    0x2060..=0x2064,
    0x2066..=0x206F,
    0xE000..=0xF8FF,
    0xFEFF..=0xFEFF,
    0xFFF9..=0xFFFB,
    0xE0001..=0xE0001,
    0xE0020..=0xE007F,
    0xF0000..=0x10FFFF,
];

/// Approximates Go's `unicode.IsPrint`, which decides what hclwrite escapes; unassigned code
/// points, which it also rejects, are not detected.
fn is_printable(c: char) -> bool {
    let code = u32::from(c);
    !(c.is_control()
        || (c.is_whitespace() && c != ' ')
        || UNPRINTABLE.iter().any(|range| range.contains(&code)))
}

#[cfg(test)]
mod tests {
    use super::format_hcl;
    use proptest::prelude::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Suite {
        cases: Vec<Case>,
    }

    #[derive(Deserialize)]
    struct Case {
        input: String,
        want: String,
    }

    fn hclwrite_cases() -> Vec<Case> {
        let json = include_str!("../../tests/data/terraform-fmt/hclwrite-format-cases.json");
        let suite: Suite = serde_json::from_str(json).expect("the case file is valid JSON");
        suite.cases
    }

    /// terraform's own command test pairs, as (name, input, want).
    const PAIRS: &[(&str, &str, &str)] = &[
        (
            "general",
            include_str!("../../tests/data/terraform-fmt/general_in.tf"),
            include_str!("../../tests/data/terraform-fmt/general_out.tf"),
        ),
        (
            "variable_type",
            include_str!("../../tests/data/terraform-fmt/variable_type_in.tf"),
            include_str!("../../tests/data/terraform-fmt/variable_type_out.tf"),
        ),
    ];

    #[test]
    fn hclwrite_cases_all_match() {
        let cases = hclwrite_cases();
        assert_eq!(
            cases.len(),
            61,
            "the case file should hold all of TestFormat"
        );
        let failures: Vec<String> = cases
            .iter()
            .enumerate()
            .filter_map(|(index, case)| {
                let got = format_hcl(&case.input);
                (got != case.want).then(|| {
                    format!(
                        "case {index}\n  input: {:?}\n  want:  {:?}\n  got:   {:?}",
                        case.input, case.want, got
                    )
                })
            })
            .collect();
        assert!(
            failures.is_empty(),
            "{} of {} cases fail:\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn terraform_general_pair_matches() {
        let (_, input, want) = PAIRS[0];
        assert_eq!(format_hcl(input), want);
    }

    #[test]
    fn terraform_variable_type_pair_matches() {
        let (_, input, want) = PAIRS[1];
        assert_eq!(format_hcl(input), want);
    }

    #[test]
    fn formatting_is_idempotent_on_all_cases() {
        let inputs = hclwrite_cases()
            .into_iter()
            .map(|case| case.input)
            .chain(PAIRS.iter().map(|(_, input, _)| input.to_string()));
        for input in inputs {
            let once = format_hcl(&input);
            assert_eq!(format_hcl(&once), once, "not idempotent for {input:?}");
        }
    }

    #[test]
    fn blanks_after_the_last_token_stay_as_spaces() {
        assert_eq!(format_hcl("a=1\t "), "a = 1  ");
        assert_eq!(format_hcl("a=1\n\n\n"), "a = 1\n\n\n");
    }

    #[test]
    fn comments_and_heredocs_keep_their_text() {
        assert_eq!(format_hcl("# c   \na=1 # x  \n"), "# c   \na = 1 # x  \n");
        let heredoc = "b {\na = <<-EOT\n  x  \n    EOT\n}\n";
        assert_eq!(
            format_hcl(heredoc),
            "b {\n  a = <<-EOT\n  x  \n    EOT\n}\n"
        );
    }

    #[test]
    fn labels_are_quoted_and_normalised() {
        let src = "resource /* x */ \"a\" /* y */ b /* z */ {}\n";
        assert_eq!(format_hcl(src), "resource \"a\" \"b\" /* z */ {}\n");
        assert_eq!(
            format_hcl("terraform /* x */ {}\n"),
            "terraform /* x */ {}\n"
        );
        let escapes = "a \"\\u0041\\t\\\\\\\"\" \"\\u00a0\\u200b\\u00e9\" {}\n";
        assert_eq!(
            format_hcl(escapes),
            "a \"A\\t\\\\\\\"\" \"\\u00a0\\u200bé\" {}\n"
        );
    }

    #[test]
    fn labels_terraform_cannot_read_are_dropped() {
        assert_eq!(format_hcl("r \"a$b\" \"z\" {}\n"), "r \"z\" {}\n");
        assert_eq!(format_hcl("r \"$\" \"%\" {}\n"), "r \"$\" \"%\" {}\n");
    }

    #[test]
    fn interpolation_unwrapping_keeps_comments_outside() {
        assert_eq!(format_hcl("a = /* c */ \"${x}\"\n"), "a = /* c */ x\n");
        assert_eq!(
            format_hcl("a = \"${x}\" /* c */ # d\n"),
            "a = x /* c */ # d\n"
        );
        assert_eq!(format_hcl("a = \"${-1}x\"\n"), "a = \"${- 1}x\"\n");
    }

    #[test]
    fn index_brackets_hug_what_they_index() {
        let src = "a = \"abc\" [0]\nb = true [0]\nc = [for x in y : [x] if x]\nd = {a=1} [0]\n";
        let want = "a = \"abc\" [0]\nb = true[0]\nc = [for x in y : [x] if x]\nd = { a = 1 }[0]\n";
        assert_eq!(format_hcl(src), want);
    }

    #[test]
    fn in_is_a_keyword_only_after_an_identifier() {
        let src = "a = [for x in[1] : x if in ]\nb = f(in [1], x.in [0])\n";
        let want = "a = [for x in [1] : x if in ]\nb = f(in[1], x.in[0])\n";
        assert_eq!(format_hcl(src), want);
    }

    #[test]
    fn deeply_nested_blocks_do_not_exhaust_the_stack() {
        let depth = 100_000;
        let src = format!("{}{}", "a {".repeat(depth), "}".repeat(depth));
        let want = format!(
            "{}a {{}}{}",
            "a { ".repeat(depth - 1),
            " }".repeat(depth - 1)
        );
        assert_eq!(format_hcl(&src), want);
    }

    /// Blanks the generator may put wherever HCL allows them.
    fn blank() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["", " ", "  ", "\t"])
    }

    fn name() -> impl Strategy<Value = String> {
        "[a-z][a-z0-9_]{0,6}"
    }

    fn value() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            "[0-9]{1,4}",
            name(),
            (name(), name()).prop_map(|(a, b)| format!("{a}.{b}")),
            "[a-z ]{0,6}".prop_map(|s| format!("\"{s}\"")),
            (name(), name()).prop_map(|(a, b)| format!("\"${{{a}.{b}}}\"")),
            (name(), "[a-z ]{0,4}").prop_map(|(a, s)| format!("\"{s}${{ {a} }}\"")),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                (
                    prop::collection::vec(inner.clone(), 0..4),
                    blank(),
                    any::<bool>()
                )
                    .prop_map(|(items, pad, multi_line)| {
                        let sep = if multi_line { ",\n" } else { "," };
                        format!("[{pad}{}{pad}]", items.join(&format!("{sep}{pad}")))
                    }),
                (name(), prop::collection::vec(inner.clone(), 0..3))
                    .prop_map(|(f, args)| format!("{f}({})", args.join(","))),
                (inner.clone(), "[-+*/]|==|&&", inner.clone(), blank())
                    .prop_map(|(a, op, b, pad)| format!("{a}{pad}{op}{pad}{b}")),
                (name(), inner.clone(), blank())
                    .prop_map(|(k, v, pad)| format!("{{{pad}{k}{pad}={pad}{v}{pad}}}")),
                inner.prop_map(|v| format!("-{v}")),
            ]
        })
    }

    fn comment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[a-z ]{0,8}".prop_map(|s| format!(" # {s}")),
            "[a-z ]{0,8}".prop_map(|s| format!("// {s}")),
        ]
    }

    fn attribute() -> impl Strategy<Value = String> {
        (blank(), name(), blank(), value(), comment()).prop_map(
            |(pad, key, gap, value, comment)| format!("{pad}{key}{gap}={gap}{value}{comment}\n"),
        )
    }

    fn label() -> impl Strategy<Value = String> {
        prop_oneof![name(), name().prop_map(|n| format!("\"{n}\""))]
    }

    fn block() -> impl Strategy<Value = String> {
        let items = prop::collection::vec(prop_oneof![attribute(), Just("\n".to_string())], 0..5);
        let flat = (name(), prop::collection::vec(label(), 0..3), blank(), items).prop_map(
            |(kind, labels, pad, items)| {
                format!(
                    "{pad}{kind} {} {{\n{}}}\n",
                    labels.join(" "),
                    items.concat()
                )
            },
        );
        flat.prop_recursive(2, 8, 3, |inner| {
            (
                name(),
                prop::collection::vec(prop_oneof![inner, attribute()], 0..4),
            )
                .prop_map(|(kind, items)| format!("{kind} {{\n{}}}\n", items.concat()))
        })
    }

    fn config() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![attribute(), block(), Just("\n".to_string())],
            0..8,
        )
        .prop_map(|items| items.concat())
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(src in any::<String>()) {
            let _ = format_hcl(&src);
        }

        #[test]
        fn never_panics_on_hcl_like_text(
            src in "[a-z0-9 \t\r\n\"{}\\[\\]()=,.:?!<>+*/%#~$\\\\-]{0,80}"
        ) {
            let _ = format_hcl(&src);
        }

        #[test]
        fn formatting_generated_configs_is_idempotent(src in config()) {
            let once = format_hcl(&src);
            prop_assert_eq!(format_hcl(&once), once);
        }
    }
}
