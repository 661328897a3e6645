//! The estimate shown: a table for people, Markdown for pull requests, one JSON document.

use super::estimate::{Estimate, ResourceCost, Status};
use super::table::PriceTable;
use std::fmt::Write;

/// The estimates of the modules of one run, with the total.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CostReport {
    /// Each module, by directory.
    pub modules: Vec<ModuleCost>,
    /// The sum of the modules' totals, USD a month.
    pub monthly: f64,
    /// How many items across the modules are not in the total.
    pub unpriced: usize,
}

/// One module's estimate.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ModuleCost {
    /// Its directory, as shown.
    pub dir: String,
    /// Its estimate.
    #[serde(flatten)]
    pub estimate: Estimate,
}

impl CostReport {
    /// The report of `modules`.
    pub fn new(modules: Vec<ModuleCost>) -> CostReport {
        let monthly =
            super::estimate::round_cents(modules.iter().map(|m| m.estimate.monthly).sum());
        let unpriced = modules.iter().map(|m| m.estimate.unpriced).sum();
        CostReport {
            modules,
            monthly,
            unpriced,
        }
    }

    /// One JSON document.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a cost report serializes") + "\n"
    }
}

/// Dollars, to the cent; small unit prices keep their digits.
pub fn usd(n: f64) -> String {
    if n != 0.0 && n.abs() < 0.01 {
        let text = format!("{n:.10}");
        return format!("${}", text.trim_end_matches('0'));
    }
    let cents = (n * 100.0).round() as i64;
    let (whole, frac) = (cents / 100, (cents % 100).abs());
    let grouped = thousands(&whole.abs().to_string());
    format!("{}${grouped}.{frac:02}", if cents < 0 { "-" } else { "" })
}

/// A unit price: at least cents, and every digit the price has up to a millionth of a cent.
pub fn unit_price(n: f64) -> String {
    let text = format!("{n:.8}");
    let trimmed = text.trim_end_matches('0');
    let decimals = trimmed.split_once('.').map_or(0, |(_, d)| d.len());
    if decimals <= 2 {
        format!("${n:.2}")
    } else {
        format!("${trimmed}")
    }
}

