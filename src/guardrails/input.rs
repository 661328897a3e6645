//! The guardrails input document.
//!
//! Terraform files become exactly the JSON that conftest's HCL2 parser produces (conftest
//! runs `tmccombs/hcl2json` over HashiCorp's HCL parser; the npm package `@cdktf/hcl2json`
//! is the same converter), so `package main` policies written for `conftest test` run
//! unchanged:
//!
//! - every block's last label holds a list of bodies: `resource.<type>.<name> = [{...}]`,
//!   `module.<name> = [{...}]`, `locals = [{...}]`; nested blocks are lists too
//!   (`versioning = [{...}]`, `dynamic.<label> = [{for_each, content = [{...}]}]`);
//! - null, booleans, numbers, and lists and objects written literally are JSON values;
//! - strings and templates are their text, literal parts unescaped except that `${` and `%{`
//!   are written `$${` and `%%{` again; interpolations are `${<source>}`;
//! - every other expression is `"${<source text exactly as written>}"`, comments included.
//!
//! Less obvious rules of the converter, reproduced here (each has a unit test):
//!
//! - numbers are their exact decimal value (`1e3` is `1000`, `1.0` is `1`);
//! - a string that is a single interpolation is that expression's value (`"${42}"` is `42`);
//! - directives are rewritten compactly (`%{ if x }` becomes `%{if x}`, an empty else is
//!   dropped) and an interpolated conditional inside a longer template becomes an `%{if}`;
//! - heredocs keep their final line break; `<<-` removes the smallest indentation counted in
//!   characters, keeps whitespace-only lines as they are, and a `~` strip marker in a heredoc
//!   only reaches the adjacent line;
//! - object keys: names and static references (`a.b`, `a[0]`) as written, quoted keys as
//!   text, anything else as `${...}`;
//! - an argument replaces a block of the same name.
//!
//! Parsing uses hcl-edit, which is lossless and keeps byte spans, so the source text of every
//! expression and the line of every block are exact. Where hcl-edit and HashiCorp's parser
//! disagree, this module follows HashiCorp's; two differences remain: an object that repeats
//! a key is an error here (HCL keeps the last value), and strings are not normalised to
//! Unicode NFC as HCL does.

use hcl::edit::Span;
use hcl::edit::expr::{Expression, Object, ObjectKey, TraversalOperator, UnaryOp, UnaryOperator};
use hcl::edit::structure::{Block, Body, Structure};
use hcl::edit::template::{Directive, Element, HeredocTemplate, Strip, Template};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::ops::Range;

/// One Terraform file given to the guardrails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceFile<'a> {
    /// The file's path as it should be reported, e.g. `main.tf`.
    pub path: &'a str,
    /// The file's contents.
    pub text: &'a str,
}

/// The input document for a module directory (all its `.tf` files merged) plus an index of
/// where each top-level block is.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The merged document: objects deep-merged, lists concatenated in file order.
    pub value: Value,
    /// Every top-level block, in file order and then source order.
    pub locations: Vec<Location>,
}

/// Where a top-level block starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The block type and its labels joined by dots: `resource.aws_s3_bucket.this`,
    /// `module.vpc`, `provider.aws`, `locals`.
    pub address: String,
    /// The path of the file the block is in.
    pub file: String,
    /// The 1-based line of the block's first line.
    pub line: usize,
}

/// A file that cannot be turned into the input document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{line}:{column}: {message}", file_prefix(.file))]
pub struct InputError {
    /// The file's path; empty when the text was converted on its own ([`file_value`]).
    pub file: String,
    /// The 1-based line of the problem.
    pub line: usize,
    /// The 1-based column (in characters) of the problem.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

fn file_prefix(file: &str) -> String {
    if file.is_empty() {
        String::new()
    } else {
        format!("{file}:")
    }
}

/// Converts the `.tf` files of one module directory and merges them, in the order given.
///
/// # Errors
///
/// A file that does not parse, a block shape the converter rejects (blocks of one type with
/// and without labels), or two files that define the same top-level name in different shapes.
pub fn document(files: &[SourceFile]) -> Result<Document, InputError> {
    let mut value = Map::new();
    let mut locations = Vec::new();
    for file in files {
        let file = SourceFile {
            path: file.path,
            text: without_bom(file.text),
        };
        let Converted {
            value: file_value,
            blocks,
            top_level,
        } = convert_file(file.text).map_err(|p| p.into_error(file.path, file.text))?;
        merge(&mut value, file_value).map_err(|path| conflict(file, &top_level, &path))?;
        locations.extend(blocks.into_iter().map(|(address, offset)| Location {
            address,
            file: file.path.to_owned(),
            line: line_column(file.text, offset).0,
        }));
    }
    Ok(Document {
        value: Value::Object(value),
        locations,
    })
}

/// A file whose top-level name has another shape than in an earlier file, reported at that
/// name's first definition in the file.
fn conflict(file: SourceFile, top_level: &[(String, usize)], path: &str) -> InputError {
    let name = path.split('.').next().unwrap_or_default();
    let offset = top_level
        .iter()
        .find(|(top, _)| top == name)
        .map_or(0, |(_, offset)| *offset);
    let message = format!("`{path}` conflicts with its definition in an earlier file");
    Problem::new(offset, message).into_error(file.path, file.text)
}

/// Converts one file's text into the JSON object the converter produces for it.
///
/// # Errors
///
/// The text does not parse as HCL, defines an argument twice, mixes blocks of one type with
/// and without labels, or applies `-`/`!` to a literal of the wrong type.
pub fn file_value(text: &str) -> Result<Value, InputError> {
    let text = without_bom(text);
    convert_file(text)
        .map(|converted| Value::Object(converted.value))
        .map_err(|p| p.into_error("", text))
}

/// HCL ignores a leading byte order mark; hcl-edit does not.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// One converted file: its object, the address and offset of each top-level block, and the
/// name and offset of each top-level structure.
struct Converted {
    value: Map<String, Value>,
    blocks: Offsets,
    top_level: Offsets,
}

/// Names with the byte offset where each starts.
type Offsets = Vec<(String, usize)>;

fn convert_file(text: &str) -> Result<Converted, Problem> {
    let masked = mask_empty_heredocs(text);
    let body = hcl::edit::parser::parse_body(&masked).map_err(|e| Problem {
        offset: e.location().offset(),
        message: e.message().to_owned(),
    })?;
    let value = Converter { src: text }.body(&body)?;
    let (blocks, top_level) = top_level_index(&body);
    Ok(Converted {
        value,
        blocks,
        top_level,
    })
}

/// The address and offset of each top-level block, and the name and offset of each
/// top-level structure.
fn top_level_index(body: &Body) -> (Offsets, Offsets) {
    let mut blocks = Vec::new();
    let mut top_level = Vec::new();
    for structure in body.iter() {
        let offset = structure.span().map_or(0, |span| span.start);
        match structure {
            Structure::Block(block) => {
                top_level.push((block.ident.as_str().to_owned(), offset));
                blocks.push((block_address(block), offset));
            }
            Structure::Attribute(attr) => top_level.push((attr.key.as_str().to_owned(), offset)),
        }
    }
    (blocks, top_level)
}

/// Works around hcl-edit 0.10 reading an empty heredoc (`<<EOT` directly followed by its
/// `EOT` line) as running on to the *next* `EOT` line, which silently swallows whatever lies
/// between. Each empty heredoc is overwritten with `""` padded by spaces; byte offsets and
/// line breaks stay where they were, and all source text is still read from the original.
///
/// Heredoc bodies are skipped, so a `<<EOT` inside one is left alone. A `<<NAME` at the end of
/// a comment line is taken for a heredoc start too (harmless unless an empty heredoc follows
/// before a `NAME` line).
fn mask_empty_heredocs(text: &str) -> Cow<'_, str> {
    let mut masked: Option<String> = None;
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find("<<")) {
        let start = from + found;
        from = start + 2;
        let Some(heredoc) = heredoc_at(text, start) else {
            continue;
        };
        from = heredoc.end;
        if let (true, Some(raw)) = (heredoc.empty, text.get(start..heredoc.end)) {
            let out = masked.get_or_insert_with(|| text.to_owned());
            out.replace_range(start..heredoc.end, &blank_heredoc(raw));
        }
    }
    masked.map_or(Cow::Borrowed(text), Cow::Owned)
}

