//! Carrying out one action, and waiting for what it started to settle.

use std::collections::BTreeMap;
use std::time::Duration;

use super::stack::{create_stack, delete_and_wait};
use super::{
    MAX_TRANSIENT_FAILURES, TaskCtx, WORKSHOP_TAG, after_failures, cleanup, look_again_slowly,
    resolved, timed,
};
use crate::app::{Report, TaskStatus};
use crate::cloud::{CanaryStage, Cloud, Deploy, NewModel, ResourceKind, Start};
use crate::workshop;

pub(super) async fn run_action(
    ctx: &TaskCtx,
    index: usize,
    task: &workshop::Action,
    vars: &BTreeMap<String, String>,
) -> TaskStatus {
    let result = match resolved(
        task,
        vars,
        workshop::Action::substituted,
        workshop::Action::variables,
    ) {
        Ok(task) => action(ctx, index, &task, vars).await,
        Err(report) => Err(report),
    };
    match result {
        Ok(report) => TaskStatus::Passed(Some(report)),
        Err(report @ Report::SimOnly) => TaskStatus::Pending(report),
        Err(report) => TaskStatus::Failed(report),
    }
}

/// Carries out one action, its parameters resolved. `vars` holds what the workshop and
/// the backend provide beyond the task's own parameters (region, account, stack).
async fn action(
    ctx: &TaskCtx,
    index: usize,
    task: &workshop::Action,
    vars: &BTreeMap<String, String>,
) -> Result<Report, Report> {
    use workshop::Action as A;
    match task {
        A::CreateStack(t) => {
            // The files the stack's instances copy go up first, so they are there at start.
            // They are for reading in Jupyter, not for the stack: one that cannot go up is
            // logged (the notebook's own log says the copy found nothing) and the stack
            // is made all the same.
            if let (Some(from), Some(to)) = (&t.upload, &t.upload_to)
                && let Err(report) = super::data::upload_files(ctx, from, to, vars).await
            {
                tracing::warn!(
                    ?report,
                    "the labs' code did not go up; making the stack anyway"
                );
            }
            create_stack(ctx, t).await
        }
        A::DeleteStack(t) => {
            delete_and_wait(ctx, &t.stack).await?;
            Ok(Report::StackDeleted {
                stack: t.stack.clone(),
            })
        }
        A::OpenNotebook(t) => {
            let url = timed(ctx.cloud.as_ref(), ctx.cloud.notebook_url(&t.notebook))
                .await
                .map_err(Report::Cloud)?;
            Ok(Report::NotebookUrl { url })
        }
        A::StartNotebook(t) => {
            timed(ctx.cloud.as_ref(), ctx.cloud.start_notebook(&t.notebook))
                .await
                .map_err(Report::Cloud)?;
            Ok(Report::NotebookStarting {
                notebook: t.notebook.clone(),
            })
        }
        A::StopNotebook(t) => {
            timed(ctx.cloud.as_ref(), ctx.cloud.stop_notebook(&t.notebook))
                .await
                .map_err(Report::Cloud)?;
            Ok(Report::NotebookStopping {
                notebook: t.notebook.clone(),
            })
        }
        A::DeployEndpoint(t) => {
            let image_uri = match &t.image {
                Some(image) => Some(super::launch::image_uri(
                    &ctx.workshop,
                    image,
                    &param_default(vars, "region")?,
                )?),
                None => None,
            };
            deploy(
                ctx,
                vars,
                &t.job_prefix,
                false,
                &t.name_prefix,
                &t.instance_type,
                image_uri,
            )
            .await
        }
        A::DeployAutoml(t) => {
            // The job may still be choosing: the deployment waits for its end.
            settle_newest(
                ctx.cloud.as_ref(),
                ResourceKind::AutoMlJob,
                &t.job_prefix,
                "Completed",
            )
            .await?;
            deploy(
                ctx,
                vars,
                &t.job_prefix,
                true,
                &t.name_prefix,
                &t.instance_type,
                None,
            )
            .await
        }
        A::SimulateNotebook(t) => {
            if ctx.cloud.identity().simulated.is_none() {
                return Err(Report::SimOnly);
            }
            let started = timed(
                ctx.cloud.as_ref(),
                ctx.cloud.simulate_notebook(&t.notebook_step),
            )
            .await
            .map_err(Report::Cloud)?;
            // The step is played when everything it started has finished starting.
            for f in &started {
                if f.status.is_some() {
                    settle(ctx.cloud.as_ref(), f.kind, &f.name, "").await?;
                }
            }
            Ok(Report::Simulated {
                count: started.len(),
            })
        }
        A::StartAutomlJob(t) => {
            // AutoML job names hold 32 characters: the notebook's day-hour-minute-second.
            let name = format!("{}{}", t.name_prefix, short_stamp());
            let stack = param_default(vars, "stack")?;
            let role_arn = stack_output(ctx.cloud.as_ref(), &stack, "RoleArn").await?;
            let bucket = format!(
                "sagemaker-{}-{}",
                param_default(vars, "region")?,
                param_default(vars, "account")?
            );
            let req = Start::AutoMl {
                name: name.clone(),
                input_uri: t.input_uri.clone(),
                // Under the learner's own prefix, with their other lab outputs.
                output_uri: format!(
                    "s3://{bucket}/labguide/{}/automl/",
                    param_default(vars, "initial")?
                ),
                target: t.target.clone(),
                role_arn,
            };
            timed(
                ctx.cloud.as_ref(),
                ctx.cloud.start(req, learner_tags(ctx, vars)),
            )
            .await
            .map_err(Report::Cloud)?;
            let region = vars.get("region").cloned().unwrap_or_default();
            ctx.record(ResourceKind::AutoMlJob.name(), &name, &region);
            Ok(Report::Started {
                kind: ResourceKind::AutoMlJob,
                name,
            })
        }
        A::StartComprehendClassifier(t) => {
            let name = format!("{}{}", t.name_prefix, crate::cloud::wall_clock() as u64);
            let role_arn = match &t.role {
                Some(arn) if arn.starts_with("arn:") => arn.clone(),
                Some(name) => format!(
                    "arn:aws:iam::{}:role/{name}",
                    param_default(vars, "account")?
                ),
                None => {
                    let stack = param_default(vars, "stack")?;
                    stack_output(ctx.cloud.as_ref(), &stack, COMPREHEND_ROLE_OUTPUT).await?
                }
            };
            let req = Start::Classifier {
                name: name.clone(),
                input_uri: t.input_uri.clone(),
                role_arn,
            };
            timed(
                ctx.cloud.as_ref(),
                ctx.cloud.start(req, learner_tags(ctx, vars)),
            )
            .await
            .map_err(Report::Cloud)?;
            let region = vars.get("region").cloned().unwrap_or_default();
            ctx.record(ResourceKind::ComprehendClassifier.name(), &name, &region);
            Ok(Report::Started {
                kind: ResourceKind::ComprehendClassifier,
                name,
            })
        }
        A::CreateComprehendEndpoint(t) => {
            // The classifier may still be training (tens of minutes): the endpoint waits.
            settle_newest(
                ctx.cloud.as_ref(),
                ResourceKind::ComprehendClassifier,
                &t.classifier_prefix,
                "TRAINED",
            )
            .await?;
            let name = format!("{}{}", t.name_prefix, short_stamp());
            let req = Start::ComprehendEndpoint {
                name: name.clone(),
                classifier_prefix: t.classifier_prefix.clone(),
                inference_units: i32::try_from(t.inference_units.unwrap_or(1)).unwrap_or(i32::MAX),
            };
            timed(
                ctx.cloud.as_ref(),
                ctx.cloud.start(req, learner_tags(ctx, vars)),
            )
            .await
            .map_err(Report::Cloud)?;
            let region = vars.get("region").cloned().unwrap_or_default();
            ctx.record(ResourceKind::ComprehendEndpoint.name(), &name, &region);
            Ok(Report::Started {
                kind: ResourceKind::ComprehendEndpoint,
                name,
            })
        }
        A::CanaryStage(t) => {
            let stage = match t.stage {
                workshop::task::Stage::Split => CanaryStage::Split,
                workshop::task::Stage::Shift => CanaryStage::Shift,
                workshop::task::Stage::Single => CanaryStage::Single,
            };
            let new_model = match &t.new_model_job {
                Some(job_prefix) => Some(NewModel {
                    job_prefix: job_prefix.clone(),
                    image_uri: match &t.image {
                        Some(image) => Some(super::launch::image_uri(
                            &ctx.workshop,
                            image,
                            &param_default(vars, "region")?,
                        )?),
                        None => None,
                    },
                    tags: learner_tags(ctx, vars),
                }),
                None => None,
            };
            let endpoint = timed(
                ctx.cloud.as_ref(),
                ctx.cloud.canary(&t.endpoint_prefix, stage, new_model),
            )
            .await
            .map_err(Report::Cloud)?;
            in_service(ctx.cloud.as_ref(), &endpoint).await?;
            Ok(Report::CanaryStage {
                endpoint,
                stage: t.stage.as_str().to_string(),
            })
        }
        A::Cleanup(_) => {
            let (scope, learner) = cleanup::learner_for(
                ctx.cloud.as_ref(),
                &ctx.workshop,
                vars,
                ctx.state_dir.as_deref(),
            )
            .await
            .map_err(Report::Cloud)?;
            cleanup::clean(ctx.cloud.as_ref(), &ctx.workshop, &scope, &learner, vars).await
        }
        A::LaunchJob(t) => super::launch::launch_job(ctx, t, vars).await,
        A::RunQuery(t) => super::query::run_query(ctx, index, t, vars).await,
        A::SendTraffic(t) => super::traffic::send_traffic(ctx, index, t).await,
        A::AskComprehend(t) => super::ask::ask_comprehend(ctx.cloud.as_ref(), t).await,
        A::CopyData(t) => super::data::copy_data(ctx, t, vars).await,
        A::AskEndpoint(t) => super::ask::ask_endpoint(ctx.cloud.as_ref(), t).await,
        A::DeleteWorkshopEndpoints(t) => {
            // Only endpoints (SageMaker's and Comprehend's), their configurations and
            // models, with the given prefixes, and of those only the learner's.
            let (_, learner) = cleanup::learner_for(
                ctx.cloud.as_ref(),
                &ctx.workshop,
                vars,
                ctx.state_dir.as_deref(),
            )
            .await
            .map_err(Report::Cloud)?;
            let scope = crate::workshop::cleanup_scope::CleanupSpec {
                prefixes: [
                    "endpoint",
                    "endpoint_config",
                    "model",
                    "comprehend_endpoint",
                ]
                .iter()
                .map(|k| (k.to_string(), t.prefixes.clone()))
                .collect(),
                ..Default::default()
            };
            cleanup::clean(ctx.cloud.as_ref(), &ctx.workshop, &scope, &learner, vars).await
        }
    }
}

