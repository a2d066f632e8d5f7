//! On-demand prices from `assets/prices.toml`, per region: what a running resource costs
//! an hour, or that labguide does not know (never a silent zero).

use std::collections::BTreeMap;

use serde::Deserialize;

/// Athena: USD per terabyte scanned (each query rounded up to 10 MB).
pub const ATHENA_PER_TB: &str = "athena_per_tb_scanned";
/// A Comprehend endpoint: USD per inference unit per hour it exists.
pub const COMPREHEND_ENDPOINT_UNIT_HOUR: &str = "comprehend_endpoint_per_inference_unit_hour";
/// Training a Comprehend custom classifier: USD per hour, billed by the second.
pub const COMPREHEND_TRAINING_HOUR: &str = "comprehend_classifier_training_per_hour";
/// The non-instance prices labguide's own code reads, for workshops that use them;
/// validation fails when the workshop's region lacks one it uses.
pub const KEYS_READ_BY_LABGUIDE: [&str; 3] = [
    ATHENA_PER_TB,
    COMPREHEND_ENDPOINT_UNIT_HOUR,
    COMPREHEND_TRAINING_HOUR,
];

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
    instances: BTreeMap<String, Figure>,
    #[serde(default)]
    other: BTreeMap<String, Figure>,
}

/// One figure: a number read from the file's source on the file's date, or a table that
/// says when and where this one was read (`{ usd = 7.09, checked = "2026-12", source = "..." }`).
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
enum Figure {
    Plain(f64),
    Noted {
        usd: f64,
        checked: String,
        source: String,
    },
}

impl Figure {
    fn usd(&self) -> f64 {
        match self {
            Figure::Plain(usd) | Figure::Noted { usd, .. } => *usd,
        }
    }
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
        Some(
            self.regions
                .get(region)?
                .instances
                .get(instance_type)?
                .usd(),
        )
    }

    /// A non-instance price by its key, e.g. `comprehend_endpoint_per_inference_unit_hour`.
    pub fn other(&self, region: &str, key: &str) -> Option<f64> {
        Some(self.regions.get(region)?.other.get(key)?.usd())
    }

    fn figure(&self, region: &str, key: &str) -> Option<&Figure> {
        let region = self.regions.get(region)?;
        region.instances.get(key).or_else(|| region.other.get(key))
    }

    /// When the figure for `key` was read: its own date, else the file's.
    pub fn checked_of(&self, region: &str, key: &str) -> &str {
        match self.figure(region, key) {
            Some(Figure::Noted { checked, .. }) => checked,
            _ => &self.checked,
        }
    }

    /// Where the figure for `key` comes from: its own source, else the file's.
    pub fn source_of(&self, region: &str, key: &str) -> &str {
        match self.figure(region, key) {
            Some(Figure::Noted { source, .. }) => source,
            _ => &self.source,
        }
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

/// An amount of money the learner reads as a sum (the header's meter, the `$` list, the
/// quit question, `status`, what a job can cost at most): whole cents, rounded half away
/// from zero, without the dollar sign (the texts carry it). One function, so that every
/// place shows the same figure for the same sum.
pub fn cents(usd: f64) -> String {
    let cents = (usd * 100.0).round();
    let cents = if cents == 0.0 { 0.0 } else { cents };
    format!("{:.2}", cents / 100.0)
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
    fn a_figure_may_say_its_own_date_and_source() {
        let p = Prices::parse(
            r#"
source = "the price list"
checked = "2026-09"
[regions.us-east-1]
"ml.m5.large" = 0.115
"ml.g5.12xlarge" = { usd = 7.09, checked = "2026-12", source = "about" }
[regions.us-east-1.other]
athena_per_tb_scanned = { usd = 5.0, checked = "2026-11", source = "Athena pricing" }
comprehend_classifier_training_per_hour = 3
"#,
        );
        assert_eq!(p.per_hour("us-east-1", "ml.m5.large"), Some(0.115));
        assert_eq!(p.per_hour("us-east-1", "ml.g5.12xlarge"), Some(7.09));
        assert_eq!(p.other("us-east-1", ATHENA_PER_TB), Some(5.0));
        assert_eq!(p.other("us-east-1", COMPREHEND_TRAINING_HOUR), Some(3.0));
        assert_eq!(p.checked_of("us-east-1", "ml.m5.large"), "2026-09");
        assert_eq!(p.source_of("us-east-1", "ml.m5.large"), "the price list");
        assert_eq!(p.checked_of("us-east-1", "ml.g5.12xlarge"), "2026-12");
        assert_eq!(p.source_of("us-east-1", ATHENA_PER_TB), "Athena pricing");
        // The shipped table reads whole: every figure the labs use is there.
        let shipped = Prices::parse(include_str!("../../assets/prices.toml"));
        for key in ["ml.t3.medium", "ml.g5.12xlarge", "ml.g6.xlarge"] {
            assert!(shipped.per_hour("us-east-1", key).is_some(), "{key}");
        }
        for key in KEYS_READ_BY_LABGUIDE {
            assert!(shipped.other("us-east-1", key).is_some(), "{key}");
        }
    }

    #[test]
    fn sums_are_whole_cents_rounded_half_up() {
        assert_eq!(cents(0.235), "0.24");
        assert_eq!(cents(0.115 + 0.12), "0.24");
        assert_eq!(cents(0.004), "0.00");
        assert_eq!(cents(-0.001), "0.00");
        assert_eq!(cents(7.0949), "7.09");
        assert_eq!(cents(12.5), "12.50");
    }

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
