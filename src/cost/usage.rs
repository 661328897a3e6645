//! Infracost usage files: what a Terraform plan cannot say about a resource (requests a month,
//! gigabytes stored, hours running), read with line numbers and looked up per resource.
//!
//! The format is Infracost's, version 0.1:
//!
//! ```yaml
//! version: 0.1
//! resource_type_default_usage:        # usage for every resource of a type
//!   aws_lambda_function:
//!     monthly_requests: 1000000
//! resource_usage:                     # usage for resources by address
//!   module.service.aws_lambda_function.this:
//!     request_duration_ms: 120
//!   module.mod[*].aws_lambda_function.test[*]:   # `[*]` matches any one index
//!     monthly_requests: 10
//!   aws_s3_bucket.this:
//!     standard:                       # a block of keys
//!       storage_gb: 500
//! ```
//!
//! [`UsageFile::lookup`] merges, key by key (blocks too), the type's defaults, then the most
//! specific wildcard address that matches, then the exact address. [`UsageFile::check`] holds the
//! keys to the ones goldpath prices.

use std::borrow::Cow;
use std::collections::BTreeMap;

use saphyr::{AnnotatedMapping, LoadableYamlNode, MarkedYaml, Scalar, ScanError, YamlData};

/// The one usage-file version Infracost defines, and so the one goldpath reads.
const VERSION: &str = "0.1";

/// The top-level keys of a usage file.
const TOP_LEVEL: [&str; 3] = ["version", "resource_type_default_usage", "resource_usage"];

/// What an empty usage file is told.
const EMPTY: &str =
    "the usage file is empty; it starts with `version: 0.1`, then the usage under `resource_usage`";

/// The quantity messages give as an example.
const QUANTITY_EXAMPLE: &str = "1000";

/// A parsed usage file: the defaults per resource type and the usage per resource address, in
/// the order they are written, each key remembering its line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UsageFile {
    defaults: Vec<Entry<String>>,
    resources: Vec<Entry<Address>>,
}

/// A fatal problem: the file cannot be used. The caller shows it as `FILE:LINE: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct UsageError {
    /// 1-based line of the problem; `None` when there is no line to point at (an empty file).
    pub line: Option<usize>,
    /// What is wrong, what was expected, and what to do.
    pub message: String,
}

/// A problem that does not stop the estimate: usage goldpath will not use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageWarning {
    /// 1-based line of the key or entry.
    pub line: usize,
    /// What is not used and why, with a suggestion when there is one.
    pub message: String,
}

/// One usage value.
#[derive(Debug, Clone, PartialEq)]
pub enum UsageValue {
    /// A YAML number, integer or float.
    Number(f64),
    /// A YAML string (or boolean, as written).
    Text(String),
    /// A block of keys, such as an S3 storage class.
    Block(Usage),
}

/// The keys that apply to one resource, merged from every level of the file.
pub type Usage = BTreeMap<String, UsageValue>;

/// A usage key goldpath reads, and what kind of value it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpec {
    /// The key as written in the usage file, e.g. `monthly_requests`.
    pub name: &'static str,
    /// What value it takes.
    pub kind: KeyKind,
}

/// What kind of value a usage key takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// A number of 0 or more.
    Quantity,
    /// Text; a number is read as its text.
    Text,
    /// A block of the given keys.
    Block(&'static [KeySpec]),
}

/// One entry of a section: what it applies to (a type or an address), its line and its keys.
#[derive(Debug, Clone, PartialEq)]
struct Entry<T> {
    target: T,
    line: usize,
    keys: Vec<Key>,
}

/// One usage key as written.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    name: String,
    line: usize,
    value: Given,
}

/// A usage value as written, with the lines of a block's keys.
#[derive(Debug, Clone, PartialEq)]
enum Given {
    Number(f64),
    Text(String),
    Block(Vec<Key>),
}

/// A resource address, `(module.NAME([INDEX])?.)*TYPE.NAME([INDEX])?`, as its steps.
#[derive(Debug, Clone, PartialEq)]
struct Address {
    text: String,
    resource_type: String,
    steps: Vec<Step>,
    wildcards: usize,
}

/// One dot-separated name of an address and its index.
#[derive(Debug, Clone, PartialEq)]
struct Step {
    name: String,
    index: Option<Index>,
}

/// An index of an address: `[*]`, or a number or quoted key as written (`0`, `"a"`).
#[derive(Debug, Clone, PartialEq)]
enum Index {
    Any,
    Key(String),
}

impl UsageValue {
    /// The number, when this is one.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            UsageValue::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The text, when this is text or a number (read as its text, e.g. `2` for a size class).
    pub fn as_text(&self) -> Option<Cow<'_, str>> {
        match self {
            UsageValue::Text(s) => Some(Cow::Borrowed(s)),
            UsageValue::Number(n) => Some(Cow::Owned(n.to_string())),
            UsageValue::Block(_) => None,
        }
    }

    /// The block of keys, when this is one.
    pub fn as_block(&self) -> Option<&Usage> {
        match self {
            UsageValue::Block(block) => Some(block),
            _ => None,
        }
    }
}

impl UsageFile {
    /// A usage file with no usage: every lookup is empty.
    pub fn empty() -> UsageFile {
        UsageFile::default()
    }

    /// The usage for the resource at `address` (e.g. `module.service.aws_lambda_function.this[0]`)
    /// of type `resource_type`: the type's defaults, overridden key by key by the most specific
    /// matching wildcard address (the fewest `[*]`; the first written on a tie), overridden by the
    /// exact address. An address that is not a resource address gets the type's defaults only.
    pub fn lookup(&self, resource_type: &str, address: &str) -> Usage {
        let mut usage = Usage::new();
        if let Some(defaults) = self.defaults.iter().find(|e| e.target == resource_type) {
            merge(&mut usage, &defaults.keys);
        }
        let Some(address) = Address::parse(address) else {
            return usage;
        };
        let (exact, wildcards): (Vec<_>, Vec<_>) = self
            .resources
            .iter()
            .filter(|e| e.target.matches(&address))
            .partition(|e| e.target.wildcards == 0);
        let wildcard = wildcards.into_iter().min_by_key(|e| e.target.wildcards);
        for entry in wildcard.into_iter().chain(exact) {
            merge(&mut usage, &entry.keys);
        }
        usage
    }

