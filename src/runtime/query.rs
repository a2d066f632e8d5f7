//! Running one Athena statement of jobs.toml: sent with its results going to the
//! learner's own folder, followed until it ends with its state, the data it scanned and
//! what that costs shown as it goes, then its first rows.

use std::collections::BTreeMap;

use super::actions::param_default;
use super::{MAX_TRANSIENT_FAILURES, TaskCtx, after_failures, look_again, timed};
use crate::app::QueryReport;
use crate::app::{Outcome, Report, TaskId, TaskStatus};
use crate::cloud::query::query_cost;
use crate::cloud::{QueryRequest, QueryState, QueryStatus, split_s3_uri};
use crate::workshop;

pub(super) async fn run_query(
    ctx: &TaskCtx,
    index: usize,
    t: &workshop::task::RunQuery,
    vars: &BTreeMap<String, String>,
) -> Result<Report, Report> {
    let Some(query) = ctx.workshop.jobs.queries.get(&t.query) else {
        return Err(Report::Cloud(crate::cloud::CloudError::Invalid(format!(
            "jobs.toml has no query {}",
            t.query
        ))));
    };
    let region = param_default(vars, "region")?;
    let fill = |text: &str| workshop::substitute(text, vars);
    let req = QueryRequest {
        id: t.query.clone(),
        sql: fill(&query.sql),
        database: query.database.as_deref().map(fill),
        output: fill(&query.output),
    };
    if let Some(unset) = [&req.sql, &req.output]
        .into_iter()
        .chain(req.database.as_ref())
        .find_map(|text| workshop::variables_in(text).first().map(|v| v.to_string()))
    {
        return Err(Report::UnsetVariable { name: unset });
    }
    let per_tb = ctx
        .workshop
        .prices
        .other(&region, crate::workshop::prices::ATHENA_PER_TB);
    let cloud = ctx.cloud.as_ref();
    let initials = param_default(vars, "initial")?;
    // Athena needs the results bucket to exist; it is the account's SageMaker bucket.
    if let Some((bucket, _)) = split_s3_uri(&req.output)
        && timed(cloud, cloud.ensure_bucket(bucket))
            .await
            .map_err(Report::Cloud)?
    {
        ctx.record("bucket", bucket, &region);
    }
    // A query run again adds a second results file beside the first, and a job that reads
    // the folder would read every row twice: the folder is the query's alone, so it is
    // emptied first, as are the folders it names (a CTAS writes only into an empty one).
    let folders = std::iter::once(req.output.clone()).chain(query.clear.iter().map(|c| fill(c)));
    for folder in folders {
        if let Some((bucket, prefix)) = split_s3_uri(&folder)
            && prefix.starts_with(&format!("labguide/{initials}/"))
            && prefix.ends_with('/')
        {
            timed(cloud, cloud.delete_objects(bucket, prefix))
                .await
                .map_err(Report::Cloud)?;
        }
    }
    let id = timed(cloud, cloud.start_query(req))
        .await
        .map_err(Report::Cloud)?;
    let status = follow(ctx, index, &t.query, &id, per_tb).await?;
    let shown = query.show_rows.unwrap_or(0) as usize;
    let rows = if shown > 0 {
        timed(cloud, cloud.query_rows(&id, shown))
            .await
            .map_err(Report::Cloud)?
    } else {
        Default::default()
    };
    Ok(Report::Query(Box::new(QueryReport {
        query: t.query.clone(),
        state: status.state.name().to_string(),
        scanned_bytes: status.scanned_bytes,
        cost: per_tb.map(|p| query_cost(status.scanned_bytes, p)),
        columns: rows.columns,
        rows: rows.rows,
        output: status.output,
    })))
}

