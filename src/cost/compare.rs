//! The monthly difference between two estimates of a tree, module by module and line by line:
//! what `goldpath cost --compare-to` shows.

use super::estimate::{Estimate, ResourceCost, round_cents};
use super::report::{CostReport, usd};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write;

/// How a module or a line differs between the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Only after.
    Added,
    /// Only before.
    Removed,
    /// On both sides, different.
    Changed,
    /// On both sides, the same (modules only: unchanged lines are not listed).
    Unchanged,
}

/// A count on both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Before.
    pub before: usize,
    /// After.
    pub after: usize,
}

/// The difference between two reports of a tree, in USD a month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The total before.
    pub before: f64,
    /// The total after.
    pub after: f64,
    /// After − before, to the cent.
    pub difference: f64,
    /// Items in neither total, on each side.
    pub unpriced: Counts,
    /// Every module of either side, by directory.
    pub modules: Vec<ModuleChange>,
}

/// One module's difference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleChange {
    /// Its directory, as shown.
    pub dir: String,
    /// Whether it is new, gone, changed or the same.
    pub change: Change,
    /// Its total before (0 when it is new).
    pub before: f64,
    /// Its total after (0 when it is gone).
    pub after: f64,
    /// After − before, to the cent.
    pub difference: f64,
    /// Its items in neither total, on each side.
    pub unpriced: Counts,
    /// Addresses of the resources only after, in its order.
    pub resources_added: Vec<String>,
    /// Addresses of the resources only before, in its order.
    pub resources_removed: Vec<String>,
    /// The lines that differ: the resources after in their order, then those only before.
    pub items: Vec<ItemChange>,
}

/// One line of the bill that differs: a resource's component, its price tiers summed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemChange {
    /// The resource's address.
    pub address: String,
    /// The component, without a tier's label.
    pub component: String,
    /// Added, removed or changed.
    pub change: Change,
    /// Monthly before; `None` when added, or unpriced before.
    pub before: Option<f64>,
    /// Monthly after; `None` when removed, or unpriced after.
    pub after: Option<f64>,
    /// What it adds to the total's difference: after − before, an unpriced side counting 0.
    pub difference: f64,
}

/// A line of a resource: a component and its monthly cost (tiers summed; `None` unpriced).
type Line<'a> = (&'a str, Option<f64>);

/// The difference from `before` to `after`: modules matched by directory, lines by resource
/// address and component.
pub fn compare(before: &CostReport, after: &CostReport) -> Comparison {
    let (old, new) = (by_dir(before), by_dir(after));
    let dirs: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    Comparison {
        before: before.monthly,
        after: after.monthly,
        difference: round_cents(after.monthly - before.monthly),
        unpriced: Counts {
            before: before.unpriced,
            after: after.unpriced,
        },
        modules: dirs
            .into_iter()
            .map(|dir| module(dir, old.get(dir).copied(), new.get(dir).copied()))
            .collect(),
    }
}

fn by_dir(report: &CostReport) -> HashMap<&str, &Estimate> {
    report
        .modules
        .iter()
        .map(|m| (m.dir.as_str(), &m.estimate))
        .collect()
}

fn module(dir: &str, before: Option<&Estimate>, after: Option<&Estimate>) -> ModuleChange {
    let monthly = |e: Option<&Estimate>| e.map_or(0.0, |e| e.monthly);
    let (old, new) = (resources(before), resources(after));
    let unpriced = Counts {
        before: before.map_or(0, |e| e.unpriced),
        after: after.map_or(0, |e| e.unpriced),
    };
    let items = items(old, new);
    let resources_added = only_in(new, old);
    let resources_removed = only_in(old, new);
    let same = items.is_empty()
        && resources_added.is_empty()
        && resources_removed.is_empty()
        && unpriced.before == unpriced.after;
    let change = match (before, after) {
        (None, _) => Change::Added,
        (_, None) => Change::Removed,
        _ if same => Change::Unchanged,
        _ => Change::Changed,
    };
    ModuleChange {
        dir: dir.to_string(),
        change,
        before: monthly(before),
        after: monthly(after),
        difference: round_cents(monthly(after) - monthly(before)),
        unpriced,
        resources_added,
        resources_removed,
        items,
    }
}

/// The resources of one side, none when the module is not there.
fn resources(e: Option<&Estimate>) -> &[ResourceCost] {
    e.map_or(&[], |e| e.resources.as_slice())
}

