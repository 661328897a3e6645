//! The guardrails input document.
//!
//! Terraform files become the JSON document that conftest's HCL2 parser (`tmccombs/hcl2json`,
//! also shipped as the npm package `@cdktf/hcl2json`) produces, so `package main` policies
//! written for `conftest test` run unchanged:
//!
//! - every block's last label holds a list of bodies: `resource.<type>.<name> = [{...}]`,
//!   `locals = [{...}]`; nested blocks are lists too (`versioning = [{...}]`,
//!   `dynamic.<label> = [{for_each, content = [{...}]}]`);
//! - null, booleans and numbers are JSON literals, and so are literal lists and objects;
//! - strings and templates are their text: literal parts unescaped (with `${` and `%{` written
//!   `$${` and `%%{` again), interpolations as `${<source>}`, directives as `%{if <source>}`…;
//! - every other expression is `"${<source text exactly as written>}"`.
//!
//! Parsing uses hcl-edit, which is lossless and keeps byte spans, so the source text of every
//! expression and the line of every block are exact.

use hcl::edit::Span;
use hcl::edit::expr::{
    Expression, Object, ObjectKey, TraversalOperator, UnaryOp, UnaryOperator,
};
use hcl::edit::structure::{Block, Body, Structure};
use hcl::edit::template::{Directive, Element, Strip, Template};
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
        merge(&mut value, file_value).map_err(|path| {
            let name = path.split('.').next().unwrap_or_default();
            let offset = top_level
                .iter()
                .find(|(top, _)| top == name)
                .map_or(0, |(_, offset)| *offset);
            let message = format!("`{path}` conflicts with its definition in an earlier file");
            Problem::new(offset, message).into_error(file.path, file.text)
        })?;
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
    blocks: Vec<(String, usize)>,
    top_level: Vec<(String, usize)>,
}

