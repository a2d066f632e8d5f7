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
    let (requests, labels) = load_requests(
        cloud,
        &t.samples,
        t.samples_job.as_deref(),
        &t.content_type,
        false,
    )
    .await?;
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
        .map_err(Report::Cloud)?
        .body;
        let answer: serde_json::Value = serde_json::from_slice(&answer).unwrap_or_else(|_| {
            serde_json::Value::String(String::from_utf8_lossy(&answer).into_owned())
        });
        match answer.get("predictions").and_then(|p| p.as_array()) {
            Some(list) => each.extend(list.iter().cloned()),
            None => each.push(answer),
        }
    }
    let answers = labels
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

/// The requests the samples at `samples` make for an endpoint, and each one's true label:
/// one request per sample file, and rows or texts in one request, or one each.
pub(super) async fn load_requests(
    cloud: &dyn Cloud,
    samples: &str,
    samples_job: Option<&str>,
    content_type: &str,
    one_each: bool,
) -> Result<(Vec<Vec<u8>>, Vec<serde_json::Value>), Report> {
    let mut uri = samples.to_string();
    if let Some(prefix) = samples_job {
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
    } else if one_each {
        samples
            .instances
            .iter()
            .map(|sample| one_request(std::slice::from_ref(sample), content_type))
            .collect()
    } else {
        vec![one_request(&samples.instances, content_type)]
    };
    if samples.labels.len() != samples.files.len().max(samples.instances.len()) {
        return Err(unreadable());
    }
    Ok((requests, samples.labels))
}

/// Rows or texts as one request body: CSV lines, or `{"instances": [...]}`.
fn one_request(instances: &[serde_json::Value], content_type: &str) -> Vec<u8> {
    if content_type.starts_with("text/csv") {
        instances
            .iter()
            .map(csv_row)
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes()
    } else {
        serde_json::json!({ "instances": instances })
            .to_string()
            .into_bytes()
    }
}

/// One sample as a CSV line: a row of features joined by commas, a text as it is.
fn csv_row(sample: &serde_json::Value) -> String {
    match sample {
        serde_json::Value::Array(row) => row
            .iter()
            .map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(","),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Classifies the first reviews of a CSV (header first) through the newest Comprehend
/// endpoint in service with the prefix, each answer beside the review's true label.
pub async fn ask_comprehend(
    cloud: &dyn Cloud,
    t: &workshop::task::AskComprehend,
) -> Result<Report, Report> {
    let unreadable = || Report::SamplesUnreadable {
        uri: t.samples.clone(),
    };
    let (bucket, key) = split_s3_uri(&t.samples).ok_or_else(unreadable)?;
    let bytes = timed(cloud, cloud.get_object(bucket, key))
        .await
        .map_err(Report::Cloud)?;
    let count = t.count.unwrap_or(5).clamp(1, 25) as usize;
    let samples = labelled_texts(&bytes, &t.label, &t.text, count).ok_or_else(unreadable)?;
    let missing = || Report::ResourceMissing {
        kind: ResourceKind::ComprehendEndpoint,
        prefix: t.endpoint_prefix.clone(),
    };
    // A new endpoint takes minutes to come into service: the questions wait for it.
    let endpoint = match super::actions::settle_newest(
        cloud,
        ResourceKind::ComprehendEndpoint,
        &t.endpoint_prefix,
        "IN_SERVICE",
    )
    .await?
    {
        Some((name, status)) if status == "IN_SERVICE" => name,
        _ => return Err(missing()),
    };
    let mut answers = vec![];
    for (label, text) in samples {
        let classes = timed(cloud, cloud.classify(&endpoint, &text))
            .await
            .map_err(Report::Cloud)?;
        let answer = classes.first().map_or_else(
            || "-".to_string(),
            |(c, s)| format!("class={c} score={s:.3}"),
        );
        answers.push((label, answer));
    }
    Ok(Report::Answers { endpoint, answers })
}

/// The first `count` rows of a CSV with a header as (label, text); `None` when the file
/// is not such a CSV. Quoted fields may hold commas, quotes and line breaks.
fn labelled_texts(
    bytes: &[u8],
    label: &str,
    text: &str,
    count: usize,
) -> Option<Vec<(String, String)>> {
    let rows = crate::cloud::csv::records(std::str::from_utf8(bytes).ok()?);
    let header = rows.first()?;
    let li = header.iter().position(|h| h == label)?;
    let ti = header.iter().position(|h| h == text)?;
    let out: Vec<(String, String)> = rows[1..]
        .iter()
        .filter_map(|r| Some((r.get(li)?.clone(), r.get(ti)?.clone())))
        .filter(|(_, t)| !t.trim().is_empty())
        .take(count)
        .collect();
    (!out.is_empty()).then_some(out)
}

/// What labguide sends to an endpoint: rows of features, texts, or files, and their true
/// labels.
#[derive(serde::Deserialize)]
struct Samples {
    labels: Vec<serde_json::Value>,
    #[serde(default)]
    instances: Vec<serde_json::Value>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviews_are_read_from_a_csv_with_quotes_and_line_breaks() {
        let csv = "star_rating,review_body\r\n5,\"Good, \"\"really\"\"\nfun\"\n1,\n2,bad\n";
        assert_eq!(
            labelled_texts(csv.as_bytes(), "star_rating", "review_body", 5),
            Some(vec![
                ("5".into(), "Good, \"really\"\nfun".into()),
                ("2".into(), "bad".into())
            ])
        );
        assert_eq!(
            labelled_texts(b"a,b\n1,2\n", "star_rating", "review_body", 5),
            None
        );
    }
}
