//! The price table: real published AWS prices per region, each with its source and as-of date,
//! shipped in the binary (generated from `data/aws-prices/` by `scripts/gen-prices`), with the
//! team's own price files layered over it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The id prefix of EC2 on-demand instance prices: `ec2.instance.m6g.xlarge`.
pub const INSTANCE: &str = "ec2.instance.";

/// Every price goldpath knows, by region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceTable {
    /// The table's version, bumped whenever its prices change.
    pub version: String,
    /// The date its newest price file was compiled.
    pub date: String,
    /// Prices by region code.
    pub regions: BTreeMap<String, Region>,
    /// The price files layered over the shipped table, in the order they were applied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<Layer>,
}

/// One region's prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// The currency the region is priced in (AWS lists China regions in CNY).
    pub currency: String,
    /// Service prices by id (`lambda.requests`).
    pub prices: BTreeMap<String, Price>,
    /// EC2 on-demand instance prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instances: Option<Instances>,
    /// What the sources were searched for and did not give.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_sourced: Vec<String>,
}

/// One priced component: a flat rate or volume tiers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Price {
    /// What is priced, in the source's words.
    pub description: String,
    /// The AWS Price List service code.
    pub service: String,
    /// The unit one price is for: `GB-month`, `1M requests`.
    pub unit: String,
    /// The rates, lowest tier first; a flat rate is one tier from 0 without an end.
    pub tiers: Vec<Tier>,
    /// When the source published the price, where it says.
    pub as_of: Option<String>,
    /// Whether the source names this region (false: the rate is given without a region).
    pub region_stated: bool,
    /// Where the price comes from.
    pub sources: Vec<String>,
}

/// The rate for quantities from `from` (inclusive) to `to` (exclusive; `None`: no end).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tier {
    /// First quantity at this rate, in the price's unit.
    pub from: f64,
    /// Where the next tier starts.
    pub to: Option<f64>,
    /// The price of one unit.
    pub price: f64,
    /// A note on the tier (a free allowance the source states in words).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// EC2 on-demand prices per instance type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instances {
    /// Always `instance-hour`.
    pub unit: String,
    /// When the prices were generated.
    pub as_of: String,
    /// Where they come from.
    pub source: String,
    /// Price per instance-hour by instance type.
    pub prices: BTreeMap<String, f64>,
}

/// A price file layered over the shipped table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Layer {
    /// The file, as given.
    pub file: String,
    /// The name it gives itself.
    pub name: Option<String>,
    /// The discount applied to every shipped price it does not set, in percent.
    pub discount_percent: Option<f64>,
    /// How many prices it sets.
    pub prices: usize,
}

/// A price found for one component in one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Rate<'t> {
    /// The price id.
    pub id: String,
    /// The unit one price is for.
    pub unit: &'t str,
    /// Its tiers.
    pub tiers: Vec<Tier>,
    /// When the source published it.
    pub as_of: Option<&'t str>,
    /// Its first source.
    pub source: &'t str,
    /// Whether the source names the region.
    pub region_stated: bool,
}

/// Why a component has no price.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unpriced {
    /// The table has no prices for the region at all.
    #[error("goldpath has no prices for region `{0}`")]
    Region(String),
    /// The region is priced in another currency; estimates are in USD and never converted.
    #[error(
        "AWS lists {region} prices in {currency}; goldpath estimates in USD and does not convert currencies"
    )]
    Currency {
        /// The region.
        region: String,
        /// Its currency.
        currency: String,
    },
    /// The region has no sourced price for the component.
    #[error("no sourced price for `{id}` in {region}")]
    Missing {
        /// The region.
        region: String,
        /// The price id.
        id: String,
    },
}

static SHIPPED: LazyLock<PriceTable> = LazyLock::new(|| {
    serde_json::from_str(include_str!("prices.json"))
        .expect("src/cost/prices.json is generated by scripts/gen-prices and parses")
});

