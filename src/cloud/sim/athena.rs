//! Athena in a rehearsal: a query waits in the queue, runs for the virtual seconds its
//! jobs.toml profile gives while the scanned bytes grow, then answers the profile's rows
//! and writes them where Athena would. Databases come and go with their statements, and a
//! query in a database that does not exist fails as Athena's does.

use serde::{Deserialize, Serialize};

use super::Sim;
use crate::cloud::{
    CloudError, CloudResult, QueryRequest, QueryRows, QueryState, QueryStatus, split_s3_uri,
};

/// Virtual seconds a query waits in the queue before it runs.
const QUEUED_SECONDS: f64 = 1.0;
/// A statement with no profile (DDL) runs this long.
const DDL_SECONDS: f64 = 2.0;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct SimQuery {
    pub(super) id: String,
    pub(super) started_at: f64,
    pub(super) seconds: f64,
    pub(super) scanned_bytes: u64,
    /// The results as CSV, header first (none: a statement, which answers no rows).
    pub(super) csv: Option<String>,
    /// The results file.
    pub(super) output: String,
    /// Why it fails, when it does.
    pub(super) failure: Option<String>,
    /// Where a CREATE TABLE AS writes its data (`external_location`), which it fills.
    #[serde(default)]
    pub(super) ctas_location: Option<String>,
}

impl Sim {
    pub(super) fn start_query_execution(&self, req: QueryRequest) -> CloudResult<String> {
        let Some((bucket, prefix)) = split_s3_uri(&req.output) else {
            return Err(CloudError::Invalid(format!(
                "InvalidRequestException: the output location {} is not an S3 address",
                req.output
            )));
        };
        let profile = self.plans().queries.get(&req.id).cloned();
        let now = crate::cloud::Cloud::now(self);
        self.with_state(|s| {
            let id = format!("{:08x}-sim-{:04}", now as u64, s.queries.len() + 1);
            let failure = match &req.database {
                Some(db) if !s.glue_databases.iter().any(|d| d == db) => Some(format!(
                    "SCHEMA_NOT_FOUND: line 1:1: Schema '{db}' does not exist"
                )),
                _ => None,
            };
            if failure.is_none() {
                apply_ddl(&req.sql, &mut s.glue_databases);
            }
            let folder = if prefix.is_empty() || prefix.ends_with('/') {
                prefix.to_string()
            } else {
                format!("{prefix}/")
            };
            s.queries.push(SimQuery {
                output: format!("s3://{bucket}/{folder}{id}.csv"),
                id: id.clone(),
                started_at: now,
                seconds: profile.as_ref().map_or(DDL_SECONDS, |p| p.seconds),
                scanned_bytes: profile
                    .as_ref()
                    .map_or(0, |p| (p.scanned_mb.max(0.0) * 1e6) as u64),
                csv: profile.and_then(|p| p.rows_body),
                failure,
                ctas_location: ctas_location(&req.sql),
            });
            self.persist(s);
            Ok(id)
        })
    }

    pub(super) fn query_execution(&self, id: &str) -> CloudResult<QueryStatus> {
        let query = self.query(id)?;
        let v = crate::cloud::Cloud::now(self) - query.started_at;
        let ran = ((v - QUEUED_SECONDS) / query.seconds.max(0.1)).clamp(0.0, 1.0);
        let state = match (&query.failure, v) {
            (_, v) if v < QUEUED_SECONDS => QueryState::Queued,
            (Some(_), _) => QueryState::Failed,
            (None, _) if ran < 1.0 => QueryState::Running,
            (None, _) => QueryState::Succeeded,
        };
        if state == QueryState::Succeeded {
            self.write_results(&query)?;
        }
        Ok(QueryStatus {
            state,
            scanned_bytes: (query.scanned_bytes as f64 * ran) as u64,
            reason: query
                .failure
                .clone()
                .filter(|_| state == QueryState::Failed),
            output: (state == QueryState::Succeeded).then(|| query.output.clone()),
        })
    }

