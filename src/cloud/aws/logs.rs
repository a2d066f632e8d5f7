//! CloudWatch: one batched GetMetricData for a live view's charts, log pages read forward
//! with GetLogEvents' token, and the log groups cleanup counts.

use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat};

use super::{Clients, MAX_PAGES};
use crate::cloud::live::{LogPage, MetricQuery, Series};
use crate::cloud::{CloudError, CloudResult};

impl Clients {
    pub(super) async fn metric_data(
        &self,
        queries: &[MetricQuery],
        start: f64,
        end: f64,
    ) -> CloudResult<Vec<Series>> {
        if queries.is_empty() || end <= start {
            return Ok(vec![]);
        }
        // Query ids must start with a lower-case letter and hold only letters, digits
        // and underscores: labguide's own ids are mapped to q0, q1, ...
        let built: Vec<MetricDataQuery> = queries
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let metric = Metric::builder()
                    .namespace(&q.namespace)
                    .metric_name(&q.metric)
                    .set_dimensions(Some(
                        q.dimensions
                            .iter()
                            .map(|(k, v)| Dimension::builder().name(k).value(v).build())
                            .collect(),
                    ))
                    .build();
                MetricDataQuery::builder()
                    .id(format!("q{i}"))
                    .metric_stat(
                        MetricStat::builder()
                            .metric(metric)
                            .period(crate::cloud::live::METRIC_PERIOD as i32)
                            .stat(q.stat)
                            .build(),
                    )
                    .return_data(true)
                    .build()
            })
            .collect();
        let out = self
            .cloudwatch
            .get_metric_data()
            .set_metric_data_queries(Some(built))
            .start_time(DateTime::from_secs(start as i64))
            .end_time(DateTime::from_secs(end.ceil() as i64))
            .send()
            .await
            .map_err(|e| self.error(e, "cloudwatch:GetMetricData"))?;
        let mut series: Vec<Series> = queries
            .iter()
            .map(|q| Series {
                id: q.id.clone(),
                points: vec![],
            })
            .collect();
        for result in out.metric_data_results() {
            let Some(index) = result
                .id()
                .and_then(|id| id.strip_prefix('q'))
                .and_then(|i| i.parse::<usize>().ok())
            else {
                continue;
            };
            if let Some(s) = series.get_mut(index) {
                s.points = result
                    .timestamps()
                    .iter()
                    .zip(result.values())
                    .map(|(t, v)| (t.as_secs_f64(), *v))
                    .collect();
                // CloudWatch answers newest first.
                s.points.sort_by(|a, b| a.0.total_cmp(&b.0));
            }
        }
        Ok(series)
    }

    pub(super) async fn log_streams(&self, group: &str, prefix: &str) -> CloudResult<Vec<String>> {
        match self
            .logs
            .describe_log_streams()
            .log_group_name(group)
            .log_stream_name_prefix(prefix)
            .send()
            .await
        {
            Ok(out) => Ok(out
                .log_streams()
                .iter()
                .filter_map(|s| s.log_stream_name().map(str::to_string))
                .collect()),
            // The group appears with the first job that logs: until then, no streams.
            Err(e) => match self.error(e, "logs:DescribeLogStreams") {
                CloudError::NotFound { .. } => Ok(vec![]),
                CloudError::Other(m) | CloudError::Invalid(m)
                    if m.contains("ResourceNotFound") || m.contains("does not exist") =>
                {
                    Ok(vec![])
                }
                other => Err(other),
            },
        }
    }

    pub(super) async fn log_events(
        &self,
        group: &str,
        stream: &str,
        token: Option<&str>,
    ) -> CloudResult<LogPage> {
        let out = self
            .logs
            .get_log_events()
            .log_group_name(group)
            .log_stream_name(stream)
            .start_from_head(true)
            .set_next_token(token.map(str::to_string))
            .send()
            .await
            .map_err(|e| self.error(e, "logs:GetLogEvents"))?;
        Ok(LogPage {
            lines: out
                .events()
                .iter()
                .map(|e| {
                    (
                        e.timestamp().unwrap_or(0) as f64 / 1000.0,
                        e.message().unwrap_or_default().to_string(),
                    )
                })
                .collect(),
            next_token: out.next_forward_token().map(str::to_string),
        })
    }

    pub(super) async fn log_groups(&self, prefix: &str) -> CloudResult<Vec<(String, u64)>> {
        let mut groups = vec![];
        let mut pages = self
            .logs
            .describe_log_groups()
            .log_group_name_prefix(prefix)
            .into_paginator()
            .send();
        for _ in 0..MAX_PAGES {
            let Some(page) = pages.next().await else {
                break;
            };
            let out = page.map_err(|e| self.error(e, "logs:DescribeLogGroups"))?;
            groups.extend(out.log_groups().iter().map(|g| {
                (
                    g.log_group_name().unwrap_or_default().to_string(),
                    g.stored_bytes().unwrap_or(0).max(0) as u64,
                )
            }));
        }
        Ok(groups)
    }
}
