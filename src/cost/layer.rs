//! A team's price file layered over the shipped table: negotiated rates for single prices, and
//! a discount on every price it does not set.
//!
//! ```toml
//! name = "Acme enterprise agreement 2026"
//! discount_percent = 6
//!
//! [[prices]]
//! region = "us-east-1"
//! id = "ec2.instance.m7g.xlarge"
//! price = 0.1421
//! source = "Acme private pricing addendum, March 2026"
//! ```

use super::table::{INSTANCE, Layer, Price, PriceTable, Region, Tier};
use serde::Deserialize;
use toml::Spanned;

/// A price file goldpath cannot use; shown as `FILE:LINE: message`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct LayerError {
    /// The line, when known.
    pub line: Option<usize>,
    /// What is wrong and what to write instead.
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    name: Option<String>,
    discount_percent: Option<Spanned<f64>>,
    #[serde(default)]
    prices: Vec<Spanned<RawPrice>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrice {
    region: String,
    id: String,
    price: f64,
    unit: Option<String>,
    description: Option<String>,
    source: Option<String>,
}

/// `table` with the price file `text` (read from `file`) layered over it.
///
/// # Errors
///
/// The first problem in the file: a syntax error, an unknown key, a discount outside 0–100, a
/// negative price, an unknown price id or region, or a unit that is not the shipped one.
pub fn apply(table: &PriceTable, file: &str, text: &str) -> Result<PriceTable, LayerError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| LayerError {
        line: e.span().map(|s| line_of(text, s.start)),
        message: format!("{}; a price file takes `name`, `discount_percent` and `[[prices]]` (region, id, price, unit, description, source)", e.message().trim_end()),
    })?;
    let mut out = table.clone();
    if let Some(discount) = &raw.discount_percent {
        let percent = *discount.get_ref();
        if !(0.0..100.0).contains(&percent) {
            return Err(LayerError {
                line: Some(line_of(text, discount.span().start)),
                message: format!(
                    "discount_percent `{percent}` is not a discount: write a percentage from 0 up to (not including) 100"
                ),
            });
        }
        discount_all(&mut out, percent, file);
    }
    for spanned in &raw.prices {
        let line = line_of(text, spanned.span().start);
        let price = spanned.get_ref();
        set(&mut out, table, price, file, raw.name.as_deref()).map_err(|message| LayerError {
            line: Some(line),
            message: format!("price `{}` in {}: {message}", price.id, price.region),
        })?;
    }
    out.layers.push(Layer {
        file: file.to_string(),
        name: raw.name,
        discount_percent: raw.discount_percent.map(|d| *d.get_ref()),
        prices: raw.prices.len(),
    });
    Ok(out)
}

/// Takes `percent` off every USD price of `table`.
fn discount_all(table: &mut PriceTable, percent: f64, file: &str) {
    let factor = 1.0 - percent / 100.0;
    let note = format!("{percent}% off by {file}; list price from ");
    for region in table.regions.values_mut().filter(|r| r.currency == "USD") {
        for price in region.prices.values_mut() {
            for tier in &mut price.tiers {
                tier.price *= factor;
            }
            if let Some(first) = price.sources.first_mut() {
                first.insert_str(0, &note);
            }
        }
        if let Some(instances) = &mut region.instances {
            for price in instances.prices.values_mut() {
                *price *= factor;
            }
            instances.source.insert_str(0, &note);
        }
    }
}

/// Sets one price, replacing all tiers of the shipped one with a flat rate.
fn set(
    out: &mut PriceTable,
    shipped: &PriceTable,
    raw: &RawPrice,
    file: &str,
    name: Option<&str>,
) -> Result<(), String> {
    if !raw.price.is_finite() || raw.price < 0.0 {
        return Err(format!(
            "price `{}` is not a price: write a number of 0 or more, in USD per unit",
            raw.price
        ));
    }
    if !is_region_code(&raw.region) {
        return Err(format!(
            "`{}` is not an AWS region code: write one like `us-east-1` or `eu-central-1`",
            raw.region
        ));
    }
    let known = known(shipped, &raw.id)?;
    if let Some(given) = raw.unit.as_deref().filter(|given| *given != known.unit) {
        return Err(format!(
            "unit `{given}` is not the unit goldpath prices `{}` in: write `unit = \"{}\"` (or leave it out) and the price per {}",
            raw.id, known.unit, known.unit
        ));
    }
    let region = out
        .regions
        .entry(raw.region.clone())
        .or_insert_with(|| Region {
            currency: "USD".to_string(),
            prices: Default::default(),
            instances: None,
            not_sourced: Vec::new(),
        });
    if region.currency != "USD" {
        return Err(format!(
            "goldpath prices {} in {}, and a price file's prices are USD; leave this region out",
            raw.region, region.currency
        ));
    }
    let source = raw
        .source
        .clone()
        .unwrap_or_else(|| format!("{} ({file})", name.unwrap_or("team price file")));
    let description = raw
        .description
        .clone()
        .unwrap_or_else(|| known.description.to_string());
    region.prices.insert(
        raw.id.clone(),
        Price {
            description,
            service: known.service.to_string(),
            unit: known.unit.to_string(),
            tiers: vec![Tier {
                from: 0.0,
                to: None,
                price: raw.price,
                note: None,
            }],
            as_of: None,
            region_stated: true,
            sources: vec![source],
        },
    );
    Ok(())
}

/// What the shipped table says about a price id, from any region.
#[derive(Debug, Clone, Copy)]
struct Known<'t> {
    unit: &'t str,
    description: &'t str,
    service: &'t str,
}

