//! Terraform's JSON syntax (`*.tf.json`) as the input document.
//!
//! A `.tf.json` file becomes the document the equivalent native `.tf` file gives:
//!
//! - the root object's keys are block types; `resource`, `data` and `ephemeral` take two
//!   labels, `module`, `provider`, `variable`, `output` and `check` one, `locals`,
//!   `terraform`, `moved`, `import` and `removed` none; at every label level (and for the
//!   body) an array of objects stands for several blocks, in order;
//! - each body is appended to the list at its last label, as native blocks are;
//! - `"//"` keys (comments) are dropped from the root, the label levels and each block body;
//! - values stay as written: strings are their text (they already hold `${...}` templates),
//!   numbers are their exact decimal value as in native files, and objects and arrays are
//!   kept as they are, since a nested block cannot be told from an attribute without the
//!   provider's schema.
//!
//! Locations are as for native files: a block starts at the key of its last label (or at its
//! own `{` when it is one of an array of bodies) and ends at its closing brace; every key
//! inside the body is an attribute line, and so is every object inside an array (its index
//! in the path), in the document's shape.

use super::input::{BlockSpan, Converted, InputError, Offsets, Problem, decimal_text};
use serde_json::{Map, Value};

/// Converts the text of a `.tf.json` file into the object its native equivalent gives (a
/// leading byte order mark is ignored).
///
/// # Errors
///
/// The text is not JSON, its root is not an object, it names a block type Terraform does not
/// have, or a block level holds something else than an object or an array of objects.
pub fn file_value(text: &str) -> Result<Value, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    convert(text)
        .map(|converted| Value::Object(converted.value))
        .map_err(|problem| problem.into_error("", text))
}

/// Converts one `.tf.json` file, with where each of its blocks is.
pub(super) fn convert(text: &str) -> Result<Converted, Problem> {
    let root = Parser::new(text).document()?;
    let Kind::Object(members) = &root.kind else {
        return Err(Problem::new(
            root.start,
            "a .tf.json file must hold an object",
        ));
    };
    let mut out = Converted {
        value: Map::new(),
        blocks: Vec::new(),
        top_level: Offsets::new(),
    };
    for member in members.iter().filter(|m| m.key != COMMENT) {
        let Some(depth) = label_depth(&member.key) else {
            return Err(Problem::new(
                member.key_start,
                format!("`{}` is not a Terraform block type", member.key),
            ));
        };
        out.top_level.push((member.key.clone(), member.key_start));
        let mut labels = vec![member.key.clone()];
        blocks(
            &member.value,
            member.key_start,
            depth,
            &mut labels,
            &mut out,
        )?;
    }
    Ok(out)
}

/// The key Terraform reads as a comment.
const COMMENT: &str = "//";

/// How many labels a top-level block type takes.
fn label_depth(block_type: &str) -> Option<usize> {
    match block_type {
        "resource" | "data" | "ephemeral" => Some(2),
        "module" | "provider" | "variable" | "output" | "check" => Some(1),
        "locals" | "terraform" | "moved" | "import" | "removed" => Some(0),
        _ => None,
    }
}

/// The blocks under `labels` written as `node`, which starts at `start` (the key naming it):
/// `depth` more labels as object keys, then a body; an array at any level holds several.
fn blocks(
    node: &Node,
    start: usize,
    depth: usize,
    labels: &mut Vec<String>,
    out: &mut Converted,
) -> Result<(), Problem> {
    match &node.kind {
        Kind::Array(items) => {
            for item in items {
                blocks(item, item.start, depth, labels, out)?;
            }
            Ok(())
        }
        Kind::Object(members) if depth == 0 => {
            let body = Body::new(members);
            push_body(&mut out.value, labels, body.value(), start)?;
            out.blocks.push(BlockSpan {
                address: labels.join("."),
                start,
                end: node.end,
                attributes: body.attributes(),
            });
            Ok(())
        }
        Kind::Object(members) => {
            for member in members.iter().filter(|m| m.key != COMMENT) {
                labels.push(member.key.clone());
                blocks(&member.value, member.key_start, depth - 1, labels, out)?;
                labels.pop();
            }
            Ok(())
        }
        Kind::Scalar(_) => Err(Problem::new(
            node.start,
            format!(
                "`{}` must be an object or an array of objects",
                labels.join(".")
            ),
        )),
    }
}

