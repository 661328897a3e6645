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
//! disagree, this module follows HashiCorp's: hcl-edit is given a copy of the text with the
//! same byte offsets in which line breaks inside `for` expressions, empty heredocs and object
//! keys that repeat an earlier one are masked (see `parse`), and the text of everything is read
//! from the original; heredocs whose closing line HCL would not accept are refused. One
//! difference remains: strings are not normalised to Unicode NFC as HCL does.
//!
//! Files in Terraform's JSON syntax (`*.tf.json`) are read by [`super::json_syntax`] into the
//! same shape.

use super::hcl_parse::{Parsed, parse};
use super::json_syntax;
use hcl::edit::Span;
use hcl::edit::expr::{Expression, Object, ObjectKey, TraversalOperator, UnaryOp, UnaryOperator};
use hcl::edit::structure::{Block, Body, Structure};
use hcl::edit::template::{Directive, Element, HeredocTemplate, Strip, Template};
use serde_json::{Map, Value};
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

/// Where a top-level block is, and where each attribute and nested block inside it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The block type and its labels joined by dots: `resource.aws_s3_bucket.this`,
    /// `module.vpc`, `provider.aws`, `locals`.
    pub address: String,
    /// The path of the file the block is in.
    pub file: String,
    /// The 1-based line of the block's first line.
    pub line: usize,
    /// The 1-based line of the block's last line (its closing brace).
    pub end_line: usize,
    /// Every attribute and nested block inside the block, at any depth, in source order.
    pub attributes: Vec<AttributeLine>,
}

impl Location {
    /// The line of the longest recorded prefix of `path` (a path into the block's body in the
    /// input document's shape), so a path into an object value falls back to its attribute.
    /// `None` when not even the first step is recorded.
    pub fn attribute_line(&self, path: &[&str]) -> Option<usize> {
        self.attributes
            .iter()
            .filter(|a| a.path.len() <= path.len() && a.path.iter().zip(path).all(|(a, b)| a == b))
            .max_by_key(|a| a.path.len())
            .map(|a| a.line)
    }
}

/// Where an attribute or a nested block inside a top-level block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeLine {
    /// The path in the input document's shape inside the block body: `["acl"]`,
    /// `["ingress", "1", "cidr_blocks"]` for an attribute of the second `ingress` block,
    /// `["ingress", "1"]` for that block itself, `["dynamic", "ingress", "0", "content", "0"]`.
    pub path: Vec<String>,
    /// The 1-based line where the attribute (or the nested block's header) starts.
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

/// Converts the `.tf` (and `.tf.json`) files of one module directory and merges them, in the
/// order given.
///
/// # Errors
///
/// The first file (in the order given) that [`document_lenient`] leaves out.
pub fn document(files: &[SourceFile]) -> Result<Document, InputError> {
    let (document, errors) = document_lenient(files);
    match errors.into_iter().next() {
        Some(error) => Err(error),
        None => Ok(document),
    }
}

/// Converts the `.tf` (and `.tf.json`) files of one module directory and merges every file
/// that converts, in the order given; a file whose path ends in `.tf.json` is read in
/// Terraform's JSON syntax.
///
/// Each file that is left out has an error, in file order: it does not parse, has a block
/// shape the converter rejects (blocks of one type with and without labels), or defines a
/// top-level name in another shape than an earlier file.
pub fn document_lenient(files: &[SourceFile]) -> (Document, Vec<InputError>) {
    let mut value = Map::new();
    let mut locations = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        let file = SourceFile {
            path: file.path,
            text: without_bom(file.text),
        };
        let converted = if is_json_syntax(file.path) {
            json_syntax::convert(file.text)
        } else {
            convert_file(file.text)
        };
        let converted = match converted {
            Ok(converted) => converted,
            Err(problem) => {
                errors.push(problem.into_error(file.path, file.text));
                continue;
            }
        };
        if let Some(path) = conflict_path(&value, &converted.value) {
            errors.push(conflict(file, &converted.top_level, &path));
            continue;
        }
        merge(&mut value, converted.value);
        let lines = LineIndex::new(file.text);
        locations.extend(
            converted
                .blocks
                .into_iter()
                .map(|block| block.locate(file.path, &lines)),
        );
    }
    let document = Document {
        value: Value::Object(value),
        locations,
    };
    (document, errors)
}

