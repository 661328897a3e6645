//! The guardrails input document is exactly what HashiCorp's HCL parser and the hcl2json
//! converter (the one conftest uses) produce.
//!
//! Runs `@cdktf/hcl2json` (tmccombs/hcl2json compiled to wasm with hashicorp/hcl) under node
//! and compares its JSON with [`goldpath::guardrails::input::file_value`], file by file, for
//! the HCL files in `tests/data/hcl/` and every `.tf` file of every rendered fixture. The
//! package is not fetched here: set `GOLDPATH_HCL2JSON_DIR` to the directory it was installed
//! into (`npm install --prefix "$DIR" @cdktf/hcl2json@0.21.0`) or to its `node_modules`.

mod common;

use goldpath::guardrails::input::{self, SourceFile};
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Converts every file in one node process. Reads `[{name, text}]` on stdin, writes
/// `[{name, json}]` or `[{name, error}]` on stdout.
///
/// The package's `parse()` runs the converter's output through `JSON.parse`, which rounds
/// integers beyond 2^53; the script calls the same wasm bridge `parse()` uses (after one
/// `parse()` has loaded it) to get the converter's JSON text as Go wrote it.
const SCRIPT: &str = r#"
const fs = require("fs");
const hcl2json = require(process.env.HCL2JSON_PACKAGE);
const files = JSON.parse(fs.readFileSync(0, "utf8"));
(async () => {
  await hcl2json.parse("warm-up.tf", "");
  const bridge = global.__parse_terraform_config_wasm__;
  if (!bridge || typeof bridge.parse !== "function") {
    throw new Error("this @cdktf/hcl2json has no wasm bridge parse(); use 0.21.0");
  }
  const convert = (name, text) => new Promise((resolve, reject) =>
    bridge.parse(name, text, (err, out) => (err ? reject(new Error(err)) : resolve(out))));
  const results = [];
  for (const { name, text } of files) {
    try {
      results.push({ name, json: await convert(name, text) });
    } catch (e) {
      results.push({ name, error: String(e.message || e) });
    }
  }
  process.stdout.write(JSON.stringify(results));
})().catch((e) => { console.error(e); process.exit(1); });
"#;

/// The installed `@cdktf/hcl2json` package directory.
fn package() -> PathBuf {
    let Some(dir) = std::env::var_os("GOLDPATH_HCL2JSON_DIR") else {
        panic!(
            "GOLDPATH_HCL2JSON_DIR is not set: install the converter with \
             `npm install --prefix \"$DIR\" @cdktf/hcl2json@0.21.0` and set \
             GOLDPATH_HCL2JSON_DIR=\"$DIR\" (node must be on PATH; tested with node 20)"
        );
    };
    let dir = PathBuf::from(dir);
    let candidates = [
        dir.join("node_modules/@cdktf/hcl2json"),
        dir.join("@cdktf/hcl2json"),
        dir.clone(),
    ];
    candidates
        .into_iter()
        .find(|p| p.join("package.json").is_file() && p.join("main.wasm.gz").is_file())
        .unwrap_or_else(|| {
            panic!(
                "GOLDPATH_HCL2JSON_DIR={} holds no @cdktf/hcl2json (looked for \
                 node_modules/@cdktf/hcl2json/package.json)",
                dir.display()
            )
        })
}

/// A file to convert: its name in reports and its text.
type Named = (String, String);

/// What the converter made of one file: its JSON, or its error message.
type Converted = Result<Value, String>;

