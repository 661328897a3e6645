//! Which forge hosts a registry, and where on it: read from the registry's git URL, or from
//! what the user set. Pure: the caller gathers the settings and the CI environment.

use crate::publish::plan::GithubRepo;

/// A forge goldpath publishes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum ForgeKind {
    /// GitHub and GitHub Enterprise Server.
    #[value(name = "github")]
    GitHub,
    /// GitLab, gitlab.com and self-managed.
    #[value(name = "gitlab")]
    GitLab,
    /// Azure DevOps Services (dev.azure.com, ORG.visualstudio.com) and Server.
    #[value(name = "azure-devops")]
    AzureDevOps,
}

impl ForgeKind {
    /// Every forge, in the order the docs list them.
    pub const ALL: [ForgeKind; 3] = [ForgeKind::GitHub, ForgeKind::GitLab, ForgeKind::AzureDevOps];

    /// The value `registry.forge` and `--forge` take.
    pub fn key(self) -> &'static str {
        match self {
            ForgeKind::GitHub => "github",
            ForgeKind::GitLab => "gitlab",
            ForgeKind::AzureDevOps => "azure-devops",
        }
    }

    /// Parses a `registry.forge` value.
    pub fn parse(text: &str) -> Result<ForgeKind, String> {
        ForgeKind::ALL
            .into_iter()
            .find(|k| k.key() == text)
            .ok_or_else(|| {
                format!("`{text}` is not a forge: expected github, gitlab or azure-devops")
            })
    }

    /// The forge's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            ForgeKind::GitHub => "GitHub",
            ForgeKind::GitLab => "GitLab",
            ForgeKind::AzureDevOps => "Azure DevOps",
        }
    }

    /// What the forge calls a pull request.
    pub fn pull_request(self) -> &'static str {
        match self {
            ForgeKind::GitLab => "merge request",
            _ => "pull request",
        }
    }

    /// The environment variables a token is read from: the personal token first, then the
    /// token a CI job of the forge's own gets.
    pub fn token_vars(self) -> (&'static [&'static str], Option<&'static str>) {
        match self {
            ForgeKind::GitHub => (&["GITHUB_TOKEN", "GH_TOKEN"], None),
            ForgeKind::GitLab => (&["GITLAB_TOKEN"], Some("CI_JOB_TOKEN")),
            ForgeKind::AzureDevOps => (&["AZURE_DEVOPS_EXT_PAT"], Some("SYSTEM_ACCESSTOKEN")),
        }
    }

    /// The token variables as a sentence, e.g. `GITLAB_TOKEN (or CI_JOB_TOKEN in GitLab CI)`.
    pub fn token_help(self) -> String {
        let (personal, ci) = self.token_vars();
        let mut text = personal[0].to_string();
        if let Some(other) = personal.get(1) {
            text.push_str(&format!(" (or {other})"));
        }
        match (self, ci) {
            (ForgeKind::GitLab, Some(ci)) => text.push_str(&format!(" (or {ci} in GitLab CI)")),
            (ForgeKind::AzureDevOps, Some(ci)) => {
                text.push_str(&format!(" (or {ci} in Azure Pipelines)"))
            }
            _ => {}
        }
        text
    }

    /// The user name git sends with the token over HTTPS.
    pub fn push_user(self, ci_token: bool) -> &'static str {
        match (self, ci_token) {
            (ForgeKind::GitHub, _) => "x-access-token",
            (ForgeKind::GitLab, false) => "oauth2",
            (ForgeKind::GitLab, true) => "gitlab-ci-token",
            // Azure DevOps ignores the user name of a PAT or a pipeline's access token.
            (ForgeKind::AzureDevOps, _) => "goldpath",
        }
    }
}

impl std::fmt::Display for ForgeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// An Azure DevOps repository: organisation, project and repository name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AzureRepo {
    /// The organisation (the collection on Azure DevOps Server).
    pub organization: String,
    /// The project, as it appears in URLs (spaces as `%20`).
    pub project: String,
    /// The repository.
    pub repository: String,
    /// The organisation's API base: `https://dev.azure.com/ORG`, `https://ORG.visualstudio.com`,
    /// or a Server's collection URL.
    pub base: String,
}

/// Where the pull requests go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A GitHub repository.
    GitHub(GithubRepo),
    /// A GitLab project's full path, `GROUP[/SUBGROUP…]/NAME`.
    GitLab(String),
    /// An Azure DevOps repository.
    AzureDevOps(AzureRepo),
}