/// Addresses of `these` resources that `others` does not have.
fn only_in(these: &[ResourceCost], others: &[ResourceCost]) -> Vec<String> {
    let others: HashSet<&str> = others.iter().map(|r| r.address.as_str()).collect();
    these
        .iter()
        .filter(|r| !others.contains(r.address.as_str()))
        .map(|r| r.address.clone())
        .collect()
}

/// The lines that differ: `after`'s resources in order, then the resources only `before` has.
fn items(before: &[ResourceCost], after: &[ResourceCost]) -> Vec<ItemChange> {
    let old: HashMap<&str, &ResourceCost> =
        before.iter().map(|r| (r.address.as_str(), r)).collect();
    let new: HashSet<&str> = after.iter().map(|r| r.address.as_str()).collect();
    let mut out = Vec::new();
    for r in after {
        let was = old
            .get(r.address.as_str())
            .map_or_else(Vec::new, |o| lines(o));
        out.extend(resource_items(&r.address, &was, &lines(r)));
    }
    for r in before.iter().filter(|r| !new.contains(r.address.as_str())) {
        out.extend(resource_items(&r.address, &lines(r), &[]));
    }
    out
}

/// The lines of one resource that differ between `before` and `after`.
fn resource_items(address: &str, before: &[Line<'_>], after: &[Line<'_>]) -> Vec<ItemChange> {
    let line = |component: &str, change, before, after| ItemChange {
        address: address.to_string(),
        component: component.to_string(),
        change,
        before,
        after,
        difference: tidy(after.unwrap_or(0.0) - before.unwrap_or(0.0)),
    };
    let mut out = Vec::new();
    for &(name, now) in after {
        match before.iter().find(|(n, _)| *n == name) {
            None => out.push(line(name, Change::Added, None, now)),
            Some(&(_, was)) if differs(was, now) => {
                out.push(line(name, Change::Changed, was, now));
            }
            Some(_) => {}
        }
    }
    for &(name, was) in before {
        if !after.iter().any(|(n, _)| *n == name) {
            out.push(line(name, Change::Removed, was, None));
        }
    }
    out
}

/// `resource`'s items by component, the tiers of one component summed.
fn lines(resource: &ResourceCost) -> Vec<Line<'_>> {
    let mut out: Vec<Line<'_>> = Vec::new();
    for item in &resource.items {
        let name = untiered(&item.component, item.unit.as_deref());
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some((_, sum)) => {
                *sum = match (*sum, item.monthly) {
                    (None, None) => None,
                    (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
                };
            }
            None => out.push((name, item.monthly)),
        }
    }
    out
}

/// The component a tier's line belongs to: the estimate names each tier a quantity reaches,
/// when it reaches several, `NAME (first 7.5B × GB-second)`, `NAME (10k to 50k × GB)` or
/// `NAME (over 50k × GB)`.
fn untiered<'a>(name: &'a str, unit: Option<&str>) -> &'a str {
    let base = || {
        let rest = name.strip_suffix(&format!(" × {})", unit?))?;
        let (base, label) = rest.rsplit_once(" (")?;
        let tier =
            label.starts_with("first ") || label.starts_with("over ") || label.contains(" to ");
        tier.then_some(base)
    };
    base().unwrap_or(name)
}

/// Whether two monthly costs differ (an unpriced side differs from a priced one).
fn differs(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() > 1e-9,
        (a, b) => a.is_some() != b.is_some(),
    }
}

/// `n` without floating-point noise: ten decimals, as many as [`usd`] shows.
fn tidy(n: f64) -> f64 {
    (n * 1e10).round() / 1e10
}

/// A difference in dollars, signed: `+$1.00`, `-$1.00`, `$0.00`.
pub fn signed(n: f64) -> String {
    let sign = if n > 0.0 {
        "+"
    } else if n < 0.0 {
        "-"
    } else {
        ""
    };
    format!("{sign}{}", usd(n.abs()))
}

/// `$1.00 → $2.00 (+$1.00)`, or `(no change)`.
fn totals(before: f64, after: f64, difference: f64) -> String {
    let change = if difference == 0.0 {
        "no change".to_string()
    } else {
        signed(difference)
    };
    format!("{} → {} ({change})", usd(before), usd(after))
}

fn unpriced_note(n: Counts) -> String {
    if n.before == 0 && n.after == 0 {
        return String::new();
    }
    format!(
        " ({} → {} item{} unpriced, not in the totals)",
        n.before,
        n.after,
        if n.after == 1 { "" } else { "s" }
    )
}

