//! Following local module calls: a `module` block whose source is `./…` or `../…` is evaluated
//! as an instance of the module it calls, with the caller's literal inputs (and the variables'
//! literal defaults), as checkov does. An example that turns a feature off is then caught in
//! the module it calls; each finding names the call and the file and line in the called module.

use super::blocks;
use super::finding::Finding;
use super::input::{self, Document, Location, SourceFile};
use super::literal;
use super::waiver;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Modules on disk (or in a rendered bundle) that local module calls reach, read at the edge.
pub trait LocalModules: Sync + std::fmt::Debug {
    /// The module in `dir`, a path in the same form as the checked files' paths
    /// (`modules/vpc`), or `None` when there is none.
    fn read(&self, dir: &str) -> Option<LocalModule>;
}

/// A called module's files.
#[derive(Debug, Clone, Default)]
pub struct LocalModule {
    /// Its Terraform files: path (as reported) and text.
    pub files: Vec<(String, String)>,
    /// Whether the same run also checks the module on its own, so that findings it has
    /// whatever the caller passes are not reported twice.
    pub checked_on_its_own: bool,
}

/// How deep calls are followed: the modules a module calls, and the modules those call.
const MAX_DEPTH: usize = 2;

/// Arguments of a module block that are Terraform's, not the called module's variables.
const META_ARGUMENTS: [&str; 6] = [
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

/// Runs the guardrails over one resolved module document: findings located in its files.
pub type Guardrails<'g, E> =
    dyn Fn(&Value, &[Location], Option<&str>) -> Result<Vec<Finding>, E> + 'g;

/// Findings of every local module `doc` calls, evaluated with the call's literal inputs;
/// `locations` are where `doc`'s blocks were written and `dir` the directory of its files.
pub fn findings<E>(
    doc: &Value,
    locations: &[Location],
    dir: &str,
    modules: &dyn LocalModules,
    guardrails: &Guardrails<'_, E>,
    today: &str,
) -> Result<Vec<Finding>, E> {
    let follower = Follower {
        modules,
        guardrails,
        today,
        own: RefCell::new(HashMap::new()),
        parsed: RefCell::new(HashMap::new()),
    };
    let mut out = Vec::new();
    follower.follow(doc, locations, dir, 1, &mut vec![dir.to_string()], &mut out)?;
    Ok(out)
}

/// What following calls needs at every level.
struct Follower<'f, E> {
    modules: &'f dyn LocalModules,
    guardrails: &'f Guardrails<'f, E>,
    today: &'f str,
    /// The findings each called directory has on its own, whatever the caller passes:
    /// evaluated once however many calls reach it.
    own: RefCell<HashMap<String, Vec<Finding>>>,
    /// Each called directory read and parsed once, however many calls reach it; `None` when
    /// there is no module there or it does not parse (it is reported when checked on its own).
    parsed: RefCell<HashMap<String, Option<Rc<Called>>>>,
}

/// A called module: its files, its parsed document and the inline waivers in its files.
struct Called {
    module: LocalModule,
    document: Document,
    waivers: Vec<waiver::Waiver>,
}

impl<E> Follower<'_, E> {
    /// The module in `dir`, read and parsed on first use.
    fn called(&self, dir: &str) -> Option<Rc<Called>> {
        if let Some(known) = self.parsed.borrow().get(dir) {
            return known.clone();
        }
        let called = self.modules.read(dir).and_then(|module| {
            let files: Vec<SourceFile<'_>> = module
                .files
                .iter()
                .map(|(path, text)| SourceFile { path, text })
                .collect();
            let document = input::document(&files).ok()?;
            let waivers = files
                .iter()
                .flat_map(|f| waiver::inline(f.path, f.text, &document.locations))
                .collect();
            Some(Rc::new(Called {
                module,
                document,
                waivers,
            }))
        });
        self.parsed
            .borrow_mut()
            .insert(dir.to_string(), called.clone());
        called
    }

    fn follow(
        &self,
        doc: &Value,
        locations: &[Location],
        dir: &str,
        depth: usize,
        stack: &mut Vec<String>,
        out: &mut Vec<Finding>,
    ) -> Result<(), E> {
        for block in blocks::blocks(doc).iter().filter(|b| b.kind == "module") {
            let Some(source) = block.body.get("source").and_then(Value::as_str) else {
                continue;
            };
            if !(source.starts_with("./") || source.starts_with("../")) {
                continue;
            }
            let called_dir = join(dir, source);
            if stack.contains(&called_dir) {
                continue;
            }
            let Some(called) = self.called(&called_dir) else {
                continue;
            };
            let parsed = &called.document;
            let inputs = call_inputs(block.body);
            let mut resolved = parsed.value.clone();
            literal::resolve(&mut resolved, &inputs);
            let first_file = called.module.files.first().map(|(path, _)| path.as_str());
            let mut found = Vec::new();
            if !called.module.checked_on_its_own {
                found = (self.guardrails)(&resolved, &parsed.locations, first_file)?;
            } else if resolved != parsed.value {
                if !self.own.borrow().contains_key(&called_dir) {
                    let own = (self.guardrails)(&parsed.value, &parsed.locations, first_file)?;
                    self.own.borrow_mut().insert(called_dir.clone(), own);
                }
                found = (self.guardrails)(&resolved, &parsed.locations, first_file)?;
                let own = self.own.borrow();
                let own = own.get(&called_dir).map_or(&[][..], Vec::as_slice);
                found.retain(|f| {
                    !own.iter()
                        .any(|o| (&o.rule, &o.file, o.line) == (&f.rule, &f.file, f.line))
                });
            }
            if depth < MAX_DEPTH {
                stack.push(called_dir.clone());
                self.follow(
                    &resolved,
                    &parsed.locations,
                    &called_dir,
                    depth + 1,
                    stack,
                    &mut found,
                )?;
                stack.pop();
            }
            waiver::apply(&mut found, &called.waivers, self.today);
            found.retain(|f| !f.rule.starts_with("GP-WAIVER-"));
            let call = block.address();
            let at = block
                .line_of(locations, &[])
                .map(|(file, line)| format!(" (called by {call} at {file}:{line})"))
                .unwrap_or_default();
            for mut f in found {
                f.resource = Some(match f.resource.take() {
                    Some(inner) => format!("{call}.{inner}"),
                    None => call.clone(),
                });
                f.message.push_str(&at);
                out.push(f);
            }
        }
        Ok(())
    }
}