fn convert_file(text: &str) -> Result<Converted, Problem> {
    let masked = mask_empty_heredocs(text);
    let body = hcl::edit::parser::parse_body(&masked).map_err(|e| Problem {
        offset: e.location().offset(),
        message: e.message().to_owned(),
    })?;
    let value = Converter { src: text }.body(&body)?;
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
    Ok(Converted {
        value,
        blocks,
        top_level,
    })
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
        if heredoc.empty {
            let out = masked.get_or_insert_with(|| text.to_owned());
            out.replace_range(start..heredoc.end, &blank_heredoc(&text[start..heredoc.end]));
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
    let name = &intro[..name_len];
    let after_name = &intro[name_len..];
    let body = after_name
        .strip_prefix("\r\n")
        .or_else(|| after_name.strip_prefix('\n'))?;
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return None;
    }
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
        match target.entry(key).or_insert_with(|| Value::Array(Vec::new())) {
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
            Expression::HeredocTemplate(h) => self.template_value(&h.template, self.mode(expr)?),
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
            .ok_or_else(|| Problem::at(number.span(), format!("invalid number `{source}`")))
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

    /// Whether a heredoc is a flush heredoc (`<<-`).
    fn mode(&self, heredoc: &Expression) -> Result<Mode, Problem> {
        Ok(if self.source(heredoc)?.starts_with("<<-") {
            Mode::FlushHeredoc
        } else {
            Mode::Heredoc
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
            Expression::HeredocTemplate(h) => self.template_text(&h.template, self.mode(expr)?),
            Expression::Conditional(c) => {
                let then = self.string_part(&c.true_expr)?;
                let otherwise = self.string_part(&c.false_expr)?;
                self.if_directive(&c.cond_expr, &then, &otherwise)
            }
            _ => self.wrap(expr),
        }
    }

    /// `%{if <source>}then[%{else}otherwise]%{endif}`; an empty else branch is left out.
    fn if_directive(&self, cond: &Expression, then: &str, otherwise: &str) -> Result<String, Problem> {
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
        if mode == Mode::FlushHeredoc {
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

    /// A literal run. In a heredoc, HCL makes one token per line (strip markers only reach
    /// the adjacent line) and takes the text as written, before hcl-edit's own dedent.
    fn literal<'e>(
        &self,
        literal: &hcl::edit::Spanned<String>,
        mode: Mode,
        out: &mut Vec<Marked<'e>>,
    ) -> Result<(), Problem> {
        if mode == Mode::Quoted {
            out.push(Marked::plain(Token::Literal(literal.value().clone())));
            return Ok(());
        }
        let span = literal.span();
        let raw = span
            .clone()
            .and_then(|s| self.src.get(s))
            .ok_or_else(|| Problem::at(span, "heredoc text without source span"))?;
        for line in raw.split_inclusive('\n') {
            out.push(Marked::plain(Token::Literal(unescape_markers(line))));
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
                out.push(Marked::new(Token::If(&d.if_expr.cond_expr), d.if_expr.strip));
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
                    let then = self.render(then)?;
                    let otherwise = self.render(otherwise)?;
                    out.push_str(&self.if_directive(cond, &then, &otherwise)?);
                    rest = after;
                }
                Token::For {
                    key,
                    value,
                    collection,
                } => {
                    let (body, after) = split_for(rest);
                    out.push_str("%{for ");
                    if let Some(key) = key {
                        out.push_str(key);
                        out.push_str(", ");
                    }
                    out.push_str(&format!("{value} in {}}}", self.source(collection)?));
                    out.push_str(&self.render(body)?);
                    out.push_str("%{endfor}");
                    rest = after;
                }
                Token::Else | Token::EndIf | Token::EndFor => {}
            }
        }
        Ok(out)
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
enum Mode {
    /// A quoted string: escapes already resolved by hcl-edit.
    Quoted,
    /// `<<EOT`: text as written.
    Heredoc,
    /// `<<-EOT`: text as written, then the common indentation removed.
    FlushHeredoc,
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
            && let Some(Token::Literal(text)) = i.checked_sub(1).and_then(|p| tokens.get_mut(p)).map(|m| &mut m.token)
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
    let mut min = usize::MAX;
    let mut line_starts = Vec::new();
    let mut at_line_start = true;
    for (i, token) in tokens.iter().enumerate() {
        if at_line_start {
            at_line_start = false;
            let spaces = match token {
                Token::Literal(text) => {
                    let trimmed = text.trim_start();
                    if trimmed.is_empty() && text.ends_with('\n') {
                        usize::MAX
                    } else {
                        line_starts.push(i);
                        text[..text.len() - trimmed.len()].chars().count()
                    }
                }
                _ => 0,
            };
            min = min.min(spaces);
        }
        if let Token::Literal(text) = token
            && text.ends_with('\n')
        {
            at_line_start = true;
        }
    }
    for i in line_starts {
        if let Some(Token::Literal(text)) = tokens.get_mut(i) {
            let cut = text.char_indices().nth(min).map_or(text.len(), |(at, _)| at);
            text.replace_range(..cut, "");
        }
    }
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
fn split_if<'t, 'e>(tokens: &'t [Token<'e>]) -> (&'t [Token<'e>], &'t [Token<'e>], &'t [Token<'e>]) {
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
            Token::EndIf => depth -= 1,
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

/// Literal text keeps `${` and `%{` escaped, so the result is still a template.
fn escape_literal(text: &str) -> String {
    text.replace("${", "$${").replace("%{", "%%{")
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
/// text is not a number literal or its exponent is absurd.
fn decimal_text(literal: &str, negative: bool) -> Option<String> {
    let (mantissa, exponent) = match literal.find(['e', 'E']) {
        Some(at) => (&literal[..at], literal[at + 1..].parse::<i64>().ok()?),
        None => (literal, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int_part.is_empty() || !(int_part.chars().chain(frac_part.chars())).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let all: String = format!("{int_part}{frac_part}");
    let mut scale = exponent.checked_sub(i64::try_from(frac_part.len()).ok()?)?;
    let trimmed = all.trim_start_matches('0');
    let mut digits = trimmed.to_owned();
    while digits.ends_with('0') {
        digits.pop();
        scale += 1;
    }
    if scale.abs() > 4096 {
        return None;
    }
    let sign = if negative { "-" } else { "" };
    if digits.is_empty() {
        return Some(format!("{sign}0"));
    }
    let len = i64::try_from(digits.len()).ok()?;
    let text = if scale >= 0 {
        format!("{digits}{}", "0".repeat(usize::try_from(scale).ok()?))
    } else if len + scale > 0 {
        let point = usize::try_from(len + scale).ok()?;
        format!("{}.{}", &digits[..point], &digits[point..])
    } else {
        let zeros = usize::try_from(-(len + scale)).ok()?;
        format!("0.{}{digits}", "0".repeat(zeros))
    };
    Some(format!("{sign}{text}"))
}