/// Waits for the newest resource of `kind` with the prefix to settle, as `settle` does;
/// its name and the status it settled in, or `None` when there is none yet.
pub(super) async fn settle_newest(
    cloud: &dyn Cloud,
    kind: ResourceKind,
    prefix: &str,
    wanted: &str,
) -> Result<Option<(String, String)>, Report> {
    let found = timed(cloud, cloud.find(kind, prefix))
        .await
        .map_err(Report::Cloud)?;
    let Some(newest) = found.into_iter().next() else {
        return Ok(None);
    };
    let status = settle(cloud, kind, &newest.name, wanted).await?;
    Ok(Some((newest.name, status)))
}

/// Waits until the resource named `name` leaves its transitional states (or reaches
/// `wanted`), and returns the status it settled in.
pub(super) async fn settle(
    cloud: &dyn Cloud,
    kind: ResourceKind,
    name: &str,
    wanted: &str,
) -> Result<String, Report> {
    let transitional = [
        "Creating",
        "Updating",
        "SystemUpdating",
        "RollingBack",
        "InProgress",
        "Pending",
        "SUBMITTED",
        "TRAINING",
        "CREATING",
        "UPDATING",
        "Stopping",
        "Deleting",
    ];
    // Nothing the workshop starts takes longer than this to settle; past it the learner
    // checks by hand (c) rather than watching a spinner forever.
    let deadline = tokio::time::Instant::now() + SETTLE_LIMIT;
    let mut pace = look_again_slowly(cloud);
    let mut backoff = after_failures(cloud);
    let mut failures = 0;
    loop {
        let found = match timed(cloud, cloud.find(kind, name)).await {
            Ok(found) => {
                failures = 0;
                backoff.reset();
                found
            }
            Err(e) if e.is_transient() && failures < MAX_TRANSIENT_FAILURES => {
                failures += 1;
                tokio::time::sleep(backoff.next_wait()).await;
                continue;
            }
            Err(e) => return Err(Report::Cloud(e)),
        };
        let Some(this) = found.into_iter().find(|f| f.name == name) else {
            return Err(Report::ResourceMissing {
                kind,
                prefix: name.to_string(),
            });
        };
        let status = this.status.unwrap_or_default();
        if status == wanted || (!status.is_empty() && !transitional.contains(&status.as_str())) {
            return Ok(status);
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(Report::ResourceStatus {
                kind,
                name: name.to_string(),
                status,
                expected: wanted.to_string(),
            });
        }
        tokio::time::sleep(pace.delay()).await;
    }
}

