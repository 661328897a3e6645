//! A forgiving tokenizer for HCL native syntax.
//!
//! It never fails: anything it does not recognise becomes an `Invalid` token, so every byte of
//! the input except inter-token blanks ends up in some token and formatting cannot lose text.

use std::borrow::Cow;

/// The token kinds the formatter tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Newline,
    Comment,
    Ident,
    Number,
    OBrace,
    CBrace,
    OBrack,
    CBrack,
    OParen,
    CParen,
    Comma,
    Dot,
    Ellipsis,
    Equal,
    FatArrow,
    Question,
    Colon,
    DoubleColon,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Bang,
    EqualOp,
    NotEqual,
    Less,
    LessEq,
    Greater,
    GreaterEq,
    And,
    Or,
    OQuote,
    CQuote,
    QuotedLit,
    QuotedNewline,
    OHeredoc,
    StringLit,
    CHeredoc,
    TemplateInterp,
    TemplateControl,
    TemplateSeqEnd,
    Invalid,
}

impl Kind {
    /// How much this token deepens (+1) or closes (-1) bracket nesting, templates included.
    pub(super) fn bracket_change(self) -> i32 {
        match self {
            Kind::OBrace
            | Kind::OBrack
            | Kind::OParen
            | Kind::TemplateInterp
            | Kind::TemplateControl => 1,
            Kind::CBrace | Kind::CBrack | Kind::CParen | Kind::TemplateSeqEnd => -1,
            _ => 0,
        }
    }
}

/// One token: its kind, its exact text, and the blanks the formatter puts before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Token<'a> {
    pub(super) kind: Kind,
    pub(super) text: Cow<'a, str>,
    pub(super) spaces: usize,
}

impl<'a> Token<'a> {
    /// A token that does not come from the source, such as one a rewrite adds.
    pub(super) fn synthetic(kind: Kind, text: impl Into<Cow<'a, str>>) -> Self {
        Token {
            kind,
            text: text.into(),
            spaces: 0,
        }
    }

    /// Whether the token ends a line: a newline, or a line comment that swallowed one.
    pub(super) fn ends_line(&self) -> bool {
        match self.kind {
            Kind::Newline => true,
            Kind::Comment => self.text.ends_with('\n'),
            _ => false,
        }
    }
}

/// The tokens of a source text plus the count of blank bytes after the last one.
pub(super) struct Lexed<'a> {
    pub(super) tokens: Vec<Token<'a>>,
    pub(super) trailing_blanks: usize,
}

/// Splits `src` into tokens; never fails.
pub(super) fn lex(src: &str) -> Lexed<'_> {
    let mut lexer = Lexer {
        src,
        pos: 0,
        last_end: 0,
        tokens: Vec::new(),
        modes: Vec::new(),
    };
    while lexer.pos < src.len() {
        lexer.step();
    }
    Lexed {
        trailing_blanks: src.len() - lexer.last_end,
        tokens: lexer.tokens,
    }
}

/// What the lexer is inside of; the empty stack means plain top-level syntax.
enum Mode<'a> {
    /// Inside `${ }` or `%{ }`, counting object braces so the right `}` closes it.
    Interp { braces: usize },
    /// Inside a double-quoted template.
    Quoted,
    /// Inside a heredoc body, waiting for the line holding only `marker`.
    Heredoc { marker: &'a str, line_start: bool },
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    last_end: usize,
    tokens: Vec<Token<'a>>,
    modes: Vec<Mode<'a>>,
}

