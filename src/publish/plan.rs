//! What a publish will do, worked out from values alone: branch, module path, commit message,
//! pull request title, labels and reviewers.

use crate::render::Record;
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// Where modules go in the registry when neither `--path` nor `registry.path` says otherwise.
pub const DEFAULT_PATH: &str = "modules/{team}/{name}";

/// The placeholders a path pattern may hold.
const PLACEHOLDERS: [&str; 3] = ["team", "name", "template"];

/// A module path pattern such as `modules/{team}/{name}`, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathPattern(String);

impl PathPattern {
    /// Parses a pattern: `/`-separated segments of literal text and `{team}`, `{name}` or
    /// `{template}` placeholders; relative, with no empty, `.` or `..` segment.
    pub fn parse(pattern: &str) -> Result<PathPattern, String> {
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| format!("`{pattern}` has a `{{` without a closing `}}`"))?;
            let name = &rest[open + 1..open + close];
            if !PLACEHOLDERS.contains(&name) {
                return Err(format!(
                    "`{pattern}` has an unknown placeholder `{{{name}}}`; use {{team}}, {{name}} or {{template}}"
                ));
            }
            rest = &rest[open + close + 1..];
        }
        if rest.contains('}') {
            return Err(format!("`{pattern}` has a `}}` without an opening `{{`"));
        }
        let bad_segment = pattern
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == ".." || s.contains('\\'));
        if bad_segment {
            return Err(format!(
                "`{pattern}` must be a relative path of non-empty segments, without `.`, `..` or `\\` (e.g. `{DEFAULT_PATH}`)"
            ));
        }
        Ok(PathPattern(pattern.to_string()))
    }

    /// The path for one module; the values are already valid path segments.
    fn expand(&self, team: &str, name: &str, template: &str) -> String {
        self.0
            .replace("{team}", team)
            .replace("{name}", name)
            .replace("{template}", template)
    }
}

impl Default for PathPattern {
    fn default() -> Self {
        PathPattern(DEFAULT_PATH.to_string())
    }
}

/// A GitHub repository, `OWNER/NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GithubRepo {
    /// The user or organisation.
    pub owner: String,
    /// The repository name, without `.git`.
    pub name: String,
}

impl GithubRepo {
    /// Parses `OWNER/NAME`.
    pub fn parse(text: &str) -> Result<GithubRepo, String> {
        let invalid = || format!("`{text}` is not OWNER/NAME (e.g. acme/terraform-modules)");
        let (owner, name) = text.split_once('/').ok_or_else(invalid)?;
        let valid = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        if !valid(owner) || !valid(name) {
            return Err(invalid());
        }
        Ok(GithubRepo {
            owner: owner.to_string(),
            name: name.to_string(),
        })
    }

    /// The repository a git remote URL points at, for `https://HOST/OWNER/NAME(.git)`,
    /// `ssh://[USER@]HOST[:PORT]/OWNER/NAME(.git)` and `[USER@]HOST:OWNER/NAME(.git)`;
    /// `None` for local paths, `file://` URLs and anything else.
    pub fn from_remote_url(url: &str) -> Option<GithubRepo> {
        let path = if let Some((scheme, rest)) = url.split_once("://") {
            if !matches!(scheme, "https" | "http" | "ssh" | "git") {
                return None;
            }
            rest.split_once('/')?.1
        } else {
            let (host, path) = url.split_once(':')?;
            // `C:\modules` and `./a:b` are paths, not `host:owner/name`.
            if host.len() < 2 || host.contains('/') || host.contains('\\') {
                return None;
            }
            path
        };
        let path = path.trim_end_matches('/');
        let path = path.strip_suffix(".git").unwrap_or(path);
        GithubRepo::parse(path).ok()
    }
}

impl std::fmt::Display for GithubRepo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

/// Reviewers to request: GitHub users, and team slugs of the repository's organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reviewers {
    /// User logins.
    pub users: Vec<String>,
    /// Team slugs (the part after `org/`).
    pub teams: Vec<String>,
}

impl Reviewers {
    /// Splits a template's owners into users (`alice`, `@alice`) and teams (`org/team`).
    pub fn from_owners(owners: &[String]) -> Reviewers {
        let mut out = Reviewers::default();
        for owner in owners {
            let owner = owner.trim().trim_start_matches('@');
            let (list, entry) = match owner.split_once('/') {
                Some((_, team)) => (&mut out.teams, team),
                None => (&mut out.users, owner),
            };
            if !entry.is_empty() && !list.iter().any(|e| e == entry) {
                list.push(entry.to_string());
            }
        }
        out
    }