impl Target {
    /// The forge of the target.
    pub fn kind(&self) -> ForgeKind {
        match self {
            Target::GitHub(_) => ForgeKind::GitHub,
            Target::GitLab(_) => ForgeKind::GitLab,
            Target::AzureDevOps(_) => ForgeKind::AzureDevOps,
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::GitHub(repo) => write!(f, "{repo}"),
            Target::GitLab(project) => f.write_str(project),
            Target::AzureDevOps(r) => {
                write!(f, "{}/{}/{}", r.organization, r.project, r.repository)
            }
        }
    }
}

/// What the user set and what the CI environment tells, for [`place`].
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// `--forge` or `registry.forge`.
    pub forge: Option<ForgeKind>,
    /// `--github-repo` or `registry.github_repo`.
    pub github_repo: Option<GithubRepo>,
    /// `--project` or `registry.project`: a GitLab project path, or `ORG/PROJECT/REPO`.
    pub project: Option<String>,
    /// Hosts the CI environment names as a forge's (`GITHUB_SERVER_URL`, `CI_SERVER_HOST`,
    /// `SYSTEM_COLLECTIONURI`).
    pub ci_hosts: Vec<(ForgeKind, String)>,
}

/// The forge and the repository of the registry at `url`; `Ok(None)` when nothing tells which
/// forge it is (a local path, an unknown host) and nothing was set.
pub fn place(url: &str, hints: &Hints) -> Result<Option<Target>, String> {
    let remote = Remote::parse(url);
    let kind = hints
        .forge
        .or_else(|| remote.as_ref().and_then(known_remote))
        .or_else(|| {
            let host = &remote.as_ref()?.host;
            hints
                .ci_hosts
                .iter()
                .find(|(_, h)| h.eq_ignore_ascii_case(host))
                .map(|(kind, _)| *kind)
        })
        .or_else(|| hints.github_repo.as_ref().map(|_| ForgeKind::GitHub));
    let Some(kind) = kind else {
        return Ok(None);
    };
    let path = remote.as_ref().map(|r| r.path.as_str());
    let target = match kind {
        ForgeKind::GitHub => {
            let repo = hints
                .github_repo
                .clone()
                .or_else(|| GithubRepo::from_remote_url(url))
                .ok_or_else(|| {
                    format!(
                        "cannot tell the GitHub repository of `{}`: pass --github-repo OWNER/NAME (or set registry.github_repo), or --no-pr to stop after the push",
                        crate::remote::display_url(url)
                    )
                })?;
            Target::GitHub(repo)
        }
        ForgeKind::GitLab => {
            let project = match &hints.project {
                Some(project) => gitlab_project(project)
                    .ok_or_else(|| format!("--project / registry.project: `{project}` is not a GitLab project path (GROUP/NAME, or GROUP/SUBGROUP/NAME)"))?,
                None => path.and_then(gitlab_project).ok_or_else(|| {
                    format!(
                        "cannot tell the GitLab project of `{}`: pass --project GROUP/NAME (or set registry.project), or --no-pr to stop after the push",
                        crate::remote::display_url(url)
                    )
                })?,
            };
            Target::GitLab(project)
        }
        ForgeKind::AzureDevOps => {
            let repo = match &hints.project {
                Some(project) => azure_triple(project, remote.as_ref())
                    .ok_or_else(|| format!("--project / registry.project: `{project}` is not an Azure DevOps repository (ORGANIZATION/PROJECT/REPOSITORY)"))?,
                None => remote.as_ref().and_then(azure_repo).ok_or_else(|| {
                    format!(
                        "cannot tell the Azure DevOps repository of `{}`: use a URL like https://dev.azure.com/ORG/PROJECT/_git/REPO, or pass --project ORG/PROJECT/REPO (or set registry.project), or --no-pr",
                        crate::remote::display_url(url)
                    )
                })?,
            };
            Target::AzureDevOps(repo)
        }
    };
    Ok(Some(target))
}