/// Whether the file is in Terraform's JSON syntax.
fn is_json_syntax(path: &str) -> bool {
    path.ends_with(".tf.json")
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

/// One converted file: its object, each top-level block with where it is, and the name and
/// offset of each top-level structure.
pub(super) struct Converted {
    pub(super) value: Map<String, Value>,
    pub(super) blocks: Vec<BlockSpan>,
    pub(super) top_level: Offsets,
}

/// Names with the byte offset where each starts.
pub(super) type Offsets = Vec<(String, usize)>;

/// A top-level block of one file, located by byte offsets.
pub(super) struct BlockSpan {
    /// The block's address (see [`Location::address`]).
    pub(super) address: String,
    /// Where the block starts.
    pub(super) start: usize,
    /// Where its closing brace is.
    pub(super) end: usize,
    /// Each attribute and nested block inside, with the offset where it starts.
    pub(super) attributes: Vec<(Vec<String>, usize)>,
}

impl BlockSpan {
    fn locate(self, file: &str, lines: &LineIndex) -> Location {
        Location {
            address: self.address,
            file: file.to_owned(),
            line: lines.line(self.start),
            end_line: lines.line(self.end),
            attributes: self
                .attributes
                .into_iter()
                .map(|(path, offset)| AttributeLine {
                    path,
                    line: lines.line(offset),
                })
                .collect(),
        }
    }
}

/// The byte offset where each line starts, to find many lines of one text quickly.
pub(super) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub(super) fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex(starts)
    }

    /// The 1-based line of a byte offset.
    pub(super) fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }
}

fn convert_file(text: &str) -> Result<Converted, Problem> {
    let Parsed { body, renamed } = parse(text)?;
    let value = Converter {
        src: text,
        renamed: &renamed,
    }
    .body(&body)?;
    let (blocks, top_level) = top_level_index(&body, text);
    Ok(Converted {
        value,
        blocks,
        top_level,
    })
}

/// Each top-level block with where it is, and the name and offset of each top-level
/// structure.
fn top_level_index(body: &Body, text: &str) -> (Vec<BlockSpan>, Offsets) {
    let mut blocks = Vec::new();
    let mut top_level = Vec::new();
    for structure in body.iter() {
        let span = structure.span().unwrap_or_default();
        match structure {
            Structure::Block(block) => {
                top_level.push((block.ident.as_str().to_owned(), span.start));
                let mut attributes = Vec::new();
                body_lines(&block.body, &mut Vec::new(), &mut attributes);
                blocks.push(BlockSpan {
                    address: block_address(block),
                    start: span.start,
                    end: last_char(text, span.end),
                    attributes,
                });
            }
            Structure::Attribute(attr) => {
                top_level.push((attr.key.as_str().to_owned(), span.start));
            }
        }
    }
    (blocks, top_level)
}

/// The offset of the last character before `end` that is not whitespace.
fn last_char(text: &str, end: usize) -> usize {
    let before = text.get(..end).unwrap_or(text).trim_end();
    before.char_indices().next_back().map_or(0, |(at, _)| at)
}

