//! The account around the workshop: who we are (STS), the quotas that decide whether a
//! lab can run (Service Quotas), and the IAM role and Glue database cleanup removes.

use super::{Clients, MAX_PAGES};
use crate::cloud::{CloudError, CloudResult};

impl Clients {
    pub(super) async fn account(&self) -> CloudResult<Option<String>> {
        let out = self
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| self.error(e, "sts:GetCallerIdentity"))?;
        Ok(out.account().map(str::to_string))
    }

    /// The quota's applied value, or AWS's default where none is applied: Service Quotas
    /// lists a quota among the applied ones only once it has a value of its own, which a
    /// new account's GPU quotas do not.
    pub(super) async fn service_quota(
        &self,
        service_code: &str,
        quota_name: &str,
    ) -> CloudResult<Option<f64>> {
        let wanted = quota_name.to_ascii_lowercase();
        let named = |q: &aws_sdk_servicequotas::types::ServiceQuota| {
            q.quota_name()
                .is_some_and(|n| n.to_ascii_lowercase() == wanted)
        };
        let mut applied = self
            .quotas
            .list_service_quotas()
            .service_code(service_code)
            .into_paginator()
            .send();
        for _ in 0..MAX_PAGES * 4 {
            let Some(page) = applied.next().await else {
                break;
            };
            let out = match page {
                Ok(out) => out,
                Err(e) => {
                    return match self.error(e, "servicequotas:ListServiceQuotas") {
                        CloudError::NotFound { .. } => Ok(None),
                        other => Err(other),
                    };
                }
            };
            if let Some(q) = out.quotas().iter().find(|q| named(q)) {
                return Ok(q.value());
            }
        }
        let mut defaults = self
            .quotas
            .list_aws_default_service_quotas()
            .service_code(service_code)
            .into_paginator()
            .send();
        for _ in 0..MAX_PAGES * 4 {
            let Some(page) = defaults.next().await else {
                break;
            };
            let out = match page {
                Ok(out) => out,
                Err(e) => {
                    return match self.error(e, "servicequotas:ListAWSDefaultServiceQuotas") {
                        CloudError::NotFound { .. } => Ok(None),
                        other => Err(other),
                    };
                }
            };
            if let Some(q) = out.quotas().iter().find(|q| named(q)) {
                return Ok(q.value());
            }
        }
        Ok(None)
    }

    pub(super) async fn role_exists(&self, name: &str) -> CloudResult<bool> {
        exists(
            self.iam
                .get_role()
                .role_name(name)
                .send()
                .await
                .map_err(|e| self.error(e, "iam:GetRole")),
        )
    }

    pub(super) async fn delete_role(&self, name: &str) -> CloudResult<()> {
        let iam = &self.iam;
        let inline: Vec<String> = iam
            .list_role_policies()
            .role_name(name)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|e| self.error(e, "iam:ListRolePolicies"))?;
        for policy in &inline {
            iam.delete_role_policy()
                .role_name(name)
                .policy_name(policy)
                .send()
                .await
                .map_err(|e| self.error(e, "iam:DeleteRolePolicy"))?;
        }
        let attached: Vec<aws_sdk_iam::types::AttachedPolicy> = iam
            .list_attached_role_policies()
            .role_name(name)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|e| self.error(e, "iam:ListAttachedRolePolicies"))?;
        for policy in &attached {
            iam.detach_role_policy()
                .role_name(name)
                .set_policy_arn(policy.policy_arn().map(str::to_string))
                .send()
                .await
                .map_err(|e| self.error(e, "iam:DetachRolePolicy"))?;
        }
        match iam.delete_role().role_name(name).send().await {
            Ok(_) => Ok(()),
            Err(e) => match self.error(e, "iam:DeleteRole") {
                CloudError::NotFound { .. } => Ok(()),
                other => Err(other),
            },
        }
    }

    pub(super) async fn glue_database_exists(&self, name: &str) -> CloudResult<bool> {
        exists(
            self.glue
                .get_database()
                .name(name)
                .send()
                .await
                .map_err(|e| self.error(e, "glue:GetDatabase")),
        )
    }

    pub(super) async fn delete_glue_database(&self, name: &str) -> CloudResult<()> {
        // Glue deletes the database's tables with it.
        match self.glue.delete_database().name(name).send().await {
            Ok(_) => Ok(()),
            Err(e) => match self.error(e, "glue:DeleteDatabase") {
                CloudError::NotFound { .. } => Ok(()),
                other => Err(other),
            },
        }
    }
}

/// A lookup's answer as "is it there": AWS's "no such thing" is a plain no.
fn exists<T>(answer: CloudResult<T>) -> CloudResult<bool> {
    match answer {
        Ok(_) => Ok(true),
        Err(CloudError::NotFound { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}