impl PriceTable {
    /// The table shipped in the binary.
    pub fn shipped() -> &'static PriceTable {
        &SHIPPED
    }

    /// The USD price of `id` (a service price id, or `ec2.instance.TYPE`) in `region`.
    ///
    /// # Errors
    ///
    /// Why there is none: an unknown region, a region priced in another currency, or no
    /// sourced price.
    pub fn rate(&self, region: &str, id: &str) -> Result<Rate<'_>, Unpriced> {
        let prices = self
            .regions
            .get(region)
            .ok_or_else(|| Unpriced::Region(region.to_string()))?;
        if prices.currency != "USD" {
            return Err(Unpriced::Currency {
                region: region.to_string(),
                currency: prices.currency.clone(),
            });
        }
        let missing = || Unpriced::Missing {
            region: region.to_string(),
            id: id.to_string(),
        };
        if let Some(price) = prices.prices.get(id) {
            return Ok(Rate {
                id: id.to_string(),
                unit: &price.unit,
                tiers: price.tiers.clone(),
                as_of: price.as_of.as_deref(),
                source: price.sources.first().map_or("", String::as_str),
                region_stated: price.region_stated,
            });
        }
        let instances = id
            .strip_prefix(INSTANCE)
            .and_then(|kind| Some((prices.instances.as_ref()?, kind)));
        let (instances, price) = instances
            .and_then(|(i, kind)| Some((i, *i.prices.get(kind)?)))
            .ok_or_else(missing)?;
        Ok(Rate {
            id: id.to_string(),
            unit: &instances.unit,
            tiers: vec![Tier {
                from: 0.0,
                to: None,
                price,
                note: None,
            }],
            as_of: Some(&instances.as_of),
            source: &instances.source,
            region_stated: true,
        })
    }

    /// Every service price id in any region, sorted.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .regions
            .values()
            .flat_map(|r| r.prices.keys().map(String::as_str))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_is_versioned_dated_and_every_price_has_a_source() {
        let table = PriceTable::shipped();
        assert!(!table.version.is_empty());
        assert_eq!(table.date.len(), 10, "{}", table.date);
        for (code, region) in &table.regions {
            for (id, price) in &region.prices {
                assert!(!price.sources.is_empty(), "{code} {id}");
                assert_eq!(price.tiers[0].from, 0.0, "{code} {id}");
                assert!(price.tiers.iter().all(|t| t.price >= 0.0), "{code} {id}");
            }
            if let Some(instances) = &region.instances {
                assert!(!instances.source.is_empty(), "{code}");
                assert!(instances.prices.values().all(|p| *p > 0.0), "{code}");
            }
        }
    }

    #[test]
    fn rates_are_looked_up_by_region_and_id() {
        let table = PriceTable::shipped();
        let nat = table.rate("us-east-1", "vpc.nat_gateway").unwrap();
        assert_eq!((nat.unit, nat.tiers[0].price), ("gateway-hour", 0.045));
        assert!(nat.source.contains("nat_gateway"), "{}", nat.source);
        let m5 = table.rate("us-east-1", "ec2.instance.m5.large").unwrap();
        assert_eq!((m5.unit, m5.tiers[0].price), ("instance-hour", 0.096));
        let lambda = table.rate("us-east-1", "lambda.duration_arm64").unwrap();
        assert_eq!(lambda.tiers.len(), 3);
    }

    #[test]
    fn what_has_no_sourced_price_says_why_and_china_is_never_usd() {
        let table = PriceTable::shipped();
        assert_eq!(
            table.rate("eu-west-1", "vpc.nat_gateway"),
            Err(Unpriced::Missing {
                region: "eu-west-1".into(),
                id: "vpc.nat_gateway".into()
            })
        );
        assert_eq!(
            table.rate("ap-south-2", "lambda.requests"),
            Err(Unpriced::Region("ap-south-2".into()))
        );
        let china = table
            .rate("cn-north-1", "ec2.instance.m5.large")
            .unwrap_err();
        assert!(china.to_string().contains("CNY"), "{china}");
        assert!(table.rate("us-east-1", "ec2.instance.x9.huge").is_err());
    }
}