    /// Checks every key against what goldpath knows: `known(resource_type)` gives the keys of a
    /// type goldpath prices, `None` for a type it does not. Unknown keys and unpriced types are
    /// warnings (the usage is not used); values of the wrong kind are errors.
    pub fn check(
        &self,
        known: &dyn Fn(&str) -> Option<&'static [KeySpec]>,
    ) -> (Vec<UsageWarning>, Vec<UsageError>) {
        let mut findings = Findings::default();
        let defaults = self
            .defaults
            .iter()
            .map(|e| (e.target.as_str(), None, e.line, &e.keys));
        let resources = self.resources.iter().map(|e| {
            let address = &e.target;
            (
                address.resource_type.as_str(),
                Some(address.text.as_str()),
                e.line,
                &e.keys,
            )
        });
        for (resource_type, address, line, keys) in defaults.chain(resources) {
            let Some(specs) = known(resource_type) else {
                let message = match address {
                    None => format!(
                        "goldpath does not estimate `{resource_type}`; this usage is not used"
                    ),
                    Some(address) => format!(
                        "goldpath does not estimate `{resource_type}`; the usage of `{address}` \
                         is not used"
                    ),
                };
                findings.warnings.push(UsageWarning { line, message });
                continue;
            };
            findings.keys(
                keys,
                specs,
                &format!("`{}`", address.unwrap_or(resource_type)),
            );
        }
        (findings.warnings, findings.errors)
    }
}

/// Reads a usage file. See the [module documentation](self) for the format.
pub fn parse(text: &str) -> Result<UsageFile, UsageError> {
    let docs = MarkedYaml::load_from_str(text).map_err(|e| syntax_error(text, &e))?;
    let (top_line, top) = top_level(&docs)?;
    let mut sections: [Option<(usize, &MarkedYaml)>; 3] = [None; 3];
    for (key, value) in top {
        let name = key_name(
            key,
            "top-level keys are `version`, `resource_type_default_usage` and `resource_usage`",
        )?;
        let Some(at) = TOP_LEVEL.iter().position(|k| *k == name) else {
            return Err(error(
                key.span.start.line(),
                format!(
                    "unknown top-level key `{name}`: a usage file has `version`, \
                     `resource_type_default_usage` and `resource_usage`; fix its spelling or \
                     indentation, or remove it"
                ),
            ));
        };
        sections[at] = Some((key.span.start.line(), value));
    }
    let [version, defaults, resources] = sections;
    let Some((_, version)) = version else {
        return Err(error(
            top_line,
            "the usage file has no `version`: goldpath reads Infracost usage files of version \
             0.1; write `version: 0.1` at the top"
                .into(),
        ));
    };
    check_version(version)?;
    Ok(UsageFile {
        defaults: section(
            TOP_LEVEL[1],
            defaults,
            "resource types such as `aws_lambda_function`",
        )?
        .map(type_entry)
        .collect::<Result<_, _>>()?,
        resources: section(
            TOP_LEVEL[2],
            resources,
            "resource addresses such as `aws_lambda_function.this`",
        )?
        .map(address_entry)
        .collect::<Result<_, _>>()?,
    })
}

/// The one document's top-level mapping and its line.
fn top_level<'a, 'i>(
    docs: &'a [MarkedYaml<'i>],
) -> Result<(usize, &'a AnnotatedMapping<'i, MarkedYaml<'i>>), UsageError> {
    let doc = match docs {
        [doc] => doc,
        [_, second, ..] => {
            return Err(error(
                second.span.start.line(),
                "a usage file holds one YAML document; a second one starts here: remove it and the \
                 `---` before it"
                    .into(),
            ));
        }
        [] => {
            return Err(UsageError {
                line: None,
                message: EMPTY.into(),
            });
        }
    };
    match &doc.data {
        YamlData::Mapping(top) => Ok((doc.span.start.line(), top)),
        YamlData::Value(Scalar::Null) | YamlData::BadValue => Err(UsageError {
            line: None,
            message: EMPTY.into(),
        }),
        other => Err(error(
            doc.span.start.line(),
            format!(
                "the usage file is {}; it must be a mapping of `version`, \
                 `resource_type_default_usage` and `resource_usage`",
                describe(other)
            ),
        )),
    }
}

/// An entry of `resource_type_default_usage`.
fn type_entry((key, value): (&MarkedYaml, &MarkedYaml)) -> Result<Entry<String>, UsageError> {
    let line = key.span.start.line();
    let target = key_name(
        key,
        "keys of `resource_type_default_usage` are resource types such as `aws_lambda_function`",
    )?;
    if !is_name(&target) || target == "module" {
        return Err(error(
            line,
            format!(
                "`{target}` in `resource_type_default_usage` is not a resource type: expected a \
                 Terraform resource type such as `aws_lambda_function`; put the usage of one \
                 resource under `resource_usage`"
            ),
        ));
    }
    let keys = entry_keys(value, line, &format!("`{target}`"))?;
    Ok(Entry { target, line, keys })
}

/// An entry of `resource_usage`.
fn address_entry((key, value): (&MarkedYaml, &MarkedYaml)) -> Result<Entry<Address>, UsageError> {
    let line = key.span.start.line();
    let text = key_name(
        key,
        "keys of `resource_usage` are resource addresses such as `aws_lambda_function.this`",
    )?;
    let Some(target) = Address::parse(&text) else {
        return Err(error(
            line,
            format!(
                "`{text}` in `resource_usage` is not a resource address: expected `TYPE.NAME`, \
                 inside modules as `module.NAME.TYPE.NAME`, each name with an optional index \
                 `[0]`, `[\"key\"]` or `[*]`; write it as `terraform state list` prints it"
            ),
        ));
    };
    let keys = entry_keys(value, line, &format!("`{text}`"))?;
    Ok(Entry { target, line, keys })
}

impl Address {
    /// Parses `(module.NAME([INDEX])?.)*TYPE.NAME([INDEX])?`, where INDEX is digits, a quoted
    /// key or `*`.
    fn parse(text: &str) -> Option<Address> {
        let steps = steps(text)?;
        let (modules, [resource_type, _]) = steps.split_last_chunk::<2>()?;
        let in_modules = modules.len() % 2 == 0
            && modules
                .chunks(2)
                .all(|pair| pair[0].name == "module" && pair[0].index.is_none());
        if !in_modules || resource_type.index.is_some() || resource_type.name == "module" {
            return None;
        }
        let wildcards = steps.iter().filter(|s| s.index == Some(Index::Any)).count();
        Some(Address {
            text: text.to_owned(),
            resource_type: resource_type.name.clone(),
            steps,
            wildcards,
        })
    }

    /// Whether this address, read as a pattern, matches `address`: the same names, and the same
    /// indices except that `[*]` matches any one index.
    fn matches(&self, address: &Address) -> bool {
        self.steps.len() == address.steps.len()
            && self.steps.iter().zip(&address.steps).all(|(p, a)| {
                p.name == a.name
                    && match (&p.index, &a.index) {
                        (Some(Index::Any), Some(_)) => true,
                        (p, a) => p == a,
                    }
            })
    }
}

