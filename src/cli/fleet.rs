//! `goldpath fleet`: the registry read from the publish cache, surveyed against today's
//! catalog, policies and prices.

use super::args::{FleetArgs, FleetFormat};
use crate::Error;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::fleet::{Judges, survey, table};
use crate::guardrails::bundle::shipped_policies;
use crate::publish::{Token, read_registry};
use std::io::Write;

pub(super) fn run(
    catalog: &Catalog,
    config: &Config,
    args: &FleetArgs,
    quiet: bool,
) -> Result<i32, Error> {
    let url = super::publish::registry_url(args.registry.as_ref(), config)?;
    let token = super::publish::non_empty_env("GITHUB_TOKEN")
        .or_else(|| super::publish::non_empty_env("GH_TOKEN"))
        .map(Token::new);
    let base = args.base.clone().or_else(|| config.registry.base.clone());
    let resume = format!(
        "goldpath fleet --registry {}",
        shlex::try_quote(&url).map_or_else(|_| url.clone(), |q| q.into_owned())
    );
    let started = std::time::Instant::now();
    let snapshot = read_registry(
        &url,
        base.as_deref(),
        token.as_ref(),
        &super::publish::registry_cache()?,
        &resume,
    )?;
    let policies = shipped_policies()?;
    let (prices, _) = super::cost::costing(Some(config))?;
    let fleet = survey(
        &snapshot.files,
        &Judges {
            catalog,
            policies: &policies,
            prices: &prices,
        },
    );
    let text = match args.format {
        FleetFormat::Json => {
            let mut doc = serde_json::to_value(&fleet).expect("JSON values serialize");
            doc["registry"] = serde_json::json!({
                "url": crate::publish::display_url(&url),
                "branch": snapshot.branch,
                "commit": snapshot.commit,
            });
            serde_json::to_string_pretty(&doc).expect("JSON values serialize") + "\n"
        }
        FleetFormat::Markdown => table(&fleet, true),
        FleetFormat::Human => table(&fleet, false),
    };
    anstream::stdout()
        .write_all(text.as_bytes())
        .map_err(|source| Error::Write {
            path: "stdout".into(),
            source,
        })?;
    if !quiet && args.format == FleetFormat::Human {
        let behind = fleet.templates.values().map(|t| t.behind).sum::<usize>();
        let _ = writeln!(
            anstream::stderr(),
            "{} generated module{} on {} ({}), {behind} behind the catalog, in {:.1} s",
            fleet.modules.len(),
            if fleet.modules.len() == 1 { "" } else { "s" },
            snapshot.branch,
            &snapshot.commit[..12.min(snapshot.commit.len())],
            started.elapsed().as_secs_f64()
        );
    }
    Ok(0)
}
