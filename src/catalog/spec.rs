//! Template source specs as users write them: a directory, or `GIT-URL[//SUBDIR]#REF`.

pub use crate::remote::display_url;
use std::path::PathBuf;

/// Where templates come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceSpec {
    /// A template directory, or a directory of templates.
    Dir(PathBuf),
    /// A git repository at a ref.
    Git(GitSpec),
}

/// A git repository, the ref to use and the directory of templates inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitSpec {
    /// The URL as given, credentials included: only ever handed to git.
    pub url: String,
    /// A tag, branch or (full or abbreviated) commit.
    pub reference: String,
    /// The directory of the repository that holds the templates; the root when `None`.
    pub subdir: Option<String>,
}

impl GitSpec {
    /// The URL as it may be shown, logged or recorded: without `user:password@`.
    pub fn display_url(&self) -> String {
        display_url(&self.url)
    }
}

/// Where a template from a git source came from, as modules record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitOrigin {
    /// The URL, credentials removed.
    pub url: String,
    /// The ref as given.
    pub reference: String,
    /// The commit it resolved to.
    pub commit: String,
    /// The directory of the repository that holds the templates.
    pub subdir: Option<String>,
}

impl GitOrigin {
    /// The spec that renders exactly this version again: `URL[//SUBDIR]#COMMIT`.
    pub fn pinned(&self) -> String {
        let subdir = self
            .subdir
            .as_ref()
            .map(|s| format!("//{s}"))
            .unwrap_or_default();
        format!("{}{subdir}#{}", self.url, self.commit)
    }
}

/// Why a source spec is not one goldpath can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The spec, credentials removed.
    pub spec: String,
    /// What is wrong and what to write instead.
    pub message: String,
}

/// `http://` only reaches [`SCHEMES`] for this machine; see [`loopback`].
const SCHEMES: [&str; 5] = ["https://", "http://", "ssh://", "git://", "file://"];

/// Whether an `http://` URL names this machine (`localhost`, `127.0.0.1`, `[::1]`), where
/// nothing crosses a network: a local mirror or proxy.
fn loopback(url: &str) -> bool {
    let rest = url.trim_start_matches("http://");
    let authority = rest.split('/').next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    matches!(host, "localhost" | "127.0.0.1" | "::1")
}

/// Reads a source spec. Anything that is not a git URL is a directory.
pub fn parse(spec: &str) -> Result<SourceSpec, SpecError> {
    let error = |message: String| SpecError {
        spec: display_url(spec),
        message,
    };
    if spec.starts_with("http://") && !loopback(spec) {
        return Err(error(
            "plain http is refused: templates and credentials would cross the network unencrypted; use https:// or ssh://".into(),
        ));
    }
    let scheme = SCHEMES.iter().find(|s| spec.starts_with(**s));
    if scheme.is_none() && !is_scp_like(spec) {
        return Ok(SourceSpec::Dir(PathBuf::from(spec)));
    }
    let Some((location, reference)) = spec.rsplit_once('#') else {
        return Err(error(
            "a git source needs a ref: append #TAG, #BRANCH or #COMMIT (e.g. #v1.2.0), so every module records what it was rendered from".into(),
        ));
    };
    if reference.is_empty() || reference.chars().any(|c| c.is_whitespace() || c == '#') {
        return Err(error(format!(
            "`{reference}` is not a ref: give a tag, branch or commit after `#`"
        )));
    }
    let body_start = scheme.map_or_else(|| location.find(':').map_or(0, |i| i + 1), |s| s.len());
    // `file:///srv/repo` starts its path with `/`: a subdir separator is a `//` after that.
    let search_from = body_start + usize::from(location[body_start..].starts_with('/'));
    let (url, subdir) = match location[search_from..].find("//") {
        Some(i) => {
            let at = search_from + i;
            let subdir = location[at + 2..].trim_end_matches('/');
            if !super::is_safe_relative(subdir) {
                return Err(error(format!(
                    "`{subdir}` is not a directory inside the repository: give a relative path without `..` after `//`"
                )));
            }
            (&location[..at], Some(subdir.to_string()))
        }
        None => (location, None),
    };
    if url.len() <= body_start {
        return Err(error("the URL names no repository".into()));
    }
    Ok(SourceSpec::Git(GitSpec {
        url: url.to_string(),
        reference: reference.to_string(),
        subdir,
    }))
}