/// A side of a line: its cost, `unpriced`, or `–` where the line is not.
fn side(monthly: Option<f64>, present: bool) -> String {
    match (present, monthly) {
        (false, _) => "–".into(),
        (true, Some(m)) => usd(m),
        (true, None) => "unpriced".into(),
    }
}

/// A line's before, after and difference, as shown.
fn cells(item: &ItemChange) -> [String; 3] {
    let difference = if item.before.is_none() && item.after.is_none() {
        "–".into()
    } else {
        signed(item.difference)
    };
    [
        side(item.before, item.change != Change::Added),
        side(item.after, item.change != Change::Removed),
        difference,
    ]
}

/// Text for people: each changed module's differing lines and totals, then the total.
pub fn human(c: &Comparison) -> String {
    let mut out = String::new();
    for m in &c.modules {
        if m.change == Change::Unchanged {
            let _ = writeln!(out, "{}: no change, {} a month", m.dir, usd(m.after));
            continue;
        }
        human_module(&mut out, m);
    }
    if c.modules.len() > 1 {
        let _ = writeln!(
            out,
            "total monthly: {}{}",
            totals(c.before, c.after, c.difference),
            unpriced_note(c.unpriced)
        );
    }
    out
}

fn human_module(out: &mut String, m: &ModuleChange) {
    let state = match m.change {
        Change::Added => " (new)",
        Change::Removed => " (removed)",
        _ => "",
    };
    let _ = writeln!(out, "{}{state}", m.dir);
    if !m.items.is_empty() {
        let _ = writeln!(
            out,
            "  {:<58} {:>12} {:>12} {:>12}",
            "RESOURCE / COMPONENT", "BEFORE", "AFTER", "DIFFERENCE"
        );
    }
    let mut address = "";
    for item in &m.items {
        if item.address != address {
            address = &item.address;
            let _ = writeln!(out, "  {address}");
        }
        let mark = match item.change {
            Change::Added => '+',
            Change::Removed => '-',
            _ => '~',
        };
        let [before, after, difference] = cells(item);
        let _ = writeln!(
            out,
            "    {mark} {:<54} {before:>12} {after:>12} {difference:>12}",
            item.component
        );
    }
    for (what, list) in [
        ("added", &m.resources_added),
        ("removed", &m.resources_removed),
    ] {
        if !list.is_empty() {
            let _ = writeln!(
                out,
                "  resources {what} ({}): {}",
                list.len(),
                list.join(", ")
            );
        }
    }
    let _ = writeln!(
        out,
        "  monthly: {}{}\n",
        totals(m.before, m.after, m.difference),
        unpriced_note(m.unpriced)
    );
}

/// Markdown, for a pull request comment: the total, then each changed module's lines.
pub fn markdown(c: &Comparison) -> String {
    let mut out = format!(
        "**Monthly cost: {}**{}\n\n",
        totals(c.before, c.after, c.difference),
        unpriced_note(c.unpriced)
    );
    let mut unchanged = Vec::new();
    for m in &c.modules {
        if m.change == Change::Unchanged {
            unchanged.push(format!("`{}` ({})", m.dir, usd(m.after)));
        } else {
            markdown_module(&mut out, m);
        }
    }
    if !unchanged.is_empty() {
        let _ = writeln!(out, "Unchanged: {}", unchanged.join(", "));
    }
    out
}