/// Multi-character operators, longest first so that prefixes do not win.
const OPERATORS: &[(&str, Kind)] = &[
    ("...", Kind::Ellipsis),
    ("::", Kind::DoubleColon),
    ("==", Kind::EqualOp),
    ("!=", Kind::NotEqual),
    ("<=", Kind::LessEq),
    (">=", Kind::GreaterEq),
    ("&&", Kind::And),
    ("||", Kind::Or),
    ("=>", Kind::FatArrow),
    ("[", Kind::OBrack),
    ("]", Kind::CBrack),
    ("(", Kind::OParen),
    (")", Kind::CParen),
    (",", Kind::Comma),
    (".", Kind::Dot),
    ("=", Kind::Equal),
    ("<", Kind::Less),
    (">", Kind::Greater),
    ("!", Kind::Bang),
    ("+", Kind::Plus),
    ("-", Kind::Minus),
    ("*", Kind::Star),
    ("/", Kind::Slash),
    ("%", Kind::Percent),
    ("?", Kind::Question),
    (":", Kind::Colon),
];

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn push(&mut self, kind: Kind, len: usize) {
        let end = self.pos + len;
        self.tokens.push(Token {
            kind,
            text: Cow::Borrowed(&self.src[self.pos..end]),
            spaces: 0,
        });
        self.pos = end;
        self.last_end = end;
    }

    fn step(&mut self) {
        match self.modes.last() {
            None => self.lex_expr(None),
            Some(&Mode::Interp { braces }) => self.lex_expr(Some(braces)),
            Some(Mode::Quoted) => self.lex_quoted(),
            Some(&Mode::Heredoc { marker, line_start }) => self.lex_heredoc(marker, line_start),
        }
    }

    /// Lexes one token of expression syntax; `interp_braces` is set inside a template sequence.
    fn lex_expr(&mut self, interp_braces: Option<usize>) {
        let rest = self.rest();
        let Some(c) = rest.chars().next() else {
            return;
        };
        match c {
            ' ' | '\t' => self.pos += 1,
            // A byte order mark is only skipped where a file starts, as HCL does.
            '\u{feff}' if self.pos == 0 => self.pos += c.len_utf8(),
            '\n' => self.push(Kind::Newline, 1),
            '\r' if rest.starts_with("\r\n") => self.push(Kind::Newline, 2),
            '#' => self.push(Kind::Comment, line_len(rest)),
            '/' if rest.starts_with("//") => self.push(Kind::Comment, line_len(rest)),
            '/' if rest.starts_with("/*") => {
                let len = rest[2..].find("*/").map_or(rest.len(), |i| i + 4);
                self.push(Kind::Comment, len);
            }
            '"' => {
                self.push(Kind::OQuote, 1);
                self.modes.push(Mode::Quoted);
            }
            '<' => match heredoc_intro(rest) {
                Some((len, marker)) => {
                    self.push(Kind::OHeredoc, len);
                    self.modes.push(Mode::Heredoc {
                        marker,
                        line_start: true,
                    });
                }
                None => self.lex_operator(rest, c),
            },
            '{' | '}' | '~' => self.lex_brace(c, interp_braces),
            _ if c.is_ascii_digit() => self.push(Kind::Number, number_len(rest)),
            _ if is_ident_start(c) => self.push(Kind::Ident, ident_len(rest)),
            _ => self.lex_operator(rest, c),
        }
    }

    fn lex_operator(&mut self, rest: &str, c: char) {
        match OPERATORS.iter().find(|(op, _)| rest.starts_with(op)) {
            Some((op, kind)) => self.push(*kind, op.len()),
            None => self.push(Kind::Invalid, c.len_utf8()),
        }
    }

    /// Braces nest objects, except the `}` (or `~}`) that closes a template sequence.
    fn lex_brace(&mut self, c: char, interp_braces: Option<usize>) {
        let closes_sequence = interp_braces == Some(0);
        match c {
            '{' => {
                self.push(Kind::OBrace, 1);
                self.set_interp_braces(interp_braces.map(|b| b + 1));
            }
            '}' if closes_sequence => {
                self.push(Kind::TemplateSeqEnd, 1);
                self.modes.pop();
            }
            '}' => {
                self.push(Kind::CBrace, 1);
                self.set_interp_braces(interp_braces.map(|b| b.saturating_sub(1)));
            }
            _ if closes_sequence && self.rest().starts_with("~}") => {
                self.push(Kind::TemplateSeqEnd, 2);
                self.modes.pop();
            }
            _ => self.push(Kind::Invalid, c.len_utf8()),
        }
    }

    fn set_interp_braces(&mut self, count: Option<usize>) {
        if let (Some(count), Some(Mode::Interp { braces })) = (count, self.modes.last_mut()) {
            *braces = count;
        }
    }

    /// Opens a `${`/`%{` sequence if one starts here; returns whether it did.
    fn lex_sequence_start(&mut self) -> bool {
        let rest = self.rest();
        let kind = if rest.starts_with("${") {
            Kind::TemplateInterp
        } else if rest.starts_with("%{") {
            Kind::TemplateControl
        } else {
            return false;
        };
        let len = if rest[2..].starts_with('~') { 3 } else { 2 };
        self.push(kind, len);
        self.modes.push(Mode::Interp { braces: 0 });
        true
    }

    fn lex_quoted(&mut self) {
        let rest = self.rest();
        if rest.starts_with('"') {
            self.push(Kind::CQuote, 1);
            self.modes.pop();
        } else if rest.starts_with('\n') {
            self.push(Kind::QuotedNewline, 1);
        } else if rest.starts_with("\r\n") {
            self.push(Kind::QuotedNewline, 2);
        } else if !self.lex_sequence_start() {
            self.push(Kind::QuotedLit, quoted_literal_len(rest));
        }
    }

    fn lex_heredoc(&mut self, marker: &'a str, line_start: bool) {
        let rest = self.rest();
        if line_start && is_closing_marker(rest, marker) {
            let len = rest.find(['\r', '\n']).unwrap_or(rest.len());
            self.push(Kind::CHeredoc, len);
            self.modes.pop();
            return;
        }
        if self.lex_sequence_start() {
            self.set_line_start(false);
            return;
        }
        let len = heredoc_literal_len(rest);
        self.push(Kind::StringLit, len);
        self.set_line_start(rest[..len].ends_with('\n'));
    }

    fn set_line_start(&mut self, value: bool) {
        if let Some(Mode::Heredoc { line_start, .. }) = self.modes.last_mut() {
            *line_start = value;
        }
    }
}