/// The REST API base a target's forge answers on, when neither the user nor the CI
/// environment names one: `https://api.github.com` (or `/api/v3` of an Enterprise host),
/// `/api/v4` of the GitLab host, the Azure DevOps organisation.
pub fn default_api_url(target: &Target, url: &str) -> String {
    let remote = Remote::parse(url);
    let web = remote
        .as_ref()
        .filter(|r| r.scheme.starts_with("http"))
        .map(|r| format!("{}://{}", r.scheme, r.authority));
    match target {
        Target::GitHub(_) => match remote.as_ref().map(|r| r.host.as_str()) {
            Some(host) if !host.eq_ignore_ascii_case("github.com") => {
                format!(
                    "{}/api/v3",
                    web.unwrap_or_else(|| format!("https://{host}"))
                )
            }
            _ => "https://api.github.com".to_string(),
        },
        Target::GitLab(_) => {
            let host = remote.as_ref().map_or("gitlab.com", |r| r.host.as_str());
            format!(
                "{}/api/v4",
                web.unwrap_or_else(|| format!("https://{host}"))
            )
        }
        Target::AzureDevOps(repo) => repo.base.clone(),
    }
}

/// The host, lower case, of a git URL, an API base or a bare host name (as `CI_SERVER_HOST`
/// gives it); empty for a local path or a `file://` URL.
pub fn host(text: &str) -> String {
    match Remote::parse(text) {
        Some(remote) => remote.host,
        None if text.contains(['/', '\\']) => String::new(),
        None => text.to_ascii_lowercase(),
    }
}

/// A git URL taken apart: `https://[USER@]HOST[:PORT]/PATH`, `ssh://…` or `[USER@]HOST:PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Remote {
    scheme: String,
    /// `HOST[:PORT]`, without credentials.
    authority: String,
    /// The host, lower case.
    host: String,
    /// The path, without its leading and trailing `/` and without `.git`.
    path: String,
}

impl Remote {
    fn parse(url: &str) -> Option<Remote> {
        let (scheme, authority, path) = match url.split_once("://") {
            Some((scheme, rest)) => {
                if !matches!(scheme, "https" | "http" | "ssh" | "git") {
                    return None;
                }
                let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
                let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
                (scheme.to_string(), authority.to_string(), path)
            }
            None => {
                let (host, path) = url.split_once(':')?;
                let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
                if host.len() < 2 || host.contains('/') || host.contains('\\') {
                    return None;
                }
                ("ssh".to_string(), host.to_string(), path)
            }
        };
        let host = authority
            .rsplit_once(':')
            .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
            .map_or(authority.as_str(), |(h, _)| h)
            .to_ascii_lowercase();
        let path = path.trim_matches('/');
        let path = path.strip_suffix(".git").unwrap_or(path).to_string();
        Some(Remote {
            scheme,
            authority,
            host,
            path,
        })
    }
}

/// The forge a remote's well-known host, or Azure DevOps' `/_git/` path, shows.
fn known_remote(remote: &Remote) -> Option<ForgeKind> {
    let host = remote.host.as_str();
    if remote.path.split('/').any(|s| s == "_git") {
        return Some(ForgeKind::AzureDevOps);
    }
    if host == "dev.azure.com" || host == "ssh.dev.azure.com" || host.ends_with(".visualstudio.com")
    {
        Some(ForgeKind::AzureDevOps)
    } else if host.split(['.', '-']).any(|label| label == "gitlab") {
        Some(ForgeKind::GitLab)
    } else if host.split(['.', '-']).any(|label| label == "github") {
        Some(ForgeKind::GitHub)
    } else {
        None
    }
}

/// A GitLab project path: two or more segments of letters, digits, `-`, `_` and `.`.
fn gitlab_project(path: &str) -> Option<String> {
    let path = path.trim_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    let valid = segments.len() >= 2
        && segments.iter().all(|s| {
            !s.is_empty()
                && !s.starts_with('-')
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        });
    valid.then(|| path.to_string())
}

/// `ORG/PROJECT/REPO` as an Azure DevOps repository, on the host of `remote` when it is one.
fn azure_triple(text: &str, remote: Option<&Remote>) -> Option<AzureRepo> {
    let parts: Vec<&str> = text.trim_matches('/').split('/').collect();
    let [organization, project, repository] = parts[..] else {
        return None;
    };
    let host = remote.map(|r| r.host.as_str()).unwrap_or("dev.azure.com");
    azure(
        organization,
        project,
        repository,
        &azure_base(remote, host, organization),
    )
}

/// The API base of organisation `org`: Services' hosts by name, a Server's collection on its
/// own host.
fn azure_base(remote: Option<&Remote>, host: &str, org: &str) -> String {
    if host.ends_with(".visualstudio.com") {
        format!("https://{org}.visualstudio.com")
    } else if host == "dev.azure.com" || host == "ssh.dev.azure.com" {
        format!("https://dev.azure.com/{org}")
    } else {
        match remote.filter(|r| r.scheme.starts_with("http")) {
            Some(r) => format!("{}://{}/{org}", r.scheme, r.authority),
            None => format!("https://{host}/{org}"),
        }
    }
}

