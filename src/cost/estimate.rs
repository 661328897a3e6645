//! The estimate of one module: every resource it (and the local modules it calls) creates,
//! priced from the table with the usage given, and what cannot be priced, said plainly.

use super::modules::{self, Instance};
use super::resources::{self, Component, Quantity, Rule};
use super::table::{PriceTable, Tier};
use super::usage::UsageFile;
use crate::guardrails::calls::LocalModules;
use crate::guardrails::input::{self, InputError, SourceFile};
use serde::Serialize;

/// The region a module is priced in when nothing names one: Terraform's and Infracost's usual
/// default.
pub const DEFAULT_REGION: &str = "us-east-1";

/// An itemised monthly estimate, in USD.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// Always `USD`.
    pub currency: &'static str,
    /// The region priced, and where it was found.
    pub region: String,
    /// `provider` (the module's aws provider), `given` (the caller's answers) or `default`.
    pub region_from: &'static str,
    /// The price table's version, date and layered files.
    pub prices: PricesUsed,
    /// Every resource, in the order the module declares them.
    pub resources: Vec<ResourceCost>,
    /// The monthly total of every priced item.
    pub monthly: f64,
    /// How many items have no price or no usage, and so are not in the total.
    pub unpriced: usize,
}

/// Which price table an estimate used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PricesUsed {
    /// The shipped table's version.
    pub version: String,
    /// Its date.
    pub date: String,
    /// Price files layered over it.
    pub layers: Vec<String>,
}

/// One resource instance and its items.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceCost {
    /// Its address: `module.service.aws_lambda_function.this`.
    pub address: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: String,
    /// `priced`, `free` or `not_estimated`.
    pub status: Status,
    /// Its billed components.
    pub items: Vec<Item>,
    /// Why it is not estimated, or what was assumed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Its monthly cost: the sum of its priced items.
    pub monthly: f64,
}

/// How a resource counts in the estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// It has billed components.
    Priced,
    /// It costs nothing itself.
    Free,
    /// goldpath does not know the type, or has no price for any of it.
    NotEstimated,
}

/// One line of the bill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// What is billed.
    pub component: String,
    /// The price id.
    pub price_id: String,
    /// The unit of the price.
    pub unit: Option<String>,
    /// Units a month; `None` when the usage is not given.
    pub quantity: Option<f64>,
    /// The price of one unit.
    pub unit_price: Option<f64>,
    /// The monthly cost; `None` when unpriced.
    pub monthly: Option<f64>,
    /// Why it is not in the total: no price, or no usage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unpriced: Option<String>,
    /// Where the price comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// What to estimate: one module directory's files.
#[derive(Debug, Clone, Copy)]
pub struct ModuleFiles<'a> {
    /// Its Terraform files, paths as reported.
    pub files: &'a [SourceFile<'a>],
    /// The directory of those files, in the form `modules` paths take (`.` for the root).
    pub dir: &'a str,
    /// The local modules its calls reach.
    pub local_modules: &'a dyn LocalModules,
}

/// The monthly estimate of `module` in `region_hint` (unless its aws provider names a region),
/// with `usage`, priced from `table`.
///
/// # Errors
///
/// A file that does not parse.
pub fn estimate(
    module: ModuleFiles<'_>,
    region_hint: Option<&str>,
    usage: &UsageFile,
    table: &PriceTable,
) -> Result<Estimate, InputError> {
    let document = input::document(module.files)?;
    let planned = modules::instances(&document.value, module.dir, module.local_modules);
    let (region, region_from) = match (planned.region.as_deref(), region_hint) {
        (Some(region), _) => (region.to_string(), "provider"),
        (None, Some(given)) => (given.to_string(), "given"),
        (None, None) => (DEFAULT_REGION.to_string(), "default"),
    };
    let resources: Vec<ResourceCost> = planned
        .instances
        .iter()
        .map(|instance| price(instance, &region, usage, table))
        .collect();
    let monthly = round_cents(resources.iter().map(|r| r.monthly).sum());
    let unpriced = resources
        .iter()
        .flat_map(|r| &r.items)
        .filter(|i| i.unpriced.is_some())
        .count()
        + resources
            .iter()
            .filter(|r| r.status == Status::NotEstimated && r.items.is_empty())
            .count();
    Ok(Estimate {
        currency: "USD",
        region,
        region_from,
        prices: PricesUsed {
            version: table.version.clone(),
            date: table.date.clone(),
            layers: table.layers.iter().map(|l| l.file.clone()).collect(),
        },
        resources,
        monthly,
        unpriced,
    })
}

