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

#[cfg(test)]
mod tests {
    use super::*;

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