/// Records each attribute and nested block of a body under `path`, in source order. A nested
/// block's path is its type, its labels and its position among the blocks of that type and
/// labels, as in the document's lists.
fn body_lines(body: &Body, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, usize)>) {
    let mut seen: Vec<(Vec<String>, usize)> = Vec::new();
    for structure in body.iter() {
        let start = structure.span().map_or(0, |span| span.start);
        match structure {
            Structure::Attribute(attr) => {
                let mut attr_path = path.clone();
                attr_path.push(attr.key.as_str().to_owned());
                out.push((attr_path, start));
            }
            Structure::Block(block) => {
                let key: Vec<String> = std::iter::once(block.ident.as_str())
                    .chain(block.labels.iter().map(|label| label.as_str()))
                    .map(str::to_owned)
                    .collect();
                let index = match seen.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, count)) => {
                        *count += 1;
                        *count - 1
                    }
                    None => {
                        seen.push((key.clone(), 1));
                        0
                    }
                };
                let depth = path.len();
                path.extend(key);
                path.push(index.to_string());
                out.push((path.clone(), start));
                body_lines(&block.body, path, out);
                path.truncate(depth);
            }
        }
    }
}

fn block_address(block: &Block) -> String {
    let mut address = block.ident.as_str().to_owned();
    for label in &block.labels {
        address.push('.');
        address.push_str(label.as_str());
    }
    address
}

/// The first key under which `from` holds another shape than `into` (dotted from the top),
/// if any: objects merge and lists concatenate, anything else under one name conflicts.
fn conflict_path(into: &Map<String, Value>, from: &Map<String, Value>) -> Option<String> {
    from.iter()
        .find_map(|(key, value)| match (into.get(key), value) {
            (None, _) | (Some(Value::Array(_)), Value::Array(_)) => None,
            (Some(Value::Object(old)), Value::Object(new)) => {
                conflict_path(old, new).map(|inner| format!("{key}.{inner}"))
            }
            (Some(_), _) => Some(key.clone()),
        })
}

/// Deep-merges `from` into `into`: objects merge, lists concatenate. Where the two hold
/// different shapes under one name (see [`conflict_path`]), `from` wins.
fn merge(into: &mut Map<String, Value>, from: Map<String, Value>) {
    for (key, value) in from {
        match (into.get_mut(&key), value) {
            (Some(Value::Object(old)), Value::Object(new)) => merge(old, new),
            (Some(Value::Array(old)), Value::Array(new)) => old.extend(new),
            (_, value) => {
                into.insert(key, value);
            }
        }
    }
}

/// A conversion problem at a byte offset of the file's text.
#[derive(Debug)]
pub(super) struct Problem {
    pub(super) offset: usize,
    pub(super) message: String,
}

impl Problem {
    pub(super) fn new(offset: usize, message: impl Into<String>) -> Problem {
        Problem {
            offset,
            message: message.into(),
        }
    }

    fn at(span: Option<Range<usize>>, message: impl Into<String>) -> Problem {
        Problem::new(span.map_or(0, |s| s.start), message)
    }

    pub(super) fn into_error(self, file: &str, text: &str) -> InputError {
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
    /// Where the object keys renamed for hcl-edit start (see [`parse`]).
    renamed: &'s [usize],
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
        if let Some(span) = key.span()
            && self.renamed.contains(&span.start)
        {
            return self.original_key(span);
        }
        match key {
            ObjectKey::Ident(ident) => Ok(ident.as_str().to_owned()),
            ObjectKey::Expression(expr) if self.is_scope_traversal(expr)? => {
                self.source(expr).map(str::to_owned)
            }
            ObjectKey::Expression(expr) => self.string_part(expr),
        }
    }

