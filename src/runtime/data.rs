//! Putting a lab's data and code in the learner's prefix: copying public data in, and
//! uploading a folder shipped with labguide.

use std::collections::BTreeMap;

use super::actions::param_default;
use super::{TaskCtx, timed};
use crate::app::Report;
use crate::cloud::split_s3_uri;
use crate::workshop;

/// Uploads a shipped folder's files under an S3 prefix, each to the same path below it.
pub(super) async fn upload_files(
    ctx: &TaskCtx,
    from: &str,
    to: &str,
    vars: &BTreeMap<String, String>,
) -> Result<Report, Report> {
    let cloud = ctx.cloud.as_ref();
    let region = param_default(vars, "region")?;
    let Some((bucket, prefix)) = split_s3_uri(to) else {
        return Err(Report::Cloud(crate::cloud::CloudError::Invalid(format!(
            "not an S3 address: {}",
            to
        ))));
    };
    let files = ctx
        .workshop
        .source
        .project_files(from)
        .map_err(|e| Report::CodeUnreadable {
            path: from.to_string(),
            error: e.to_string(),
        })?;
    if timed(cloud, cloud.ensure_bucket(bucket))
        .await
        .map_err(Report::Cloud)?
    {
        ctx.record("bucket", bucket, &region);
    }
    let base = prefix.trim_end_matches('/');
    for (path, bytes) in &files {
        let key = if base.is_empty() {
            path.clone()
        } else {
            format!("{base}/{path}")
        };
        timed(cloud, cloud.put_object(bucket, &key, bytes.clone()))
            .await
            .map_err(Report::Cloud)?;
    }
    ctx.record("object", to, &region);
    Ok(Report::Copied {
        count: files.len(),
        from: from.to_string(),
        to: to.to_string(),
    })
}

/// Copies the first source that can be read into the learner's prefix.
pub(super) async fn copy_data(
    ctx: &TaskCtx,
    t: &workshop::task::CopyData,
    vars: &BTreeMap<String, String>,
) -> Result<Report, Report> {
    let cloud = ctx.cloud.as_ref();
    let region = param_default(vars, "region")?;
    if let Some((bucket, _)) = split_s3_uri(&t.to)
        && timed(cloud, cloud.ensure_bucket(bucket))
            .await
            .map_err(Report::Cloud)?
    {
        ctx.record("bucket", bucket, &region);
    }
    let mut last = None;
    for from in &t.from {
        match timed(cloud, cloud.copy_objects(from, &t.to)).await {
            Ok(count) => {
                ctx.record("object", &t.to, &region);
                return Ok(Report::Copied {
                    count,
                    from: from.clone(),
                    to: t.to.clone(),
                });
            }
            Err(e) if e.is_transient() => return Err(Report::Cloud(e)),
            Err(e) => last = Some(e),
        }
    }
    tracing::warn!(error = ?last, "no data source could be read");
    Err(Report::NoSourceReadable {
        tried: t.from.join(", "),
    })
}