/// A heredoc found in the raw text: where its closing line ends and whether it has no lines.
struct RawHeredoc {
    end: usize,
    empty: bool,
}

/// The heredoc starting at `start` (which holds `<<`), if the text there is one.
fn heredoc_at(text: &str, start: usize) -> Option<RawHeredoc> {
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
        if line.trim() == name {
            return Some(RawHeredoc {
                end: line_end,
                empty: line_start == body_start,
            });
        }
        line_start += line.len();
    }
    None
}

/// `""` followed by spaces, keeping every line break and the byte length.
fn blank_heredoc(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    out.push_str("\"\"");
    for c in raw.get(2..).unwrap_or_default().chars() {
        match c {
            '\r' | '\n' => out.push(c),
            _ => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
        }
    }
    out
}

fn block_address(block: &Block) -> String {
    let mut address = block.ident.as_str().to_owned();
    for label in &block.labels {
        address.push('.');
        address.push_str(label.as_str());
    }
    address
}

/// Deep-merges `from` into `into`: objects merge, lists concatenate. Returns the offending key
/// when the two hold different shapes under one name.
fn merge(into: &mut Map<String, Value>, from: Map<String, Value>) -> Result<(), String> {
    for (key, value) in from {
        match (into.get_mut(&key), value) {
            (None, value) => {
                into.insert(key, value);
            }
            (Some(Value::Object(old)), Value::Object(new)) => {
                merge(old, new).map_err(|inner| format!("{key}.{inner}"))?;
            }
            (Some(Value::Array(old)), Value::Array(new)) => old.extend(new),
            (Some(_), _) => return Err(key),
        }
    }
    Ok(())
}

/// A conversion problem at a byte offset of the file's text.
#[derive(Debug)]
struct Problem {
    offset: usize,
    message: String,
}

impl Problem {
    fn new(offset: usize, message: impl Into<String>) -> Problem {
        Problem {
            offset,
            message: message.into(),
        }
    }

    fn at(span: Option<Range<usize>>, message: impl Into<String>) -> Problem {
        Problem::new(span.map_or(0, |s| s.start), message)
    }

    fn into_error(self, file: &str, text: &str) -> InputError {
        let (line, column) = line_column(text, self.offset);
        InputError {
            file: file.to_owned(),
            line,
            column,
            message: self.message,
        }
    }
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// Converts hcl-edit structures over the file's source text.
struct Converter<'s> {
    src: &'s str,
}

impl<'s> Converter<'s> {
    /// A body: blocks first, then arguments (an argument replaces a block of the same name, as
    /// in the converter).
    fn body(&self, body: &Body) -> Result<Map<String, Value>, Problem> {
        let mut out = Map::new();
        for block in body.blocks() {
            self.block(block, &mut out)?;
        }
        for attr in body.attributes() {
            out.insert(attr.key.as_str().to_owned(), self.value(&attr.value)?);
        }
        Ok(out)
    }