    /// Whether there is nobody to ask.
    pub fn is_empty(&self) -> bool {
        self.users.is_empty() && self.teams.is_empty()
    }
}

/// Everything a publish derives from the module's record before touching git or GitHub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// `goldpath/<team>-<name>`: goldpath's own branch, the only one it pushes.
    pub branch: String,
    /// Where the module goes in the registry repository.
    pub module_path: String,
    /// `<team>/<name>`, how the module is named in messages.
    pub module: String,
    /// Template name.
    pub template: String,
    /// Template version.
    pub version: String,
    /// SHA-256 of the answers (compact JSON, keys sorted), for the commit trailer.
    pub answers_sha256: String,
    /// Pull request title (also the first commit's subject).
    pub title: String,
    /// Pull request labels.
    pub labels: Vec<String>,
    /// Reviewers from the template's owners.
    pub reviewers: Reviewers,
    /// The repository and commit of a template from a git source.
    pub source: Option<crate::catalog::spec::GitOrigin>,
    /// For an update, the version the module had.
    pub from: Option<String>,
}

/// The label of an update pull request.
pub const UPDATE_LABEL: &str = "goldpath-update";

/// The label of an update pull request that carries conflict markers; it opens as a draft.
pub const CONFLICTS_LABEL: &str = "conflicts";

/// goldpath's branch for the update of `module` (`team/name`) to `version`.
pub fn update_branch(module: &str, version: &str) -> String {
    format!("goldpath/update/{}-{version}", module.replace('/', "-"))
}

/// Who is asked to review: the template's owners, and the budget's approvers when the
/// module is over its budget.
#[derive(Debug, Clone, Copy)]
pub struct Owners<'a> {
    /// The template's owners.
    pub owners: &'a [String],
    /// The approvers of `[budgets]`.
    pub approvers: &'a [String],
}

/// Works out the plan for a module; the error names the answer or setting at fault. A module
/// with a budget is labelled `cost-ok` within it and `cost-approval` over it, and over it the
/// approvers are asked to review as well.
pub fn plan(
    record: &Record,
    owners: &Owners<'_>,
    pattern: &PathPattern,
    waived: bool,
    cost: Option<&crate::cost::budget::Verdict>,
) -> Result<Plan, String> {
    let answer = |key: &str| match record.answers.get(key) {
        Some(serde_json::Value::String(s)) if is_ref_segment(s) => Ok(s.clone()),
        Some(other) => Err(format!(
            "the `{key}` answer ({other}) cannot name a git branch or a path; it must be letters, digits, `-`, `_` or `.`"
        )),
        None => Err(format!(
            "the module's .goldpath.yaml has no `{key}` answer; publishing needs `team` and `name` to name the branch and the path"
        )),
    };
    let team = answer("team")?;
    let name = answer("name")?;
    let mut labels = vec![
        "golden-path".to_string(),
        format!("template:{}", record.template),
    ];
    if waived || record.allowed_violations > 0 {
        labels.push("guardrail-waiver".into());
    }
    let mut reviewers: Vec<String> = owners.owners.to_vec();
    match cost {
        Some(verdict) if verdict.over() => {
            labels.push("cost-approval".into());
            reviewers.extend(owners.approvers.iter().cloned());
        }
        Some(verdict) if verdict.budget.is_some() => labels.push("cost-ok".into()),
        _ => {}
    }
    Ok(Plan {
        branch: format!("goldpath/{team}-{name}"),
        module_path: pattern.expand(&team, &name, &record.template),
        module: format!("{team}/{name}"),
        template: record.template.clone(),
        version: record.version.clone(),
        answers_sha256: answers_sha256(&record.answers),
        title: subject("add", &team, &name, record),
        labels,
        reviewers: Reviewers::from_owners(&reviewers),
        source: record.source.clone(),
        from: None,
    })
}

impl Plan {
    /// The plan of an update: its own branch per target version, a title naming both
    /// versions, and labels saying it is an update and whether it has conflicts.
    pub fn for_update(mut self, update: &crate::update::forward::Summary) -> Plan {
        self.branch = update_branch(&self.module, &update.to.to_string());
        self.version = update.to.to_string();
        self.from = Some(update.from.to_string());
        self.title = format!(
            "feat(modules): update {} ({} {} → {})",
            self.module, self.template, update.from, update.to
        );
        self.labels.push(UPDATE_LABEL.into());
        if !update.conflicts.is_empty() {
            self.labels.push(CONFLICTS_LABEL.into());
        }
        self
    }