fn markdown_module(out: &mut String, m: &ModuleChange) {
    let state = match m.change {
        Change::Added => " (new)",
        Change::Removed => " (removed)",
        _ => "",
    };
    let _ = writeln!(
        out,
        "**`{}`**{state}: {}{}\n",
        m.dir,
        totals(m.before, m.after, m.difference),
        unpriced_note(m.unpriced)
    );
    if !m.items.is_empty() {
        let _ = writeln!(
            out,
            "| Change | Resource | Component | Before | After | Difference |"
        );
        let _ = writeln!(out, "|---|---|---|---:|---:|---:|");
    }
    for item in &m.items {
        let change = match item.change {
            Change::Added => "added",
            Change::Removed => "removed",
            _ => "changed",
        };
        let [before, after, difference] = cells(item);
        let _ = writeln!(
            out,
            "| {change} | `{}` | {} | {before} | {after} | {difference} |",
            item.address, item.component
        );
    }
    for (what, list) in [
        ("added", &m.resources_added),
        ("removed", &m.resources_removed),
    ] {
        if !list.is_empty() {
            let names: Vec<String> = list.iter().map(|a| format!("`{a}`")).collect();
            let _ = writeln!(out, "\nResources {what}: {}.", names.join(", "));
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::estimate::{Item, PricesUsed, Status};
    use crate::cost::report::ModuleCost;

    fn item(component: &str, unit: &str, monthly: Option<f64>) -> Item {
        Item {
            component: component.into(),
            price_id: "p".into(),
            unit: Some(unit.into()),
            quantity: Some(1.0),
            unit_price: monthly,
            monthly,
            unpriced: monthly.is_none().then(|| "depends on usage".into()),
            source: None,
        }
    }

    fn resource(address: &str, items: Vec<Item>) -> ResourceCost {
        ResourceCost {
            address: address.into(),
            kind: address.split('.').next().unwrap_or_default().into(),
            status: if items.is_empty() {
                Status::Free
            } else {
                Status::Priced
            },
            monthly: items.iter().filter_map(|i| i.monthly).sum(),
            items,
            notes: Vec::new(),
        }
    }

    fn report(modules: Vec<(&str, Vec<ResourceCost>)>) -> CostReport {
        CostReport::new(
            modules
                .into_iter()
                .map(|(dir, resources)| ModuleCost {
                    dir: dir.into(),
                    estimate: Estimate {
                        currency: "USD",
                        region: "us-east-1".into(),
                        region_from: "provider",
                        prices: PricesUsed {
                            version: "v".into(),
                            date: "d".into(),
                            layers: Vec::new(),
                        },
                        monthly: round_cents(resources.iter().map(|r| r.monthly).sum()),
                        unpriced: resources
                            .iter()
                            .flat_map(|r| &r.items)
                            .filter(|i| i.monthly.is_none())
                            .count(),
                        resources,
                    },
                })
                .collect(),
        )
    }

    fn nat(address: &str) -> ResourceCost {
        resource(
            address,
            vec![
                item("NAT gateway hours", "gateway-hour", Some(32.85)),
                item("Data processed", "GB", None),
            ],
        )
    }

    fn lambda(memory: u32, duration: f64) -> ResourceCost {
        resource(
            "aws_lambda_function.api",
            vec![
                item("Requests", "1M requests", Some(1.0)),
                item(
                    &format!("Duration (arm64, {memory} MB)"),
                    "GB-second",
                    Some(duration),
                ),
            ],
        )
    }

    fn before_and_after() -> (CostReport, CostReport) {
        let before = report(vec![(
            "infra",
            vec![
                nat("aws_nat_gateway.a"),
                lambda(1024, 8.00004),
                resource("aws_iam_role.api", Vec::new()),
            ],
        )]);
        let after = report(vec![(
            "infra",
            vec![
                nat("aws_nat_gateway.a"),
                lambda(2048, 16.00008),
                nat("aws_nat_gateway.b"),
            ],
        )]);
        (before, after)
    }

    #[test]
    fn lines_are_added_removed_and_changed_and_the_totals_differ_by_their_sum() {
        let (before, after) = before_and_after();
        let c = compare(&before, &after);
        assert_eq!((c.before, c.after, c.difference), (41.85, 82.7, 40.85));
        assert_eq!(
            c.unpriced,
            Counts {
                before: 1,
                after: 2
            }
        );
        let m = &c.modules[0];
        assert_eq!((m.dir.as_str(), m.change), ("infra", Change::Changed));
        assert_eq!(m.resources_added, ["aws_nat_gateway.b"]);
        assert_eq!(m.resources_removed, ["aws_iam_role.api"]);
        let line = |address: &str, component: &str, change, before, after, difference| ItemChange {
            address: address.into(),
            component: component.into(),
            change,
            before,
            after,
            difference,
        };
        let lambda = "aws_lambda_function.api";
        assert_eq!(
            m.items,
            [
                line(
                    lambda,
                    "Duration (arm64, 2048 MB)",
                    Change::Added,
                    None,
                    Some(16.00008),
                    16.00008
                ),
                line(
                    lambda,
                    "Duration (arm64, 1024 MB)",
                    Change::Removed,
                    Some(8.00004),
                    None,
                    -8.00004
                ),
                line(
                    "aws_nat_gateway.b",
                    "NAT gateway hours",
                    Change::Added,
                    None,
                    Some(32.85),
                    32.85
                ),
                line(
                    "aws_nat_gateway.b",
                    "Data processed",
                    Change::Added,
                    None,
                    None,
                    0.0
                ),
            ]
        );
    }

    #[test]
    fn the_tiers_of_a_component_are_summed_and_matched_by_its_name() {
        let before = report(vec![(
            ".",
            vec![resource(
                "aws_s3_bucket.logs",
                vec![
                    item("Storage (standard)", "GB", Some(2.3)),
                    item("Requests", "request", Some(1.0)),
                ],
            )],
        )]);
        let after = report(vec![(
            ".",
            vec![resource(
                "aws_s3_bucket.logs",
                vec![
                    item("Storage (standard)", "GB", Some(2.3)),
                    item("Requests (first 6B × request)", "request", Some(1200.0)),
                    item("Requests (6B to 10B × request)", "request", Some(250.0)),
                    item("Requests (over 10B × request)", "request", Some(50.0)),
                ],
            )],
        )]);
        let c = compare(&before, &after);
        let m = &c.modules[0];
        assert_eq!(m.items.len(), 1, "{:#?}", m.items);
        let line = &m.items[0];
        assert_eq!(line.component, "Requests");
        assert_eq!(line.change, Change::Changed);
        assert_eq!((line.before, line.after), (Some(1.0), Some(1500.0)));
        assert_eq!(line.difference, 1499.0);
        assert_eq!(c.difference, 1499.0);
        assert_eq!(
            untiered("Storage (gp3, 20 GB)", Some("GB")),
            "Storage (gp3, 20 GB)"
        );
    }

    #[test]
    fn modules_are_matched_by_directory_and_an_unpriced_line_that_gets_a_price_changes() {
        let before = report(vec![
            ("a", vec![nat("aws_nat_gateway.a")]),
            ("gone", vec![lambda(128, 1.0)]),
            (
                "usage",
                vec![resource(
                    "aws_sqs_queue.q",
                    vec![item("Requests", "1M requests", None)],
                )],
            ),
        ]);
        let after = report(vec![
            ("a", vec![nat("aws_nat_gateway.a")]),
            ("new", vec![lambda(128, 1.0)]),
            (
                "usage",
                vec![resource(
                    "aws_sqs_queue.q",
                    vec![item("Requests", "1M requests", Some(0.4))],
                )],
            ),
        ]);
        let c = compare(&before, &after);
        let changes: Vec<(&str, Change, f64)> = c
            .modules
            .iter()
            .map(|m| (m.dir.as_str(), m.change, m.difference))
            .collect();
        assert_eq!(
            changes,
            [
                ("a", Change::Unchanged, 0.0),
                ("gone", Change::Removed, -2.0),
                ("new", Change::Added, 2.0),
                ("usage", Change::Changed, 0.4),
            ]
        );
        assert!(c.modules[0].items.is_empty());
        assert_eq!(c.modules[1].items.len(), 2);
        assert!(
            c.modules[1]
                .items
                .iter()
                .all(|i| i.change == Change::Removed)
        );
        let priced = &c.modules[3].items[0];
        assert_eq!((priced.before, priced.after), (None, Some(0.4)));
        assert_eq!(c.difference, 0.4);
    }

    #[test]
    fn the_human_and_markdown_forms_sign_each_difference_and_total_it() {
        let (before, after) = before_and_after();
        let c = compare(&before, &after);
        let text = human(&c);
        assert!(
            text.contains("monthly: $41.85 → $82.70 (+$40.85) (1 → 2 items unpriced"),
            "{text}"
        );
        assert!(text.contains("+ Duration (arm64, 2048 MB)"), "{text}");
        assert!(text.contains("-$8.00"), "{text}");
        assert!(
            text.contains("resources removed (1): aws_iam_role.api"),
            "{text}"
        );
        let md = markdown(&c);
        assert!(md.starts_with("**Monthly cost: $41.85 → $82.70 (+$40.85)**"));
        assert!(
            md.contains(
                "| added | `aws_nat_gateway.b` | NAT gateway hours | – | $32.85 | +$32.85 |"
            ),
            "{md}"
        );
        assert!(
            md.contains("| added | `aws_nat_gateway.b` | Data processed | – | unpriced | – |"),
            "{md}"
        );
        let same = compare(&before, &before);
        assert_eq!(human(&same), "infra: no change, $41.85 a month\n");
    }

    #[test]
    fn differences_are_signed() {
        assert_eq!(signed(1.0), "+$1.00");
        assert_eq!(signed(-1.0), "-$1.00");
        assert_eq!(signed(0.0), "$0.00");
        assert_eq!(signed(-0.000004), "-$0.000004");
        assert_eq!(signed(1234.5), "+$1,234.50");
    }
}
