//! `goldpath fleet`: every module of the registry that goldpath generated, against today's
//! catalog, policies and prices: how far behind it is, what was edited by hand, what the
//! guardrails say now and what it costs. Pure: the registry's files come in as values.

use crate::catalog::Catalog;
use crate::cost::bundle::estimate_bundle;
use crate::cost::table::PriceTable;
use crate::guardrails::bundle::check_module;
use crate::guardrails::finding::Severity;
use crate::guardrails::rego::Policies;
use crate::render::{Bundle, RECORD_FILE, parse_record};
use crate::update::digest;
use std::collections::BTreeMap;

/// How far a module's template version is behind the catalog's newest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lag {
    /// At the newest version.
    Current,
    /// Behind by patch releases only.
    Patch,
    /// Behind by a minor release.
    Minor,
    /// Behind by a major release.
    Major,
    /// Newer than the catalog knows (generated from another source).
    Ahead,
    /// Its template is not in the catalog, or its record cannot be read.
    Unknown,
}

/// How far `recorded` is behind `newest`.
pub fn lag(recorded: &semver::Version, newest: &semver::Version) -> Lag {
    if recorded == newest {
        Lag::Current
    } else if recorded > newest {
        Lag::Ahead
    } else if recorded.major < newest.major {
        Lag::Major
    } else if recorded.minor < newest.minor {
        Lag::Minor
    } else {
        Lag::Patch
    }
}

/// One generated module of the registry.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Entry {
    /// Its directory in the registry.
    pub path: String,
    /// The template it came from.
    pub template: String,
    /// The version it was generated from (or last updated to).
    pub version: String,
    /// The catalog's newest version of the template.
    pub newest: Option<String>,
    /// How far behind it is.
    pub lag: Lag,
    /// The team answer, for the totals.
    pub team: Option<String>,
    /// Files goldpath wrote that were edited by hand since.
    pub edited: Vec<String>,
    /// Files goldpath wrote that are gone.
    pub missing: Vec<String>,
    /// Deny findings under today's policies (unwaived).
    pub deny: usize,
    /// Warnings under today's policies.
    pub warn: usize,
    /// The monthly estimate, when the module could be priced.
    pub monthly: Option<f64>,
    /// Why something could not be read, checked or priced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// Totals over the modules of one template or one team.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Totals {
    /// Modules.
    pub modules: usize,
    /// Modules behind the newest version.
    pub behind: usize,
    /// Modules with hand-edited files.
    pub edited: usize,
    /// Modules with deny findings.
    pub denied: usize,
    /// Their monthly estimates added up (unpriced modules count 0).
    pub monthly: f64,
}

/// The fleet: every module, then totals per template and per team.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Fleet {
    /// Every generated module, by path.
    pub modules: Vec<Entry>,
    /// Totals by template name.
    pub templates: BTreeMap<String, Totals>,
    /// Totals by team answer (`-` when a module has none).
    pub teams: BTreeMap<String, Totals>,
}

/// What a module is held to.
pub struct Judges<'a> {
    /// Today's catalog.
    pub catalog: &'a Catalog,
    /// Today's policies.
    pub policies: &'a Policies,
    /// Today's prices.
    pub prices: &'a PriceTable,
}

/// Surveys the registry's files (path → text): every directory holding a `.goldpath.yaml`.
pub fn survey(files: &BTreeMap<String, String>, judges: &Judges<'_>) -> Fleet {
    let dirs: Vec<&str> = files
        .keys()
        .filter_map(|p| {
            if p == RECORD_FILE {
                Some("")
            } else {
                p.strip_suffix(&format!("/{RECORD_FILE}"))
            }
        })
        .collect();
    let entries = crate::parallel::by_parts(&dirs, |part| {
        part.iter().map(|dir| module(files, dir, judges)).collect()
    });
    let mut fleet = Fleet::default();
    for entry in entries {
        for (key, totals) in [
            (entry.template.clone(), &mut fleet.templates),
            (
                entry.team.clone().unwrap_or_else(|| "-".into()),
                &mut fleet.teams,
            ),
        ] {
            let t = totals.entry(key).or_default();
            t.modules += 1;
            t.behind += usize::from(matches!(entry.lag, Lag::Patch | Lag::Minor | Lag::Major));
            t.edited += usize::from(!entry.edited.is_empty() || !entry.missing.is_empty());
            t.denied += usize::from(entry.deny > 0);
            t.monthly = ((t.monthly + entry.monthly.unwrap_or(0.0)) * 100.0).round() / 100.0;
        }
        fleet.modules.push(entry);
    }
    fleet
}

