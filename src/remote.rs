//! What every talk to a git remote shares: credentials and how a URL may be shown.

use git2::{Cred, CredentialType, RemoteCallbacks};
use std::cell::Cell;

/// A remote URL as it may be shown, logged or recorded: without any `user:password@`.
pub fn display_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            format!("{scheme}://{host}/{path}")
        }
        None => url.to_string(),
    }
}

/// Answers git's credential requests: the token for HTTPS, the ssh-agent for SSH. Nothing is
/// stored; after three refusals the credential counts as wrong.
pub fn credentials<'a>(callbacks: &mut RemoteCallbacks<'a>, token: Option<&'a str>) {
    let attempts = Cell::new(0);
    callbacks.credentials(move |_url, user, allowed| {
        attempts.set(attempts.get() + 1);
        if attempts.get() > 3 {
            return Err(git2::Error::from_str("authentication failed"));
        }
        match token {
            Some(token) if allowed.contains(CredentialType::USER_PASS_PLAINTEXT) => {
                Cred::userpass_plaintext("x-access-token", token)
            }
            None if allowed.contains(CredentialType::USER_PASS_PLAINTEXT) => Err(
                git2::Error::from_str("authentication required and no token is set"),
            ),
            _ if allowed.contains(CredentialType::SSH_KEY) => {
                Cred::ssh_key_from_agent(user.unwrap_or("git"))
            }
            _ if allowed.contains(CredentialType::USERNAME) => {
                Cred::username(user.unwrap_or("git"))
            }
            _ => Cred::default(),
        }
    });
}
