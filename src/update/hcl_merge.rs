//! Three-way merge of Terraform files at the level of blocks and attributes.
//!
//! A file is a list of units: top-level blocks, known by their type and labels, and
//! attributes, known by their name; a block's body is a list of units in turn. Each unit keeps
//! the comments and blank lines above it. A unit that one side changed and the other did not
//! takes the change; a block both sides changed is merged unit by unit inside; only the same
//! attribute (or a block's header) changed differently on both sides is a conflict, written
//! between conflict markers.

use super::text_merge::{self, Merged};
use hcl::edit::Span;
use hcl::edit::structure::{Body, Structure};

/// One block or attribute and the text it spans, comments above it included.
#[derive(Debug, Clone)]
struct Unit<'a> {
    key: String,
    text: &'a str,
    block: Option<Parts<'a>>,
}

/// A block's text cut around its body: `head` up to `{`, the body's units, `tail` from `}`.
#[derive(Debug, Clone)]
struct Parts<'a> {
    head: &'a str,
    body: Vec<Unit<'a>>,
    tail: &'a str,
}

/// A file cut into units, and the text after the last one.
struct File<'a> {
    units: Vec<Unit<'a>>,
    rest: &'a str,
}

fn parse(text: &str) -> Option<File<'_>> {
    let body = hcl::edit::parser::parse_body(text).ok()?;
    let (units, rest) = units(text, &body, 0, text.len())?;
    Some(File { units, rest })
}

/// Merges three versions of a `.tf` file; `None` when one of them does not parse as HCL (the
/// caller merges them as text then).
pub fn merge(base: &str, ours: &str, theirs: &str) -> Option<Merged> {
    let (b, o, t) = (parse(base)?, parse(ours)?, parse(theirs)?);
    let mut conflicts = 0;
    let mut text = merge_units(&b.units, &o.units, &t.units, &mut conflicts);
    text.push_str(pick(Some(b.rest), Some(o.rest), Some(t.rest)).unwrap_or(o.rest));
    Some(Merged { text, conflicts })
}

/// Cuts `body` (which spans `text[start..end]`) into units.
fn units<'a>(
    text: &'a str,
    body: &Body,
    start: usize,
    end: usize,
) -> Option<(Vec<Unit<'a>>, &'a str)> {
    let mut out: Vec<Unit<'a>> = Vec::new();
    let mut pos = start;
    for structure in body.iter() {
        let span = structure.span()?;
        let unit_end = line_end(text, span.end, end);
        let mut key = match structure {
            Structure::Attribute(a) => format!("{} =", a.key.as_str()),
            Structure::Block(b) => {
                let mut key = b.ident.as_str().to_string();
                for label in &b.labels {
                    key.push(' ');
                    key.push_str(label.as_str());
                }
                key
            }
        };
        let seen = out
            .iter()
            .filter(|u| u.key.split('#').next() == Some(key.as_str()))
            .count();
        if seen > 0 {
            key = format!("{key}#{seen}");
        }
        let block = match structure {
            Structure::Block(b) => {
                let open = pos + text.get(pos..span.end)?.find('{')? + 1;
                let close = span.start + text.get(span.start..span.end)?.rfind('}')?;
                let (body, inner_rest) = units(text, &b.body, open, close)?;
                let tail_start = close - inner_rest.len();
                Some(Parts {
                    head: text.get(pos..open)?,
                    body,
                    tail: text.get(tail_start..unit_end)?,
                })
            }
            Structure::Attribute(_) => None,
        };
        out.push(Unit {
            key,
            text: text.get(pos..unit_end)?,
            block,
        });
        pos = unit_end;
    }
    Some((out, text.get(pos..end)?))
}

/// Where a unit ending at `at` ends: through its line's end when only a comment or blanks
/// follow it there, else at `at` (a one-line block's `}` follows).
fn line_end(text: &str, at: usize, limit: usize) -> usize {
    let line = &text[at..limit];
    let eol = line.find('\n').map_or(limit, |i| at + i + 1);
    let rest = text[at..eol].trim();
    if rest.is_empty() || rest.starts_with('#') || rest.starts_with("//") {
        eol
    } else {
        at
    }
}

/// The merged text of three versions of one unit when at most one side changed it.
fn pick<'a>(
    base: Option<&'a str>,
    ours: Option<&'a str>,
    theirs: Option<&'a str>,
) -> Option<&'a str> {
    let same = |a: Option<&str>, b: Option<&str>| a.map(str::trim) == b.map(str::trim);
    if same(ours, theirs) || same(base, theirs) {
        ours
    } else if same(base, ours) {
        theirs
    } else {
        None
    }
}

