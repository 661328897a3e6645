//! The resource instances a module creates, as far as they are known before a plan: `count`
//! and `for_each` expanded where literal, local module calls followed with the caller's
//! inputs, and the well-known registry modules turned into the resources they create.

use super::registry;
use crate::guardrails::blocks;
use crate::guardrails::calls::{self, LocalModules};
use crate::guardrails::input::{self, SourceFile};
use crate::guardrails::literal;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::rc::Rc;

/// How deep local module calls are followed.
const MAX_DEPTH: usize = 4;

/// The Availability Zones a data source is assumed to return: AWS gives every region at least
/// three, and which ones an account sees is only known at plan time.
pub const ASSUMED_ZONES: usize = 3;

/// What a module creates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Planned {
    /// The region its aws provider names, when literal.
    pub region: Option<String>,
    /// Every resource instance, in declaration order.
    pub instances: Vec<Instance>,
}

/// One resource instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// Its full address: `module.vpc.aws_nat_gateway.this[0]`.
    pub address: String,
    /// Its resource type.
    pub kind: String,
    /// Its body, resolved where literal.
    pub body: Value,
    /// What was assumed to find it.
    pub notes: Vec<String>,
    /// Why it cannot be estimated at all (a module goldpath cannot see into).
    pub not_estimated: Option<String>,
}

/// The instances of the module `doc` in `dir`.
pub fn instances(doc: &Value, dir: &str, modules: &dyn LocalModules) -> Planned {
    let mut out = Planned::default();
    let mut walker = Walker {
        modules,
        out: &mut out,
        stack: vec![dir.to_string()],
        parsed: HashMap::new(),
    };
    walker.walk(doc, &Map::new(), dir, "", 0);
    out.instances.sort_by(|a, b| a.address.cmp(&b.address));
    out
}

struct Walker<'w> {
    modules: &'w dyn LocalModules,
    out: &'w mut Planned,
    stack: Vec<String>,
    /// Each called directory's document, read and parsed once however many instances call it;
    /// `None` when it cannot be read or does not parse.
    parsed: HashMap<String, Option<Rc<Value>>>,
}

impl Walker<'_> {
    fn walk(
        &mut self,
        raw: &Value,
        inputs: &Map<String, Value>,
        dir: &str,
        prefix: &str,
        depth: usize,
    ) {
        let mut doc = raw.clone();
        literal::resolve_planned(
            &mut doc,
            inputs,
            &assumed_data(raw),
            &["resource", "module", "provider"],
        );
        if prefix.is_empty() {
            self.out.region = provider_region(&doc);
        }
        for block in blocks::blocks(&doc) {
            let [Some(first), second] = block.labels else {
                continue;
            };
            match (block.kind, second) {
                ("resource", Some(name)) => {
                    for (index, notes) in instance_keys(block.body, &format!("{first}.{name}")) {
                        self.out.instances.push(Instance {
                            address: format!("{prefix}{first}.{name}{index}"),
                            kind: first.to_string(),
                            body: block.body.clone(),
                            notes,
                            not_estimated: None,
                        });
                    }
                }
                ("module", _) => {
                    for (index, notes) in instance_keys(block.body, &format!("module.{first}")) {
                        let call_prefix = format!("{prefix}module.{first}{index}.");
                        self.call(first, block.body, dir, &call_prefix, depth, notes);
                    }
                }
                _ => {}
            }
        }
    }

    fn call(
        &mut self,
        name: &str,
        body: &Value,
        dir: &str,
        prefix: &str,
        depth: usize,
        notes: Vec<String>,
    ) {
        let source = body.get("source").and_then(Value::as_str).unwrap_or("");
        if source.starts_with("./") || source.starts_with("../") {
            let called_dir = calls::join(dir, source);
            let document = (depth < MAX_DEPTH && !self.stack.contains(&called_dir))
                .then(|| self.document(&called_dir))
                .flatten();
            let Some(document) = document else {
                self.opaque(
                    name,
                    prefix,
                    format!("the local module `{source}` could not be read"),
                );
                return;
            };
            let inputs = calls::call_inputs(body);
            self.stack.push(called_dir.clone());
            self.walk(&document, &inputs, &called_dir, prefix, depth + 1);
            self.stack.pop();
            return;
        }
        match registry::expand(source, body, prefix) {
            Some(mut created) => {
                for instance in &mut created {
                    instance.notes.extend(notes.iter().cloned());
                }
                self.out.instances.extend(created);
            }
            None => self.opaque(
                name,
                prefix,
                format!("goldpath does not know what the module `{source}` creates"),
            ),
        }
    }

    fn document(&mut self, dir: &str) -> Option<Rc<Value>> {
        let modules = self.modules;
        self.parsed
            .entry(dir.to_string())
            .or_insert_with(|| {
                let called = modules.read(dir)?;
                let files: Vec<SourceFile<'_>> = called
                    .files
                    .iter()
                    .map(|(path, text)| SourceFile { path, text })
                    .collect();
                input::document(&files).ok().map(|d| Rc::new(d.value))
            })
            .clone()
    }

    fn opaque(&mut self, name: &str, prefix: &str, reason: String) {
        self.out.instances.push(Instance {
            address: prefix.trim_end_matches('.').to_string(),
            kind: format!("module.{name}"),
            body: Value::Null,
            notes: Vec::new(),
            not_estimated: Some(reason),
        });
    }
}

/// The instance keys `count` or `for_each` make (`[0]`, `["a"]`, or `` without either), each
/// with what was assumed.
fn instance_keys(body: &Value, address: &str) -> Vec<(String, Vec<String>)> {
    let unknown = |what: &str| {
        vec![(
            String::new(),
            vec![format!(
                "{address}: {what} is not known before apply; estimated as one instance"
            )],
        )]
    };
    match (body.get("count"), body.get("for_each")) {
        (Some(count), _) => match count.as_u64() {
            Some(n) => (0..n).map(|i| (format!("[{i}]"), Vec::new())).collect(),
            None => unknown("count"),
        },
        (_, Some(Value::Array(keys))) if keys.iter().all(Value::is_string) => keys
            .iter()
            .filter_map(Value::as_str)
            .map(|k| (format!("[\"{k}\"]"), Vec::new()))
            .collect(),
        (_, Some(Value::Object(map))) => map
            .keys()
            .map(|k| (format!("[\"{k}\"]"), Vec::new()))
            .collect(),
        (_, Some(_)) => unknown("for_each"),
        (None, None) => vec![(String::new(), Vec::new())],
    }
}

/// The data-source values a plan would read that goldpath assumes: the Availability Zones.
fn assumed_data(doc: &Value) -> Map<String, Value> {
    let names: Vec<Value> = (1..=ASSUMED_ZONES)
        .map(|i| json!(format!("(zone {i})")))
        .collect();
    let zones: Map<String, Value> = doc
        .pointer("/data/aws_availability_zones")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, _)| (name.clone(), json!({"names": names, "zone_ids": names})))
        .collect();
    let mut data = Map::new();
    if !zones.is_empty() {
        data.insert("aws_availability_zones".into(), Value::Object(zones));
    }
    data
}

/// The literal region of the module's default aws provider.
fn provider_region(doc: &Value) -> Option<String> {
    doc.pointer("/provider/aws")?
        .as_array()?
        .iter()
        .find(|p| p.get("alias").is_none())?
        .get("region")?
        .as_str()
        .filter(|r| !r.contains("${"))
        .map(str::to_string)
}
