//! Athena queries in the workshop's terms: one statement sent, its state and the bytes it
//! scanned as it runs, and the first rows of what it answered.

/// One statement as labguide sends it to Athena.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryRequest {
    /// The content's id of the query (jobs.toml `[queries.<id>]`): how a rehearsal knows
    /// what to play; AWS never sees it.
    pub id: String,
    pub sql: String,
    /// The database unqualified table names are looked up in; `None` for statements that
    /// name their own (CREATE DATABASE).
    pub database: Option<String>,
    /// Where Athena writes the results: a folder of the learner's own, so one classmate's
    /// results never land among another's.
    pub output: String,
}

/// Where a query is, in Athena's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryState {
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

impl QueryState {
    pub fn parse(s: &str) -> Option<QueryState> {
        match s {
            "QUEUED" => Some(QueryState::Queued),
            "RUNNING" => Some(QueryState::Running),
            "SUCCEEDED" => Some(QueryState::Succeeded),
            "FAILED" => Some(QueryState::Failed),
            "CANCELLED" => Some(QueryState::Cancelled),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            QueryState::Queued => "QUEUED",
            QueryState::Running => "RUNNING",
            QueryState::Succeeded => "SUCCEEDED",
            QueryState::Failed => "FAILED",
            QueryState::Cancelled => "CANCELLED",
        }
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            QueryState::Succeeded | QueryState::Failed | QueryState::Cancelled
        )
    }
}

/// What GetQueryExecution says about one query.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryStatus {
    pub state: QueryState,
    pub scanned_bytes: u64,
    /// Why it failed or was cancelled, as Athena words it.
    pub reason: Option<String>,
    /// The results file (`s3://.../<id>.csv`) once it succeeded.
    pub output: Option<String>,
}

/// The first rows of a query's results: the column names, then each row's values
/// (`None` for SQL NULL).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryRows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
}

/// Athena bills at least this much scanned data per query, DDL included (10 MB).
pub const MIN_BILLED_BYTES: u64 = 10 * 1_000_000;

/// What a query costs so far at `per_tb` dollars per terabyte scanned: Athena rounds each
/// query up to 10 MB, and statements that scan nothing (DDL, a failed query) cost nothing.
pub fn query_cost(scanned_bytes: u64, per_tb: f64) -> f64 {
    if scanned_bytes == 0 {
        return 0.0;
    }
    scanned_bytes.max(MIN_BILLED_BYTES) as f64 / 1e12 * per_tb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_and_end() {
        for s in ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] {
            assert_eq!(QueryState::parse(s).map(QueryState::name), Some(s));
        }
        assert_eq!(QueryState::parse("DONE"), None);
        assert!(!QueryState::Running.is_final());
        assert!(QueryState::Cancelled.is_final());
    }

    #[test]
    fn a_query_is_billed_at_least_ten_megabytes_unless_it_scanned_nothing() {
        assert_eq!(query_cost(0, 5.0), 0.0);
        assert!((query_cost(1, 5.0) - 0.00005).abs() < 1e-12);
        assert!((query_cost(2_000_000_000_000, 5.0) - 10.0).abs() < 1e-9);
    }
}