    /// A block: nested under its type and labels, its body appended to the list at the last one.
    fn block(&self, block: &Block, out: &mut Map<String, Value>) -> Result<(), Problem> {
        let mut target = out;
        let mut key = block.ident.as_str().to_owned();
        for label in &block.labels {
            let entry = target
                .entry(key)
                .or_insert_with(|| Value::Object(Map::new()));
            target = match entry {
                Value::Object(map) => map,
                _ => return Err(mixed_labels(block)),
            };
            key = label.as_str().to_owned();
        }
        let value = Value::Object(self.body(&block.body)?);
        match target
            .entry(key)
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            Value::Array(list) => {
                list.push(value);
                Ok(())
            }
            _ => Err(mixed_labels(block)),
        }
    }

    /// An expression in value position (an argument, a list element, an object value).
    fn value(&self, expr: &Expression) -> Result<Value, Problem> {
        match expr {
            Expression::Null(_) => Ok(Value::Null),
            Expression::Bool(b) => Ok(Value::Bool(*b.value())),
            Expression::Number(_) => self.number(expr, false),
            Expression::String(s) => Ok(Value::String(escape_literal(s.value()))),
            Expression::Array(array) => array
                .iter()
                .map(|e| self.value(e))
                .collect::<Result<_, _>>()
                .map(Value::Array),
            Expression::Object(object) => self.object(object),
            Expression::StringTemplate(t) => self.template_value(t, Mode::Quoted),
            Expression::HeredocTemplate(h) => self.template_value(&h.template, self.mode(expr, h)?),
            Expression::UnaryOp(op) => self.unary(op, expr),
            _ => self.wrap(expr).map(Value::String),
        }
    }

    /// A number literal (possibly negated) as the JSON number of its exact decimal text, the
    /// way the converter's output reads back.
    fn number(&self, number: &Expression, negate: bool) -> Result<Value, Problem> {
        let text = self.decimal(number, negate)?;
        serde_json::from_str(&text)
            .map_err(|_| Problem::at(number.span(), format!("number {text} is out of range")))
    }

    /// The exact decimal text of a number literal. hcl-edit reads `-1` (and `- 1`) as one
    /// number where HCL reads `-` applied to `1`; the sign is taken from the source.
    fn decimal(&self, number: &Expression, negate: bool) -> Result<String, Problem> {
        let source = self.source(number)?;
        let (negative, digits) = match source.strip_prefix('-') {
            Some(rest) => (!negate, skip_inline_space(rest)),
            None => (negate, source),
        };
        decimal_text(digits, negative)
            .ok_or_else(|| Problem::at(number.span(), format!("number `{source}` is out of range")))
    }

    /// `-` or `!` applied to a literal is evaluated; applied to anything else (including
    /// another `-`) it stays an expression.
    fn unary(&self, op: &UnaryOp, expr: &Expression) -> Result<Value, Problem> {
        let operand = &op.expr;
        let literal = match operand {
            Expression::Number(_) => !self.is_negated_number(operand)?,
            Expression::Bool(_) | Expression::Null(_) => true,
            _ => false,
        };
        if !literal {
            return self.wrap(expr).map(Value::String);
        }
        match (op.operator.value(), operand) {
            (UnaryOperator::Neg, Expression::Number(_)) => self.number(operand, true),
            (UnaryOperator::Not, Expression::Bool(b)) => Ok(Value::Bool(!*b.value())),
            _ => Err(Problem::at(
                expr.span(),
                "invalid operand for a unary operator",
            )),
        }
    }

    /// Whether hcl-edit's number is really HCL's `-` applied to a number.
    fn is_negated_number(&self, expr: &Expression) -> Result<bool, Problem> {
        Ok(matches!(expr, Expression::Number(_)) && self.source(expr)?.starts_with('-'))
    }

    /// How a heredoc's text is read: its delimiter, and whether it is a flush heredoc (`<<-`).
    fn mode<'h>(
        &self,
        expr: &Expression,
        heredoc: &'h HeredocTemplate,
    ) -> Result<Mode<'h>, Problem> {
        Ok(Mode::Heredoc {
            flush: self.source(expr)?.starts_with("<<-"),
            delimiter: heredoc.delimiter.as_str(),
        })
    }

    fn object(&self, object: &Object) -> Result<Value, Problem> {
        let mut out = Map::new();
        for (key, value) in object.iter() {
            out.insert(self.key(key)?, self.value(value.expr())?);
        }
        Ok(Value::Object(out))
    }

    /// An object key: a name or a static reference as written, anything else as a string part.
    fn key(&self, key: &ObjectKey) -> Result<String, Problem> {
        match key {
            ObjectKey::Ident(ident) => Ok(ident.as_str().to_owned()),
            ObjectKey::Expression(expr) if self.is_scope_traversal(expr)? => {
                self.source(expr).map(str::to_owned)
            }
            ObjectKey::Expression(expr) => self.string_part(expr),
        }
    }

    /// An expression inside a template (or a key, or a branch of a conditional there).
    fn string_part(&self, expr: &Expression) -> Result<String, Problem> {
        match expr {
            Expression::Null(_) => Ok("null".to_owned()),
            Expression::Bool(b) => Ok(b.value().to_string()),
            Expression::Number(_) if !self.is_negated_number(expr)? => self.decimal(expr, false),
            Expression::String(s) => Ok(escape_literal(s.value())),
            Expression::StringTemplate(t) => self.template_text(t, Mode::Quoted),
            Expression::HeredocTemplate(h) => self.template_text(&h.template, self.mode(expr, h)?),
            Expression::Conditional(c) => {
                // As for `%{if}`: a failing then-branch drops the directive, a failing
                // else-branch drops the else.
                let Ok(then) = self.string_part(&c.true_expr) else {
                    return Ok(String::new());
                };
                let otherwise = self.string_part(&c.false_expr).unwrap_or_default();
                self.if_directive(&c.cond_expr, &then, &otherwise)
            }
            _ => self.wrap(expr),
        }
    }

    /// `%{if <source>}then[%{else}otherwise]%{endif}`; an empty else branch is left out.
    fn if_directive(
        &self,
        cond: &Expression,
        then: &str,
        otherwise: &str,
    ) -> Result<String, Problem> {
        let mut out = format!("%{{if {}}}{then}", self.source(cond)?);
        if !otherwise.is_empty() {
            out.push_str("%{else}");
            out.push_str(otherwise);
        }
        out.push_str("%{endif}");
        Ok(out)
    }

    /// A template in value position: a lone interpolation is its expression's value.
    fn template_value(&self, template: &Template, mode: Mode) -> Result<Value, Problem> {
        let tokens = self.tokens(template, mode)?;
        match tokens.as_slice() {
            [Token::Interp(expr)] => self.value(expr),
            _ => self.render(&tokens).map(Value::String),
        }
    }

    /// A template inside another template: a lone interpolation is its expression's text.
    fn template_text(&self, template: &Template, mode: Mode) -> Result<String, Problem> {
        let tokens = self.tokens(template, mode)?;
        match tokens.as_slice() {
            [Token::Interp(expr)] => self.string_part(expr),
            _ => self.render(&tokens),
        }
    }

    /// The template's token stream after strip markers, flush-heredoc indentation and melding
    /// of adjacent literals, in the order HCL's parser applies them.
    fn tokens<'e>(&self, template: &'e Template, mode: Mode) -> Result<Vec<Token<'e>>, Problem> {
        let mut marked = Vec::new();
        self.flatten(template, mode, &mut marked)?;
        apply_strip_markers(&mut marked);
        let mut tokens: Vec<Token<'e>> = marked.into_iter().map(|m| m.token).collect();
        if let Mode::Heredoc { flush: true, .. } = mode {
            flush_heredoc(&mut tokens);
        }
        Ok(meld_literals(tokens))
    }

    /// Flattens hcl-edit's template tree into HCL's flat token stream.
    fn flatten<'e>(
        &self,
        template: &'e Template,
        mode: Mode,
        out: &mut Vec<Marked<'e>>,
    ) -> Result<(), Problem> {
        for element in template.iter() {
            match element {
                Element::Literal(literal) => self.literal(literal, mode, out)?,
                Element::Interpolation(interp) => {
                    out.push(Marked::new(Token::Interp(&interp.expr), interp.strip));
                }
                Element::Directive(directive) => self.directive(directive, mode, out)?,
            }
        }
        Ok(())
    }

    /// A literal run, read from the source: hcl-edit leaves escapes unresolved inside
    /// directives. In a heredoc HCL makes one token per line (so strip markers only reach the
    /// adjacent line) and the text is as written, before hcl-edit's own dedent.
    fn literal<'e>(
        &self,
        literal: &hcl::edit::Spanned<String>,
        mode: Mode,
        out: &mut Vec<Marked<'e>>,
    ) -> Result<(), Problem> {
        let span = literal.span();
        let Some((start, raw)) = span.clone().and_then(|s| Some((s.start, self.src.get(s)?)))
        else {
            return Err(Problem::at(span, "template text without source span"));
        };
        let Mode::Heredoc { delimiter, .. } = mode else {
            let text = unescape_quoted(raw).map_err(|message| Problem::at(span, message))?;
            out.push(Marked::plain(Token::Literal(text)));
            return Ok(());
        };
        let mut at = start;
        for line in raw.split_inclusive('\n') {
            let line_start = at == 0 || self.src.as_bytes().get(at - 1) == Some(&b'\n');
            if line_start && line.trim() == delimiter {
                // hcl-edit lets a directive run past the heredoc's end; HCL does not.
                return Err(Problem::new(
                    at,
                    "the heredoc ends inside a template directive",
                ));
            }
            for token in heredoc_line_tokens(line) {
                out.push(Marked::plain(Token::Literal(unescape_markers(token))));
            }
            at += line.len();
        }
        Ok(())
    }

    fn directive<'e>(
        &self,
        directive: &'e Directive,
        mode: Mode,
        out: &mut Vec<Marked<'e>>,
    ) -> Result<(), Problem> {
        match directive {
            Directive::If(d) => {
                out.push(Marked::new(
                    Token::If(&d.if_expr.cond_expr),
                    d.if_expr.strip,
                ));
                self.flatten(&d.if_expr.template, mode, out)?;
                if let Some(else_expr) = &d.else_expr {
                    out.push(Marked::new(Token::Else, else_expr.strip));
                    self.flatten(&else_expr.template, mode, out)?;
                }
                out.push(Marked::new(Token::EndIf, d.endif_expr.strip));
            }
            Directive::For(d) => {
                let f = &d.for_expr;
                let token = Token::For {
                    key: f.key_var.as_ref().map(|k| k.as_str()),
                    value: f.value_var.as_str(),
                    collection: &f.collection_expr,
                };
                out.push(Marked::new(token, f.strip));
                self.flatten(&f.template, mode, out)?;
                out.push(Marked::new(Token::EndFor, d.endfor_expr.strip));
            }
        }
        Ok(())
    }

    /// Renders a token stream as the converter's template text.
    fn render(&self, tokens: &[Token]) -> Result<String, Problem> {
        let mut out = String::new();
        let mut rest = tokens;
        while let Some((first, tail)) = rest.split_first() {
            rest = tail;
            match first {
                Token::Literal(text) => out.push_str(&escape_literal(text)),
                Token::Interp(expr) => out.push_str(&self.string_part(expr)?),
                Token::If(cond) => {
                    let (then, otherwise, after) = split_if(rest);
                    rest = after;
                    // The converter drops the whole directive when its then-branch fails to
                    // convert, and the else-branch alone when that one fails.
                    let Ok(then) = self.render_body(then) else {
                        continue;
                    };
                    let otherwise = self.render_body(otherwise).unwrap_or_default();
                    out.push_str(&self.if_directive(cond, &then, &otherwise)?);
                }
                Token::For {
                    key,
                    value,
                    collection,
                } => {
                    let (body, after) = split_for(rest);
                    rest = after;
                    let body = self.render_body(body)?;
                    out.push_str(&self.for_directive(*key, value, collection, &body)?);
                }
                Token::Else | Token::EndIf | Token::EndFor => {}
            }
        }
        Ok(out)
    }

    /// `%{for [key, ]value in <source>}body%{endfor}`.
    fn for_directive(
        &self,
        key: Option<&str>,
        value: &str,
        collection: &Expression,
        body: &str,
    ) -> Result<String, Problem> {
        let key = key.map(|k| format!("{k}, ")).unwrap_or_default();
        let collection = self.source(collection)?;
        Ok(format!(
            "%{{for {key}{value} in {collection}}}{body}%{{endfor}}"
        ))
    }

    /// A directive's body. A body that is a single literal is evaluated by the converter, so
    /// `${null}` alone there is an error ("cannot include a null value in a string template").
    fn render_body(&self, tokens: &[Token]) -> Result<String, Problem> {
        if let [Token::Interp(expr @ Expression::Null(_))] = tokens {
            return Err(Problem::at(
                expr.span(),
                "a null value cannot be included in a string template",
            ));
        }
        self.render(tokens)
    }

    /// Whether a key expression is a static reference (`a.b`, `a[0]`, `a["k"]`): the converter
    /// writes those as their source text rather than `${...}`.
    fn is_scope_traversal(&self, expr: &Expression) -> Result<bool, Problem> {
        let Expression::Traversal(traversal) = expr else {
            return Ok(matches!(expr, Expression::Variable(_)));
        };
        if !matches!(traversal.expr, Expression::Variable(_)) {
            return Ok(false);
        }
        for op in &traversal.operators {
            let static_step = match op.value() {
                TraversalOperator::GetAttr(_) | TraversalOperator::LegacyIndex(_) => true,
                TraversalOperator::Index(index) => self.is_literal(index)?,
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => false,
            };
            if !static_step {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Whether HCL parses the expression as a literal value (a string without interpolation
    /// counts; a negative number does not, it is `-` applied to a literal).
    fn is_literal(&self, expr: &Expression) -> Result<bool, Problem> {
        Ok(match expr {
            Expression::Null(_) | Expression::Bool(_) | Expression::String(_) => true,
            Expression::Number(_) => !self.is_negated_number(expr)?,
            _ => false,
        })
    }

    /// `"${<source text>}"`.
    fn wrap(&self, expr: &Expression) -> Result<String, Problem> {
        Ok(format!("${{{}}}", self.source(expr)?))
    }

    /// The expression's source text exactly as written. Like the converter, a `)` right after
    /// the expression is included.
    fn source(&self, expr: &Expression) -> Result<&'s str, Problem> {
        let span = expr.span();
        let Some(range) = span.clone() else {
            return Err(Problem::new(0, "expression without source span"));
        };
        let end = if self.src.as_bytes().get(range.end) == Some(&b')') {
            range.end + 1
        } else {
            range.end
        };
        self.src
            .get(range.start..end)
            .ok_or_else(|| Problem::at(span, "expression span outside the source"))
    }
}

fn mixed_labels(block: &Block) -> Problem {
    Problem::at(
        block.span(),
        format!(
            "cannot convert block `{}`: blocks of this type appear both with and without labels",
            block_address(block)
        ),
    )
}

/// How a template's literal text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode<'d> {
    /// A quoted string: backslash escapes apply.
    Quoted,
    /// A heredoc: text as written; with `flush` (`<<-`) the common indentation is removed.
    Heredoc { flush: bool, delimiter: &'d str },
}

/// One token of HCL's flat template stream.
#[derive(Debug, Clone, PartialEq)]
enum Token<'e> {
    Literal(String),
    Interp(&'e Expression),
    If(&'e Expression),
    Else,
    EndIf,
    For {
        key: Option<&'e str>,
        value: &'e str,
        collection: &'e Expression,
    },
    EndFor,
}

/// A token with its strip markers: `~` before it trims the previous literal token, `~` after
/// it trims the next one.
struct Marked<'e> {
    token: Token<'e>,
    strip: Strip,
}

impl<'e> Marked<'e> {
    fn new(token: Token<'e>, strip: Strip) -> Marked<'e> {
        Marked { token, strip }
    }

    fn plain(token: Token<'e>) -> Marked<'e> {
        Marked::new(token, Strip::None)
    }
}

fn apply_strip_markers(tokens: &mut [Marked]) {
    for i in 0..tokens.len() {
        let strip = tokens[i].strip;
        if strip.strip_start()
            && let Some(Token::Literal(text)) = i
                .checked_sub(1)
                .and_then(|p| tokens.get_mut(p))
                .map(|m| &mut m.token)
        {
            *text = text.trim_end().to_owned();
        }
        if strip.strip_end()
            && let Some(Token::Literal(text)) = tokens.get_mut(i + 1).map(|m| &mut m.token)
        {
            *text = text.trim_start().to_owned();
        }
    }
}

/// HCL's flush-heredoc rule, applied to the per-line tokens after strip markers: find the
/// smallest leading whitespace (in characters) of the tokens that start a line, skipping
/// whitespace-only lines, and remove that much from each of those tokens. A line that starts
/// with an interpolation or directive counts as zero.
fn flush_heredoc(tokens: &mut [Token]) {
    let (indent, line_starts) = flush_indent(tokens);
    for i in line_starts {
        if let Some(Token::Literal(text)) = tokens.get_mut(i) {
            let cut = text
                .char_indices()
                .nth(indent)
                .map_or(text.len(), |(at, _)| at);
            text.replace_range(..cut, "");
        }
    }
}

/// The indentation a flush heredoc removes, and the tokens it is removed from.
fn flush_indent(tokens: &[Token]) -> (usize, Vec<usize>) {
    let mut min = usize::MAX;
    let mut line_starts = Vec::new();
    let mut at_line_start = true;
    for (i, token) in tokens.iter().enumerate() {
        let literal = match token {
            Token::Literal(text) => Some(text.as_str()),
            _ => None,
        };
        if std::mem::take(&mut at_line_start) {
            let spaces = match literal {
                None => 0,
                Some(text) if text.trim().is_empty() && text.ends_with('\n') => usize::MAX,
                Some(text) => {
                    line_starts.push(i);
                    text.chars().take_while(|c| c.is_whitespace()).count()
                }
            };
            min = min.min(spaces);
        }
        at_line_start = literal.is_some_and(|text| text.ends_with('\n'));
    }
    (min, line_starts)
}

fn meld_literals(tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    for token in tokens {
        match (out.last_mut(), token) {
            (Some(Token::Literal(prev)), Token::Literal(text)) => prev.push_str(&text),
            (_, token) => out.push(token),
        }
    }
    out
}

/// Splits the tokens after an `if` into its then-branch, its else-branch and what follows its
/// `endif`.
fn split_if<'t, 'e>(
    tokens: &'t [Token<'e>],
) -> (&'t [Token<'e>], &'t [Token<'e>], &'t [Token<'e>]) {
    let mut depth = 0usize;
    let mut else_at = None;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::If(_) | Token::For { .. } => depth += 1,
            Token::EndFor => depth = depth.saturating_sub(1),
            Token::Else if depth == 0 => else_at = Some(i),
            Token::EndIf if depth == 0 => {
                let (then, otherwise) = match else_at {
                    Some(e) => (&tokens[..e], &tokens[e + 1..i]),
                    None => (&tokens[..i], &tokens[i..i]),
                };
                return (then, otherwise, &tokens[i + 1..]);
            }
            Token::EndIf => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (tokens, &[], &[])
}