/// Appends a body to the list at `labels` (type, then each label), as a native block is;
/// `start` is where the block is written.
fn push_body(
    root: &mut Map<String, Value>,
    labels: &[String],
    body: Map<String, Value>,
    start: usize,
) -> Result<(), Problem> {
    // Every block type has a fixed number of labels, so a label level is always an object
    // and the last label always a list; the error only guards the invariant.
    let mixed = || {
        Problem::new(
            start,
            format!("cannot convert block `{}`", labels.join(".")),
        )
    };
    let Some((last, outer)) = labels.split_last() else {
        return Ok(());
    };
    let mut target = root;
    for label in outer {
        let entry = target
            .entry(label.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        target = entry.as_object_mut().ok_or_else(mixed)?;
    }
    let list = target
        .entry(last.clone())
        .or_insert_with(|| Value::Array(Vec::new()));
    list.as_array_mut()
        .ok_or_else(mixed)?
        .push(Value::Object(body));
    Ok(())
}

/// A block body: its members without comments.
struct Body<'n> {
    members: Vec<&'n Member>,
}

impl<'n> Body<'n> {
    fn new(members: &'n [Member]) -> Body<'n> {
        Body {
            members: members.iter().filter(|m| m.key != COMMENT).collect(),
        }
    }

    fn value(&self) -> Map<String, Value> {
        self.members
            .iter()
            .map(|m| (m.key.clone(), m.value.value()))
            .collect()
    }

    /// Every key inside the body, and every object in an array, with its path and offset.
    fn attributes(&self) -> Vec<(Vec<String>, usize)> {
        let mut out = Vec::new();
        let mut path = Vec::new();
        for member in &self.members {
            member_lines(member, &mut path, &mut out);
        }
        out
    }
}

fn member_lines(member: &Member, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, usize)>) {
    path.push(member.key.clone());
    out.push((path.clone(), member.key_start));
    node_lines(&member.value, path, out);
    path.pop();
}

fn node_lines(node: &Node, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, usize)>) {
    match &node.kind {
        Kind::Object(members) => {
            for member in members {
                member_lines(member, path, out);
            }
        }
        Kind::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                if let Kind::Object(_) = item.kind {
                    path.push(index.to_string());
                    out.push((path.clone(), item.start));
                    node_lines(item, path, out);
                    path.pop();
                }
            }
        }
        Kind::Scalar(_) => {}
    }
}

/// A JSON value with where it was written.
#[derive(Debug)]
struct Node {
    /// The offset of its first character.
    start: usize,
    /// The offset of its last character.
    end: usize,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Scalar(Value),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

/// An object member: its key, where the key starts, and its value.
#[derive(Debug)]
struct Member {
    key: String,
    key_start: usize,
    value: Node,
}

impl Node {
    fn value(&self) -> Value {
        match &self.kind {
            Kind::Scalar(value) => value.clone(),
            Kind::Array(items) => Value::Array(items.iter().map(Node::value).collect()),
            Kind::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|m| (m.key.clone(), m.value.value()))
                    .collect(),
            ),
        }
    }
}

/// How deeply arrays and objects may nest (as deep as `serde_json` allows).
const MAX_DEPTH: usize = 128;