/// What the merge does with one unit present on some side.
enum Outcome<'a> {
    Keep(String),
    Drop,
    Conflict(Option<&'a str>, Option<&'a str>, Option<&'a str>),
}

fn merge_unit<'a>(
    base: Option<&Unit<'a>>,
    ours: Option<&Unit<'a>>,
    theirs: Option<&Unit<'a>>,
    conflicts: &mut usize,
) -> Outcome<'a> {
    let text = |u: Option<&Unit<'a>>| u.map(|u| u.text);
    if let Some(chosen) = pick(text(base), text(ours), text(theirs)) {
        return Outcome::Keep(chosen.to_string());
    }
    match (base, ours, theirs) {
        (
            Some(Unit { block: Some(b), .. }),
            Some(Unit { block: Some(o), .. }),
            Some(Unit { block: Some(t), .. }),
        ) => {
            let heads = (Some(b.head), Some(o.head), Some(t.head));
            let tails = (Some(b.tail), Some(o.tail), Some(t.tail));
            match (
                pick(heads.0, heads.1, heads.2),
                pick(tails.0, tails.1, tails.2),
            ) {
                (Some(head), Some(tail)) => {
                    let body = merge_units(&b.body, &o.body, &t.body, conflicts);
                    Outcome::Keep(format!("{head}{body}{tail}"))
                }
                _ => Outcome::Conflict(text(base), text(ours), text(theirs)),
            }
        }
        _ => Outcome::Conflict(text(base), text(ours), text(theirs)),
    }
}