/// Splits the tokens after a `for` into its body and what follows its `endfor`.
fn split_for<'t, 'e>(tokens: &'t [Token<'e>]) -> (&'t [Token<'e>], &'t [Token<'e>]) {
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::If(_) | Token::For { .. } => depth += 1,
            Token::EndFor if depth == 0 => return (&tokens[..i], &tokens[i + 1..]),
            Token::EndIf | Token::EndFor => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (tokens, &[])
}

/// A heredoc line as HCL's scanner tokenises it, as far as strip markers can tell: normally
/// one token, line break included. But a `$` or `%` (not starting `$${`/`%%{`) takes the next
/// character into a token of its own; when that pair ends the line, the line break is a
/// separate token, so a `~` on the next line trims only the line break (`x% ` keeps its
/// space). Otherwise the second character is scanned again.
fn heredoc_line_tokens(line: &str) -> Vec<&str> {
    match final_marker_pair_end(line) {
        Some(split) => vec![&line[..split], &line[split..]],
        None => vec![line],
    }
}

/// Where the line break starts when the line ends with a `$`/`%` pair token.
fn final_marker_pair_end(line: &str) -> Option<usize> {
    let body = line.strip_suffix('\n')?;
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut k = 0;
    while let Some(&(_, ch)) = chars.get(k) {
        let next = chars.get(k + 1).map(|&(_, c)| c);
        if !matches!(ch, '$' | '%') || next.is_none() || next == Some('{') {
            k += 1;
            continue;
        }
        if next == Some(ch) && chars.get(k + 2).map(|&(_, c)| c) == Some('{') {
            k += 3;
            continue;
        }
        let after = k + 2;
        if after == chars.len() {
            return Some(body.len());
        }
        if let Some(&(at, '\r')) = chars.get(after)
            && after + 1 == chars.len()
        {
            return Some(at);
        }
        k += 1;
    }
    None
}