fn price(instance: &Instance, region: &str, usage: &UsageFile, table: &PriceTable) -> ResourceCost {
    let found = usage.lookup(&instance.kind, &instance.address);
    let mut cost = ResourceCost {
        address: instance.address.clone(),
        kind: instance.kind.clone(),
        status: Status::NotEstimated,
        items: Vec::new(),
        notes: instance.notes.clone(),
        monthly: 0.0,
    };
    match instance
        .not_estimated
        .clone()
        .map(Rule::Unpriced)
        .or_else(|| resources::rule(&instance.kind, &instance.body, &found))
    {
        Some(Rule::Free) => cost.status = Status::Free,
        Some(Rule::Unpriced(reason)) => cost.notes.push(reason),
        None => cost
            .notes
            .push(format!("goldpath does not estimate `{}`", instance.kind)),
        Some(Rule::Priced(components)) => {
            cost.status = Status::Priced;
            cost.items = components
                .iter()
                .flat_map(|c| bill(c, region, table))
                .collect();
            cost.monthly = cost.items.iter().filter_map(|i| i.monthly).sum();
        }
    }
    cost
}

/// The items of one component: one per price tier the quantity reaches.
fn bill(component: &Component, region: &str, table: &PriceTable) -> Vec<Item> {
    let (quantity, usage_key) = match &component.quantity {
        Quantity::Fixed(q) => (Some(*q), None),
        Quantity::Usage { key, value } => (*value, Some(*key)),
    };
    let unpriced = |reason: String, unit: Option<String>| Item {
        component: component.name.clone(),
        price_id: component.price_id.clone(),
        unit,
        quantity,
        unit_price: None,
        monthly: None,
        unpriced: Some(reason),
        source: None,
    };
    let rate = match table.rate(region, &component.price_id) {
        Ok(rate) => rate,
        Err(why) => return vec![unpriced(why.to_string(), None)],
    };
    let Some(quantity) = quantity else {
        let key = usage_key.unwrap_or("usage");
        return vec![Item {
            unit_price: rate.tiers.first().map(|t| t.price),
            source: Some(rate.source.to_string()),
            ..unpriced(
                format!("depends on usage: set `{key}` in the usage file"),
                Some(rate.unit.to_string()),
            )
        }];
    };
    let used = tiers_used(&rate.tiers, quantity);
    let several = used.len() > 1;
    used.into_iter()
        .map(|(tier, amount)| Item {
            component: if several {
                format!("{} ({})", component.name, tier_label(tier, rate.unit))
            } else {
                component.name.clone()
            },
            price_id: component.price_id.clone(),
            unit: Some(rate.unit.to_string()),
            quantity: Some(amount),
            unit_price: Some(tier.price),
            monthly: Some(amount * tier.price),
            unpriced: None,
            source: Some(rate.source.to_string()),
        })
        .collect()
}

/// How much of `quantity` falls in each tier (at least the first tier, even for 0).
fn tiers_used(tiers: &[Tier], quantity: f64) -> Vec<(&Tier, f64)> {
    let mut out = Vec::new();
    for tier in tiers {
        if quantity <= tier.from && !out.is_empty() {
            break;
        }
        let top = tier.to.map_or(quantity, |to| quantity.min(to));
        out.push((tier, (top - tier.from).max(0.0)));
    }
    out
}

fn tier_label(tier: &Tier, unit: &str) -> String {
    match tier.to {
        Some(to) if tier.from == 0.0 => format!("first {} × {unit}", compact(to)),
        Some(to) => format!("{} to {} × {unit}", compact(tier.from), compact(to)),
        None => format!("over {} × {unit}", compact(tier.from)),
    }
}

/// A large round number, short: 7.5B, 300M, 10k.
fn compact(n: f64) -> String {
    let (value, suffix) = if n >= 1e9 {
        (n / 1e9, "B")
    } else if n >= 1e6 {
        (n / 1e6, "M")
    } else if n >= 1e3 {
        (n / 1e3, "k")
    } else {
        (n, "")
    };
    format!("{}{suffix}", (value * 100.0).round() / 100.0)
}

/// `n` rounded to cents.
pub fn round_cents(n: f64) -> f64 {
    (n * 100.0).round() / 100.0
}