/// Merges lists of units: ours in its order, with what theirs added placed after the unit
/// that precedes it in theirs.
fn merge_units(
    base: &[Unit<'_>],
    ours: &[Unit<'_>],
    theirs: &[Unit<'_>],
    conflicts: &mut usize,
) -> String {
    let find = |units: &[Unit<'_>], key: &str| units.iter().position(|u| u.key == key);
    let mut out: Vec<(String, String)> = Vec::new();
    for unit in ours {
        let b = find(base, &unit.key).map(|i| &base[i]);
        let t = find(theirs, &unit.key).map(|i| &theirs[i]);
        let outcome = match (b, t) {
            (Some(b), None) if b.text.trim() == unit.text.trim() => Outcome::Drop,
            (Some(b), None) => Outcome::Conflict(Some(b.text), Some(unit.text), None),
            _ => merge_unit(b, Some(unit), t, conflicts),
        };
        if let Some(text) = written(outcome, conflicts) {
            out.push((unit.key.clone(), text));
        }
    }
    for (i, unit) in theirs.iter().enumerate() {
        if find(ours, &unit.key).is_some() {
            continue;
        }
        let outcome = match find(base, &unit.key).map(|j| &base[j]) {
            Some(b) if b.text.trim() == unit.text.trim() => Outcome::Drop,
            Some(b) => Outcome::Conflict(Some(b.text), None, Some(unit.text)),
            None => Outcome::Keep(unit.text.to_string()),
        };
        let at = theirs[..i]
            .iter()
            .rev()
            .find_map(|before| out.iter().position(|(k, _)| *k == before.key))
            .map_or(0, |p| p + 1);
        if let Some(text) = written(outcome, conflicts) {
            out.insert(at, (unit.key.clone(), text));
        }
    }
    out.into_iter().map(|(_, text)| text).collect()
}

/// The text an outcome writes: a conflict between markers, counted.
fn written(outcome: Outcome<'_>, conflicts: &mut usize) -> Option<String> {
    match outcome {
        Outcome::Keep(text) => Some(text),
        Outcome::Drop => None,
        Outcome::Conflict(b, o, t) => {
            *conflicts += 1;
            // A unit's text starts where the previous one ended, often mid-line (after `{`):
            // markers go on lines of their own.
            let starts_a_line = o.or(t).or(b).is_some_and(|u| u.starts_with('\n'));
            let markers = text_merge::markers(b.unwrap_or(""), o.unwrap_or(""), t.unwrap_or(""));
            Some(if starts_a_line {
                format!("\n{markers}")
            } else {
                markers
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"# The bucket.
resource "aws_s3_bucket" "this" {
  bucket = "a"
  tags = {
    team = "x"
  }
}

resource "aws_kms_key" "this" {
  description             = "key"
  deletion_window_in_days = 7
}
"#;

    fn merged(base: &str, ours: &str, theirs: &str) -> Merged {
        merge(base, ours, theirs).expect("all three parse")
    }

    #[test]
    fn edits_to_different_blocks_merge_cleanly() {
        let ours = BASE.replace("bucket = \"a\"", "bucket = \"mine\"");
        let theirs = BASE.replace("= 7", "= 30");
        let m = merged(BASE, &ours, &theirs);
        assert_eq!(m.conflicts, 0, "{}", m.text);
        assert!(m.text.contains("bucket = \"mine\""), "{}", m.text);
        assert!(m.text.contains("= 30"), "{}", m.text);
        assert!(m.text.contains("# The bucket."), "{}", m.text);
    }

    #[test]
    fn edits_to_different_attributes_of_one_block_merge_cleanly() {
        let ours = BASE.replace(
            "description             = \"key\"",
            "description             = \"my key\"",
        );
        let theirs = BASE.replace("= 7", "= 30");
        let m = merged(BASE, &ours, &theirs);
        assert_eq!(m.conflicts, 0, "{}", m.text);
        assert!(
            m.text.contains("\"my key\"") && m.text.contains("= 30"),
            "{}",
            m.text
        );
    }

    #[test]
    fn the_same_attribute_changed_on_both_sides_is_a_conflict() {
        let ours = BASE.replace("= 7", "= 10");
        let theirs = BASE.replace("= 7", "= 30");
        let m = merged(BASE, &ours, &theirs);
        assert_eq!(m.conflicts, 1);
        let conflict = m.text.split("<<<<<<< ours").nth(1).expect("markers");
        assert!(
            conflict.contains("= 10") && conflict.contains("= 30"),
            "{}",
            m.text
        );
        assert!(
            conflict.contains("||||||| original") && conflict.contains("= 7"),
            "{}",
            m.text
        );
        assert!(
            m.text.contains("bucket = \"a\""),
            "the rest is merged: {}",
            m.text
        );
    }

    #[test]
    fn a_block_the_user_added_stays_and_one_the_template_added_arrives() {
        let ours = format!("{BASE}\nresource \"aws_sns_topic\" \"mine\" {{\n  name = \"t\"\n}}\n");
        let theirs = BASE.replace(
            "resource \"aws_kms_key\"",
            "resource \"aws_kms_alias\" \"this\" {\n  name = \"alias/a\"\n}\n\nresource \"aws_kms_key\"",
        );
        let m = merged(BASE, &ours, &theirs);
        assert_eq!(m.conflicts, 0, "{}", m.text);
        let (alias, key, mine) = (
            m.text.find("aws_kms_alias").unwrap(),
            m.text.find("\"aws_kms_key\"").unwrap(),
            m.text.find("aws_sns_topic").unwrap(),
        );
        assert!(alias < key && key < mine, "{}", m.text);
    }

    #[test]
    fn a_block_the_template_removed_goes_unless_the_user_edited_it() {
        let theirs = BASE
            .split("resource \"aws_kms_key\"")
            .next()
            .unwrap()
            .to_string();
        let m = merged(BASE, BASE, &theirs);
        assert_eq!(m.conflicts, 0);
        assert!(!m.text.contains("aws_kms_key"), "{}", m.text);

        let ours = BASE.replace("= 7", "= 10");
        let m = merged(BASE, &ours, &theirs);
        assert_eq!(m.conflicts, 1, "{}", m.text);
        assert!(m.text.contains("= 10"), "{}", m.text);
    }

    #[test]
    fn nested_blocks_merge_inside() {
        let base = "resource \"aws_s3_bucket_lifecycle_configuration\" \"this\" {\n  rule {\n    id     = \"a\"\n    status = \"Enabled\"\n  }\n  rule {\n    id     = \"b\"\n    status = \"Enabled\"\n  }\n}\n";
        let ours = base.replacen("\"Enabled\"", "\"Disabled\"", 1);
        let theirs = base.replace("id     = \"b\"", "id     = \"c\"");
        let m = merged(base, &ours, &theirs);
        assert_eq!(m.conflicts, 0, "{}", m.text);
        assert_eq!(
            m.text,
            base.replacen("\"Enabled\"", "\"Disabled\"", 1)
                .replace("\"b\"", "\"c\"")
        );
    }

    #[test]
    fn unparseable_input_is_left_to_the_text_merge() {
        assert!(merge(BASE, "resource {", BASE).is_none());
    }

    #[test]
    fn unchanged_sides_give_the_file_back() {
        let m = merged(BASE, BASE, BASE);
        assert_eq!(m.text, BASE);
        assert_eq!(m.conflicts, 0);
    }
}