fn module(files: &BTreeMap<String, String>, dir: &str, judges: &Judges<'_>) -> Entry {
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let mut bundle = Bundle::default();
    for (path, text) in files.range(prefix.clone()..) {
        let Some(rel) = path.strip_prefix(&prefix) else {
            break;
        };
        bundle.insert(rel.to_string(), text.clone());
    }
    let path = if dir.is_empty() {
        ".".into()
    } else {
        dir.to_string()
    };
    let mut entry = Entry {
        path,
        template: "?".into(),
        version: "?".into(),
        newest: None,
        lag: Lag::Unknown,
        team: None,
        edited: Vec::new(),
        missing: Vec::new(),
        deny: 0,
        warn: 0,
        monthly: None,
        problem: None,
    };
    let record = match parse_record(bundle.get(RECORD_FILE).unwrap_or_default()) {
        Ok(record) => record,
        Err(message) => {
            entry.problem = Some(format!("{RECORD_FILE}: {message}"));
            return entry;
        }
    };
    entry.template = record.template.clone();
    entry.version = record.version.clone();
    let answer = |key: &str| {
        record
            .answers
            .get(key)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    entry.team = answer("team");
    match judges.catalog.get(&record.template) {
        Ok(template) => {
            entry.newest = Some(template.manifest.version.to_string());
            entry.lag = semver::Version::parse(&record.version)
                .map_or(Lag::Unknown, |v| lag(&v, &template.manifest.version));
        }
        Err(_) => {
            entry.problem = Some(format!(
                "template `{}` is not in the catalog",
                record.template
            ))
        }
    }
    for (file, hash) in &record.files {
        match bundle.get(file) {
            Some(text) if digest(text) != *hash => entry.edited.push(file.clone()),
            Some(_) => {}
            None => entry.missing.push(file.clone()),
        }
    }
    let goldpath = serde_json::json!({
        "template": record.template,
        "version": record.version,
        "answers": record.answers,
    });
    match check_module(&bundle, goldpath, judges.policies) {
        Ok(report) => {
            for (_, f) in report.findings() {
                if f.fails(Severity::Deny) {
                    entry.deny += 1;
                } else if f.fails(Severity::Warn) {
                    entry.warn += 1;
                }
            }
        }
        Err(message) => entry.problem = Some(format!("guardrails: {message}")),
    }
    match estimate_bundle(&bundle, answer("region").as_deref(), judges.prices) {
        Ok(estimate) => entry.monthly = Some(estimate.monthly),
        Err(e) => entry.problem = entry.problem.or(Some(format!("cost: {}", e.message))),
    }
    entry
}

/// The fleet as a table for people (human) or for a pull request or wiki page (markdown).
pub fn table(fleet: &Fleet, markdown: bool) -> String {
    let header = [
        "module",
        "template",
        "version",
        "newest",
        "behind",
        "hand-edited",
        "deny",
        "warn",
        "monthly",
    ];
    let mut rows: Vec<Vec<String>> = fleet
        .modules
        .iter()
        .map(|e| {
            vec![
                e.path.clone(),
                e.template.clone(),
                e.version.clone(),
                e.newest.clone().unwrap_or_else(|| "–".into()),
                lag_word(e.lag).into(),
                if e.edited.is_empty() && e.missing.is_empty() {
                    "–".into()
                } else {
                    let mut files = e.edited.clone();
                    files.extend(e.missing.iter().map(|m| format!("{m} (deleted)")));
                    files.join(", ")
                },
                e.deny.to_string(),
                e.warn.to_string(),
                e.monthly
                    .map_or_else(|| "unpriced".into(), |m| format!("${m:.2}")),
            ]
        })
        .collect();
    rows.insert(0, header.iter().map(ToString::to_string).collect());
    let mut out = render_rows(&rows, markdown);
    for (title, totals) in [("template", &fleet.templates), ("team", &fleet.teams)] {
        let mut rows = vec![
            [
                title,
                "modules",
                "behind",
                "hand-edited",
                "with deny",
                "monthly",
            ]
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ];
        for (name, t) in totals {
            rows.push(vec![
                name.clone(),
                t.modules.to_string(),
                t.behind.to_string(),
                t.edited.to_string(),
                t.denied.to_string(),
                format!("${:.2}", t.monthly),
            ]);
        }
        out.push('\n');
        out.push_str(&render_rows(&rows, markdown));
    }
    out
}

fn lag_word(lag: Lag) -> &'static str {
    match lag {
        Lag::Current => "current",
        Lag::Patch => "patch",
        Lag::Minor => "minor",
        Lag::Major => "major",
        Lag::Ahead => "ahead",
        Lag::Unknown => "unknown",
    }
}