/// The shipped facts of `id`; an instance id is known by its prefix.
fn known<'t>(table: &'t PriceTable, id: &str) -> Result<Known<'t>, String> {
    if let Some(kind) = id.strip_prefix(INSTANCE) {
        if kind.is_empty() || !kind.contains('.') {
            return Err(format!(
                "`{id}` names no instance type: write `{INSTANCE}TYPE`, e.g. `{INSTANCE}m7g.xlarge`"
            ));
        }
        return Ok(Known {
            unit: "instance-hour",
            description: "EC2 on-demand instance",
            service: "AmazonEC2",
        });
    }
    let found = table.regions.values().find_map(|r| r.prices.get(id));
    match found {
        Some(price) => Ok(Known {
            unit: &price.unit,
            description: &price.description,
            service: &price.service,
        }),
        None => {
            let ids = table.ids();
            let hint = ids
                .iter()
                .map(|c| (strsim::levenshtein(id, c), c))
                .filter(|(d, _)| *d <= 3)
                .min()
                .map(|(_, c)| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            Err(format!(
                "goldpath prices no component with this id; {hint}`goldpath cost --prices` lists the ids (and `{INSTANCE}TYPE` for instances)"
            ))
        }
    }
}

/// Whether `code` has the shape of an AWS region code.
fn is_region_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('-').collect();
    let letters = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase());
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [geo, area, n] => geo.len() == 2 && letters(geo) && letters(area) && digits(n),
        [geo, part, area, n] => {
            geo.len() == 2 && letters(geo) && letters(part) && letters(area) && digits(n)
        }
        _ => false,
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layered(text: &str) -> Result<PriceTable, LayerError> {
        apply(PriceTable::shipped(), "acme.toml", text)
    }

    fn price(table: &PriceTable, region: &str, id: &str) -> f64 {
        table.rate(region, id).unwrap().tiers[0].price
    }

    #[test]
    fn a_discount_applies_to_every_usd_price_and_names_the_file() {
        let table = layered("name = \"EDP\"\ndiscount_percent = 10\n").unwrap();
        assert!((price(&table, "us-east-1", "vpc.nat_gateway") - 0.0405).abs() < 1e-12);
        assert!((price(&table, "us-east-1", "ec2.instance.m5.large") - 0.0864).abs() < 1e-12);
        let rate = table.rate("us-east-1", "vpc.nat_gateway").unwrap();
        assert!(
            rate.source.starts_with("10% off by acme.toml"),
            "{}",
            rate.source
        );
        let china = &table.regions["cn-north-1"]
            .instances
            .as_ref()
            .unwrap()
            .prices;
        let shipped = &PriceTable::shipped().regions["cn-north-1"];
        assert_eq!(china, &shipped.instances.as_ref().unwrap().prices);
        assert_eq!(table.layers[0].discount_percent, Some(10.0));
    }

    #[test]
    fn a_negotiated_price_replaces_the_shipped_one_and_may_fill_a_region() {
        let text = "discount_percent = 50\n\n[[prices]]\nregion = \"us-east-1\"\nid = \"ec2.instance.m5.large\"\nprice = 0.07\nsource = \"rate card\"\n\n[[prices]]\nregion = \"eu-west-1\"\nid = \"eks.cluster\"\nprice = 0.1\n";
        let table = layered(text).unwrap();
        assert_eq!(price(&table, "us-east-1", "ec2.instance.m5.large"), 0.07);
        let eks = table.rate("eu-west-1", "eks.cluster").unwrap();
        assert_eq!((eks.unit, eks.tiers[0].price), ("cluster-hour", 0.1));
        assert_eq!(eks.source, "team price file (acme.toml)");
        let ap = layered(
            "[[prices]]\nregion = \"ap-south-2\"\nid = \"lambda.requests\"\nprice = 0.25\n",
        )
        .unwrap();
        assert_eq!(price(&ap, "ap-south-2", "lambda.requests"), 0.25);
    }

    #[test]
    fn bad_price_files_name_the_line_the_value_and_what_to_write() {
        let cases = [
            ("discount_percent = 120\n", 1, "from 0 up to"),
            ("discount = 5\n", 1, "unknown field"),
            (
                "\n[[prices]]\nregion = \"us-east-1\"\nid = \"vpc.nat_gatway\"\nprice = 1\n",
                2,
                "did you mean `vpc.nat_gateway`",
            ),
            (
                "[[prices]]\nregion = \"us-east-1\"\nid = \"vpc.nat_gateway\"\nprice = -1\n",
                1,
                "0 or more",
            ),
            (
                "[[prices]]\nregion = \"us-east-1\"\nid = \"vpc.nat_gateway\"\nprice = 1\nunit = \"hour\"\n",
                1,
                "unit = \"gateway-hour\"",
            ),
            (
                "[[prices]]\nregion = \"Virginia\"\nid = \"vpc.nat_gateway\"\nprice = 1\n",
                1,
                "region code",
            ),
            (
                "[[prices]]\nregion = \"cn-north-1\"\nid = \"ec2.instance.m5.large\"\nprice = 1\n",
                1,
                "CNY",
            ),
            (
                "[[prices]]\nregion = \"us-east-1\"\nid = \"ec2.instance.\"\nprice = 1\n",
                1,
                "names no instance type",
            ),
            (
                "[[prices]]\nregion = \"us-east-1\"\nprice = 1\n",
                1,
                "missing field `id`",
            ),
        ];
        for (text, line, expected) in cases {
            let error = layered(text).unwrap_err();
            assert_eq!(error.line, Some(line), "{text}: {error}");
            assert!(error.message.contains(expected), "{text}: {error}");
        }
    }
}