/// The dot-separated names of an address with their indices, or `None` if it is malformed.
fn steps(text: &str) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    let mut rest = text;
    loop {
        let end = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
        let name = &rest[..end];
        if !is_name(name) {
            return None;
        }
        rest = &rest[end..];
        let index = match rest.strip_prefix('[') {
            Some(inside) => {
                let (index, after) = index(inside)?;
                rest = after;
                Some(index)
            }
            None => None,
        };
        steps.push(Step {
            name: name.to_owned(),
            index,
        });
        match rest.strip_prefix('.') {
            Some(after) => rest = after,
            None if rest.is_empty() => return Some(steps),
            None => return None,
        }
    }
}

/// An index and the text after its `]`, from the text after its `[`.
fn index(inside: &str) -> Option<(Index, &str)> {
    if let Some(after) = inside.strip_prefix("*]") {
        return Some((Index::Any, after));
    }
    let len = match inside.strip_prefix('"') {
        Some(quoted) => {
            let mut escaped = false;
            let (close, _) = quoted.char_indices().find(|&(_, c)| {
                let closes = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                closes
            })?;
            close + 2
        }
        None => inside
            .find(|c: char| !c.is_ascii_digit())
            .filter(|&digits| digits > 0)?,
    };
    let after = inside[len..].strip_prefix(']')?;
    Some((Index::Key(inside[..len].to_owned()), after))
}

/// Whether `name` is a Terraform name: a letter or `_`, then letters, digits, `_` or `-`.
fn is_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(is_name_char)
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Merges written keys into `usage`, later values replacing earlier ones key by key, blocks
/// merged key by key.
fn merge(usage: &mut Usage, keys: &[Key]) {
    for key in keys {
        match (&key.value, usage.get_mut(&key.name)) {
            (Given::Block(inner), Some(UsageValue::Block(block))) => merge(block, inner),
            (value, _) => {
                usage.insert(key.name.clone(), value.to_usage());
            }
        }
    }
}

impl Given {
    fn to_usage(&self) -> UsageValue {
        match self {
            Given::Number(n) => UsageValue::Number(*n),
            Given::Text(s) => UsageValue::Text(s.clone()),
            Given::Block(keys) => {
                let mut block = Usage::new();
                merge(&mut block, keys);
                UsageValue::Block(block)
            }
        }
    }

    /// The value for a message: `5`, `"lots"` (quoted, as text), or `a block of keys`.
    fn shown(&self) -> String {
        match self {
            Given::Number(n) => format!("`{n}`"),
            Given::Text(s) => format!("`{s:?}`"),
            Given::Block(_) => "a block of keys".into(),
        }
    }
}

/// The warnings and errors [`UsageFile::check`] finds.
#[derive(Default)]
struct Findings {
    warnings: Vec<UsageWarning>,
    errors: Vec<UsageError>,
}

impl Findings {
    /// Checks written keys against the keys of their type (or block); `scope` names where they
    /// are, e.g. "`aws_s3_bucket.this`" or "`standard` of `aws_s3_bucket.this`".
    fn keys(&mut self, keys: &[Key], specs: &[KeySpec], scope: &str) {
        for key in keys {
            let Some(spec) = specs.iter().find(|s| s.name == key.name) else {
                let hint = match suggestion(&key.name, specs) {
                    Some(known) => format!("did you mean `{known}`?"),
                    None if specs.is_empty() => "it takes no usage keys".into(),
                    None => format!("it takes {}", listed(specs)),
                };
                self.warnings.push(UsageWarning {
                    line: key.line,
                    message: format!(
                        "unknown usage key `{}` for {scope}, not used; {hint}",
                        key.name
                    ),
                });
                continue;
            };
            let name = &key.name;
            let problem = match (spec.kind, &key.value) {
                (KeyKind::Quantity, Given::Number(n)) if n.is_finite() && *n >= 0.0 => None,
                (KeyKind::Quantity, Given::Text(s)) if is_quantity_text(s) => {
                    Some("it must be a number of 0 or more: write it without quotes".to_owned())
                }
                (KeyKind::Quantity, _) => Some(format!(
                    "it must be a number of 0 or more, such as `{name}: {QUANTITY_EXAMPLE}`"
                )),
                (KeyKind::Text, Given::Block(_)) => {
                    Some("it takes one value (text or a number), not a block of keys".to_owned())
                }
                (KeyKind::Text, _) => None,
                (KeyKind::Block(inner), Given::Block(written)) => {
                    self.keys(written, inner, &format!("`{name}` of {scope}"));
                    None
                }
                (KeyKind::Block(inner), _) => Some(format!(
                    "it takes a block of keys indented under `{name}:` ({})",
                    listed(inner)
                )),
            };
            if let Some(problem) = problem {
                self.errors.push(error(
                    key.line,
                    format!("`{name}` of {scope} is {}; {problem}", key.value.shown()),
                ));
            }
        }
    }
}

/// Whether text would be a good quantity written as a number (`"1000"`).
fn is_quantity_text(text: &str) -> bool {
    text.trim()
        .parse::<f64>()
        .is_ok_and(|n| n.is_finite() && n >= 0.0)
}

/// The known key to suggest for an unknown one: the closest within edit distance 2, or one that
/// shares with it a prefix of at least two thirds of the known key (e.g. `storage_gigabytes` →
/// `storage_gb`).
fn suggestion<'a>(key: &str, specs: &'a [KeySpec]) -> Option<&'a str> {
    specs
        .iter()
        .map(|spec| (edit_distance(key, spec.name), spec.name))
        .filter(|&(distance, known)| {
            let common = key
                .chars()
                .zip(known.chars())
                .take_while(|(a, b)| a == b)
                .count();
            distance <= 2 || (common >= 4 && common * 3 >= known.chars().count() * 2)
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, known)| known)
}

/// The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
/// neighbours each count 1.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let substitution = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            row[j] = substitution.min(previous[j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut previous, row);
    }
    previous[b.len()]
}