/// How long an action waits for what it started to settle.
const SETTLE_LIMIT: Duration = Duration::from_secs(3 * 3600);

/// `DD-HH-MM-SS`, as the notebooks name Autopilot jobs and Comprehend endpoints.
fn short_stamp() -> String {
    let full = crate::cloud::sdk_timestamp(crate::cloud::wall_clock());
    full.get(8..19).unwrap_or(&full).to_string()
}

/// A variable the workshop or the backend provides (not a task parameter), with the
/// variables its own value uses resolved (the stack's name holds the initials).
pub(super) fn param_default(vars: &BTreeMap<String, String>, name: &str) -> Result<String, Report> {
    let value = vars
        .get(name)
        .map(|v| workshop::substitute(v, vars))
        .ok_or_else(|| Report::UnsetVariable {
            name: name.to_string(),
        })?;
    // Not answered yet (`<initial>`), or naming a value nobody gave.
    if value.contains('<') {
        return Err(Report::UnsetVariable {
            name: name.to_string(),
        });
    }
    match workshop::variables_in(&value).first() {
        Some(unset) => Err(Report::UnsetVariable {
            name: unset.to_string(),
        }),
        None => Ok(value),
    }
}

/// One output of the workshop's stack, such as the role the notebook's jobs run under.
/// Deploys a finished job's model (or an Autopilot job's best candidate) to a new
/// endpoint of the learner's, named `<name_prefix><epoch>`, and waits until it serves.
async fn deploy(
    ctx: &TaskCtx,
    vars: &BTreeMap<String, String>,
    job_prefix: &str,
    automl: bool,
    name_prefix: &str,
    instance_type: &str,
    image_uri: Option<String>,
) -> Result<Report, Report> {
    let endpoint = format!("{name_prefix}{}", crate::cloud::wall_clock() as u64);
    let req = Deploy {
        job_prefix: job_prefix.to_string(),
        automl,
        endpoint: endpoint.clone(),
        instance_type: instance_type.to_string(),
        image_uri,
        tags: learner_tags(ctx, vars),
    };
    let region = vars.get("region").cloned().unwrap_or_default();
    timed(ctx.cloud.as_ref(), ctx.cloud.deploy_endpoint(req))
        .await
        .map_err(Report::Cloud)?;
    // The configuration has the endpoint's name; the model, the job's (it runs under the
    // job's role, which makes it the learner's too).
    ctx.record(ResourceKind::Endpoint.name(), &endpoint, &region);
    ctx.record(ResourceKind::EndpointConfig.name(), &endpoint, &region);
    in_service(ctx.cloud.as_ref(), &endpoint).await?;
    Ok(Report::Matches {
        what: endpoint,
        status: "InService".into(),
    })
}