    pub(super) fn query_results(&self, id: &str, max: usize) -> CloudResult<QueryRows> {
        let query = self.query(id)?;
        if self.query_execution(id)?.state != QueryState::Succeeded {
            return Err(CloudError::Invalid(format!(
                "InvalidRequestException: Query has not yet finished. Current state: {}",
                self.query_execution(id)?.state.name()
            )));
        }
        let Some(csv) = &query.csv else {
            return Ok(QueryRows::default());
        };
        let mut records = crate::cloud::csv::records(csv).into_iter();
        let columns = records.next().unwrap_or_default();
        let rows = records
            .take(max)
            .map(|r| r.into_iter().map(Some).collect())
            .collect();
        Ok(QueryRows { columns, rows })
    }

    fn query(&self, id: &str) -> CloudResult<SimQuery> {
        self.with_state(|s| s.queries.iter().find(|q| q.id == id).cloned())
            .ok_or_else(|| {
                CloudError::Invalid(format!(
                    "InvalidRequestException: QueryExecution {id} was not found"
                ))
            })
    }

    /// Athena writes `<id>.csv` (every field quoted) and `<id>.csv.metadata` beside it.
    fn write_results(&self, query: &SimQuery) -> CloudResult<()> {
        let Some((bucket, key)) = split_s3_uri(&query.output) else {
            return Ok(());
        };
        let quoted: String = crate::cloud::csv::records(query.csv.as_deref().unwrap_or_default())
            .iter()
            .map(|r| {
                let fields: Vec<String> = r
                    .iter()
                    .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
                    .collect();
                fields.join(",") + "\n"
            })
            .collect();
        self.make_bucket(bucket);
        self.put_body(bucket, key, Some(quoted.as_bytes()))?;
        self.put_body(bucket, &format!("{key}.metadata"), Some(b""))?;
        // A CTAS writes its table's data files (one per partition and writer); the sim
        // writes one, so what reads the table's folder finds it filled.
        if let Some((bucket, folder)) = query.ctas_location.as_deref().and_then(split_s3_uri) {
            let folder = folder.trim_end_matches('/');
            let sep = if folder.is_empty() { "" } else { "/" };
            self.make_bucket(bucket);
            self.put_body(
                bucket,
                &format!("{folder}{sep}{}_00000", query.id),
                Some(b"PAR1"),
            )?;
        }
        Ok(())
    }
}

/// The `external_location` of a CREATE TABLE ... AS statement.
fn ctas_location(sql: &str) -> Option<String> {
    let lower = sql.to_ascii_lowercase();
    if !lower.trim_start().starts_with("create table") || !lower.contains(" as") {
        return None;
    }
    let at = lower.find("external_location")?;
    let rest = &sql[at..];
    let open = rest.find('\'')? + 1;
    let close = rest[open..].find('\'')? + open;
    Some(rest[open..close].to_string())
}

/// What a statement does to the catalog: CREATE DATABASE and DROP DATABASE.
fn apply_ddl(sql: &str, databases: &mut Vec<String>) {
    let words: Vec<String> = sql
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c| c == '`' || c == ';')
                .to_ascii_lowercase()
        })
        .collect();
    let name_after = |from: usize| {
        words[from..]
            .iter()
            .find(|w| !matches!(w.as_str(), "if" | "not" | "exists"))
            .cloned()
    };
    match words.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["create", "database" | "schema", ..] => {
            if let Some(name) = name_after(2)
                && !databases.contains(&name)
            {
                databases.push(name);
            }
        }
        ["drop", "database" | "schema", ..] => {
            if let Some(name) = name_after(2) {
                databases.retain(|d| *d != name);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ctas_names_where_it_writes() {
        let sql = "CREATE TABLE t WITH (format = 'PARQUET', external_location = 's3://b/p/x/') AS SELECT 1";
        assert_eq!(ctas_location(sql).as_deref(), Some("s3://b/p/x/"));
        assert_eq!(ctas_location("SELECT external_location FROM t"), None);
        assert_eq!(
            ctas_location("CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/'"),
            None
        );
    }

    #[test]
    fn databases_follow_their_statements() {
        let mut dbs = vec![];
        apply_ddl("CREATE DATABASE IF NOT EXISTS lg_jdk_reviews", &mut dbs);
        apply_ddl("create database `other`;", &mut dbs);
        assert_eq!(dbs, ["lg_jdk_reviews", "other"]);
        apply_ddl("DROP DATABASE IF EXISTS other CASCADE", &mut dbs);
        apply_ddl("SELECT 1", &mut dbs);
        assert_eq!(dbs, ["lg_jdk_reviews"]);
    }
}