/// `a`, `b` and `c`.
fn listed(specs: &[KeySpec]) -> String {
    let names: Vec<String> = specs.iter().map(|s| format!("`{}`", s.name)).collect();
    match names.split_last() {
        None => "no keys".into(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// A usage error at a line.
fn error(line: usize, message: String) -> UsageError {
    UsageError {
        line: Some(line),
        message,
    }
}

/// A YAML error with its line; a duplicate key is named.
fn syntax_error(text: &str, e: &ScanError) -> UsageError {
    let marker = e.marker();
    let message = if e.info() == "duplicated key in mapping" {
        let key = key_at(text, marker.line(), marker.col())
            .map_or_else(|| "a key".to_owned(), |key| format!("`{key}`"));
        format!("{key} is written twice in the same mapping; keep one of them")
    } else {
        format!("invalid YAML: {}", e.info())
    };
    error(marker.line(), message)
}

/// The key written at a 1-based line and 0-based column, for naming it in a message.
fn key_at(text: &str, line: usize, col: usize) -> Option<String> {
    let rest: String = text
        .lines()
        .nth(line.checked_sub(1)?)?
        .chars()
        .skip(col)
        .collect();
    let end = match rest.chars().next()? {
        quote @ ('"' | '\'') => rest[1..].find(quote)? + 2,
        _ => rest
            .char_indices()
            .filter(|&(_, c)| c == ':')
            .map(|(at, _)| at)
            .find(|&at| {
                rest[at + 1..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
            })?,
    };
    Some(rest[..end].trim_end().to_owned())
}

/// Checks that the `version` is 0.1, as a number or a string.
fn check_version(version: &MarkedYaml) -> Result<(), UsageError> {
    let written = match &version.data {
        YamlData::Value(Scalar::FloatingPoint(f)) if f.into_inner() == 0.1 => return Ok(()),
        YamlData::Value(Scalar::String(s)) if s == VERSION => return Ok(()),
        YamlData::Value(Scalar::Null) => None,
        YamlData::Value(scalar) => Some(scalar_text(scalar)),
        _ => None,
    };
    let expected = "goldpath reads Infracost usage files of version 0.1; write `version: 0.1`";
    let message = match written {
        Some(written) => format!("version `{written}` is not supported: {expected}"),
        None => format!(
            "`version` is {}, not `0.1`: {expected}",
            describe(&version.data)
        ),
    };
    Err(error(version.span.start.line(), message))
}

/// The entries of the section `name` (at its line, when written); a section with no value (all
/// its entries commented out) is empty.
fn section<'a, 'i>(
    name: &str,
    written: Option<(usize, &'a MarkedYaml<'i>)>,
    entries: &str,
) -> Result<impl Iterator<Item = (&'a MarkedYaml<'i>, &'a MarkedYaml<'i>)>, UsageError> {
    let map: Option<&AnnotatedMapping<'i, MarkedYaml<'i>>> = match written
        .map(|(l, v)| (l, &v.data))
    {
        None | Some((_, YamlData::Value(Scalar::Null))) => None,
        Some((_, YamlData::Mapping(map))) => Some(map),
        Some((line, value)) => {
            return Err(error(
                line,
                format!(
                    "`{name}` is {}; it must be a mapping of {entries} to their usage keys, each \
                     indented under it",
                    describe(value)
                ),
            ));
        }
    };
    Ok(map.into_iter().flatten())
}

/// The usage keys of one entry; an entry with no value (its keys commented out, as `infracost
/// --sync-usage-file` writes them) has none.
fn entry_keys(value: &MarkedYaml, line: usize, scope: &str) -> Result<Vec<Key>, UsageError> {
    match &value.data {
        YamlData::Mapping(map) => keys(map, scope),
        YamlData::Value(Scalar::Null) => Ok(Vec::new()),
        other => Err(error(
            line,
            format!(
                "the usage of {scope} is {}; it must be a mapping of usage keys, such as \
                 `monthly_requests: {QUANTITY_EXAMPLE}` indented under it",
                describe(other)
            ),
        )),
    }
}

/// The keys of a mapping with their values, blocks read recursively.
fn keys(map: &AnnotatedMapping<'_, MarkedYaml<'_>>, scope: &str) -> Result<Vec<Key>, UsageError> {
    map.iter()
        .map(|(key, value)| {
            let line = key.span.start.line();
            let name = key_name(key, "usage keys are names such as `monthly_requests`")?;
            let value = match &value.data {
                YamlData::Value(Scalar::Integer(i)) => Given::Number(*i as f64),
                YamlData::Value(Scalar::FloatingPoint(f)) => Given::Number(f.into_inner()),
                YamlData::Value(Scalar::String(s)) => Given::Text(s.to_string()),
                YamlData::Value(Scalar::Boolean(b)) => Given::Text(b.to_string()),
                YamlData::Mapping(inner) => {
                    Given::Block(keys(inner, &format!("`{name}` of {scope}"))?)
                }
                other => {
                    return Err(error(
                        line,
                        format!(
                            "`{name}` of {scope} is {}; a usage value is a number, text or a \
                             block of keys: give it one, or remove the key",
                            describe(other)
                        ),
                    ));
                }
            };
            Ok(Key { name, line, value })
        })
        .collect()
}

/// The string of a mapping key; `expected` says what keys there are, for the error.
fn key_name(key: &MarkedYaml, expected: &str) -> Result<String, UsageError> {
    match &key.data {
        YamlData::Value(Scalar::String(s)) => Ok(s.to_string()),
        other => Err(error(
            key.span.start.line(),
            format!("a key is {}; {expected}", describe(other)),
        )),
    }
}

/// A YAML value for a message: "`5`", "a list", "no value".
fn describe<'i>(data: &YamlData<'i, MarkedYaml<'i>>) -> String {
    match data {
        YamlData::Value(Scalar::Null) | YamlData::BadValue => "no value".into(),
        YamlData::Value(scalar) => format!("`{}`", scalar_text(scalar)),
        YamlData::Sequence(_) => "a list".into(),
        YamlData::Mapping(_) => "a mapping".into(),
        _ => "a YAML value goldpath does not read (a tag or an alias)".into(),
    }
}

fn scalar_text(scalar: &Scalar) -> String {
    match scalar {
        Scalar::Null => "null".into(),
        Scalar::Boolean(b) => b.to_string(),
        Scalar::Integer(i) => i.to_string(),
        Scalar::FloatingPoint(f) => f.into_inner().to_string(),
        Scalar::String(s) => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const EXAMPLE: &str = r#"version: 0.1
resource_type_default_usage:
  aws_lambda_function:
    monthly_requests: 1000000
    request_duration_ms: 250
resource_usage:
  aws_lambda_function.this:
    monthly_requests: 5000000
  module.service.aws_lambda_function.this:
    request_duration_ms: 120
  module.mod[*].aws_lambda_function.test[*]:
    monthly_requests: 10
  module.mod["a"].aws_nat_gateway.this[*]:
    monthly_data_processed_gb: 100
  aws_s3_bucket.this:
    standard:                # a nested block of keys (S3 storage classes)
      storage_gb: 500
      monthly_tier_1_requests: 100000
"#;

    const fn quantity(name: &'static str) -> KeySpec {
        KeySpec {
            name,
            kind: KeyKind::Quantity,
        }
    }

    const LAMBDA: &[KeySpec] = &[
        quantity("monthly_requests"),
        quantity("request_duration_ms"),
    ];
    const STORAGE_CLASS: &[KeySpec] =
        &[quantity("storage_gb"), quantity("monthly_tier_1_requests")];
    const S3: &[KeySpec] = &[KeySpec {
        name: "standard",
        kind: KeyKind::Block(STORAGE_CLASS),
    }];
    const EC2: &[KeySpec] = &[
        KeySpec {
            name: "operating_system",
            kind: KeyKind::Text,
        },
        quantity("monthly_hrs"),
    ];

    fn known(resource_type: &str) -> Option<&'static [KeySpec]> {
        match resource_type {
            "aws_lambda_function" => Some(LAMBDA),
            "aws_s3_bucket" => Some(S3),
            "aws_instance" => Some(EC2),
            "aws_eip" => Some(&[]),
            _ => None,
        }
    }

    fn file(body: &str) -> String {
        format!("version: 0.1\n{body}")
    }

    fn check(body: &str) -> (Vec<UsageWarning>, Vec<UsageError>) {
        parse(&file(body)).unwrap().check(&known)
    }

    fn failure(text: &str) -> (Option<usize>, String) {
        let e = parse(text).unwrap_err();
        (e.line, e.message)
    }

    fn usage(pairs: &[(&str, UsageValue)]) -> Usage {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    fn n(value: f64) -> UsageValue {
        UsageValue::Number(value)
    }

    #[test]
    fn reads_the_example_and_merges_type_default_then_wildcard_then_exact() {
        let f = parse(EXAMPLE).unwrap();
        let lambda = |address| f.lookup("aws_lambda_function", address);
        assert_eq!(
            lambda("aws_lambda_function.this"),
            usage(&[
                ("monthly_requests", n(5e6)),
                ("request_duration_ms", n(250.0))
            ])
        );
        assert_eq!(
            lambda("module.service.aws_lambda_function.this"),
            usage(&[
                ("monthly_requests", n(1e6)),
                ("request_duration_ms", n(120.0))
            ])
        );
        assert_eq!(
            lambda(r#"module.mod[0].aws_lambda_function.test["x"]"#),
            usage(&[
                ("monthly_requests", n(10.0)),
                ("request_duration_ms", n(250.0))
            ])
        );
        assert_eq!(
            lambda("aws_lambda_function.other"),
            usage(&[
                ("monthly_requests", n(1e6)),
                ("request_duration_ms", n(250.0))
            ])
        );
        let nat = |address| f.lookup("aws_nat_gateway", address);
        assert_eq!(
            nat(r#"module.mod["a"].aws_nat_gateway.this[2]"#),
            usage(&[("monthly_data_processed_gb", n(100.0))])
        );
        assert_eq!(
            nat(r#"module.mod["b"].aws_nat_gateway.this[2]"#),
            Usage::new()
        );
        assert_eq!(nat(r#"module.mod["a"].aws_nat_gateway.this"#), Usage::new());
        let standard = usage(&[
            ("storage_gb", n(500.0)),
            ("monthly_tier_1_requests", n(1e5)),
        ]);
        assert_eq!(
            f.lookup("aws_s3_bucket", "aws_s3_bucket.this"),
            usage(&[("standard", UsageValue::Block(standard))])
        );
    }

    #[test]
    fn later_levels_override_key_by_key_and_blocks_merge_key_by_key() {
        let f = parse(&file(
            "resource_usage:
  aws_s3_bucket.b[0]:
    standard:
      monthly_tier_1_requests: 30
  aws_s3_bucket.b[*]:
    standard:
      storage_gb: 10
    glacier:
      storage_gb: 7
resource_type_default_usage:
  aws_s3_bucket:
    standard:
      storage_gb: 1
      monthly_tier_1_requests: 2
      monthly_tier_2_requests: 3
",
        ))
        .unwrap();
        let standard = usage(&[
            ("storage_gb", n(10.0)),
            ("monthly_tier_1_requests", n(30.0)),
            ("monthly_tier_2_requests", n(3.0)),
        ]);
        let glacier = usage(&[("storage_gb", n(7.0))]);
        assert_eq!(
            f.lookup("aws_s3_bucket", "aws_s3_bucket.b[0]"),
            usage(&[
                ("standard", UsageValue::Block(standard)),
                ("glacier", UsageValue::Block(glacier)),
            ])
        );
    }

    #[test]
    fn the_most_specific_wildcard_wins_and_ties_go_to_the_first_written() {
        let f = parse(&file(
            "resource_usage:
  module.m[*].aws_lambda_function.f[*]:
    monthly_requests: 2
    request_duration_ms: 2
  module.m[*].aws_lambda_function.f[0]:
    monthly_requests: 11
  module.m[0].aws_lambda_function.f[*]:
    monthly_requests: 12
",
        ))
        .unwrap();
        let requests = |address| {
            f.lookup("aws_lambda_function", address)
                .get("monthly_requests")
                .and_then(UsageValue::as_number)
        };
        assert_eq!(requests("module.m[0].aws_lambda_function.f[0]"), Some(11.0));
        assert_eq!(requests("module.m[0].aws_lambda_function.f[1]"), Some(12.0));
        assert_eq!(requests("module.m[1].aws_lambda_function.f[1]"), Some(2.0));
        assert_eq!(
            f.lookup(
                "aws_lambda_function",
                "module.m[1].aws_lambda_function.f[0]"
            ),
            usage(&[("monthly_requests", n(11.0))]),
            "only the one most specific wildcard applies"
        );
    }

    #[test]
    fn a_wildcard_matches_exactly_one_index_of_any_kind() {
        let f = parse(&file(
            "resource_usage:
  aws_instance.web[*]:
    monthly_hrs: 1
  module.m[*].aws_instance.web:
    monthly_hrs: 2
",
        ))
        .unwrap();
        let hours = |address| {
            f.lookup("aws_instance", address)
                .get("monthly_hrs")
                .and_then(UsageValue::as_number)
        };
        assert_eq!(hours("aws_instance.web[3]"), Some(1.0));
        assert_eq!(hours(r#"aws_instance.web["a.b[c]"]"#), Some(1.0));
        assert_eq!(hours("aws_instance.web"), None);
        assert_eq!(hours("aws_instance.web[0].x"), None);
        assert_eq!(hours(r#"module.m["eu"].aws_instance.web"#), Some(2.0));
        assert_eq!(hours("module.m.aws_instance.web"), None);
        assert_eq!(hours("module.m[0].aws_instance.web[0]"), None);
        assert_eq!(hours("module.n[0].aws_instance.web"), None);
        assert_eq!(hours("module.o.module.m[0].aws_instance.web"), None);
    }

    #[test]
    fn nested_module_addresses_with_indices() {
        let address = Address::parse(r#"module.a.module.b["x"].aws_s3_bucket.this[0]"#).unwrap();
        assert_eq!(address.resource_type, "aws_s3_bucket");
        assert_eq!(address.wildcards, 0);
        let f = parse(&file(
            r#"resource_usage:
  'module.a.module.b["x"].aws_s3_bucket.this[0]':
    standard: {storage_gb: 1}
  module.a.module.b[*].aws_s3_bucket.this[*]:
    standard: {storage_gb: 2}
"#,
        ))
        .unwrap();
        let gb = |address| {
            f.lookup("aws_s3_bucket", address)
                .get("standard")
                .and_then(UsageValue::as_block)
                .and_then(|b| b.get("storage_gb"))
                .and_then(UsageValue::as_number)
        };
        assert_eq!(
            gb(r#"module.a.module.b["x"].aws_s3_bucket.this[0]"#),
            Some(1.0)
        );
        assert_eq!(
            gb(r#"module.a.module.b["y"].aws_s3_bucket.this[0]"#),
            Some(2.0)
        );
        assert_eq!(gb(r#"module.a.module.b["x"].aws_s3_bucket.this"#), None);
        let (warnings, _) = parse(&file(
            "resource_usage:\n  module.a[*].module.b.aws_foo.x:\n    k: 1\n",
        ))
        .unwrap()
        .check(&known);
        assert_eq!(
            warnings[0].message,
            "goldpath does not estimate `aws_foo`; the usage of `module.a[*].module.b.aws_foo.x` \
             is not used"
        );
    }

    #[test]
    fn addresses_that_do_not_have_the_shape_are_errors_naming_them() {
        for bad in [
            "aws_s3_bucket",
            "aws_s3_bucket.this.extra",
            "module.a.aws_s3_bucket",
            "aws_s3_bucket[0].this",
            "module[0].a.aws_s3_bucket.this",
            "modules.a.aws_s3_bucket.this",
            "module.a.module.b",
            "aws_s3_bucket.this[]",
            "aws_s3_bucket.this[a]",
            r#"aws_s3_bucket.this["a]"#,
            "aws_s3_bucket.this[0][1]",
            "aws_s3_bucket.this.",
            ".aws_s3_bucket.this",
            "aws_s3_bucket. this",
            "aws_s3_bucket.9this",
            "data.aws_s3_bucket.this",
        ] {
            assert_eq!(Address::parse(bad), None, "{bad}");
        }
        for good in [
            "aws_s3_bucket.this",
            "aws_s3_bucket.this[0]",
            "aws_s3_bucket.this[*]",
            r#"aws_s3_bucket.this["a.b \"c\" [d]"]"#,
            "module.a-b.aws_s3_bucket._this-1",
            r#"module.a[*].module.b["k"].aws_s3_bucket.this[12]"#,
        ] {
            assert!(Address::parse(good).is_some(), "{good}");
        }
        let (line, message) = failure(&file(
            "resource_usage:\n  aws_s3_bucket:\n    storage_gb: 1\n",
        ));
        assert_eq!(line, Some(3));
        assert!(
            message.starts_with(
                "`aws_s3_bucket` in `resource_usage` is not a resource address: expected \
                 `TYPE.NAME`"
            ),
            "{message}"
        );
        let (line, message) = failure(&file(
            "resource_type_default_usage:\n  aws_s3_bucket.this:\n    storage_gb: 1\n",
        ));
        assert_eq!(line, Some(3));
        assert!(message.contains("is not a resource type"), "{message}");
    }

    #[test]
    fn an_address_that_is_not_one_gets_the_type_defaults_only() {
        let f = parse(EXAMPLE).unwrap();
        assert_eq!(
            f.lookup("aws_lambda_function", "not an address"),
            usage(&[
                ("monthly_requests", n(1e6)),
                ("request_duration_ms", n(250.0))
            ])
        );
        assert_eq!(
            UsageFile::empty().lookup("aws_lambda_function", "aws_lambda_function.this"),
            Usage::new()
        );
    }

    #[test]
    fn version_must_be_0_1_as_a_number_or_a_string() {
        for version in ["0.1", "\"0.1\"", "'0.1'", "0.10"] {
            assert!(parse(&format!("version: {version}\n")).is_ok(), "{version}");
        }
        let expected = "goldpath reads Infracost usage files of version 0.1; write `version: 0.1`";
        assert_eq!(
            failure("resource_usage: {}\nversion: 0.2\n"),
            (
                Some(2),
                format!("version `0.2` is not supported: {expected}")
            )
        );
        assert_eq!(
            failure("version: \"0.2\"\n"),
            (
                Some(1),
                format!("version `0.2` is not supported: {expected}")
            )
        );
        assert_eq!(
            failure("version: 1\n"),
            (Some(1), format!("version `1` is not supported: {expected}"))
        );
        assert_eq!(
            failure("version: \"0.1.0\"\n").1,
            format!("version `0.1.0` is not supported: {expected}")
        );
        assert_eq!(
            failure("version:\n").1,
            format!("`version` is no value, not `0.1`: {expected}")
        );
        assert_eq!(
            failure("version: [0.1]\n").1,
            format!("`version` is a list, not `0.1`: {expected}")
        );
        let (line, message) = failure("# usage\nresource_usage: {}\n");
        assert_eq!(line, Some(2));
        assert!(
            message.starts_with("the usage file has no `version`"),
            "{message}"
        );
    }

    #[test]
    fn yaml_syntax_errors_carry_their_line() {
        let (line, message) = failure("version: 0.1\nresource_usage:\n  a.b: [\n");
        assert!(line >= Some(3), "{line:?}");
        assert!(message.starts_with("invalid YAML: "), "{message}");
        let (line, message) = failure("version: 0.1\nresource_usage:\n  aws_eip.a: b: c\n");
        assert_eq!(line, Some(3), "{message}");
    }

    #[test]
    fn the_top_level_is_one_mapping() {
        assert!(
            failure("- version\n")
                .1
                .contains("is a list; it must be a mapping")
        );
        assert!(
            failure("0.1\n")
                .1
                .contains("is `0.1`; it must be a mapping")
        );
        for empty in ["", "# nothing yet\n", "---\n", "~\n"] {
            let (line, message) = failure(empty);
            assert_eq!(line, None, "{empty:?}");
            assert!(message.starts_with("the usage file is empty"), "{message}");
        }
        assert_eq!(
            failure("version: 0.1\n---\nversion: 0.1\n").0,
            Some(3),
            "a second document"
        );
    }

    #[test]
    fn an_unknown_top_level_key_is_an_error() {
        assert_eq!(
            failure(&file("resource_usages:\n  aws_eip.a: {}\n")),
            (
                Some(2),
                "unknown top-level key `resource_usages`: a usage file has `version`, \
                 `resource_type_default_usage` and `resource_usage`; fix its spelling or \
                 indentation, or remove it"
                    .into()
            )
        );
        assert!(
            failure(&file("7: x\n"))
                .1
                .starts_with("a key is `7`; top-level keys are")
        );
    }

    #[test]
    fn sections_are_mappings_and_may_be_empty() {
        let (line, message) = failure(&file("resource_usage:\n  - aws_eip.a\n"));
        assert_eq!(line, Some(2));
        assert_eq!(
            message,
            "`resource_usage` is a list; it must be a mapping of resource addresses such as \
             `aws_lambda_function.this` to their usage keys, each indented under it"
        );
        let (line, message) = failure(&file("resource_type_default_usage: 5\n"));
        assert_eq!(line, Some(2));
        assert!(message.starts_with("`resource_type_default_usage` is `5`; it must be a mapping"));
        let f = parse(&file(
            "resource_usage:\n  # aws_eip.a:\nresource_type_default_usage:\n",
        ))
        .unwrap();
        assert_eq!(f, UsageFile::empty());
    }

    #[test]
    fn an_entry_is_a_mapping_of_keys_or_empty() {
        let (line, message) = failure(&file("resource_usage:\n  aws_eip.a: 5\n"));
        assert_eq!(line, Some(3));
        assert_eq!(
            message,
            "the usage of `aws_eip.a` is `5`; it must be a mapping of usage keys, such as \
             `monthly_requests: 1000` indented under it"
        );
        let (line, message) = failure(&file(
            "resource_type_default_usage:\n  aws_lambda_function:\n    - monthly_requests: 1\n",
        ));
        assert_eq!(line, Some(3));
        assert!(message.starts_with("the usage of `aws_lambda_function` is a list"));
        let f = parse(&file(
            "resource_usage:
  aws_lambda_function.this:
    # monthly_requests: 0 # Monthly requests to the Lambda function.
",
        ))
        .unwrap();
        assert_eq!(
            f.lookup("aws_lambda_function", "aws_lambda_function.this"),
            Usage::new()
        );
        assert_eq!(f.check(&known), (Vec::new(), Vec::new()));
    }

    #[test]
    fn a_duplicate_key_is_an_error_naming_it_at_its_second_line() {
        let cases = [
            ("version: 0.1\nversion: 0.1\n", 2, "`version`"),
            (
                "version: 0.1\nresource_usage:\n  aws_eip.a: {}\n  aws_eip.b: {}\n  \
                 aws_eip.a: {}\n",
                5,
                "`aws_eip.a`",
            ),
            (
                "version: 0.1\nresource_usage:\n  'aws_eip.a':\n    x: 1\n  \
                 \"aws_eip.a\":\n    x: 2\n",
                5,
                "`\"aws_eip.a\"`",
            ),
            (
                "version: 0.1\nresource_usage:\n  aws_lambda_function.f:\n    \
                 monthly_requests: 1\n    monthly_requests: 2\n",
                5,
                "`monthly_requests`",
            ),
            (
                "version: 0.1\nresource_usage:\n  aws_s3_bucket.b:\n    \
                 standard: {storage_gb: 1, storage_gb: 2}\n",
                4,
                "`storage_gb`",
            ),
        ];
        for (text, line, key) in cases {
            assert_eq!(
                failure(text),
                (
                    Some(line),
                    format!("{key} is written twice in the same mapping; keep one of them")
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn a_value_is_a_number_text_or_block_never_a_list_or_nothing() {
        let (line, message) = failure(&file(
            "resource_usage:\n  aws_lambda_function.f:\n    monthly_requests: [1, 2]\n",
        ));
        assert_eq!(line, Some(4));
        assert_eq!(
            message,
            "`monthly_requests` of `aws_lambda_function.f` is a list; a usage value is a number, \
             text or a block of keys: give it one, or remove the key"
        );
        for null in ["", " ~", " null"] {
            let (line, message) = failure(&file(&format!(
                "resource_usage:\n  aws_s3_bucket.b:\n    standard:\n      storage_gb:{null}\n"
            )));
            assert_eq!(line, Some(5));
            assert!(
                message.starts_with("`storage_gb` of `standard` of `aws_s3_bucket.b` is no value;"),
                "{message}"
            );
        }
        let (line, message) = failure(&file("resource_usage:\n  aws_eip.a:\n    [x]: 1\n"));
        assert_eq!(line, Some(4));
        assert!(
            message.starts_with("a key is a list; usage keys are names"),
            "{message}"
        );
    }

    #[test]
    fn yaml_1_2_numbers_and_strings() {
        let f = parse(&file(
            "resource_usage:
  aws_instance.a:
    operating_system: yes
    b: no
    c: on
    d: true
    e: 3
    f: 2.5
    g: 1e3
    h: '7'
    i: 1_000
",
        ))
        .unwrap();
        let text = |s: &str| UsageValue::Text(s.into());
        assert_eq!(
            f.lookup("aws_instance", "aws_instance.a"),
            usage(&[
                ("operating_system", text("yes")),
                ("b", text("no")),
                ("c", text("on")),
                ("d", text("true")),
                ("e", n(3.0)),
                ("f", n(2.5)),
                ("g", n(1000.0)),
                ("h", text("7")),
                ("i", text("1_000")),
            ])
        );
    }

    #[test]
    fn values_read_as_numbers_text_and_blocks() {
        assert_eq!(n(2.0).as_text().as_deref(), Some("2"));
        assert_eq!(n(0.25).as_text().as_deref(), Some("0.25"));
        assert_eq!(
            UsageValue::Text("linux".into()).as_text().as_deref(),
            Some("linux")
        );
        assert_eq!(UsageValue::Text("1".into()).as_number(), None);
        assert_eq!(UsageValue::Block(Usage::new()).as_text(), None);
        assert_eq!(
            UsageValue::Block(Usage::new()).as_block(),
            Some(&Usage::new())
        );
        assert_eq!(n(1.0).as_block(), None);
    }

    #[test]
    fn an_unknown_key_is_a_warning_with_a_suggestion_or_the_keys_it_takes() {
        let (warnings, errors) = check(
            "resource_type_default_usage:
  aws_lambda_function:
    monthly_request: 1
resource_usage:
  aws_lambda_function.f:
    mothnly_requests: 1
    request_duration: 1
    memory_mb: 128
  aws_s3_bucket.b:
    standard:
      storage_gigabytes: 1
    glacier: {}
  aws_eip.a:
    hours: 1
",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let lines: Vec<(usize, &str)> = warnings
            .iter()
            .map(|w| (w.line, w.message.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                (
                    4,
                    "unknown usage key `monthly_request` for `aws_lambda_function`, not used; did \
                     you mean `monthly_requests`?"
                ),
                (
                    7,
                    "unknown usage key `mothnly_requests` for `aws_lambda_function.f`, not used; \
                     did you mean `monthly_requests`?"
                ),
                (
                    8,
                    "unknown usage key `request_duration` for `aws_lambda_function.f`, not used; \
                     did you mean `request_duration_ms`?"
                ),
                (
                    9,
                    "unknown usage key `memory_mb` for `aws_lambda_function.f`, not used; it takes \
                     `monthly_requests` and `request_duration_ms`"
                ),
                (
                    12,
                    "unknown usage key `storage_gigabytes` for `standard` of `aws_s3_bucket.b`, \
                     not used; did you mean `storage_gb`?"
                ),
                (
                    13,
                    "unknown usage key `glacier` for `aws_s3_bucket.b`, not used; it takes \
                     `standard`"
                ),
                (
                    15,
                    "unknown usage key `hours` for `aws_eip.a`, not used; it takes no usage keys"
                ),
            ]
        );
    }

    #[test]
    fn a_type_goldpath_does_not_price_is_one_warning_per_entry() {
        let (warnings, errors) = check(
            "resource_type_default_usage:
  aws_foo:
    a: 1
    b: -1
resource_usage:
  aws_foo.x:
    a: lots
  module.m.aws_foo.y[*]: {}
",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            warnings,
            [
                UsageWarning {
                    line: 3,
                    message: "goldpath does not estimate `aws_foo`; this usage is not used".into()
                },
                UsageWarning {
                    line: 7,
                    message: "goldpath does not estimate `aws_foo`; the usage of `aws_foo.x` is \
                              not used"
                        .into()
                },
                UsageWarning {
                    line: 9,
                    message: "goldpath does not estimate `aws_foo`; the usage of \
                              `module.m.aws_foo.y[*]` is not used"
                        .into()
                },
            ]
        );
    }

    #[test]
    fn a_quantity_must_be_a_number_of_0_or_more() {
        let (warnings, errors) = check(
            "resource_type_default_usage:
  aws_lambda_function:
    monthly_requests: -5
resource_usage:
  aws_lambda_function.f:
    monthly_requests: lots
    request_duration_ms: \"1000\"
  aws_lambda_function.g:
    monthly_requests: {a: 1}
    request_duration_ms: .nan
  aws_lambda_function.h:
    monthly_requests: \"-1\"
    request_duration_ms: \"inf\"
  aws_s3_bucket.b:
    standard:
      storage_gb: -0.5
      monthly_tier_1_requests: .inf
  aws_lambda_function.ok:
    monthly_requests: 0
    request_duration_ms: 0.5
",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let must = |line, key: &str, scope: &str, value: &str| {
            let example = key.rsplit('.').next().unwrap_or(key);
            (
                line,
                format!(
                    "`{key}` of `{scope}` is {value}; it must be a number of 0 or more, such as \
                     `{example}: 1000`"
                ),
            )
        };
        let lambda = "aws_lambda_function";
        let expected = [
            must(4, "monthly_requests", lambda, "`-5`"),
            must(7, "monthly_requests", "aws_lambda_function.f", "`\"lots\"`"),
            (
                8,
                "`request_duration_ms` of `aws_lambda_function.f` is `\"1000\"`; it must be a \
                 number of 0 or more: write it without quotes"
                    .to_owned(),
            ),
            must(
                10,
                "monthly_requests",
                "aws_lambda_function.g",
                "a block of keys",
            ),
            must(11, "request_duration_ms", "aws_lambda_function.g", "`NaN`"),
            must(13, "monthly_requests", "aws_lambda_function.h", "`\"-1\"`"),
            must(
                14,
                "request_duration_ms",
                "aws_lambda_function.h",
                "`\"inf\"`",
            ),
            must(17, "storage_gb", "standard` of `aws_s3_bucket.b", "`-0.5`"),
            must(
                18,
                "monthly_tier_1_requests",
                "standard` of `aws_s3_bucket.b",
                "`inf`",
            ),
        ];
        let got: Vec<(usize, String)> = errors
            .into_iter()
            .map(|e| (e.line.unwrap(), e.message))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn text_takes_numbers_and_blocks_take_only_blocks() {
        let (warnings, errors) = check(
            "resource_usage:
  aws_instance.a:
    operating_system: 2
  aws_instance.b:
    operating_system: {name: linux}
  aws_s3_bucket.c:
    standard: 5
",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let got: Vec<(Option<usize>, &str)> = errors
            .iter()
            .map(|e| (e.line, e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some(6),
                    "`operating_system` of `aws_instance.b` is a block of keys; it takes one \
                     value (text or a number), not a block of keys"
                ),
                (
                    Some(8),
                    "`standard` of `aws_s3_bucket.c` is `5`; it takes a block of keys indented \
                     under `standard:` (`storage_gb` and `monthly_tier_1_requests`)"
                ),
            ]
        );
        let f = parse(&file(
            "resource_usage:\n  aws_instance.a:\n    operating_system: 2\n",
        ))
        .unwrap();
        let os = f.lookup("aws_instance", "aws_instance.a");
        assert_eq!(os["operating_system"].as_text().as_deref(), Some("2"));
    }

    #[test]
    fn the_example_checks_clean_but_for_the_unpriced_nat_gateway() {
        let (warnings, errors) = parse(EXAMPLE).unwrap().check(&known);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].line, 13);
    }

    #[test]
    fn edit_distance_counts_edits_and_swaps() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("abc", "acb"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(suggestion("monthly_gb", LAMBDA), None);
        assert_eq!(
            suggestion("monthly_requests_per_day", LAMBDA),
            Some("monthly_requests")
        );
    }

    /// A step of an address: a name and, maybe, an index and whether a pattern replaces it with
    /// `[*]`.
    fn step() -> impl Strategy<Value = (String, Option<(String, bool)>)> {
        let index = prop_oneof!["[0-9]{1,3}", "\"[a-z0-9. \\[\\]-]{0,6}\""];
        (
            "[a-z_][a-z0-9_-]{0,6}",
            proptest::option::of((index, any::<bool>())),
        )
    }

    fn written(steps: &[(String, Option<(String, bool)>)], wildcards: bool) -> String {
        steps
            .iter()
            .map(|(name, index)| match index {
                Some((_, true)) if wildcards => format!("{name}[*]"),
                Some((index, _)) => format!("{name}[{index}]"),
                None => name.clone(),
            })
            .collect::<Vec<_>>()
            .join(".")
    }

    proptest! {
        #[test]
        fn an_exact_address_wins_over_a_wildcard_that_matches_it(
            modules in proptest::collection::vec(step(), 0..3),
            resource_type in "aws_[a-z0-9_]{1,8}",
            resource in step(),
            exact_first in any::<bool>(),
        ) {
            let mut steps = Vec::new();
            for module in modules {
                steps.push(("module".to_owned(), None));
                steps.push(module);
            }
            steps.push((resource_type.clone(), None));
            steps.push(resource);
            let exact = written(&steps, false);
            let wildcard = written(&steps, true);
            prop_assume!(exact != wildcard);
            let exact_entry = format!("  '{exact}':\n    a: 2\n");
            let wildcard_entry = format!("  '{wildcard}':\n    a: 1\n    b: 1\n");
            let entries = if exact_first {
                exact_entry + &wildcard_entry
            } else {
                wildcard_entry + &exact_entry
            };
            let text = format!(
                "version: 0.1\nresource_type_default_usage:\n  {resource_type}:\n    a: 0\n    \
                 b: 0\n    c: 0\nresource_usage:\n{entries}"
            );
            let f = parse(&text).unwrap();
            prop_assert_eq!(
                f.lookup(&resource_type, &exact),
                usage(&[("a", n(2.0)), ("b", n(1.0)), ("c", n(0.0))])
            );
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,80}", address in "[a-z.\\[\\]\"*0-9\\\\]{0,30}") {
            let _ = parse(&text);
            let _ = Address::parse(&address);
        }
    }
}