    /// The commit message: a conventional subject (`add` the first time, `update` after),
    /// a line on how it was made, and trailers naming the template and the answers.
    pub fn commit_message(&self, update: bool) -> String {
        let (team, name) = self
            .module
            .split_once('/')
            .expect("module is team/name by construction");
        let verb = if update { "update" } else { "add" };
        let mut out = match &self.from {
            Some(from) => format!(
                "feat(modules): update {team}/{name} ({} {from} → {})\n\n",
                self.template, self.version
            ),
            None => format!(
                "feat(modules): {verb} {team}/{name} ({} {})\n\n",
                self.template, self.version
            ),
        };
        let how = if self.from.is_some() {
            "Updated"
        } else {
            "Rendered"
        };
        let _ = writeln!(
            out,
            "{how} by goldpath {} from the {} golden path into {}.\n",
            crate::VERSION,
            self.template,
            self.module_path
        );
        let _ = writeln!(out, "Goldpath-Template: {}@{}", self.template, self.version);
        let _ = writeln!(out, "Goldpath-Answers-Sha256: {}", self.answers_sha256);
        out
    }
}

fn subject(verb: &str, team: &str, name: &str, record: &Record) -> String {
    format!(
        "feat(modules): {verb} {team}/{name} ({} {})",
        record.template, record.version
    )
}