/// Literal text keeps `${` and `%{` escaped, so the result is still a template.
fn escape_literal(text: &str) -> String {
    text.replace("${", "$${").replace("%{", "%%{")
}

/// Quoted template text: backslash escapes and the `$${`/`%%{` escapes resolved.
fn unescape_quoted(raw: &str) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('\\') {
        out.push_str(&quoted_text(&rest[..at])?);
        let escape = &rest[at + 1..];
        let (c, len) = match escape.chars().next() {
            Some('n') => ('\n', 1),
            Some('r') => ('\r', 1),
            Some('t') => ('\t', 1),
            Some('"') => ('"', 1),
            Some('\\') => ('\\', 1),
            Some('u') => (hex_char(escape.get(1..5))?, 5),
            Some('U') => (hex_char(escape.get(1..9))?, 9),
            other => {
                return Err(format!(
                    "invalid escape sequence \\{}",
                    other.unwrap_or(' ')
                ));
            }
        };
        out.push(c);
        rest = &escape[len..];
    }
    out.push_str(&quoted_text(rest)?);
    Ok(out)
}

/// Text between escapes in a quoted string. hcl-edit lets a directive's body run over a `"`
/// or a line break, where HCL ends (or breaks) the string.
fn quoted_text(text: &str) -> Result<String, String> {
    if text.contains(['"', '\n', '\r']) {
        return Err("quoted string broken by a quote or a line break inside a directive".into());
    }
    Ok(unescape_markers(text))
}