fn render_rows(rows: &[Vec<String>], markdown: bool) -> String {
    let mut out = String::new();
    if markdown {
        for (i, row) in rows.iter().enumerate() {
            let cells: Vec<String> = row.iter().map(|c| c.replace('|', "\\|")).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
            if i == 0 {
                out.push_str(&format!("|{}\n", "---|".repeat(row.len())));
            }
        }
        return out;
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Inputs, resolve};
    use crate::catalog::embedded;
    use crate::guardrails::bundle::shipped_policies;

    fn v(s: &str) -> semver::Version {
        semver::Version::parse(s).unwrap()
    }

    #[test]
    fn lag_is_the_biggest_part_that_differs() {
        assert_eq!(lag(&v("1.1.0"), &v("1.1.0")), Lag::Current);
        assert_eq!(lag(&v("1.1.0"), &v("1.1.3")), Lag::Patch);
        assert_eq!(lag(&v("1.0.9"), &v("1.1.0")), Lag::Minor);
        assert_eq!(lag(&v("1.4.0"), &v("2.0.0")), Lag::Major);
        assert_eq!(lag(&v("2.0.0"), &v("1.0.0")), Lag::Ahead);
    }

    #[test]
    fn a_registry_of_modules_at_several_versions_is_surveyed() {
        let catalog = Catalog::from_raw(embedded()).unwrap();
        let current = catalog.get("s3-secure-bucket").unwrap();
        let dev = &current
            .fixtures
            .iter()
            .find(|(n, _)| n == "dev.yaml")
            .unwrap()
            .1;
        let fixture = |version: &str| {
            let t = catalog.at_version("s3-secure-bucket", &v(version)).unwrap();
            let inputs = Inputs {
                file: crate::answers::file::parse(dev).unwrap(),
                ..Default::default()
            };
            crate::render::render(&t, &resolve(&t.manifest, &inputs).unwrap()).unwrap()
        };
        let mut files = BTreeMap::new();
        for (dir, version) in [("modules/a/old", "1.0.0"), ("modules/b/new", "1.1.0")] {
            for (path, text) in fixture(version).iter() {
                files.insert(format!("{dir}/{path}"), text.to_string());
            }
        }
        files.insert(
            "modules/b/new/bucket.tf".into(),
            files["modules/b/new/bucket.tf"].replace("= 7", "= 3"),
        );
        files.remove("modules/b/new/README.md");
        files.insert("README.md".into(), "the registry\n".into());
        let policies = shipped_policies().unwrap();
        let fleet = survey(
            &files,
            &Judges {
                catalog: &catalog,
                policies: &policies,
                prices: PriceTable::shipped(),
            },
        );
        assert_eq!(fleet.modules.len(), 2);
        let (old, new) = (&fleet.modules[0], &fleet.modules[1]);
        assert_eq!(
            (old.path.as_str(), old.lag, old.version.as_str()),
            ("modules/a/old", Lag::Minor, "1.0.0")
        );
        assert_eq!(new.lag, Lag::Current);
        assert!(old.edited.is_empty() && old.missing.is_empty(), "{old:?}");
        assert_eq!(new.edited, vec!["bucket.tf".to_string()]);
        assert_eq!(new.missing, vec!["README.md".to_string()]);
        assert_eq!(old.deny + new.deny, 0, "{fleet:?}");
        let totals = &fleet.templates["s3-secure-bucket"];
        assert_eq!((totals.modules, totals.behind, totals.edited), (2, 1, 1));
        assert_eq!(fleet.teams["checkout"].modules, 2);
        let text = table(&fleet, true);
        assert!(
            text.contains("| modules/a/old | s3-secure-bucket | 1.0.0 | 1.1.0 | minor |"),
            "{text}"
        );
        assert!(text.contains("README.md (deleted)"), "{text}");
    }
}
