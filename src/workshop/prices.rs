//! On-demand prices from `assets/prices.toml`, per region: what a running resource costs
//! an hour, or that labguide does not know (never a silent zero).

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Prices {
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub checked: String,
    #[serde(default)]
    regions: BTreeMap<String, Region>,
}

#[derive(Clone, Debug, Default, Deserialize)]
struct Region {
    #[serde(flatten)]
    instances: BTreeMap<String, toml::Value>,
    #[serde(default)]
    other: BTreeMap<String, f64>,
}

impl Prices {
    /// Reads the table; a missing or unreadable file means every price is unknown.
    pub fn parse(text: &str) -> Prices {
        match toml::from_str(text) {
            Ok(p) => p,
            Err(e) => {
                tracing::warn!(error = %e, "prices.toml is not readable; prices are unknown");
                Prices::default()
            }
        }
    }

    /// USD per hour for one instance of `instance_type` in `region`.
    pub fn per_hour(&self, region: &str, instance_type: &str) -> Option<f64> {
        self.regions
            .get(region)?
            .instances
            .get(instance_type)?
            .as_float()
    }

    /// A non-instance price by its key, e.g. `comprehend_endpoint_per_inference_unit_hour`.
    pub fn other(&self, region: &str, key: &str) -> Option<f64> {
        self.regions.get(region)?.other.get(key).copied()
    }
}

/// A price a text shows, from a `${price:KEY}` or `${cost:KEY:COUNT:MINUTES}` field: KEY
/// is an instance type or one of the region's other prices.
#[derive(Clone, Debug, PartialEq)]
pub enum PriceField<'a> {
    /// The price per hour (or per unit, for the other prices).
    Price { key: &'a str },
    /// The price for COUNT instances over MINUTES.
    Cost {
        key: &'a str,
        count: u32,
        minutes: u32,
    },
}

impl<'a> PriceField<'a> {
    /// The field's parts, if it is a price field at all (`price:` or `cost:`) and well formed.
    pub fn parse(field: &'a str) -> Option<PriceField<'a>> {
        if let Some(key) = field.strip_prefix("price:") {
            return (!key.is_empty() && !key.contains(':')).then_some(PriceField::Price { key });
        }
        let mut parts = field.strip_prefix("cost:")?.split(':');
        let (key, count, minutes) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || key.is_empty() {
            return None;
        }
        Some(PriceField::Cost {
            key,
            count: count.parse().ok()?,
            minutes: minutes.parse().ok()?,
        })
    }

    pub fn key(&self) -> &'a str {
        match self {
            PriceField::Price { key } | PriceField::Cost { key, .. } => key,
        }
    }
}

impl Prices {
    /// A price by key: an instance type's hourly price, else one of the other prices.
    pub fn by_key(&self, region: &str, key: &str) -> Option<f64> {
        self.per_hour(region, key)
            .or_else(|| self.other(region, key))
    }

    /// What a text shows for a price field in `region`: dollars, or `$?` and the region
    /// when the table has no figure there (never a figure from another region).
    pub fn text_value(&self, field: &PriceField, region: &str) -> String {
        let Some(price) = self.by_key(region, field.key()) else {
            return format!("$? ({region})");
        };
        let usd = match field {
            PriceField::Price { .. } => price,
            PriceField::Cost { count, minutes, .. } => {
                price * f64::from(*count) * f64::from(*minutes) / 60.0
            }
        };
        dollars(usd)
    }
}

/// Dollars as a price list writes them: cents, and a tenth of a cent below a dollar when it
/// is not zero ($0.115, $0.05, $7.09).
fn dollars(usd: f64) -> String {
    if usd < 1.0 {
        let mills = format!("{usd:.3}");
        let trimmed = mills.strip_suffix('0').unwrap_or(&mills);
        format!("${trimmed}")
    } else {
        format!("${usd:.2}")
    }
}

/// Replaces the price fields of a text with their values in `region`; other fields stay.
pub fn fill_prices(text: &str, prices: &Prices, region: &str) -> String {
    if !text.contains("${price:") && !text.contains("${cost:") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        match PriceField::parse(&after[..end]) {
            Some(field) => out.push_str(&prices.text_value(&field, region)),
            None => out.push_str(&rest[start..start + 2 + end + 1]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_fields_in_a_text_are_dollars_of_the_region() {
        let p = Prices::parse(include_str!("../../assets/prices.toml"));
        let text = "${price:ml.g5.12xlarge} an hour, ${cost:ml.g5.12xlarge:2:30} for two \
                    half an hour, ${price:ml.m5.large}, ${price:ml.t3.medium}, \
                    ${cost:comprehend_classifier_training_per_hour:1:20}, ${stack}";
        assert_eq!(
            fill_prices(text, &p, "us-east-1"),
            "$7.09 an hour, $7.09 for two half an hour, $0.115, $0.05, $1.00, ${stack}"
        );
        // No figure for Seoul: said, not borrowed from Virginia.
        assert_eq!(
            fill_prices("about ${cost:ml.m5.large:1:60}", &p, "ap-northeast-2"),
            "about $? (ap-northeast-2)"
        );
    }

    #[test]
    fn price_fields_parse_only_when_whole() {
        assert_eq!(
            PriceField::parse("cost:ml.m5.large:2:30"),
            Some(PriceField::Cost {
                key: "ml.m5.large",
                count: 2,
                minutes: 30
            })
        );
        assert_eq!(PriceField::parse("price:"), None);
        assert_eq!(PriceField::parse("cost:ml.m5.large:2"), None);
        assert_eq!(PriceField::parse("cost:ml.m5.large:two:30"), None);
        assert_eq!(PriceField::parse("cost:ml.m5.large:2:30:1"), None);
        assert_eq!(PriceField::parse("initial"), None);
    }

    #[test]
    fn the_shipped_table() {
        let p = Prices::parse(include_str!("../../assets/prices.toml"));
        assert_eq!(p.per_hour("us-east-1", "ml.m5.large"), Some(0.115));
        assert_eq!(p.per_hour("us-east-1", "ml.p3.16xlarge"), Some(28.152));
        assert_eq!(
            p.per_hour("us-east-1", "ml.c4.xlarge"),
            None,
            "unknown, not zero"
        );
        assert_eq!(p.per_hour("ap-northeast-2", "ml.m5.large"), None);
        assert_eq!(
            p.other("us-east-1", "comprehend_endpoint_per_inference_unit_hour"),
            Some(1.8)
        );
        assert!(!p.source.is_empty() && !p.checked.is_empty());
    }

    #[test]
    fn a_broken_table_knows_nothing() {
        assert_eq!(
            Prices::parse("not = [toml").per_hour("us-east-1", "ml.m5.large"),
            None
        );
    }
}