/// Digits grouped by thousands: 1,234,567.
fn thousands(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A quantity, as short as it stays exact.
fn quantity(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        let digits = (n as i64).abs().to_string();
        format!("{}{}", if n < 0.0 { "-" } else { "" }, thousands(&digits))
    } else {
        let text = format!("{n:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The line naming the resources that cost nothing, when there are any.
fn free(e: &Estimate) -> Option<String> {
    let free: Vec<&ResourceCost> = e
        .resources
        .iter()
        .filter(|r| r.status == Status::Free)
        .collect();
    (!free.is_empty()).then(|| format!("free ({}): {}", free.len(), grouped(&free)))
}

/// Resource types with their counts: `aws_iam_role ×3, aws_vpc`.
fn grouped(resources: &[&ResourceCost]) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for r in resources {
        match counts.iter_mut().find(|(k, _)| *k == r.kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((r.kind.clone(), 1)),
        }
    }
    counts
        .iter()
        .map(|(k, n)| {
            if *n == 1 {
                k.clone()
            } else {
                format!("{k} ×{n}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text for people.
pub fn human(report: &CostReport) -> String {
    let mut out = String::new();
    for module in &report.modules {
        let e = &module.estimate;
        let _ = writeln!(
            out,
            "{} — {} ({}), prices {} of {}{}",
            module.dir,
            e.region,
            match e.region_from {
                "provider" => "from the aws provider",
                "given" => "from the module's answers",
                _ => "no region named; the default",
            },
            e.prices.version,
            e.prices.date,
            if e.prices.layers.is_empty() {
                String::new()
            } else {
                format!(" with {}", e.prices.layers.join(", "))
            }
        );
        let _ = writeln!(
            out,
            "  {:<58} {:>14} {:<18} {:>12} {:>11}",
            "RESOURCE / COMPONENT", "QUANTITY", "UNIT", "UNIT PRICE", "MONTHLY"
        );
        for r in e.resources.iter().filter(|r| r.status == Status::Priced) {
            let _ = writeln!(out, "  {}", r.address);
            for item in &r.items {
                let _ = writeln!(
                    out,
                    "    {:<56} {:>14} {:<18} {:>12} {:>11}",
                    item.component,
                    item.quantity.map(quantity).unwrap_or_else(|| "-".into()),
                    item.unit.as_deref().unwrap_or("-"),
                    item.unit_price
                        .map(unit_price)
                        .unwrap_or_else(|| "-".into()),
                    item.monthly.map(usd).unwrap_or_else(|| "unpriced".into()),
                );
                if let Some(why) = &item.unpriced {
                    let _ = writeln!(out, "      ↳ {why}");
                }
            }
            for note in &r.notes {
                let _ = writeln!(out, "      note: {note}");
            }
        }
        let not_estimated: Vec<&ResourceCost> = e
            .resources
            .iter()
            .filter(|r| r.status == Status::NotEstimated)
            .collect();
        for r in &not_estimated {
            let _ = writeln!(
                out,
                "  {}: not estimated: {}",
                r.address,
                r.notes.join("; ")
            );
        }
        if let Some(free) = free(e) {
            let _ = writeln!(out, "  {free}");
        }
        let _ = writeln!(
            out,
            "  monthly: {}{}\n",
            usd(e.monthly),
            unpriced_note(e.unpriced)
        );
    }
    if report.modules.len() > 1 {
        let _ = writeln!(
            out,
            "total monthly: {}{}",
            usd(report.monthly),
            unpriced_note(report.unpriced)
        );
    }
    out
}

fn unpriced_note(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => " (1 item unpriced, not in the total)".into(),
        n => format!(" ({n} items unpriced, not in the total)"),
    }
}

/// Markdown, for a pull request body or a CI summary.
pub fn markdown(report: &CostReport) -> String {
    let mut out = String::new();
    for module in &report.modules {
        let e = &module.estimate;
        let _ = writeln!(
            out,
            "**{}**: {} a month in {} (prices {} of {}){}\n",
            module.dir,
            usd(e.monthly),
            e.region,
            e.prices.version,
            e.prices.date,
            unpriced_note(e.unpriced)
        );
        let _ = writeln!(
            out,
            "| Resource | Component | Quantity | Unit | Unit price | Monthly |"
        );
        let _ = writeln!(out, "|---|---|---:|---|---:|---:|");
        for r in e.resources.iter().filter(|r| r.status == Status::Priced) {
            for item in &r.items {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} | {} |",
                    r.address,
                    item.component,
                    item.quantity.map(quantity).unwrap_or_else(|| "–".into()),
                    item.unit.as_deref().unwrap_or("–"),
                    item.unit_price
                        .map(unit_price)
                        .unwrap_or_else(|| "–".into()),
                    match (&item.monthly, &item.unpriced) {
                        (Some(m), _) => usd(*m),
                        (None, Some(why)) => format!("unpriced: {why}"),
                        (None, None) => "unpriced".into(),
                    }
                );
            }
        }
        for r in e
            .resources
            .iter()
            .filter(|r| r.status == Status::NotEstimated)
        {
            let _ = writeln!(
                out,
                "| `{}` | not estimated: {} | | | | |",
                r.address,
                r.notes.join("; ")
            );
        }
        if let Some(free) = free(e) {
            let _ = writeln!(out, "\n{free}");
        }
        out.push('\n');
    }
    if report.modules.len() > 1 {
        let _ = writeln!(
            out,
            "**Total: {} a month**{}",
            usd(report.monthly),
            unpriced_note(report.unpriced)
        );
    }
    out
}

/// The price table: version, date, layered files, and every price with its source.
pub fn prices(table: &PriceTable) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "goldpath price table {} of {}",
        table.version, table.date
    );
    for layer in &table.layers {
        let _ = writeln!(
            out,
            "layered: {}{}{}, {} price{}",
            layer.file,
            layer
                .name
                .as_ref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default(),
            layer
                .discount_percent
                .map(|d| format!(", {d}% off every other price"))
                .unwrap_or_default(),
            layer.prices,
            if layer.prices == 1 { "" } else { "s" }
        );
    }
    for (code, region) in &table.regions {
        let _ = writeln!(out, "\n{code} ({})", region.currency);
        for (id, price) in &region.prices {
            let rates: Vec<String> = price
                .tiers
                .iter()
                .map(|t| match t.to {
                    None if price.tiers.len() == 1 => format!("{} {}", region.currency, t.price),
                    None => format!("{} over {}", t.price, quantity(t.from)),
                    Some(to) => {
                        format!("{} from {} to {}", t.price, quantity(t.from), quantity(to))
                    }
                })
                .collect();
            let _ = writeln!(
                out,
                "  {id:<44} {} per {}  (as of {}{})\n    source: {}",
                rates.join("; "),
                price.unit,
                price.as_of.as_deref().unwrap_or("undated"),
                if price.region_stated {
                    ""
                } else {
                    "; the source names no region"
                },
                price.sources.join(" | ")
            );
        }
        if let Some(instances) = &region.instances {
            let _ = writeln!(
                out,
                "  ec2.instance.TYPE: {} instance types, {} per instance-hour, as of {}\n    source: {}",
                instances.prices.len(),
                region.currency,
                instances.as_of,
                instances.source
            );
        }
        if !region.not_sourced.is_empty() {
            let _ = writeln!(out, "  not sourced: {}", region.not_sourced.join("; "));
        }
    }
    out
}