/// The stack output naming the learner's own role for Comprehend's data access.
const COMPREHEND_ROLE_OUTPUT: &str = "ComprehendRoleArn";

pub(super) async fn stack_output(
    cloud: &dyn Cloud,
    stack: &str,
    key: &str,
) -> Result<String, Report> {
    let info = timed(cloud, cloud.describe_stack(stack))
        .await
        .map_err(Report::Cloud)?
        .ok_or_else(|| Report::StackMissing {
            stack: stack.to_string(),
        })?;
    info.outputs
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .ok_or_else(|| Report::StackStatus {
            stack: stack.to_string(),
            actual: info.status,
            expected: "CREATE_COMPLETE".into(),
        })
}

/// Waits for an endpoint to be back in service after a change.
async fn in_service(cloud: &dyn Cloud, endpoint: &str) -> Result<(), Report> {
    let status = settle(cloud, ResourceKind::Endpoint, endpoint, "InService").await?;
    if status == "InService" {
        Ok(())
    } else {
        Err(Report::ResourceStatus {
            kind: ResourceKind::Endpoint,
            name: endpoint.to_string(),
            status,
            expected: "InService".into(),
        })
    }
}

/// The tags that make what labguide creates the learner's (see `app::provenance`).
fn learner_tags(ctx: &TaskCtx, vars: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let mut tags = vec![(WORKSHOP_TAG.to_string(), ctx.workshop.id.clone())];
    if let Some(initials) = vars.get("initial") {
        tags.push((
            crate::app::provenance::LEARNER_TAG.to_string(),
            initials.clone(),
        ));
    }
    tags
}