/// Length of a `#` or `//` comment, including the newline that ends it.
fn line_len(rest: &str) -> usize {
    rest.find('\n').map_or(rest.len(), |i| i + 1)
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ident_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

fn ident_len(rest: &str) -> usize {
    rest.find(|c: char| !is_ident_continue(c))
        .unwrap_or(rest.len())
}

fn digits_len(s: &str) -> usize {
    s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len())
}

/// Length of `digits ('.' digits)? ([eE] [+-]? digits)?`, taking the optional parts only when whole.
fn number_len(rest: &str) -> usize {
    let mut len = digits_len(rest);
    let after = &rest[len..];
    if let Some(fraction) = after.strip_prefix('.') {
        let n = digits_len(fraction);
        if n > 0 {
            len += 1 + n;
        }
    }
    let after = &rest[len..];
    if let Some(exp) = after.strip_prefix(['e', 'E']) {
        let sign = usize::from(exp.starts_with(['+', '-']));
        let n = digits_len(&exp[sign..]);
        if n > 0 {
            len += 1 + sign + n;
        }
    }
    len
}

/// For `<<ID` or `<<-ID` followed by a newline, the token length (newline included) and `ID`.
fn heredoc_intro(rest: &str) -> Option<(usize, &str)> {
    let after = rest.strip_prefix("<<")?;
    let dash = usize::from(after.starts_with('-'));
    let name = &after[dash..];
    if !name.starts_with(is_ident_start) {
        return None;
    }
    let marker = &name[..ident_len(name)];
    let tail = &name[marker.len()..];
    let newline = if tail.starts_with('\n') {
        1
    } else if tail.starts_with("\r\n") {
        2
    } else {
        return None;
    };
    Some((2 + dash + marker.len() + newline, marker))
}

/// Whether this heredoc line holds only the closing marker, blanks around it allowed.
fn is_closing_marker(rest: &str, marker: &str) -> bool {
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let line = line.strip_suffix('\r').unwrap_or(line);
    line.trim_matches([' ', '\t']) == marker
}

/// Length of quoted-template text up to the closing quote, a newline or a `${`/`%{`.
fn quoted_literal_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\n' => break,
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => break,
            b'\\' => i += 1 + rest[i + 1..].chars().next().map_or(0, char::len_utf8),
            b'$' | b'%' => match template_escape(&bytes[i..]) {
                Some(0) => break,
                Some(n) => i += n,
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    at_least_one_char(rest, i)
}

/// Length of heredoc text up to the end of its line (newline included) or a `${`/`%{`.
fn heredoc_literal_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => return i + 1,
            b'$' | b'%' => match template_escape(&bytes[i..]) {
                Some(0) => break,
                Some(n) => i += n,
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    at_least_one_char(rest, i)
}

/// At a `$` or `%`: `Some(0)` if a sequence starts here, `Some(3)` for the doubled
/// escape (`$${`, `%%{`), `None` for an ordinary character.
fn template_escape(bytes: &[u8]) -> Option<usize> {
    match bytes {
        [_, b'{', ..] => Some(0),
        [a, b, b'{', ..] if a == b => Some(3),
        _ => None,
    }
}

/// Guarantees progress: a literal scan that stopped at once still takes one character.
fn at_least_one_char(rest: &str, len: usize) -> usize {
    if len > 0 {
        len.min(rest.len())
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    }
}