/// A JSON reader that keeps the offset of every value and key. Strings and numbers are
/// delimited here and decoded by `serde_json`.
struct Parser<'t> {
    text: &'t str,
    at: usize,
    depth: usize,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Parser<'t> {
        Parser {
            text,
            at: 0,
            depth: 0,
        }
    }

    /// The whole text as one value.
    fn document(&mut self) -> Result<Node, Problem> {
        let node = self.value()?;
        self.skip_space();
        match self.peek() {
            None => Ok(node),
            Some(_) => Err(self.problem("trailing characters after the JSON value")),
        }
    }

    fn value(&mut self) -> Result<Node, Problem> {
        self.skip_space();
        let start = self.at;
        let kind = match self.peek() {
            Some(b'{') => self.nested(Parser::object)?,
            Some(b'[') => self.nested(Parser::array)?,
            Some(b'"') => Kind::Scalar(Value::String(self.string()?)),
            Some(b'-' | b'0'..=b'9') => Kind::Scalar(self.number()?),
            Some(b't') => self.keyword("true", Value::Bool(true))?,
            Some(b'f') => self.keyword("false", Value::Bool(false))?,
            Some(b'n') => self.keyword("null", Value::Null)?,
            _ => return Err(self.problem("expected a JSON value")),
        };
        Ok(Node {
            start,
            end: self.at.saturating_sub(1),
            kind,
        })
    }

    fn nested(
        &mut self,
        parse: fn(&mut Parser<'t>) -> Result<Kind, Problem>,
    ) -> Result<Kind, Problem> {
        if self.depth == MAX_DEPTH {
            return Err(self.problem("JSON nested too deeply"));
        }
        self.depth += 1;
        let kind = parse(self)?;
        self.depth -= 1;
        Ok(kind)
    }

    fn object(&mut self) -> Result<Kind, Problem> {
        self.at += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.eat(b'}') {
            return Ok(Kind::Object(members));
        }
        loop {
            self.skip_space();
            let key_start = self.at;
            if self.peek() != Some(b'"') {
                return Err(self.problem("expected a string key"));
            }
            let key = self.string()?;
            self.skip_space();
            if !self.eat(b':') {
                return Err(self.problem("expected `:`"));
            }
            let value = self.value()?;
            members.push(Member {
                key,
                key_start,
                value,
            });
            self.skip_space();
            if self.eat(b'}') {
                return Ok(Kind::Object(members));
            }
            if !self.eat(b',') {
                return Err(self.problem("expected `,` or `}`"));
            }
        }
    }

    fn array(&mut self) -> Result<Kind, Problem> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.eat(b']') {
            return Ok(Kind::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_space();
            if self.eat(b']') {
                return Ok(Kind::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.problem("expected `,` or `]`"));
            }
        }
    }

    /// A string token, decoded by `serde_json`.
    fn string(&mut self) -> Result<String, Problem> {
        let start = self.at;
        let bytes = self.text.as_bytes();
        let mut at = start + 1;
        loop {
            match bytes.get(at) {
                Some(b'"') => break,
                Some(b'\\') => at += 2,
                Some(_) => at += 1,
                None => return Err(Problem::new(start, "unterminated string")),
            }
        }
        self.at = at + 1;
        let token = self.text.get(start..self.at).unwrap_or_default();
        serde_json::from_str(token).map_err(|e| Problem::new(start, format!("invalid string: {e}")))
    }

    /// A number token: its exact decimal value, as numbers in native files are.
    fn number(&mut self) -> Result<Value, Problem> {
        let start = self.at;
        let len = self.text[start..]
            .find(|c: char| !matches!(c, '0'..='9' | '-' | '+' | '.' | 'e' | 'E'))
            .unwrap_or(self.text.len() - start);
        self.at = start + len;
        let token = &self.text[start..self.at];
        let invalid = || Problem::new(start, format!("invalid number `{token}`"));
        serde_json::from_str::<serde_json::Number>(token).map_err(|_| invalid())?;
        let (negative, digits) = match token.strip_prefix('-') {
            Some(digits) => (true, digits),
            None => (false, token),
        };
        let decimal = decimal_text(digits, negative).ok_or_else(invalid)?;
        serde_json::from_str(&decimal).map_err(|_| invalid())
    }

    fn keyword(&mut self, word: &str, value: Value) -> Result<Kind, Problem> {
        if !self.text[self.at..].starts_with(word) {
            return Err(self.problem("expected a JSON value"));
        }
        self.at += word.len();
        Ok(Kind::Scalar(value))
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn problem(&self, message: &str) -> Problem {
        Problem::new(self.at, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guardrails::input::{SourceFile, document, file_value as native};
    use serde_json::json;

    fn convert_json(text: &str) -> Value {
        file_value(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn block_types_take_their_labels_and_bodies_become_lists() {
        let value = convert_json(
            r#"{
  "//": "a comment",
  "terraform": { "required_version": ">= 1.5" },
  "provider": { "aws": { "region": "eu-west-1" } },
  "variable": { "name": { "type": "string", "default": "x" } },
  "locals": { "tags": { "team": "platform" } },
  "resource": {
    "aws_s3_bucket": {
      "logs": { "//": "dropped", "bucket": "${var.name}-logs", "force_destroy": true }
    }
  },
  "data": { "aws_region": { "current": {} } },
  "module": { "vpc": { "source": "./vpc", "cidr": "10.0.0.0/16" } },
  "output": { "id": { "value": "${aws_s3_bucket.logs.id}" } },
  "moved": { "from": "aws_s3_bucket.old", "to": "aws_s3_bucket.logs" },
  "check": { "up": { "assert": { "condition": "${true}", "error_message": "down" } } }
}"#,
        );
        assert_eq!(
            value,
            json!({
                "terraform": [{ "required_version": ">= 1.5" }],
                "provider": { "aws": [{ "region": "eu-west-1" }] },
                "variable": { "name": [{ "type": "string", "default": "x" }] },
                "locals": [{ "tags": { "team": "platform" } }],
                "resource": { "aws_s3_bucket": { "logs": [{
                    "bucket": "${var.name}-logs", "force_destroy": true,
                }] } },
                "data": { "aws_region": { "current": [{}] } },
                "module": { "vpc": [{ "source": "./vpc", "cidr": "10.0.0.0/16" }] },
                "output": { "id": [{ "value": "${aws_s3_bucket.logs.id}" }] },
                "moved": [{ "from": "aws_s3_bucket.old", "to": "aws_s3_bucket.logs" }],
                "check": { "up": [{ "assert": { "condition": "${true}", "error_message": "down" } }] },
            })
        );
    }

    #[test]
    fn arrays_at_any_level_are_repeated_blocks_in_order() {
        let value = convert_json(
            r#"{
  "provider": { "aws": [{ "region": "eu-west-1" }, { "alias": "us", "region": "us-east-1" }] },
  "resource": [
    { "aws_sns_topic": { "a": {} } },
    { "aws_sns_topic": { "a": { "name": "second" }, "b": [{}, {}] } }
  ],
  "locals": [{ "a": 1 }, { "b": 2 }]
}"#,
        );
        assert_eq!(
            value,
            json!({
                "provider": { "aws": [{ "region": "eu-west-1" }, { "alias": "us", "region": "us-east-1" }] },
                "resource": { "aws_sns_topic": { "a": [{}, { "name": "second" }], "b": [{}, {}] } },
                "locals": [{ "a": 1 }, { "b": 2 }],
            })
        );
    }

    #[test]
    fn values_are_as_written_with_numbers_as_in_native_files() {
        let value = convert_json(
            r#"{ "locals": { "n": [1.0, 1e3, -0.5, 12345678901234567890], "s": "a\"b\u00e9${x}", "o": { "k": [null, true] } } }"#,
        );
        let natively = native(
            "locals {\n  n = [1.0, 1e3, -0.5, 12345678901234567890]\n  s = \"a\\\"b\\u00e9${x}\"\n  o = { k = [null, true] }\n}\n",
        )
        .expect("native");
        assert_eq!(value, natively);
    }

    #[test]
    fn nested_blocks_stay_as_written() {
        let value = convert_json(
            r#"{ "resource": { "aws_security_group": { "web": {
  "ingress": [{ "from_port": 80 }, { "from_port": 443 }],
  "timeouts": { "create": "5m" }
} } } }"#,
        );
        assert_eq!(
            value["resource"]["aws_security_group"]["web"][0],
            json!({ "ingress": [{ "from_port": 80 }, { "from_port": 443 }], "timeouts": { "create": "5m" } })
        );
    }

    #[test]
    fn locations_start_at_the_last_label_and_record_every_key() {
        let text = r#"{
  "resource": {
    "aws_security_group": {
      "web": {
        "name": "web",
        "ingress": [
          {
            "from_port": 80
          },
          {
            "from_port": 443
          }
        ],
        "tags": {
          "Name": "web"
        }
      }
    }
  },
  "locals": [
    {
      "a": 1
    },
    { "b": 2 }
  ]
}
"#;
        let doc = document(&[SourceFile {
            path: "sg.tf.json",
            text,
        }])
        .expect("converts");
        let found: Vec<(&str, usize, usize)> = doc
            .locations
            .iter()
            .map(|l| (l.address.as_str(), l.line, l.end_line))
            .collect();
        assert_eq!(
            found,
            [
                ("resource.aws_security_group.web", 4, 17),
                ("locals", 21, 23),
                ("locals", 24, 24),
            ]
        );
        let attributes: Vec<(String, usize)> = doc.locations[0]
            .attributes
            .iter()
            .map(|a| (a.path.join("."), a.line))
            .collect();
        let expected: Vec<(String, usize)> = [
            ("name", 5),
            ("ingress", 6),
            ("ingress.0", 7),
            ("ingress.0.from_port", 8),
            ("ingress.1", 10),
            ("ingress.1.from_port", 11),
            ("tags", 14),
            ("tags.Name", 15),
        ]
        .into_iter()
        .map(|(p, l)| (p.to_owned(), l))
        .collect();
        assert_eq!(attributes, expected);
        assert_eq!(
            doc.locations[0].attribute_line(&["ingress", "1", "from_port"]),
            Some(11)
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        let cases = [
            ("[]", (1, 1), "must hold an object"),
            (
                "{\n  \"resourse\": {}\n}",
                (2, 3),
                "not a Terraform block type",
            ),
            (
                "{\n  \"locals\": 1\n}",
                (2, 13),
                "object or an array of objects",
            ),
            (
                "{\n  \"locals\": {\n    \"a\": tru\n  }\n}",
                (3, 10),
                "expected a JSON value",
            ),
            (
                "{\n  \"locals\": { \"a\": 1 } }\n}",
                (3, 1),
                "trailing characters",
            ),
            (
                "{ \"locals\": { \"a\": \"\\x\" } }",
                (1, 20),
                "invalid string",
            ),
            ("{ \"locals\": { \"a\": 01 } }", (1, 20), "invalid number"),
            (
                "{ \"locals\": { \"a\": \"open } }",
                (1, 20),
                "unterminated string",
            ),
            ("{ \"locals\" { } }", (1, 12), "expected `:`"),
            ("{ \"locals\": [{}, }", (1, 18), "expected a JSON value"),
        ];
        for (text, (line, column), message) in cases {
            let error = file_value(text).expect_err(text);
            assert_eq!(
                (error.line, error.column),
                (line, column),
                "{text}: {error}"
            );
            assert!(error.message.contains(message), "{text}: {error}");
        }
        assert_eq!(
            convert_json("\u{feff}{ \"locals\": { \"a\": 1 } }"),
            json!({ "locals": [{ "a": 1 }] })
        );
        let deep = format!(
            "{{\"locals\":{{\"a\":{}{}}}}}",
            "[".repeat(200),
            "]".repeat(200)
        );
        assert!(file_value(&deep).is_err());
    }
}