fn hex_char(hex: Option<&str>) -> Result<char, String> {
    hex.filter(|h| h.chars().all(|c| c.is_ascii_hexdigit()))
        .and_then(|h| u32::from_str_radix(h, 16).ok())
        .and_then(char::from_u32)
        .ok_or_else(|| "invalid unicode escape sequence".to_owned())
}

/// Heredoc text as written resolves only the `$${` and `%%{` escapes.
fn unescape_markers(text: &str) -> String {
    text.replace("$${", "${").replace("%%{", "%{")
}

/// Skips spaces and inline comments (`- /* c */ 1`).
fn skip_inline_space(text: &str) -> &str {
    let mut rest = text.trim_start_matches([' ', '\t']);
    while let Some(comment) = rest.strip_prefix("/*") {
        let Some(end) = comment.find("*/") else {
            return rest;
        };
        rest = comment[end + 2..].trim_start_matches([' ', '\t']);
    }
    rest
}

/// The exact decimal text of an HCL number literal (`1e3` → `1000`, `1.50` → `1.5`,
/// `1.5e-7` → `0.00000015`), as Go's `big.Float.Text('f', -1)` writes it. `None` when the
/// text is not a number literal or its exponent is beyond any sensible value.
fn decimal_text(literal: &str, negative: bool) -> Option<String> {
    let (digits, scale) = significant_digits(literal)?;
    let sign = if negative { "-" } else { "" };
    if digits.is_empty() {
        return Some(format!("{sign}0"));
    }
    let len = i64::try_from(digits.len()).ok()?;
    let text = if scale >= 0 {
        format!("{digits}{}", "0".repeat(usize::try_from(scale).ok()?))
    } else if len + scale > 0 {
        let (whole, fraction) = digits.split_at(usize::try_from(len + scale).ok()?);
        format!("{whole}.{fraction}")
    } else {
        let zeros = usize::try_from(-(len + scale)).ok()?;
        format!("0.{}{digits}", "0".repeat(zeros))
    };
    Some(format!("{sign}{text}"))
}