/// Runs the converter over `(name, text)` pairs, in one node process.
fn hcl2json(files: &[Named]) -> Vec<Converted> {
    let input: Vec<Value> = files
        .iter()
        .map(|(name, text)| json!({ "name": name, "text": text }))
        .collect();
    let mut child = Command::new("node")
        .args(["-e", SCRIPT])
        .env("HCL2JSON_PACKAGE", package())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs (is node on PATH?)");
    let mut stdin = child.stdin.take().expect("stdin");
    let payload = serde_json::to_vec(&input).expect("json");
    let writer = std::thread::spawn(move || stdin.write_all(&payload));
    let output = child.wait_with_output().expect("node finishes");
    writer.join().expect("writer").expect("stdin written");
    assert!(
        output.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<Value> = serde_json::from_slice(&output.stdout).expect("node prints JSON");
    assert_eq!(results.len(), files.len());
    results
        .into_iter()
        .map(|r| match (&r["json"], &r["error"]) {
            (Value::String(text), _) => Ok(serde_json::from_str(text).expect("converter JSON")),
            (_, Value::String(error)) => Err(error.clone()),
            _ => panic!("unexpected node result {r}"),
        })
        .collect()
}

/// The `.tf` files under `tests/data/hcl/<dir>`, by name.
fn data_files(dir: &str) -> Vec<Named> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/hcl")
        .join(dir);
    let mut files: Vec<Named> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "tf"))
        .map(|path| {
            let name = format!(
                "{dir}/{}",
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            let text = std::fs::read_to_string(&path).expect("readable");
            (name, text)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .tf files in {}", root.display());
    files
}

/// The `.tf` files of one rendered fixture, named `template/fixture`.
struct Module {
    name: String,
    files: Vec<Named>,
}

/// Every embedded template rendered with each of its fixtures.
fn rendered_modules() -> Vec<Module> {
    let mut modules = Vec::new();
    for (template, fixture, answers) in common::fixtures() {
        let bundle = goldpath::render::render(&template, &answers)
            .unwrap_or_else(|e| panic!("{} / {fixture}: {e}", template.manifest.name));
        let name = format!("{}/{fixture}", template.manifest.name);
        let files: Vec<Named> = bundle
            .iter()
            .filter(|(path, _)| path.ends_with(".tf"))
            .map(|(path, text)| (path.to_owned(), text.to_owned()))
            .collect();
        assert!(!files.is_empty(), "{name} renders no .tf files");
        modules.push(Module { name, files });
    }
    modules
}

/// Describes every file where `file_value` and the converter disagree.
fn mismatches(files: &[Named], expected: &[Converted]) -> Vec<String> {
    let mut out = Vec::new();
    for ((name, text), expected) in files.iter().zip(expected) {
        let ours = input::file_value(text).map_err(|e| e.to_string());
        match (&ours, expected) {
            (Ok(a), Ok(b)) if a == b => {}
            (Err(_), Err(_)) => {}
            _ => out.push(format!(
                "{name}:\n  converter: {}\n  goldpath:  {}",
                show(expected),
                show(&ours)
            )),
        }
    }
    out
}

fn show(result: &Converted) -> String {
    match result {
        Ok(value) => serde_json::to_string(value).unwrap_or_default(),
        Err(error) => format!("error: {error}"),
    }
}

fn assert_no_mismatch(files: &[Named], expected: &[Converted]) {
    let found = mismatches(files, expected);
    assert!(
        found.is_empty(),
        "{} of {} files differ from hcl2json:\n{}",
        found.len(),
        files.len(),
        found.join("\n")
    );
}

/// Each file as written, with CRLF line endings, and with a byte order mark.
fn with_variants(files: Vec<Named>) -> Vec<Named> {
    let mut out = Vec::with_capacity(files.len() * 3);
    for (name, text) in files {
        out.push((format!("{name} (CRLF)"), text.replace('\n', "\r\n")));
        out.push((format!("{name} (BOM)"), format!("\u{feff}{text}")));
        out.push((name, text));
    }
    out
}

#[test]
fn tricky_hcl_matches_the_converter() {
    let files = with_variants(data_files("valid"));
    let expected = hcl2json(&files);
    for ((name, _), result) in files.iter().zip(&expected) {
        assert!(result.is_ok(), "{name} should be valid HCL: {result:?}");
    }
    assert_no_mismatch(&files, &expected);
}

#[test]
fn invalid_hcl_is_rejected_by_both() {
    let files = data_files("invalid");
    let expected = hcl2json(&files);
    for ((name, text), result) in files.iter().zip(&expected) {
        assert!(result.is_err(), "the converter accepts {name}: {result:?}");
        let ours = input::file_value(text);
        assert!(ours.is_err(), "goldpath accepts {name}: {ours:?}");
    }
}

#[test]
fn every_rendered_tf_file_matches_the_converter() {
    let files: Vec<Named> = rendered_modules()
        .into_iter()
        .flat_map(|module| {
            let prefix = module.name;
            module
                .files
                .into_iter()
                .map(move |(path, text)| (format!("{prefix}/{path}"), text))
        })
        .collect();
    let expected = hcl2json(&files);
    for ((name, _), result) in files.iter().zip(&expected) {
        assert!(result.is_ok(), "the converter rejects {name}: {result:?}");
    }
    assert_no_mismatch(&files, &expected);
}

/// `document()` merges a module's files the way the converter reads them joined together
/// (what `@cdktf/hcl2json`'s `convertFiles` does).
#[test]
fn merged_module_matches_the_converter_on_the_joined_files() {
    let modules = rendered_modules();
    let joined: Vec<Named> = modules
        .iter()
        .map(|module| {
            let text: String = module.files.iter().map(|(_, t)| format!("{t}\n")).collect();
            (format!("{}/*.tf", module.name), text)
        })
        .collect();
    let expected = hcl2json(&joined);
    for (module, expected) in modules.iter().zip(&expected) {
        let sources: Vec<SourceFile> = module
            .files
            .iter()
            .map(|(path, text)| SourceFile { path, text })
            .collect();
        let ours = input::document(&sources).map(|d| d.value);
        let expected = expected.as_ref().expect("the converter accepts the module");
        assert_eq!(
            ours.as_ref().ok(),
            Some(expected),
            "{}: {ours:?}",
            module.name
        );
    }
}

/// Known difference: hashicorp/hcl stores every string through go-cty, which normalises it
/// to Unicode NFC; goldpath keeps the text as written (no normalisation tables in its
/// dependencies). Only decomposed characters, which Terraform sources rarely contain, differ.
#[test]
fn known_difference_unicode_normalisation() {
    let text = "a = \"e\u{301}\"\n".to_owned();
    let expected = hcl2json(&[("nfc.tf".to_owned(), text.clone())]);
    assert_eq!(expected[0], Ok(json!({ "a": "\u{e9}" })));
    assert_eq!(
        input::file_value(&text).ok(),
        Some(json!({ "a": "e\u{301}" }))
    );
}

/// An object constructor that repeats a key: hcl-edit refuses it, HashiCorp's parser keeps
/// the last value, and so does goldpath.
#[test]
fn repeated_object_keys_keep_the_last_value_as_in_the_converter() {
    let text = "a = { k = 1, k = 2 }\n".to_owned();
    let expected = hcl2json(&[("repeated-key.tf".to_owned(), text.clone())]);
    assert_eq!(expected[0], Ok(json!({ "a": { "k": 2 } })));
    assert_eq!(
        input::file_value(&text).ok(),
        Some(json!({ "a": { "k": 2 } }))
    );
}

/// The realistic module files of `tests/data/hcl/valid` (`module_*.tf`), merged by
/// `document()`, match the converter on the files joined together.
#[test]
fn corpus_module_matches_the_converter_on_the_joined_files() {
    let files: Vec<Named> = data_files("valid")
        .into_iter()
        .filter(|(name, _)| name.starts_with("valid/module_"))
        .collect();
    assert!(
        files.len() > 1,
        "no module_*.tf files in tests/data/hcl/valid"
    );
    let joined: String = files.iter().map(|(_, t)| format!("{t}\n")).collect();
    let expected = hcl2json(&[("module_*.tf".to_owned(), joined)]);
    let sources: Vec<SourceFile> = files
        .iter()
        .map(|(path, text)| SourceFile { path, text })
        .collect();
    let ours = input::document(&sources).map(|d| d.value);
    let expected = expected[0]
        .as_ref()
        .expect("the converter accepts the corpus");
    assert_eq!(ours.as_ref().ok(), Some(expected), "{ours:?}");
}

/// Generated templates: literals full of `$`, `%`, escapes and whitespace, interpolations,
/// nested directives and strip markers, in quoted strings and (flush) heredocs, with LF and
/// CRLF line breaks. The generator is deterministic; invalid results must fail in both.
#[test]
fn generated_templates_match_the_converter() {
    let mut generator = Generator(0x9e37_79b9_7f4a_7c15);
    let files: Vec<Named> = (0..3000)
        .map(|i| (format!("generated-{i}.tf"), generator.file()))
        .collect();
    let expected = hcl2json(&files);
    let valid = expected.iter().filter(|r| r.is_ok()).count();
    assert!(
        valid * 4 > files.len() * 3,
        "only {valid} generated files are valid HCL"
    );
    assert_no_mismatch(&files, &expected);
}

/// A small xorshift generator of HCL files built from template pieces.
struct Generator(u64);

impl Generator {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n as u64).unwrap_or_default()
    }

    fn pick<'a>(&mut self, choices: &[&'a str]) -> &'a str {
        choices[self.below(choices.len())]
    }

    fn strip(&mut self) -> &'static str {
        self.pick(&["", "~"])
    }

    fn literal(&mut self, quoted: bool) -> String {
        let common = [
            "a", "b c", "$", "%", "$${x}", "%%{y}", "x ", "", "  ", "é", "$$", "%%", "{", "}",
            "\u{a0}",
        ];
        let only = if quoted {
            &["\\n", "\\t", "\\\"", "\\\\", "\\u00e9", " \\n "][..]
        } else {
            &["\\n", "\"q\"", "% ", "$ ", "%% ", "%\t", "x% "][..]
        };
        let choices: Vec<&str> = common.iter().chain(only).copied().collect();
        self.pick(&choices).to_owned()
    }

    fn expression(&mut self, depth: usize) -> String {
        let simple = [
            "var.x",
            "1",
            "1.50",
            "1e3",
            "true",
            "null",
            "\"s\"",
            "\"$${e}\"",
            "-1",
            "- 2",
            "!true",
            "f(a)",
            "(a)",
            "[1, \"x\"]",
            "{ k = 1 }",
            "a[*].b",
            "provider::p::f(1)",
            "\"i${var.y}\"",
            "\"%{ if d }${null}%{ endif }\"",
        ];
        if depth < 2 && self.below(4) == 0 {
            let (a, b) = (self.expression(depth + 1), self.expression(depth + 1));
            return format!("c ? {a} : {b}");
        }
        self.pick(&simple).to_owned()
    }

    fn interpolation(&mut self) -> String {
        let (open, close) = (self.strip(), self.strip());
        let (before, after) = (self.pick(&["", " "]), self.pick(&["", " "]));
        let expr = self.expression(0);
        format!("${{{open}{before}{expr}{after}{close}}}")
    }

    fn directive(&mut self, depth: usize, quoted: bool) -> String {
        let s: Vec<&str> = (0..6).map(|_| self.strip()).collect();
        let body = self.content(depth + 1, quoted);
        if self.below(2) == 0 {
            let other = self.content(depth + 1, quoted);
            let otherwise = if self.below(2) == 0 {
                format!("%{{{} else {}}}{other}", s[2], s[3])
            } else {
                String::new()
            };
            format!(
                "%{{{} if var.c {}}}{body}{otherwise}%{{{} endif {}}}",
                s[0], s[1], s[4], s[5]
            )
        } else {
            let names = self.pick(&["x", "k, v"]);
            format!(
                "%{{{} for {names} in var.l {}}}{body}%{{{} endfor {}}}",
                s[0], s[1], s[4], s[5]
            )
        }
    }

    fn content(&mut self, depth: usize, quoted: bool) -> String {
        let mut out = String::new();
        for _ in 0..self.below(4) {
            match self.below(10) {
                0..=4 => out.push_str(&self.literal(quoted)),
                5..=7 => out.push_str(&self.interpolation()),
                _ if depth > 1 => out.push_str(&self.interpolation()),
                _ => out.push_str(&self.directive(depth, quoted)),
            }
        }
        out
    }

    fn value(&mut self) -> String {
        match self.below(5) {
            0 | 1 => format!("\"{}\"", self.content(0, true)),
            kind => {
                let mut body = String::new();
                for _ in 0..self.below(6) {
                    let indent = self.pick(&["", " ", "  ", "\t", "    ", "\u{a0} "]);
                    let line = match self.below(7) {
                        0 => self.pick(&["", "   ", "\t"]).to_owned(),
                        _ => self.content(0, false),
                    };
                    body.push_str(&format!("{indent}{line}\n"));
                }
                let flush = if kind == 2 { "" } else { "-" };
                let indent = self.pick(&["", " ", "  ", "\t"]);
                format!("<<{flush}EOT\n{body}{indent}EOT")
            }
        }
    }

    fn file(&mut self) -> String {
        let mut text: String = (0..=self.below(3))
            .map(|i| format!("a{i} = {}\n", self.value()))
            .collect();
        if self.below(5) == 0 {
            text = text.replace('\n', "\r\n");
        }
        if self.below(3) == 0 {
            text = format!("b \"l\" {{\n{text}}}\n");
        }
        text
    }
}
