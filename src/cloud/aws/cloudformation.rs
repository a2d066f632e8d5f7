//! CloudFormation: the workshop's stack, its status, outputs and events.

use aws_sdk_cloudformation::types::{Capability, Parameter, Tag};

use super::Clients;
use super::errors::not_found;
use crate::cloud::{CloudError, CloudResult, CreateStack, StackEvent, StackInfo};

impl Clients {
    pub(super) async fn create_stack(&self, req: CreateStack) -> CloudResult<()> {
        let mut call = self
            .cfn
            .create_stack()
            .stack_name(&req.name)
            .template_body(&req.template_body);
        for (k, v) in &req.parameters {
            call = call.parameters(
                Parameter::builder()
                    .parameter_key(k)
                    .parameter_value(v)
                    .build(),
            );
        }
        for c in &req.capabilities {
            call = call.capabilities(Capability::from(c.as_str()));
        }
        for (k, v) in &req.tags {
            call = call.tags(Tag::builder().key(k).value(v).build());
        }
        call.send()
            .await
            .map_err(|e| self.error(e, "cloudformation:CreateStack"))
            .map_err(|e| match e {
                CloudError::AlreadyExists { .. } => CloudError::AlreadyExists {
                    name: req.name.clone(),
                },
                other => other,
            })?;
        Ok(())
    }

    pub(super) async fn delete_stack(&self, name: &str) -> CloudResult<()> {
        self.cfn
            .delete_stack()
            .stack_name(name)
            .send()
            .await
            .map_err(|e| self.error(e, "cloudformation:DeleteStack"))?;
        Ok(())
    }

    pub(super) async fn describe_stack(&self, name: &str) -> CloudResult<Option<StackInfo>> {
        let out = match self.cfn.describe_stacks().stack_name(name).send().await {
            Ok(out) => out,
            Err(e) => {
                let e = self.error(e, "cloudformation:DescribeStacks");
                return if not_found(&e) { Ok(None) } else { Err(e) };
            }
        };
        let Some(s) = out.stacks().first() else {
            return Ok(None);
        };
        let status = s
            .stack_status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default();
        if status == "DELETE_COMPLETE" {
            return Ok(None);
        }
        Ok(Some(StackInfo {
            name: s.stack_name().unwrap_or(name).to_string(),
            status,
            reason: s.stack_status_reason().map(str::to_string),
            outputs: s
                .outputs()
                .iter()
                .map(|o| {
                    (
                        o.output_key().unwrap_or_default().to_string(),
                        o.output_value().unwrap_or_default().to_string(),
                    )
                })
                .collect(),
        }))
    }

    pub(super) async fn stack_events(
        &self,
        name: &str,
        after: Option<&str>,
    ) -> CloudResult<Vec<StackEvent>> {
        // Newest first from AWS; stop paging at the last event already seen.
        let mut events = vec![];
        let mut pages = self
            .cfn
            .describe_stack_events()
            .stack_name(name)
            .into_paginator()
            .send();
        'pages: while let Some(page) = pages.next().await {
            let out = match page {
                Ok(out) => out,
                Err(e) => {
                    let e = self.error(e, "cloudformation:DescribeStackEvents");
                    return if not_found(&e) { Ok(vec![]) } else { Err(e) };
                }
            };
            for e in out.stack_events() {
                let id = e.event_id().unwrap_or_default().to_string();
                if after == Some(id.as_str()) {
                    break 'pages;
                }
                events.push(StackEvent {
                    id,
                    logical_id: e.logical_resource_id().unwrap_or_default().to_string(),
                    kind: e.resource_type().unwrap_or_default().to_string(),
                    status: e
                        .resource_status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    reason: e.resource_status_reason().map(str::to_string),
                    at: e.timestamp().map_or(0.0, |t| t.as_secs_f64()),
                });
            }
            if after.is_none() && events.len() >= 500 {
                break;
            }
        }
        events.reverse();
        Ok(events)
    }
}