/// A number literal as digits without leading or trailing zeros and a power of ten:
/// `1.50e2` → (`15`, 1).
fn significant_digits(literal: &str) -> Option<(String, i64)> {
    let (mantissa, exponent) = match literal.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i64>().ok()?),
        None => (literal, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let is_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !is_digits(whole) || !is_digits(fraction) {
        return None;
    }
    let mut scale = exponent.checked_sub(i64::try_from(fraction.len()).ok()?)?;
    let mut digits = format!("{whole}{fraction}")
        .trim_start_matches('0')
        .to_owned();
    while digits.ends_with('0') {
        digits.pop();
        scale += 1;
    }
    (scale.abs() <= 4096).then_some((digits, scale))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn convert(text: &str) -> Value {
        file_value(text).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The value of `v` in `locals { v = ... }`.
    fn local(expr: &str) -> Value {
        let value = convert(&format!("locals {{\n  v = {expr}\n}}\n"));
        value["locals"][0]["v"].clone()
    }

    // --- shape ---

    #[test]
    fn last_label_holds_a_list_of_bodies() {
        let value = convert(
            r#"
resource "aws_s3_bucket" "this" {
  bucket = "acme"
}
module "vpc" {
  source = "./vpc"
}
locals {
  a = 1
}
terraform {
  required_version = ">= 1.9"
}
"#,
        );
        assert_eq!(
            value,
            json!({
                "resource": { "aws_s3_bucket": { "this": [{ "bucket": "acme" }] } },
                "module": { "vpc": [{ "source": "./vpc" }] },
                "locals": [{ "a": 1 }],
                "terraform": [{ "required_version": ">= 1.9" }],
            })
        );
    }

    #[test]
    fn repeated_blocks_append_to_the_same_list() {
        let value = convert(
            "locals {\n  a = 1\n}\nlocals {\n  b = 2\n}\nresource \"x\" \"y\" {}\nresource \"x\" \"y\" {\n  n = 2\n}\n",
        );
        assert_eq!(value["locals"], json!([{ "a": 1 }, { "b": 2 }]));
        assert_eq!(value["resource"]["x"]["y"], json!([{}, { "n": 2 }]));
    }

    #[test]
    fn nested_and_dynamic_blocks_are_lists() {
        let value = convert(
            r#"
resource "aws_s3_bucket" "b" {
  versioning {
    enabled = true
  }
  dynamic "rule" {
    for_each = var.rules
    content {
      id = rule.value.id
    }
  }
}
"#,
        );
        assert_eq!(
            value["resource"]["aws_s3_bucket"]["b"][0],
            json!({
                "versioning": [{ "enabled": true }],
                "dynamic": { "rule": [{
                    "for_each": "${var.rules}",
                    "content": [{ "id": "${rule.value.id}" }],
                }] },
            })
        );
    }

    #[test]
    fn literals_are_json_values() {
        assert_eq!(
            local(r#"[1, 2.5, "s", true, null, { a = [false] }]"#),
            json!([1, 2.5, "s", true, null, { "a": [false] }])
        );
    }

    #[test]
    fn other_expressions_are_their_exact_source() {
        assert_eq!(local("var.name"), json!("${var.name}"));
        assert_eq!(
            local("var.env == \"prod\"  ?  3 : 1"),
            json!("${var.env == \"prod\"  ?  3 : 1}")
        );
        assert_eq!(
            local("merge(\n    var.tags, # base\n  )"),
            json!("${merge(\n    var.tags, # base\n  )}")
        );
        assert_eq!(
            local("provider::aws::arn_parse(var.arn)"),
            json!("${provider::aws::arn_parse(var.arn)}")
        );
        assert_eq!(
            local("aws_instance.web[*].id"),
            json!("${aws_instance.web[*].id}")
        );
        assert_eq!(
            local("[for s in var.l : upper(s)]"),
            json!("${[for s in var.l : upper(s)]}")
        );
        assert_eq!(local("(1 + 2)"), json!("${(1 + 2)}"));
    }

    #[test]
    fn templates_keep_interpolations_as_written_inside() {
        assert_eq!(
            local(r#""acme-${ var.env }-logs""#),
            json!("acme-${var.env}-logs")
        );
        assert_eq!(local(r#""a\tb \"q\" \u00e9""#), json!("a\tb \"q\" \u{e9}"));
    }

    #[test]
    fn literal_escapes_are_written_again() {
        assert_eq!(local(r#""$${x} %%{y}""#), json!("$${x} %%{y}"));
        assert_eq!(local("<<EOT\n$${x} \\n\nEOT"), json!("$${x} \\n\n"));
    }

    #[test]
    fn object_key_forms() {
        assert_eq!(
            local(
                "{\n    bare = 1\n    \"quoted key\" = 2\n    (var.k) = 3\n    a.b = 4\n    a[0] = 5\n    a[var.i] = 6\n    \"${var.k}\" = 7\n    true = 8\n    10 = 9\n  }"
            ),
            json!({
                "bare": 1, "quoted key": 2, "${(var.k)}": 3, "a.b": 4, "a[0]": 5,
                "${a[var.i]}": 6, "${var.k}": 7, "true": 8, "10": 9,
            })
        );
    }

    #[test]
    fn an_argument_replaces_a_block_of_the_same_name() {
        assert_eq!(convert("x {\n  a = 1\n}\nx = 2\n"), json!({ "x": 2 }));
    }

    #[test]
    fn comments_and_byte_order_mark_are_ignored() {
        assert_eq!(
            convert("\u{feff}# c\nlocals { /* c */\n  a = 1 // c\n}\n"),
            json!({ "locals": [{ "a": 1 }] })
        );
        assert_eq!(convert(""), json!({}));
    }

    // --- converter quirks, each matched against @cdktf/hcl2json ---

    #[test]
    fn numbers_are_their_exact_decimal_value() {
        assert_eq!(local("1e3"), json!(1000));
        assert_eq!(local("1.0"), json!(1));
        assert_eq!(local("100e-2"), json!(1));
        assert_eq!(local("0.5"), json!(0.5));
        assert_eq!(local("1.5e-7"), json!(1.5e-7));
        assert_eq!(local("007"), json!(7));
        assert_eq!(
            local("12345678901234567890"),
            json!(12_345_678_901_234_567_890_u64)
        );
        assert_eq!(local("1e25"), json!(1e25));
        assert_eq!(local("-0"), json!(-0.0));
        assert_eq!(decimal_text("1.5e-7", false).as_deref(), Some("0.00000015"));
        assert_eq!(decimal_text("1.50", true).as_deref(), Some("-1.5"));
        assert_eq!(decimal_text("1e99999", false), None);
    }

    #[test]
    fn numbers_inside_templates_and_keys_are_written_in_decimal() {
        assert_eq!(local(r#""a${1e3}b${1.50}""#), json!("a1000b1.5"));
        assert_eq!(local("{ 1e3 = 1 }"), json!({ "1000": 1 }));
    }

    #[test]
    fn minus_and_not_on_a_literal_are_evaluated() {
        assert_eq!(local("-1"), json!(-1));
        assert_eq!(local("- /* sign */ 2.5"), json!(-2.5));
        assert_eq!(local("!true"), json!(false));
        assert_eq!(local("-var.x"), json!("${-var.x}"));
        assert_eq!(local("- -1"), json!("${- -1}"));
        assert_eq!(local("-(3)"), json!("${-(3)}"));
        assert_eq!(local(r#""n=${-1}""#), json!("n=${-1}"));
    }

    #[test]
    fn a_single_interpolation_is_the_expression_value() {
        assert_eq!(local(r#""${42}""#), json!(42));
        assert_eq!(local(r#""${[1, "two"]}""#), json!([1, "two"]));
        assert_eq!(local(r#""${"nested"}""#), json!("nested"));
        assert_eq!(local(r#""${var.x}""#), json!("${var.x}"));
        assert_eq!(local(r#"" ${~ 1}""#), json!("1"));
    }

    #[test]
    fn literals_interpolated_into_a_template_become_text() {
        assert_eq!(
            local(r#""b=${true} z=${null} s=${"q"}""#),
            json!("b=true z=null s=q")
        );
    }

    #[test]
    fn directives_are_rewritten_compactly() {
        assert_eq!(
            local(r#""%{ if var.a }yes%{ else }no%{ endif }""#),
            json!("%{if var.a}yes%{else}no%{endif}")
        );
        assert_eq!(
            local(r#""%{if var.a}on%{else}%{endif}""#),
            json!("%{if var.a}on%{endif}")
        );
        assert_eq!(
            local(r#""%{ for k, v in var.m }${k}=${v};%{ endfor }""#),
            json!("%{for k, v in var.m}${k}=${v};%{endfor}")
        );
    }

    #[test]
    fn an_interpolated_conditional_in_a_template_becomes_an_if_directive() {
        assert_eq!(
            local(r#""x${var.a ? 1 : var.b}y""#),
            json!("x%{if var.a}1%{else}${var.b}%{endif}y")
        );
        assert_eq!(local(r#""${var.a ? 1 : 2}""#), json!("${var.a ? 1 : 2}"));
    }

    #[test]
    fn null_alone_in_a_directive_body_drops_the_directive_or_fails() {
        assert_eq!(local(r#""a%{ if c }${null}%{ endif }b""#), json!("ab"));
        assert_eq!(
            local(r#""%{ if c }x%{ else }${null}%{ endif }""#),
            json!("%{if c}x%{endif}")
        );
        assert!(file_value("v = \"%{ for x in l }${null}%{ endfor }\"\n").is_err());
    }

    #[test]
    fn strip_markers_trim_adjacent_literals() {
        assert_eq!(local(r#""a   ${~ var.x ~}   b""#), json!("a${var.x}b"));
        assert_eq!(local(r#""a\n ${~ var.x}""#), json!("a${var.x}"));
    }

    #[test]
    fn heredocs_keep_their_final_line_break() {
        assert_eq!(local("<<EOT\nraw ${var.x}\nEOT"), json!("raw ${var.x}\n"));
        assert_eq!(local("<<EOT\nEOT"), json!(""));
    }

    #[test]
    fn flush_heredocs_count_characters_and_keep_whitespace_only_lines() {
        assert_eq!(
            local("<<-EOT\n      a\n   \n      b\n    EOT"),
            json!("a\n   \nb\n")
        );
        assert_eq!(
            local("<<-EOT\n  \ttwo\n    four\n  EOT"),
            json!("two\n four\n")
        );
        assert_eq!(
            local("<<-EOT\n${var.x}\n    b\n  EOT"),
            json!("${var.x}\n    b\n")
        );
    }

    #[test]
    fn strip_markers_in_heredocs_reach_only_the_adjacent_line() {
        assert_eq!(
            local("<<-EOT\n    %{ for ip in var.ips ~}\n    server ${ip}\n    %{ endfor ~}\n  EOT"),
            json!("%{for ip in var.ips}    server ${ip}\n%{endfor}")
        );
        assert_eq!(
            local("<<EOT\na\n   ${~ var.x}\nEOT"),
            json!("a\n${var.x}\n")
        );
    }

    #[test]
    fn a_dollar_or_percent_pair_ending_a_heredoc_line_survives_a_strip_marker() {
        assert_eq!(local("<<EOT\nx% \n${~ 1}\nEOT"), json!("x% 1\n"));
        assert_eq!(local("<<EOT\nx%  \n${~ 1}\nEOT"), json!("x%1\n"));
        assert_eq!(local("<<EOT\r\nx%\r\n${~ 1}\r\nEOT"), json!("x%\r1\r\n"));
        assert_eq!(local("<<EOT\r\nx%%\r\n${~ 1}\r\nEOT"), json!("x%%1\r\n"));
    }

    #[test]
    fn escapes_inside_quoted_directives_are_resolved() {
        assert_eq!(
            local(r#""%{ if c }\n%{ endif }""#),
            json!("%{if c}\n%{endif}")
        );
        assert!(file_value("v = \"%{ if c }\"%{ endif }\"\n").is_err());
    }

    #[test]
    fn an_empty_heredoc_does_not_swallow_the_next_one() {
        let value = convert("a = <<EOT\nEOT\nb = <<EOT\nkept\nEOT\nc = f(<<EOT\nx\nEOT\n)\n");
        assert_eq!(
            value,
            json!({ "a": "", "b": "kept\n", "c": "${f(<<EOT\nx\nEOT\n)}" })
        );
        let inner = convert("a = <<DOC\n<<EOT\nEOT\nDOC\n");
        assert_eq!(inner, json!({ "a": "<<EOT\nEOT\n" }));
    }

    // --- errors ---

    #[test]
    fn a_parse_error_names_line_and_column() {
        let error = file_value("a = 1\nb = \n").expect_err("invalid");
        assert_eq!((error.file.as_str(), error.line, error.column), ("", 2, 5));
        assert!(error.to_string().starts_with("2:5: "), "{error}");
    }

    #[test]
    fn the_converters_rejections_are_errors() {
        let mixed = file_value("resource \"a\" \"b\" {}\nresource {}\n").expect_err("mixed");
        assert_eq!(mixed.line, 2);
        assert!(mixed.message.contains("with and without labels"), "{mixed}");
        assert!(file_value("a = 1\na = 2\n").is_err());
        assert!(file_value("a = -true\n").is_err());
        assert!(file_value("a = <<EOT\n%{ if c }\nEOT\nb = \"%{ endif }\"\n").is_err());
    }

    #[test]
    fn known_difference_repeated_object_keys_are_rejected() {
        let error = file_value("a = { k = 1, k = 2 }\n").expect_err("hcl-edit rejects");
        assert_eq!((error.line, error.column), (1, 14));
    }

    // --- document and locations ---

    fn module() -> Vec<SourceFile<'static>> {
        vec![
            SourceFile {
                path: "main.tf",
                text: "# S3\n\nresource \"aws_s3_bucket\" \"this\" {\n  bucket = \"a\"\n  versioning {\n    enabled = true\n  }\n}\n\nmodule \"vpc\" {\n  source = \"./vpc\"\n}\n",
            },
            SourceFile {
                path: "data.tf",
                text: "data \"aws_iam_policy_document\" \"x\" {}\nresource \"aws_s3_bucket\" \"logs\" {}\nlocals {\n  a = 1\n}\n",
            },
            SourceFile {
                path: "variables.tf",
                text: "variable \"name\" {\n  type = string\n}\n\nprovider \"aws\" {}\nlocals {\n  b = 2\n}\n",
            },
        ]
    }

    #[test]
    fn files_merge_objects_and_concatenate_lists() {
        let doc = document(&module()).expect("converts");
        assert_eq!(
            doc.value["resource"]["aws_s3_bucket"],
            json!({
                "this": [{ "bucket": "a", "versioning": [{ "enabled": true }] }],
                "logs": [{}],
            })
        );
        assert_eq!(doc.value["locals"], json!([{ "a": 1 }, { "b": 2 }]));
        assert_eq!(
            doc.value["variable"]["name"],
            json!([{ "type": "${string}" }])
        );
    }

    #[test]
    fn locations_give_each_top_level_block_its_file_and_first_line() {
        let doc = document(&module()).expect("converts");
        let found: Vec<(&str, &str, usize)> = doc
            .locations
            .iter()
            .map(|l| (l.address.as_str(), l.file.as_str(), l.line))
            .collect();
        assert_eq!(
            found,
            [
                ("resource.aws_s3_bucket.this", "main.tf", 3),
                ("module.vpc", "main.tf", 10),
                ("data.aws_iam_policy_document.x", "data.tf", 1),
                ("resource.aws_s3_bucket.logs", "data.tf", 2),
                ("locals", "data.tf", 3),
                ("variable.name", "variables.tf", 1),
                ("provider.aws", "variables.tf", 5),
                ("locals", "variables.tf", 6),
            ]
        );
    }

    #[test]
    fn locations_survive_heredocs_bare_labels_and_a_byte_order_mark() {
        let text = "\u{feff}locals {\n  a = <<EOT\nEOT\n  b = <<-EOT\n    x\n    EOT\n}\n\n  resource aws_sns_topic t {}\n";
        let doc = document(&[SourceFile { path: "x.tf", text }]).expect("converts");
        let lines: Vec<(&str, usize)> = doc
            .locations
            .iter()
            .map(|l| (l.address.as_str(), l.line))
            .collect();
        assert_eq!(lines, [("locals", 1), ("resource.aws_sns_topic.t", 9)]);
    }

    #[test]
    fn errors_name_the_file() {
        let mut files = module();
        files.push(SourceFile {
            path: "broken.tf",
            text: "locals {\n  a = [\n}\n",
        });
        let error = document(&files).expect_err("broken");
        assert_eq!(error.file, "broken.tf");
        assert_eq!(error.line, 3);
        assert!(error.to_string().starts_with("broken.tf:3:"), "{error}");
    }

    #[test]
    fn a_name_with_two_shapes_across_files_is_an_error() {
        let files = [
            SourceFile {
                path: "a.tf",
                text: "thing \"x\" {}\n",
            },
            SourceFile {
                path: "b.tf",
                text: "\nthing {}\n",
            },
        ];
        let error = document(&files).expect_err("conflict");
        assert_eq!((error.file.as_str(), error.line), ("b.tf", 2));
        assert!(error.message.contains("`thing`"), "{error}");
    }
}