/// The literal inputs a module call passes: its arguments but Terraform's meta-arguments.
pub fn call_inputs(body: &Value) -> Map<String, Value> {
    body.as_object()
        .into_iter()
        .flatten()
        .filter(|(k, v)| !META_ARGUMENTS.contains(&k.as_str()) && literal::is_literal(v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// `dir` joined with a relative module source, with `.` and `..` resolved.
pub fn join(dir: &str, source: &str) -> String {
    let source = source.split("//").next().unwrap_or(source);
    let mut parts: Vec<&str> = if dir == "." || dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for part in source.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_join_their_callers_directory() {
        assert_eq!(join("examples/complete", "../.."), ".");
        assert_eq!(
            join("examples/complete", "../../modules/kms"),
            "modules/kms"
        );
        assert_eq!(join(".", "./modules/kms/"), "modules/kms");
        assert_eq!(join("infra", "../../shared"), "../shared");
        assert_eq!(join("/abs/repo", "./m"), "/abs/repo/m");
    }

    use crate::guardrails::builtin;
    use std::collections::BTreeMap;

    /// Modules held in memory by directory, as a rendered bundle holds them.
    #[derive(Debug)]
    struct InMemory(BTreeMap<&'static str, (&'static str, String)>, bool);

    impl LocalModules for InMemory {
        fn read(&self, dir: &str) -> Option<LocalModule> {
            self.0.get(dir).map(|(path, text)| LocalModule {
                files: vec![(path.to_string(), text.clone())],
                checked_on_its_own: self.1,
            })
        }
    }

    const VOLUME: &str = "variable \"encrypted\" {\n  default = true\n}\n\nresource \"aws_ebs_volume\" \"this\" {\n  size      = 10\n  encrypted = var.encrypted\n  tags      = {}\n}\n";

    fn example(encrypted: &str) -> String {
        format!("module \"volume\" {{\n  source    = \"../..\"\n  encrypted = {encrypted}\n}}\n")
    }

    /// The built-in findings `example` (in `examples/complete`) gets through its calls to the
    /// root module `called`.
    fn through_calls(example: &str, called: &str, checked_on_its_own: bool) -> Vec<Finding> {
        let modules = InMemory(
            BTreeMap::from([(".", ("main.tf", called.to_string()))]),
            checked_on_its_own,
        );
        let files = [SourceFile {
            path: "examples/complete/main.tf",
            text: example,
        }];
        let doc = input::document(&files).expect("parses");
        let run = |doc: &Value, locations: &[Location], _: Option<&str>| {
            Ok::<_, ()>(builtin::check(doc, locations))
        };
        findings(
            &doc.value,
            &doc.locations,
            "examples/complete",
            &modules,
            &run,
            "2026-12-01",
        )
        .expect("evaluates")
    }

    fn found(example: &str, checked_on_its_own: bool) -> Vec<String> {
        through_calls(example, VOLUME, checked_on_its_own)
            .into_iter()
            .map(|f| {
                format!(
                    "{} {} {}:{} {}",
                    f.rule,
                    f.resource.unwrap_or_default(),
                    f.file.unwrap_or_default(),
                    f.line.unwrap_or_default(),
                    f.message
                )
            })
            .collect()
    }

    #[test]
    fn a_call_that_turns_a_feature_off_is_caught_in_the_called_module() {
        assert_eq!(
            found(&example("false"), true),
            vec![
                "GP-ENC-001 module.volume.aws_ebs_volume.this main.tf:7 aws_ebs_volume.this is not encrypted at rest: `encrypted` is not true (called by module.volume at examples/complete/main.tf:1)"
            ]
        );
    }

    #[test]
    fn a_call_with_safe_or_unknown_inputs_adds_nothing() {
        assert_eq!(found(&example("true"), true), Vec::<String>::new());
        assert_eq!(found(&example("var.encrypted"), true), Vec::<String>::new());
    }

    #[test]
    fn findings_of_a_module_checked_nowhere_else_are_reported_through_the_call() {
        let text = "module \"volume\" {\n  source = \"../..\"\n}\n";
        assert_eq!(found(text, true), Vec::<String>::new());
        let unencrypted = "resource \"aws_ebs_volume\" \"this\" {\n  tags = {}\n}\n";
        let found = through_calls(text, unencrypted, false);
        assert_eq!(
            found
                .iter()
                .map(|f| (f.rule.as_str(), f.file.as_deref(), f.line))
                .collect::<Vec<_>>(),
            vec![("GP-ENC-001", Some("main.tf"), Some(1))]
        );
    }

    #[test]
    fn a_waiver_in_the_called_block_still_holds() {
        let waived = VOLUME.replace(
            "  encrypted = var.encrypted\n",
            "  encrypted = var.encrypted # goldpath:ignore GP-ENC-001 scratch volume, wiped on stop\n",
        );
        let found = through_calls(&example("false"), &waived, true);
        assert_eq!(found.len(), 1);
        assert!(found[0].waived.is_some());
    }
}
