//! Athena: lab 1's statements, their progress and their first rows.

use aws_sdk_athena::types::{QueryExecutionContext, ResultConfiguration};

use super::Clients;
use crate::cloud::{CloudResult, QueryRequest, QueryRows, QueryState, QueryStatus};

impl Clients {
    pub(super) async fn start_query(&self, req: QueryRequest) -> CloudResult<String> {
        let mut call = self
            .athena
            .start_query_execution()
            .query_string(&req.sql)
            .result_configuration(
                ResultConfiguration::builder()
                    .output_location(&req.output)
                    .build(),
            );
        if let Some(db) = &req.database {
            call =
                call.query_execution_context(QueryExecutionContext::builder().database(db).build());
        }
        let out = call
            .send()
            .await
            .map_err(|e| self.error(e, "athena:StartQueryExecution"))?;
        Ok(out.query_execution_id().unwrap_or_default().to_string())
    }

    pub(super) async fn query_status(&self, id: &str) -> CloudResult<QueryStatus> {
        let out = self
            .athena
            .get_query_execution()
            .query_execution_id(id)
            .send()
            .await
            .map_err(|e| self.error(e, "athena:GetQueryExecution"))?;
        let execution = out.query_execution();
        let status = execution.and_then(|e| e.status());
        let state = status
            .and_then(|s| s.state())
            .and_then(|s| QueryState::parse(s.as_str()))
            // A state this build does not know yet is still a query under way.
            .unwrap_or(QueryState::Running);
        Ok(QueryStatus {
            state,
            scanned_bytes: execution
                .and_then(|e| e.statistics())
                .and_then(|s| s.data_scanned_in_bytes())
                .map_or(0, |b| b.max(0) as u64),
            reason: status
                .and_then(|s| s.state_change_reason())
                .map(str::to_string),
            output: execution
                .and_then(|e| e.result_configuration())
                .and_then(|r| r.output_location())
                .map(str::to_string),
        })
    }

    pub(super) async fn query_rows(&self, id: &str, max: usize) -> CloudResult<QueryRows> {
        // A SELECT's first row is its header: one more than asked for.
        let out = self
            .athena
            .get_query_results()
            .query_execution_id(id)
            .max_results((max + 1).clamp(1, 1000) as i32)
            .send()
            .await
            .map_err(|e| self.error(e, "athena:GetQueryResults"))?;
        let Some(set) = out.result_set() else {
            return Ok(QueryRows::default());
        };
        let columns: Vec<String> = set
            .result_set_metadata()
            .map(|m| {
                m.column_info()
                    .iter()
                    .map(|c| c.name().to_string())
                    .collect()
            })
            .unwrap_or_default();
        let mut rows: Vec<Vec<Option<String>>> = set
            .rows()
            .iter()
            .map(|r| {
                r.data()
                    .iter()
                    .map(|d| d.var_char_value().map(str::to_string))
                    .collect()
            })
            .collect();
        if rows.first().is_some_and(|first| {
            first.len() == columns.len()
                && first
                    .iter()
                    .zip(&columns)
                    .all(|(v, c)| v.as_deref() == Some(c.as_str()))
        }) {
            rows.remove(0);
        }
        rows.truncate(max);
        Ok(QueryRows { columns, rows })
    }
}
