//! Asking a lab's endpoint about a few test samples the lab's own job kept, and putting
//! each answer beside the sample's true label.

use super::timed;
use crate::app::Report;
use crate::cloud::{Cloud, ResourceKind, split_s3_uri};
use crate::workshop;

/// Asks the newest endpoint in service with the prefix about the samples, and words each
/// answer compactly beside the sample's true label.
pub async fn ask_endpoint(
    cloud: &dyn Cloud,
    t: &workshop::task::AskEndpoint,
) -> Result<Report, Report> {
    let mut uri = t.samples.clone();
    if let Some(prefix) = &t.samples_job {
        let found = timed(cloud, cloud.find(ResourceKind::TrainingJob, prefix))
            .await
            .map_err(Report::Cloud)?;
        let job = crate::cloud::newest_completed(found, prefix).map_err(Report::Cloud)?;
        uri = uri.replace("{job}", &job.name);
    }
    let unreadable = || Report::SamplesUnreadable { uri: uri.clone() };
    let (bucket, key) = split_s3_uri(&uri).ok_or_else(unreadable)?;
    let bytes = timed(cloud, cloud.get_object(bucket, key))
        .await
        .map_err(Report::Cloud)?;
    // A job's output archive holds samples/samples.json and the files it names.
    let files: Vec<(String, Vec<u8>)> = if key.ends_with(".tar.gz") {
        crate::cloud::archive::unpack(&bytes).map_err(|_| unreadable())?
    } else {
        vec![("samples/samples.json".to_string(), bytes)]
    };
    let file = |name: &str| {
        files
            .iter()
            .find(|(p, _)| p == name || p.ends_with(&format!("/{name}")))
            .map(|(_, b)| b.clone())
    };
    let index = file("samples.json").ok_or_else(unreadable)?;
    let samples: Samples = serde_json::from_slice(&index).map_err(|_| unreadable())?;
    let requests: Vec<Vec<u8>> = if !samples.files.is_empty() {
        samples
            .files
            .iter()
            .map(|name| file(name).ok_or_else(unreadable))
            .collect::<Result<_, _>>()?
    } else if samples.instances.is_empty() {
        return Err(unreadable());
    } else if t.content_type.starts_with("text/csv") {
        vec![
            samples
                .instances
                .iter()
                .map(|row| row.iter().map(f64::to_string).collect::<Vec<_>>().join(","))
                .collect::<Vec<_>>()
                .join("\n")
                .into_bytes(),
        ]
    } else {
        vec![
            serde_json::json!({ "instances": samples.instances })
                .to_string()
                .into_bytes(),
        ]
    };
    if samples.labels.len() != samples.files.len().max(samples.instances.len()) {
        return Err(unreadable());
    }
    let endpoint = timed(
        cloud,
        cloud.find(ResourceKind::Endpoint, &t.endpoint_prefix),
    )
    .await
    .map_err(Report::Cloud)?
    .into_iter()
    .find(|e| e.status.as_deref() == Some("InService"))
    .ok_or_else(|| Report::ResourceMissing {
        kind: ResourceKind::Endpoint,
        prefix: t.endpoint_prefix.clone(),
    })?
    .name;
    let mut each: Vec<serde_json::Value> = vec![];
    for body in requests {
        let answer = timed(
            cloud,
            cloud.invoke_endpoint(&endpoint, &t.content_type, body),
        )
        .await
        .map_err(Report::Cloud)?;
        let answer: serde_json::Value = serde_json::from_slice(&answer).unwrap_or_else(|_| {
            serde_json::Value::String(String::from_utf8_lossy(&answer).into_owned())
        });
        match answer.get("predictions").and_then(|p| p.as_array()) {
            Some(list) => each.extend(list.iter().cloned()),
            None => each.push(answer),
        }
    }
    let answers = samples
        .labels
        .iter()
        .zip(
            each.iter()
                .map(compact)
                .chain(std::iter::repeat(String::from("-"))),
        )
        .map(|(label, text)| {
            let label = label
                .as_str()
                .map_or_else(|| label.to_string(), str::to_string);
            (label, text)
        })
        .collect();
    Ok(Report::Answers { endpoint, answers })
}

/// What labguide sends to an endpoint: rows of features, or files, and their true labels.
#[derive(serde::Deserialize)]
struct Samples {
    labels: Vec<serde_json::Value>,
    #[serde(default)]
    instances: Vec<Vec<f64>>,
    #[serde(default)]
    files: Vec<String>,
}

/// How many entries of a ranked list (a top 5) an answer shows.
const RANKED_SHOWN: usize = 3;

/// A prediction as one short line: `digit=7 probability=0.980`, or the first entries of
/// a ranked list (`top5`) as `beagle 0.912, basset_hound 0.041, ...`.
pub(super) fn compact(v: &serde_json::Value) -> String {
    use serde_json::Value;
    let field = |k: &str, v: &Value| match v {
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() != 0.0 => format!("{k}={f:.3}"),
            _ => format!("{k}={n}"),
        },
        Value::String(s) => format!("{k}={s}"),
        other => format!("{k}={other}"),
    };
    match v {
        Value::Object(map) => match map.values().find_map(Value::as_array) {
            Some(ranked) if map.len() == 1 => {
                let mut shown: Vec<String> = ranked
                    .iter()
                    .take(RANKED_SHOWN)
                    .map(|e| match e {
                        Value::Object(m) => m
                            .values()
                            .map(|v| match v {
                                Value::Number(n) => n
                                    .as_f64()
                                    .map_or_else(|| n.to_string(), |f| format!("{f:.3}")),
                                Value::String(s) => s.clone(),
                                other => other.to_string(),
                            })
                            .collect::<Vec<_>>()
                            .join(" "),
                        other => other.to_string(),
                    })
                    .collect();
                if ranked.len() > RANKED_SHOWN {
                    shown.push("...".into());
                }
                shown.join(", ")
            }
            _ => map
                .iter()
                .map(|(k, v)| field(k, v))
                .collect::<Vec<_>>()
                .join(" "),
        },
        other => other.to_string(),
    }
}