/// Looks at the query about every poll interval (jittered) until it ends, telling the app each time its
/// state or scanned bytes change; a run of transient failures past the limit ends it.
async fn follow(
    ctx: &TaskCtx,
    index: usize,
    query: &str,
    id: &str,
    per_tb: Option<f64>,
) -> Result<QueryStatus, Report> {
    let cloud = ctx.cloud.as_ref();
    let mut failures = 0;
    let mut backoff = after_failures(cloud);
    let mut pace = look_again(cloud);
    let mut last: Option<(QueryState, u64)> = None;
    loop {
        match timed(cloud, cloud.query_status(id)).await {
            Ok(status) if status.state == QueryState::Succeeded => return Ok(status),
            Ok(status) if status.state.is_final() => {
                return Err(Report::QueryFailed {
                    query: query.to_string(),
                    state: status.state.name().to_string(),
                    reason: status.reason.unwrap_or_default(),
                });
            }
            Ok(status) => {
                failures = 0;
                backoff.reset();
                if last != Some((status.state, status.scanned_bytes)) {
                    last = Some((status.state, status.scanned_bytes));
                    let _ = ctx.tx.send(Outcome::Task {
                        step: ctx.step,
                        task: TaskId::Action(index),
                        status: TaskStatus::Working(Report::Query(Box::new(QueryReport {
                            query: query.to_string(),
                            state: status.state.name().to_string(),
                            scanned_bytes: status.scanned_bytes,
                            cost: per_tb.map(|p| query_cost(status.scanned_bytes, p)),
                            columns: vec![],
                            rows: vec![],
                            output: None,
                        }))),
                    });
                }
                tokio::time::sleep(pace.delay()).await;
            }
            Err(e) if e.is_transient() && failures < MAX_TRANSIENT_FAILURES => {
                failures += 1;
                tokio::time::sleep(backoff.next_wait()).await;
            }
            Err(e) => return Err(Report::Cloud(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tokio::sync::mpsc;

    use super::*;
    use crate::cloud::sim::{SIM_ACCOUNT, Sim, TokioClock};

    fn ctx(sim: Sim) -> (TaskCtx, mpsc::UnboundedReceiver<Outcome>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let workshop = crate::workshop::load(&crate::workshop::Source::Embedded)
            .expect("the shipped workshop loads");
        let ctx = TaskCtx {
            cloud: Arc::new(sim),
            workshop: Arc::new(workshop),
            tx,
            step: 0,
            state_dir: None,
        };
        (ctx, rx)
    }

    fn vars() -> BTreeMap<String, String> {
        let w = crate::workshop::load(&crate::workshop::Source::Embedded)
            .expect("the shipped workshop loads");
        let mut vars = w.vars.clone();
        vars.insert("account".into(), SIM_ACCOUNT.into());
        vars.insert("region".into(), "us-east-1".into());
        vars.insert("initial".into(), "team-3".into());
        vars
    }

    fn run(query: &str) -> workshop::task::RunQuery {
        workshop::task::RunQuery {
            query: query.into(),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn lab_one_queries_run_in_order_and_show_their_progress_and_rows() {
        let sim = Sim::new(1.0, "us-east-1", Arc::new(TokioClock::new(0.0)), None);
        let (ctx, mut rx) = ctx(sim);
        let vars = vars();
        let w = ctx.workshop.clone();
        let step = w
            .steps
            .iter()
            .find(|s| s.id == "lab1-athena")
            .expect("the workshop has the Athena step");
        let queries: Vec<&str> = step
            .actions
            .iter()
            .filter_map(|a| match a {
                workshop::Action::RunQuery(q) => Some(q.query.as_str()),
                _ => None,
            })
            .collect();
        assert!(queries.len() >= 3, "{queries:?}");
        // Files of an earlier CTAS, which would make the CTAS fail, and a classmate's.
        let bucket = format!("sagemaker-us-east-1-{SIM_ACCOUNT}");
        ctx.cloud.ensure_bucket(&bucket).await.unwrap();
        for key in [
            "labguide/team-3/lab1/parquet/product_category=x/old.parquet",
            "labguide/kim/lab1/parquet/product_category=x/theirs.parquet",
        ] {
            ctx.cloud.put_object(&bucket, key, vec![1]).await.unwrap();
        }
        let mut last = None;
        for (i, q) in queries.iter().enumerate() {
            let report = run_query(&ctx, i, &run(q), &vars).await;
            let Ok(Report::Query(r)) = &report else {
                panic!("{q}: {report:?}");
            };
            assert_eq!(r.state, "SUCCEEDED");
            last = Some(report);
        }
        // The last query is the one the lab reads: it scanned data, costs something, and
        // its first rows are the pane's, with results in the learner's own folder.
        let Some(Ok(Report::Query(r))) = last else {
            panic!()
        };
        let QueryReport {
            scanned_bytes,
            cost,
            columns,
            rows,
            output,
            ..
        } = *r;
        assert!(scanned_bytes > 0);
        assert!(cost.is_some_and(|c| c > 0.0));
        assert!(
            !columns.is_empty() && !rows.is_empty(),
            "{columns:?} {rows:?}"
        );
        let output = output.expect("a results file");
        assert!(
            output.starts_with(&format!(
                "s3://sagemaker-us-east-1-{SIM_ACCOUNT}/labguide/team-3/"
            )),
            "{output}"
        );
        // On the way, the app heard the query's state and the bytes it had scanned.
        let mut working = 0;
        while let Ok(o) = rx.try_recv() {
            if let Outcome::Task {
                status: TaskStatus::Working(Report::Query(r)),
                ..
            } = o
            {
                let state = r.state;
                assert!(state == "QUEUED" || state == "RUNNING", "{state}");
                working += 1;
            }
        }
        assert!(working >= queries.len(), "{working}");
        // The CTAS's folder was emptied first; nobody else's was touched.
        let left = |prefix: &'static str| {
            let (cloud, bucket) = (ctx.cloud.clone(), bucket.clone());
            async move { cloud.list_objects(&bucket, prefix, 10).await.unwrap() }
        };
        let mine = left("labguide/team-3/lab1/parquet/").await;
        assert!(mine.iter().all(|k| !k.ends_with("old.parquet")), "{mine:?}");
        assert_eq!(left("labguide/kim/lab1/parquet/").await.len(), 1);
        // The database is the learner's own, named for the initials in SQL's alphabet.
        assert!(
            ctx.cloud
                .glue_database_exists("lg_team_3_reviews")
                .await
                .unwrap()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_query_in_a_database_not_made_yet_fails_with_athenas_reason() {
        let sim = Sim::new(1.0, "us-east-1", Arc::new(TokioClock::new(0.0)), None);
        let (ctx, _rx) = ctx(sim);
        let first_select = ctx
            .workshop
            .jobs
            .queries
            .iter()
            .find(|(_, q)| q.database.is_some())
            .map(|(id, _)| id.clone())
            .expect("a query in a database");
        match run_query(&ctx, 0, &run(&first_select), &vars()).await {
            Err(Report::QueryFailed { state, reason, .. }) => {
                assert_eq!(state, "FAILED");
                assert!(reason.contains("lg_team_3_reviews"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }
}