fn azure(org: &str, project: &str, repo: &str, base: &str) -> Option<AzureRepo> {
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '%'))
    };
    (valid(org) && valid(project) && valid(repo)).then(|| AzureRepo {
        organization: org.to_string(),
        project: project.to_string(),
        repository: repo.to_string(),
        base: base.to_string(),
    })
}

/// The repository of `https://dev.azure.com/ORG/PROJECT/_git/REPO`,
/// `https://ORG.visualstudio.com/[DefaultCollection/]PROJECT/_git/REPO`, the SSH forms
/// `git@ssh.dev.azure.com:v3/ORG/PROJECT/REPO` and `ORG@vs-ssh.visualstudio.com:v3/ORG/PROJECT/REPO`,
/// and a Server's `https://HOST/COLLECTION/PROJECT/_git/REPO`.
fn azure_repo(remote: &Remote) -> Option<AzureRepo> {
    let segments: Vec<&str> = remote.path.split('/').collect();
    let base = |org: &str| azure_base(Some(remote), &remote.host, org);
    if let ["v3", org, project, repo] = segments[..] {
        return azure(org, project, repo, &base(org));
    }
    if let Some(org) = remote.host.strip_suffix(".visualstudio.com") {
        return match segments[..] {
            ["DefaultCollection", project, "_git", repo] | [project, "_git", repo] => {
                azure(org, project, repo, &base(org))
            }
            _ => None,
        };
    }
    match segments[..] {
        [org, project, "_git", repo] => azure(org, project, repo, &base(org)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(url: &str) -> Option<Target> {
        place(url, &Hints::default()).unwrap()
    }

    fn azure_at(org: &str, visualstudio: bool) -> Target {
        Target::AzureDevOps(AzureRepo {
            organization: org.into(),
            project: "Platform".into(),
            repository: "tf-modules".into(),
            base: if visualstudio {
                format!("https://{org}.visualstudio.com")
            } else {
                format!("https://dev.azure.com/{org}")
            },
        })
    }

    #[test]
    fn well_known_hosts_place_themselves() {
        let github = Target::GitHub(GithubRepo::parse("acme/tf-modules").unwrap());
        for url in [
            "https://github.com/acme/tf-modules.git",
            "git@github.com:acme/tf-modules.git",
            "https://github.acme.corp/acme/tf-modules",
        ] {
            assert_eq!(placed(url), Some(github.clone()), "{url}");
        }
        for url in [
            "https://gitlab.com/acme/infra/tf-modules.git",
            "git@gitlab.com:acme/infra/tf-modules.git",
            "ssh://git@gitlab.acme.corp:2222/acme/infra/tf-modules.git",
        ] {
            assert_eq!(
                placed(url),
                Some(Target::GitLab("acme/infra/tf-modules".into())),
                "{url}"
            );
        }
        for (url, want) in [
            (
                "https://dev.azure.com/acme/Platform/_git/tf-modules",
                azure_at("acme", false),
            ),
            (
                "https://acme@dev.azure.com/acme/Platform/_git/tf-modules",
                azure_at("acme", false),
            ),
            (
                "git@ssh.dev.azure.com:v3/acme/Platform/tf-modules",
                azure_at("acme", false),
            ),
            (
                "https://acme.visualstudio.com/Platform/_git/tf-modules",
                azure_at("acme", true),
            ),
            (
                "https://acme.visualstudio.com/DefaultCollection/Platform/_git/tf-modules",
                azure_at("acme", true),
            ),
            (
                "acme@vs-ssh.visualstudio.com:v3/acme/Platform/tf-modules",
                azure_at("acme", true),
            ),
        ] {
            assert_eq!(placed(url), Some(want), "{url}");
        }
    }

    #[test]
    fn unknown_hosts_and_paths_need_a_hint() {
        for url in [
            "https://git.acme.corp/acme/tf-modules.git",
            "/srv/git/modules.git",
            "file:///srv/git/m.git",
        ] {
            assert_eq!(placed(url), None, "{url}");
        }
        let ci = Hints {
            ci_hosts: vec![(ForgeKind::GitLab, "git.acme.corp".into())],
            ..Hints::default()
        };
        assert_eq!(
            place("https://git.acme.corp/acme/tf-modules.git", &ci).unwrap(),
            Some(Target::GitLab("acme/tf-modules".into()))
        );
        let set = Hints {
            forge: Some(ForgeKind::AzureDevOps),
            project: Some("acme/Platform/tf-modules".into()),
            ..Hints::default()
        };
        assert_eq!(
            place("/srv/git/modules.git", &set).unwrap(),
            Some(azure_at("acme", false))
        );
        let github = Hints {
            github_repo: Some(GithubRepo::parse("acme/tf").unwrap()),
            ..Hints::default()
        };
        assert_eq!(
            place("/srv/git/modules.git", &github)
                .unwrap()
                .map(|t| t.kind()),
            Some(ForgeKind::GitHub)
        );
    }

    #[test]
    fn a_forge_without_its_repository_says_what_to_set() {
        let gitlab = Hints {
            forge: Some(ForgeKind::GitLab),
            ..Hints::default()
        };
        let e = place("/srv/git/modules.git", &gitlab).unwrap_err();
        assert!(
            e.contains("--project GROUP/NAME") && e.contains("registry.project"),
            "{e}"
        );
        let e = place("https://dev.azure.com/acme/Platform", &Hints::default()).unwrap_err();
        assert!(e.contains("ORG/PROJECT/REPO"), "{e}");
        let bad = Hints {
            forge: Some(ForgeKind::AzureDevOps),
            project: Some("acme/tf".into()),
            ..Hints::default()
        };
        let e = place("/srv/git/m.git", &bad).unwrap_err();
        assert!(
            e.contains("`acme/tf`") && e.contains("ORGANIZATION/PROJECT/REPOSITORY"),
            "{e}"
        );
    }

    #[test]
    fn hosts_come_from_urls_api_bases_and_bare_names() {
        for (text, want) in [
            ("https://gitlab.acme.corp/api/v4", "gitlab.acme.corp"),
            ("https://ci@dev.azure.com/acme/", "dev.azure.com"),
            ("git@GitHub.com:acme/tf.git", "github.com"),
            ("gitlab.acme.corp", "gitlab.acme.corp"),
            ("http://127.0.0.1:8080/acme/tf.git", "127.0.0.1"),
            ("http://127.0.0.1:8080", "127.0.0.1"),
            ("/srv/git/modules.git", ""),
            ("file:///srv/git/m.git", ""),
        ] {
            assert_eq!(host(text), want, "{text}");
        }
    }

    #[test]
    fn api_bases_follow_the_host() {
        let cases = [
            ("https://github.com/acme/tf.git", "https://api.github.com"),
            (
                "https://github.acme.corp/acme/tf.git",
                "https://github.acme.corp/api/v3",
            ),
            (
                "https://gitlab.com/acme/tf.git",
                "https://gitlab.com/api/v4",
            ),
            (
                "git@gitlab.acme.corp:acme/tf.git",
                "https://gitlab.acme.corp/api/v4",
            ),
            (
                "http://gitlab.local:8080/acme/tf.git",
                "http://gitlab.local:8080/api/v4",
            ),
            (
                "https://dev.azure.com/acme/Platform/_git/tf-modules",
                "https://dev.azure.com/acme",
            ),
            (
                "https://acme.visualstudio.com/Platform/_git/tf-modules",
                "https://acme.visualstudio.com",
            ),
            (
                "https://tfs.acme.corp/Main/Platform/_git/tf-modules",
                "https://tfs.acme.corp/Main",
            ),
        ];
        for (url, api) in cases {
            let target = placed(url).unwrap();
            assert_eq!(default_api_url(&target, url), api, "{url}");
        }
    }

    #[test]
    fn forge_keys_round_trip_and_push_users_match_each_forge() {
        for kind in ForgeKind::ALL {
            assert_eq!(ForgeKind::parse(kind.key()), Ok(kind));
        }
        assert!(
            ForgeKind::parse("bitbucket")
                .unwrap_err()
                .contains("github, gitlab or azure-devops")
        );
        assert_eq!(ForgeKind::GitLab.push_user(false), "oauth2");
        assert_eq!(ForgeKind::GitLab.push_user(true), "gitlab-ci-token");
        assert_eq!(ForgeKind::GitHub.push_user(false), "x-access-token");
        assert_eq!(
            ForgeKind::AzureDevOps.token_help(),
            "AZURE_DEVOPS_EXT_PAT (or SYSTEM_ACCESSTOKEN in Azure Pipelines)"
        );
    }
}