/// Whether `s` is safe as one path segment and inside a branch name.
fn is_ref_segment(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(['.', '-'])
        && !s.contains("..")
        && !s.ends_with(".lock")
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// SHA-256 (hex) of the answers as compact JSON with every mapping's keys sorted.
pub fn answers_sha256(answers: &serde_json::Map<String, serde_json::Value>) -> String {
    fn canonical(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                out.push('{');
                for (i, key) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::Value::String(key.clone()).to_string());
                    out.push(':');
                    canonical(&map[key], out);
                }
                out.push('}');
            }
            serde_json::Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    canonical(item, out);
                }
                out.push(']');
            }
            scalar => out.push_str(&scalar.to_string()),
        }
    }
    let mut text = String::new();
    canonical(&serde_json::Value::Object(answers.clone()), &mut text);
    Sha256::digest(text.as_bytes())
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(answers: serde_json::Value) -> Record {
        Record {
            source: None,
            template: "s3-secure-bucket".into(),
            version: "1.2.0".into(),
            answers: answers.as_object().unwrap().clone(),
            allowed_violations: 0,
            files: Default::default(),
        }
    }

    const NOBODY: Owners<'static> = Owners {
        owners: &[],
        approvers: &[],
    };

    #[test]
    fn a_budget_labels_the_pull_request_and_over_it_asks_the_approvers() {
        use crate::cost::budget::{Budget, Verdict};
        let owners = ["acme/platform".to_string()];
        let approvers = ["acme/finops".to_string(), "carol".to_string()];
        let who = Owners {
            owners: &owners,
            approvers: &approvers,
        };
        let budget = Some(Budget {
            monthly: 100.0,
            scope: "environment prod".into(),
        });
        let at = |over_by: f64| {
            let verdict = Verdict {
                budget: budget.clone(),
                over_by,
            };
            plan(
                &record(json!({"team": "t", "name": "n"})),
                &who,
                &PathPattern::default(),
                false,
                Some(&verdict),
            )
            .unwrap()
        };
        let over = at(12.5);
        assert!(
            over.labels.contains(&"cost-approval".to_string()),
            "{:?}",
            over.labels
        );
        assert_eq!(over.reviewers.teams, ["platform", "finops"]);
        assert_eq!(over.reviewers.users, ["carol"]);
        let within = at(0.0);
        assert!(
            within.labels.contains(&"cost-ok".to_string()),
            "{:?}",
            within.labels
        );
        assert_eq!(within.reviewers.teams, ["platform"]);
        let unbudgeted = Verdict {
            budget: None,
            over_by: 0.0,
        };
        let none = plan(
            &record(json!({"team": "t", "name": "n"})),
            &who,
            &PathPattern::default(),
            false,
            Some(&unbudgeted),
        )
        .unwrap();
        assert!(
            none.labels.iter().all(|l| !l.starts_with("cost-")),
            "{:?}",
            none.labels
        );
    }

    #[test]
    fn branch_path_title_and_labels_come_from_team_and_name() {
        let p = plan(
            &record(json!({"team": "payments", "name": "ledger"})),
            &Owners {
                owners: &["acme/platform".into(), "@alice".into()],
                approvers: &[],
            },
            &PathPattern::default(),
            false,
            None,
        )
        .unwrap();
        assert_eq!(p.branch, "goldpath/payments-ledger");
        assert_eq!(p.module_path, "modules/payments/ledger");
        assert_eq!(
            p.title,
            "feat(modules): add payments/ledger (s3-secure-bucket 1.2.0)"
        );
        assert_eq!(p.labels, ["golden-path", "template:s3-secure-bucket"]);
        assert_eq!(p.reviewers.users, ["alice"]);
        assert_eq!(p.reviewers.teams, ["platform"]);
    }

    #[test]
    fn waivers_and_allowed_violations_ask_for_a_waiver_review() {
        let answers = json!({"team": "t", "name": "n"});
        let waived = plan(
            &record(answers.clone()),
            &NOBODY,
            &PathPattern::default(),
            true,
            None,
        )
        .unwrap();
        assert!(waived.labels.contains(&"guardrail-waiver".to_string()));
        let mut allowed = record(answers);
        allowed.allowed_violations = 2;
        let allowed = plan(&allowed, &NOBODY, &PathPattern::default(), false, None).unwrap();
        assert!(allowed.labels.contains(&"guardrail-waiver".to_string()));
    }

    #[test]
    fn team_and_name_must_be_safe_for_a_branch_and_a_path() {
        for bad in [
            json!({"team": "a/b", "name": "n"}),
            json!({"team": "..", "name": "n"}),
            json!({"team": 3, "name": "n"}),
        ] {
            let err = plan(
                &record(bad.clone()),
                &NOBODY,
                &PathPattern::default(),
                false,
                None,
            )
            .unwrap_err();
            assert!(err.contains("`team`"), "{bad}: {err}");
        }
        let err = plan(
            &record(json!({"team": "t"})),
            &NOBODY,
            &PathPattern::default(),
            false,
            None,
        )
        .unwrap_err();
        assert!(err.contains("no `name` answer"), "{err}");
    }

    #[test]
    fn path_patterns_take_three_placeholders_and_stay_relative() {
        let pattern = PathPattern::parse("stacks/{template}/{team}-{name}").unwrap();
        let p = plan(
            &record(json!({"team": "t", "name": "n"})),
            &NOBODY,
            &pattern,
            false,
            None,
        )
        .unwrap();
        assert_eq!(p.module_path, "stacks/s3-secure-bucket/t-n");
        for bad in [
            "/abs/{name}",
            "a/../{name}",
            "a//b",
            "{owner}/x",
            "{name",
            "x}",
            "",
        ] {
            assert!(PathPattern::parse(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn the_commit_message_carries_the_template_and_answers_trailers() {
        let p = plan(
            &record(json!({"name": "n", "team": "t"})),
            &NOBODY,
            &PathPattern::default(),
            false,
            None,
        )
        .unwrap();
        let message = p.commit_message(true);
        assert!(
            message.starts_with("feat(modules): update t/n (s3-secure-bucket 1.2.0)\n\n"),
            "{message}"
        );
        assert!(
            message.contains("\nGoldpath-Template: s3-secure-bucket@1.2.0\n"),
            "{message}"
        );
        assert!(
            message.ends_with(&format!(
                "\nGoldpath-Answers-Sha256: {}\n",
                p.answers_sha256
            )),
            "{message}"
        );
    }

    #[test]
    fn the_answers_hash_ignores_key_order() {
        let a = json!({"b": [1, {"y": true, "x": null}], "a": "s"});
        let b = json!({"a": "s", "b": [1, {"x": null, "y": true}]});
        let hash = answers_sha256(a.as_object().unwrap());
        assert_eq!(hash, answers_sha256(b.as_object().unwrap()));
        assert_eq!(hash.len(), 64);
        assert_ne!(hash, answers_sha256(json!({"a": "t"}).as_object().unwrap()));
    }

    #[test]
    fn github_repos_come_from_https_ssh_and_scp_urls_only() {
        let repo = |owner: &str, name: &str| {
            Some(GithubRepo {
                owner: owner.into(),
                name: name.into(),
            })
        };
        for (url, want) in [
            (
                "https://github.com/acme/tf-modules.git",
                repo("acme", "tf-modules"),
            ),
            (
                "https://ghe.example.com/acme/tf-modules",
                repo("acme", "tf-modules"),
            ),
            (
                "git@github.com:acme/tf-modules.git",
                repo("acme", "tf-modules"),
            ),
            (
                "ssh://git@ghe.example.com:2222/acme/tf.modules.git",
                repo("acme", "tf.modules"),
            ),
            ("/srv/git/registry.git", None),
            ("file:///srv/git/registry.git", None),
            ("C:\\git\\registry", None),
            ("https://github.com/acme", None),
        ] {
            assert_eq!(GithubRepo::from_remote_url(url), want, "{url}");
        }
        assert!(GithubRepo::parse("acme/x y").is_err());
        assert_eq!(GithubRepo::parse("acme/tf").unwrap().to_string(), "acme/tf");
    }
}
