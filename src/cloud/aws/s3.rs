//! S3: the workshop's buckets and datasets, and emptying and deleting them at cleanup.

use super::Clients;
use crate::cloud::{CloudError, CloudResult, DatasetAccess, split_s3_uri};

impl Clients {
    pub(super) async fn bucket_exists(&self, bucket: &str) -> CloudResult<bool> {
        match self.s3.head_bucket().bucket(bucket).send().await {
            Ok(_) => Ok(true),
            Err(e) => match self.error(e, "s3:HeadBucket") {
                CloudError::NotFound { .. } => Ok(false),
                other => Err(other),
            },
        }
    }

    pub(super) async fn list_objects(
        &self,
        bucket: &str,
        prefix: &str,
        limit: usize,
    ) -> CloudResult<Vec<String>> {
        // A page holds at most 1,000 keys: more than that (a large class's notes) is read
        // page by page, up to `limit`.
        let mut keys = vec![];
        let mut token: Option<String> = None;
        loop {
            let out = self
                .s3
                .list_objects_v2()
                .bucket(bucket)
                .prefix(prefix)
                .max_keys(limit.saturating_sub(keys.len()).min(1000) as i32)
                .set_continuation_token(token.take())
                .send()
                .await
                .map_err(|e| self.error(e, "s3:ListBucket"))?;
            keys.extend(
                out.contents()
                    .iter()
                    .filter_map(|o| o.key().map(str::to_string)),
            );
            token = out.next_continuation_token().map(str::to_string);
            if token.is_none() || keys.len() >= limit || out.is_truncated() != Some(true) {
                return Ok(keys);
            }
        }
    }

    pub(super) async fn probe_dataset(&self, uri: &str) -> CloudResult<DatasetAccess> {
        let Some((bucket, prefix)) = split_s3_uri(uri) else {
            return Err(CloudError::Invalid(format!("not an S3 address: {uri}")));
        };
        match self.list_objects(bucket, prefix, 1000).await {
            Ok(keys) if keys.is_empty() => Ok(DatasetAccess::Empty),
            Ok(keys) => Ok(DatasetAccess::Readable {
                objects: keys.len(),
            }),
            Err(CloudError::AccessDenied { .. }) => Ok(DatasetAccess::Forbidden),
            Err(CloudError::NotFound { .. }) => Ok(DatasetAccess::Missing),
            Err(e) => Err(e),
        }
    }

    pub(super) async fn delete_objects(&self, bucket: &str, prefix: &str) -> CloudResult<usize> {
        use aws_sdk_s3::types::{Delete, ObjectIdentifier};
        let mut deleted = 0;
        loop {
            // Versions and delete markers too: a versioned bucket is only empty without them.
            let page = match self
                .s3
                .list_object_versions()
                .bucket(bucket)
                .prefix(prefix)
                .max_keys(1000)
                .send()
                .await
            {
                Ok(page) => page,
                Err(e) => match self.error(e, "s3:ListBucketVersions") {
                    CloudError::NotFound { .. } => return Ok(deleted),
                    other => return Err(other),
                },
            };
            let ids: Vec<ObjectIdentifier> = page
                .versions()
                .iter()
                .map(|v| (v.key(), v.version_id()))
                .chain(
                    page.delete_markers()
                        .iter()
                        .map(|m| (m.key(), m.version_id())),
                )
                .filter_map(|(key, version)| {
                    ObjectIdentifier::builder()
                        .set_key(key.map(str::to_string))
                        .set_version_id(version.filter(|v| *v != "null").map(str::to_string))
                        .build()
                        .ok()
                })
                .collect();
            if ids.is_empty() {
                return Ok(deleted);
            }
            let count = ids.len();
            let delete = Delete::builder()
                .set_objects(Some(ids))
                .quiet(true)
                .build()
                .map_err(|e| CloudError::Invalid(e.to_string()))?;
            let out = self
                .s3
                .delete_objects()
                .bucket(bucket)
                .delete(delete)
                .send()
                .await
                .map_err(|e| self.error(e, "s3:DeleteObject"))?;
            // DeleteObjects answers 200 even when keys were refused: each refusal is in
            // the answer, and one means the prefix is not empty (and no loop forever).
            if let Some(refused) = out.errors().first() {
                let key = refused.key().unwrap_or_default();
                let reason = refused.message().or(refused.code()).unwrap_or_default();
                return Err(match refused.code() {
                    Some("AccessDenied") => CloudError::AccessDenied {
                        action: format!("s3:DeleteObject on s3://{bucket}/{key}"),
                    },
                    _ => CloudError::Invalid(format!(
                        "s3://{bucket}/{key} was not deleted ({} of {count} refused): {reason}",
                        out.errors().len()
                    )),
                });
            }
            deleted += count;
        }
    }

    pub(super) async fn delete_bucket(&self, bucket: &str) -> CloudResult<()> {
        match self.s3.delete_bucket().bucket(bucket).send().await {
            Ok(_) => Ok(()),
            Err(e) => match self.error(e, "s3:DeleteBucket") {
                CloudError::NotFound { .. } => Ok(()),
                other => Err(other),
            },
        }
    }
}
