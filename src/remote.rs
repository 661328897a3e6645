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

/// A token and the user name git sends it with over HTTPS.
#[derive(Debug, Clone, Copy)]
pub struct Login<'a> {
    /// The user name the forge expects with this kind of token (`x-access-token`, `oauth2`, …).
    pub user: &'a str,
    /// The token.
    pub secret: &'a str,
}

/// Answers git's credential requests: the token for HTTPS, the ssh-agent for SSH. Nothing is
/// stored; after three refusals the credential counts as wrong.
pub fn credentials<'a>(callbacks: &mut RemoteCallbacks<'a>, token: Option<Login<'a>>) {
    let attempts = Cell::new(0);
    callbacks.credentials(move |_url, user, allowed| {
        attempts.set(attempts.get() + 1);
        if attempts.get() > 3 {
            return Err(git2::Error::from_str("authentication failed"));
        }
        match token {
            Some(login) if allowed.contains(CredentialType::USER_PASS_PLAINTEXT) => {
                Cred::userpass_plaintext(login.user, login.secret)
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