/// `user@host:path`, git's scp-like SSH syntax.
fn is_scp_like(spec: &str) -> bool {
    let Some((user_host, _)) = spec.split_once(':') else {
        return false;
    };
    match user_host.split_once('@') {
        Some((user, host)) => {
            !user.is_empty()
                && !host.is_empty()
                && !user_host.contains('/')
                && user
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn git(spec: &str) -> GitSpec {
        match parse(spec) {
            Ok(SourceSpec::Git(g)) => g,
            other => panic!("{spec}: {other:?}"),
        }
    }

    #[test]
    fn git_urls_take_a_subdir_and_a_ref() {
        let g = git("https://github.com/acme/templates.git//golden/paths#v1.2.0");
        assert_eq!(g.url, "https://github.com/acme/templates.git");
        assert_eq!(g.subdir.as_deref(), Some("golden/paths"));
        assert_eq!(g.reference, "v1.2.0");
        let g = git("file:///srv/git/templates.git#main");
        assert_eq!(
            (g.url.as_str(), g.subdir),
            ("file:///srv/git/templates.git", None)
        );
        let g = git("file:///srv/git/templates.git//t#main");
        assert_eq!(g.subdir.as_deref(), Some("t"));
        let g = git("git@github.com:acme/templates.git//t#0123abc");
        assert_eq!(g.url, "git@github.com:acme/templates.git");
        assert_eq!(g.reference, "0123abc");
        let g = git("ssh://git@host:2222/acme/t.git#release/2");
        assert_eq!(g.reference, "release/2");
        assert_eq!(
            git("git://127.0.0.1:9418/t.git#v1").url,
            "git://127.0.0.1:9418/t.git"
        );
    }

    #[test]
    fn anything_else_is_a_directory() {
        for dir in [
            "platform-templates",
            "./t",
            "/srv/templates",
            "C:\\t",
            "a#b",
        ] {
            assert_eq!(parse(dir), Ok(SourceSpec::Dir(PathBuf::from(dir))), "{dir}");
        }
    }

    #[test]
    fn bad_git_specs_say_what_to_write() {
        let e = parse("https://tok:secret@github.com/acme/t.git").unwrap_err();
        assert!(e.message.contains("#TAG"), "{e:?}");
        assert!(!e.spec.contains("secret"), "{e:?}");
        assert!(
            parse("http://example.com/t.git#v1")
                .unwrap_err()
                .message
                .contains("https")
        );
        for remote in [
            "http://127.0.0.1.example.com/t.git#v1",
            "http://localhost@example.com/t.git#v1",
        ] {
            assert!(parse(remote).is_err(), "{remote}");
        }
        for local in [
            "http://127.0.0.1:8080/t.git#v1",
            "http://tok@localhost/t.git#v1",
            "http://[::1]:9/t.git#v1",
        ] {
            assert!(matches!(parse(local), Ok(SourceSpec::Git(_))), "{local}");
        }
        assert!(
            parse("https://h/t.git//../x#v1")
                .unwrap_err()
                .message
                .contains("..")
        );
        assert!(parse("https://h/t.git#").is_err());
    }

    proptest! {
        #[test]
        fn a_spec_never_panics_and_a_git_spec_round_trips(
            host in "[a-z]{1,8}",
            path in "[a-z]{1,8}(/[a-z]{1,8}){0,2}",
            sub in proptest::option::of("[a-z]{1,8}(/[a-z]{1,8}){0,2}"),
            reference in "[A-Za-z0-9._/-]{1,20}",
            noise in ".{0,40}",
        ) {
            let _ = parse(&noise);
            let spec = format!(
                "https://{host}/{path}.git{}#{reference}",
                sub.as_ref().map(|s| format!("//{s}")).unwrap_or_default()
            );
            let g = git(&spec);
            prop_assert_eq!(g.url, format!("https://{host}/{path}.git"));
            prop_assert_eq!(g.subdir, sub);
            prop_assert_eq!(g.reference, reference);
        }
    }
}