    /// A key renamed for hcl-edit, converted from its original text parsed on its own.
    fn original_key(&self, span: Range<usize>) -> Result<String, Problem> {
        let shift = |mut problem: Problem| {
            problem.offset += span.start;
            problem
        };
        let text = self
            .src
            .get(span.clone())
            .ok_or_else(|| Problem::new(span.start, "object key span outside the source"))?;
        let expr = hcl::edit::parser::parse_expr(text)
            .map_err(|e| shift(Problem::new(e.location().offset(), e.message())))?;
        let key = match expr {
            Expression::Variable(name) => ObjectKey::Ident(name),
            expr => ObjectKey::Expression(expr),
        };
        let inner = Converter {
            src: text,
            renamed: &[],
        };
        inner.key(&key).map_err(shift)
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
pub(super) fn decimal_text(literal: &str, negative: bool) -> Option<String> {
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

    // --- valid HCL that hcl-edit refuses on its own ---

    #[test]
    fn for_expressions_over_several_lines_are_their_source() {
        for expr in [
            "{ for k, v in var.x : k =>\n    v.on ? v.a : v.b }",
            "{ for k, v in var.x : k => v.on\n    ? v.a\n    : v.b\n  }",
            "{ for k, v in var.x : k => v.a &&\n    v.b }",
            "{\n    for s in var.l\n    : s.az => s.id...\n    if s.private\n  }",
            "{ for k, v in var.x :\n    lower(k) # case\n    => v\n  }",
            "[\n    for i, az in var.azs != null\n    ? var.azs\n    : [] :\n    cidrsubnet(var.cidr, 4, i)\n  ]",
            "[for s in var.l : s\n  if s.on]",
            "{ for k, v in var.x : /* id */ k => v // c\n    if v != \"#\" }",
            "{ # c\n    for k, v in var.x : k => v\n    ? 1 : 2 }",
            "{ for k, v in var.x : k => \"}${\"{\"}\" == v\n    ? \"[\" : \"]\" }",
        ] {
            assert_eq!(local(expr), json!(format!("${{{expr}}}")), "{expr}");
        }
    }

    #[test]
    fn inside_a_for_expression_object_items_still_end_at_line_breaks() {
        let expr = "{ for k, v in var.x : k => {\n    a = v # c\n    b = 2\n  }\n  if v != null }";
        assert_eq!(local(expr), json!(format!("${{{expr}}}")));
        assert!(file_value("a = { for k, v in x : k => {\n  a = v\n  ? 1 : 2\n} }\n").is_err());
    }

    #[test]
    fn a_heredoc_inside_a_for_expression_keeps_its_lines() {
        let expr = "{ for k, v in var.x : k => <<-EOT\n    ${v}\n  EOT\n  if v != \"\" }";
        assert_eq!(local(expr), json!(format!("${{{expr}}}")));
    }

    #[test]
    fn repeated_object_keys_keep_the_last_value() {
        assert_eq!(local("{ k = 1, k = 2 }"), json!({ "k": 2 }));
        assert_eq!(
            local("{\n    a = 1\n    b = 2\n    a = 3\n    a = 4\n    b = 5\n  }"),
            json!({ "a": 4, "b": 5 })
        );
        assert_eq!(
            local("{ Q = 1, Z = 2, k = 3, k = 4, Q = 5 }"),
            json!({ "Q": 5, "Z": 2, "k": 4 })
        );
        assert_eq!(
            local(r#"{ "kubernetes.io/role" = 0, "kubernetes.io/role" = 1 }"#),
            json!({ "kubernetes.io/role": 1 })
        );
        assert_eq!(local(r#"{ "" = 1, "" = 2 }"#), json!({ "": 2 }));
        assert_eq!(local(r#"{ "\n" = 1, "\n" = 2 }"#), json!({ "\n": 2 }));
        assert_eq!(local("{ é = 1, é = 2 }"), json!({ "é": 2 }));
        assert_eq!(
            local("{ (var.k) = 1, (var.k) = 2 }"),
            json!({ "${(var.k)}": 2 })
        );
        assert_eq!(local("{ a.b = 1, a.b = 2 }"), json!({ "a.b": 2 }));
        assert_eq!(local("{ 1 = 1, 1 = 2 }"), json!({ "1": 2 }));
        assert_eq!(
            local(r#"{ "${var.p}-a" = 1, "${var.p}-a" = 2 }"#),
            json!({ "${var.p}-a": 2 })
        );
        assert_eq!(
            local("{ k = { x = 1, x = 2 }, k = { y = 3 } }"),
            json!({ "k": { "y": 3 } })
        );
        assert_eq!(
            local("merge(var.t, {\n    Name = \"a\"\n    Name = \"b\"\n  })"),
            json!("${merge(var.t, {\n    Name = \"a\"\n    Name = \"b\"\n  })}")
        );
    }

    #[test]
    fn a_repeated_key_that_cannot_be_renamed_is_still_an_error() {
        let error = file_value("a = { [1] = 1, [1] = 2 }\n").expect_err("refused");
        assert_eq!((error.line, error.column), (1, 16));
    }

    #[test]
    fn a_heredoc_needs_a_closing_line_of_its_own() {
        for text in [
            "a = <<EOT\nx\nEOT",
            "a = <<EOT\nx\nEOT ",
            "a = [<<EOT\nx\nEOT]\n",
            "a = <<EOT\nx\nEOT # c\n",
            "a = <<EOT\nEOT",
        ] {
            let error = file_value(text).expect_err(text);
            let column = text.find("<<").map(|at| at + 1);
            assert_eq!((error.line, Some(error.column)), (1, column), "{text}");
        }
        assert_eq!(convert("a = <<EOT\nx\n  EOT \t\n"), json!({ "a": "x\n" }));
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

    #[test]
    fn a_lenient_document_leaves_out_each_bad_file_and_merges_the_rest() {
        let files = [
            SourceFile {
                path: "a.tf",
                text: "locals {\n  a = 1\n}\nthing \"x\" {}\n",
            },
            SourceFile {
                path: "broken.tf",
                text: "locals {\n  b = [\n}\n",
            },
            SourceFile {
                path: "conflict.tf",
                text: "locals {\n  c = 3\n}\nthing {}\n",
            },
            SourceFile {
                path: "c.tf",
                text: "locals {\n  d = 4\n}\n",
            },
        ];
        let (doc, errors) = document_lenient(&files);
        assert_eq!(
            doc.value,
            json!({ "locals": [{ "a": 1 }, { "d": 4 }], "thing": { "x": [{}] } })
        );
        let found: Vec<(&str, usize)> = errors.iter().map(|e| (e.file.as_str(), e.line)).collect();
        assert_eq!(found, [("broken.tf", 3), ("conflict.tf", 4)]);
        let addresses: Vec<(&str, &str)> = doc
            .locations
            .iter()
            .map(|l| (l.address.as_str(), l.file.as_str()))
            .collect();
        assert_eq!(
            addresses,
            [("locals", "a.tf"), ("thing.x", "a.tf"), ("locals", "c.tf")]
        );
        assert_eq!(document(&files).expect_err("strict").file, "broken.tf");
    }

    fn paths(location: &Location) -> Vec<(String, usize)> {
        location
            .attributes
            .iter()
            .map(|a| (a.path.join("."), a.line))
            .collect()
    }

    #[test]
    fn locations_hold_the_last_line_and_every_attribute_and_nested_block() {
        let text = r#"resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port = 80
  }
  ingress {
    from_port = 443
    cidr_blocks = [
      "10.0.0.0/8",
    ]
  }
  dynamic "egress" {
    for_each = var.egress
    content {
      cidr_blocks = egress.value
    }
  }
  tags = {
    Name = "web"
  }
} # end

locals { a = 1 }
"#;
        let doc = document(&[SourceFile {
            path: "sg.tf",
            text,
        }])
        .expect("converts");
        let sg = &doc.locations[0];
        assert_eq!((sg.line, sg.end_line), (1, 21));
        let expected: Vec<(String, usize)> = [
            ("name", 2),
            ("ingress.0", 3),
            ("ingress.0.from_port", 4),
            ("ingress.1", 6),
            ("ingress.1.from_port", 7),
            ("ingress.1.cidr_blocks", 8),
            ("dynamic.egress.0", 12),
            ("dynamic.egress.0.for_each", 13),
            ("dynamic.egress.0.content.0", 14),
            ("dynamic.egress.0.content.0.cidr_blocks", 15),
            ("tags", 18),
        ]
        .into_iter()
        .map(|(p, l)| (p.to_owned(), l))
        .collect();
        assert_eq!(paths(sg), expected);
        let body = &doc.value["resource"]["aws_security_group"]["web"][0];
        assert_eq!(body["ingress"][1]["from_port"], json!(443));
        assert_eq!(
            body["dynamic"]["egress"][0]["content"][0]["cidr_blocks"],
            json!("${egress.value}")
        );
        let locals = &doc.locations[1];
        assert_eq!((locals.line, locals.end_line), (23, 23));
        assert_eq!(paths(locals), [("a".to_owned(), 23)]);
    }

    #[test]
    fn attribute_line_is_the_line_of_the_longest_recorded_prefix() {
        let text = "resource \"x\" \"y\" {\n  tags = {\n    Name = \"a\"\n  }\n  rule {\n    id = 1\n  }\n}\n";
        let doc = document(&[SourceFile { path: "x.tf", text }]).expect("converts");
        let location = &doc.locations[0];
        assert_eq!(location.attribute_line(&["tags", "Name"]), Some(2));
        assert_eq!(location.attribute_line(&["rule", "0", "id"]), Some(6));
        assert_eq!(location.attribute_line(&["rule", "0"]), Some(5));
        assert_eq!(location.attribute_line(&["rule", "1", "id"]), None);
        assert_eq!(location.attribute_line(&["missing"]), None);
        assert_eq!(location.attribute_line(&[]), None);
    }

    #[test]
    fn the_nth_location_of_an_address_is_the_nth_body_at_that_address() {
        let files = [
            SourceFile {
                path: "a.tf",
                text: "provider \"aws\" {\n  region = \"eu-west-1\"\n}\n\nprovider \"aws\" {\n  alias = \"us\"\n}\n",
            },
            SourceFile {
                path: "b.tf",
                text: "provider \"aws\" {\n  alias = \"ap\"\n}\n",
            },
        ];
        let doc = document(&files).expect("converts");
        let bodies = doc.value["provider"]["aws"].as_array().expect("list");
        let found: Vec<(&str, usize, usize, Option<&Value>)> = doc
            .locations
            .iter()
            .filter(|l| l.address == "provider.aws")
            .zip(bodies)
            .map(|(l, body)| (l.file.as_str(), l.line, l.end_line, body.get("alias")))
            .collect();
        assert_eq!(
            found,
            [
                ("a.tf", 1, 3, None),
                ("a.tf", 5, 7, Some(&json!("us"))),
                ("b.tf", 1, 3, Some(&json!("ap"))),
            ]
        );
    }

    #[test]
    fn a_tf_json_file_joins_the_document_with_its_locations() {
        let files = [
            SourceFile {
                path: "main.tf",
                text: "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"a\"\n}\n",
            },
            SourceFile {
                path: "extra.tf.json",
                text: "{\n  \"resource\": {\n    \"aws_s3_bucket\": {\n      \"b\": {\n        \"bucket\": \"b\"\n      }\n    }\n  }\n}\n",
            },
        ];
        let doc = document(&files).expect("converts");
        assert_eq!(
            doc.value["resource"]["aws_s3_bucket"],
            json!({ "a": [{ "bucket": "a" }], "b": [{ "bucket": "b" }] })
        );
        let json_block = &doc.locations[1];
        assert_eq!(
            (json_block.address.as_str(), json_block.file.as_str()),
            ("resource.aws_s3_bucket.b", "extra.tf.json")
        );
        assert_eq!((json_block.line, json_block.end_line), (4, 6));
        assert_eq!(json_block.attribute_line(&["bucket"]), Some(5));
    }

    #[test]
    fn line_index_finds_the_line_of_any_offset() {
        let lines = LineIndex::new("ab\ncd\n\ne");
        let found: Vec<usize> = [0, 2, 3, 5, 6, 7, 8, 9].map(|at| lines.line(at)).to_vec();
        assert_eq!(found, [1, 1, 2, 2, 3, 4, 4, 4]);
    }
}
