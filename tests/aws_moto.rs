//! The aws backend over real HTTP against moto, an independent AWS emulator, started on a
//! free loopback port for each test. Nothing leaves the machine.

mod common;

use std::net::TcpListener;
use std::process::Command;

use common::moto::{Moto, aws_at, venv_tool};
use labguide::cloud::{Cloud, CloudError, CreateStack, DatasetAccess, ResourceKind};

const TEMPLATE: &str = include_str!("../assets/cloudformation/workshop.yml");
/// The shipped workshop names the stack after the learner's initials.
const STACK: &str = "AIMLWorkshop-kim";

fn workshop_stack() -> CreateStack {
    CreateStack {
        name: STACK.into(),
        template_body: TEMPLATE.into(),
        parameters: vec![("Initial".into(), "kim".into())],
        capabilities: vec!["CAPABILITY_IAM".into()],
        tags: vec![("labguide:workshop".into(), "aws-aiml-hol".into())],
    }
}

#[tokio::test]
async fn identity_stack_events_outputs_and_notebook() {
    let moto = Moto::start();
    let aws = moto.aws().await;
    assert_eq!(
        aws.account().await.unwrap().as_deref(),
        Some("123456789012")
    );
    assert_eq!(
        aws.describe_stack(STACK).await.unwrap(),
        None,
        "not found is None"
    );

    aws.create_stack(workshop_stack()).await.unwrap();
    let info = aws
        .describe_stack(STACK)
        .await
        .unwrap()
        .expect("the stack exists");
    assert_eq!(info.status, "CREATE_COMPLETE");
    let output = |k: &str| {
        info.outputs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    assert!(
        output("jupyterNotebookURL").is_some_and(|u| u.starts_with("https://")),
        "{:?}",
        info.outputs
    );
    let events = aws.stack_events(STACK, None).await.unwrap();
    assert!(!events.is_empty());
    let last = events.last().unwrap().id.clone();
    assert!(
        aws.stack_events(STACK, Some(&last))
            .await
            .unwrap()
            .is_empty(),
        "only new events"
    );
    assert!(matches!(
        aws.create_stack(workshop_stack()).await,
        Err(CloudError::AlreadyExists { .. })
    ));

    // moto names the notebook itself; the output says which.
    let notebook = output("NotebookInstanceName").expect("notebook output");
    let nb = aws
        .notebook(&notebook)
        .await
        .unwrap()
        .expect("the notebook exists");
    assert_eq!(nb.status, "InService");
    aws.stop_notebook(&notebook).await.unwrap();
    let stopped = aws.notebook(&notebook).await.unwrap().unwrap().status;
    assert!(stopped == "Stopped" || stopped == "Stopping", "{stopped}");
    aws.start_notebook(&notebook).await.unwrap();
    assert_eq!(aws.notebook("no-such-notebook").await.unwrap(), None);
    // moto has no presigned URLs (it answers 500): the error must be a clear one.
    match aws.notebook_url(&notebook).await {
        Err(CloudError::Other(_)) | Err(CloudError::Invalid(_)) => {}
        other => panic!("a clear error, not {other:?}"),
    }

    aws.delete_stack(STACK).await.unwrap();
    assert_eq!(aws.describe_stack(STACK).await.unwrap(), None);
}

#[tokio::test]
async fn buckets_objects_and_dataset_reachability() {
    let moto = Moto::start();
    moto.seed();
    let aws = moto.aws().await;
    assert!(
        aws.bucket_exists("sagemaker-us-east-1-123456789012")
            .await
            .unwrap()
    );
    assert!(!aws.bucket_exists("no-such-bucket-here").await.unwrap());
    let keys = aws
        .list_objects(
            "sagemaker-us-east-1-123456789012",
            "tensorflow-training-",
            100,
        )
        .await
        .unwrap();
    assert_eq!(keys.len(), 1, "only under the prefix: {keys:?}");
    assert_eq!(
        aws.probe_dataset("s3://my-reviews-copy/amazon-reviews/tsv/")
            .await
            .unwrap(),
        DatasetAccess::Readable { objects: 2 }
    );
    assert_eq!(
        aws.probe_dataset("s3://my-reviews-copy/nothing/")
            .await
            .unwrap(),
        DatasetAccess::Empty
    );
    assert_eq!(
        aws.probe_dataset("s3://no-such-bucket-here/tsv/")
            .await
            .unwrap(),
        DatasetAccess::Missing
    );
    assert!(matches!(
        aws.probe_dataset("https://example.com").await,
        Err(CloudError::Invalid(_))
    ));
}

#[tokio::test]
async fn a_bucket_that_answers_403_is_recognised() {
    let moto = Moto::start();
    moto.seed();
    // A user with no permission at all, then moto starts enforcing IAM.
    let python = venv_tool("LABGUIDE_PYTHON", "python");
    let out = Command::new(python)
        .args([
            "-c",
            "import boto3,os; iam=boto3.client('iam',endpoint_url=os.environ['ENDPOINT'],region_name='us-east-1',aws_access_key_id='testing',aws_secret_access_key='testing'); iam.create_user(UserName='learner'); k=iam.create_access_key(UserName='learner')['AccessKey']; print(k['AccessKeyId'], k['SecretAccessKey'])",
        ])
        .env("ENDPOINT", moto.url())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let keys = String::from_utf8(out.stdout).unwrap();
    let (key, secret) = keys.trim().split_once(' ').unwrap();
    moto.control("/moto-api/reset-auth", "0");
    let learner = aws_at(&moto.url(), key, secret).await;
    assert_eq!(
        learner
            .probe_dataset("s3://my-reviews-copy/amazon-reviews/tsv/")
            .await
            .unwrap(),
        DatasetAccess::Forbidden
    );
    // A learner without rights still gets an inventory: what could not be looked at is
    // listed as such, instead of the whole listing failing.
    let workshop = labguide::workshop::load(&labguide::workshop::Source::Embedded).unwrap();
    let vars = [
        ("initial", "kim"),
        ("region", "us-east-1"),
        ("account", "123456789012"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let scope = labguide::workshop::cleanup_scope::resolve(&workshop.cleanup, &vars);
    let items =
        labguide::runtime::cleanup::inventory(&learner, &scope, &workshop.prices, "us-east-1")
            .await
            .expect("an inventory despite refusals");
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .all(|i| i.kind == labguide::app::inventory::ItemKind::Unchecked),
        "{items:#?}"
    );
    assert!(items.iter().any(|i| i.name == "iam:GetRole"), "{items:#?}");
}

#[tokio::test]
async fn what_the_notebooks_create_is_found_by_prefix_newest_first() {
    let moto = Moto::start();
    moto.seed();
    let aws = moto.aws().await;
    let names = |found: Vec<labguide::cloud::Found>| {
        found
            .into_iter()
            .map(|f| (f.name, f.status))
            .collect::<Vec<_>>()
    };
    let training = names(
        aws.find(ResourceKind::TrainingJob, "tensorflow-training-")
            .await
            .unwrap(),
    );
    assert_eq!(
        training.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        [
            "tensorflow-training-2021-05-05-02-02-03-005",
            "tensorflow-training-2021-05-05-01-02-03-004"
        ],
        "newest first, nothing that is not the workshop's"
    );
    assert_eq!(training[0].1.as_deref(), Some("Completed"));
    let endpoints = names(
        aws.find(ResourceKind::Endpoint, "tensorflow-training-")
            .await
            .unwrap(),
    );
    assert_eq!(endpoints.len(), 1);
    assert_eq!(endpoints[0].1.as_deref(), Some("InService"));
    assert_eq!(
        aws.find(ResourceKind::EndpointConfig, "tensorflow-training-")
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        aws.find(ResourceKind::Model, "tensorflow-training-")
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        aws.find(ResourceKind::ProcessingJob, "sagemaker-scikit-learn-")
            .await
            .unwrap()
            .len(),
        1
    );
    let automl = names(
        aws.find(ResourceKind::AutoMlJob, "automl-dm-")
            .await
            .unwrap(),
    );
    assert_eq!(automl.len(), 1);
    let classifiers = names(
        aws.find(
            ResourceKind::ComprehendClassifier,
            "Amazon-Customer-Reviews-Classifier-",
        )
        .await
        .unwrap(),
    );
    assert_eq!(classifiers.len(), 1, "{classifiers:?}");
    assert_eq!(
        classifiers[0].0,
        "Amazon-Customer-Reviews-Classifier-1620000000"
    );
    let comprehend_endpoints = names(
        aws.find(ResourceKind::ComprehendEndpoint, "comprehend-inference-ep-")
            .await
            .unwrap(),
    );
    assert_eq!(comprehend_endpoints.len(), 1, "{comprehend_endpoints:?}");
    assert!(
        aws.find(ResourceKind::TrainingJob, "sdp-dist-training-job-")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_quota_lookup_the_emulator_cannot_answer_is_a_short_clear_error() {
    // moto has no Service Quotas for SageMaker (it answers 500): the error names the call
    // and the status instead of pasting the emulator's HTML page.
    let moto = Moto::start();
    let aws = moto.aws().await;
    match aws
        .service_quota("sagemaker", "ml.p3.16xlarge for training job usage")
        .await
    {
        Err(CloudError::Other(message)) => {
            assert_eq!(message, "servicequotas:ListServiceQuotas: HTTP 500");
        }
        other => panic!("a short error, not {other:?}"),
    }
}

#[tokio::test]
async fn failed_authentication_names_the_action() {
    let moto = Moto::start();
    moto.control("/moto-api/reset-auth", "0");
    let aws = moto.aws().await;
    match aws.describe_stack(STACK).await {
        Err(CloudError::AccessDenied { action }) => {
            assert_eq!(action, "cloudformation:DescribeStacks")
        }
        other => panic!("access denied, not {other:?}"),
    }
    assert!(matches!(
        aws.account().await,
        Err(CloudError::AccessDenied { .. })
    ));
}

#[tokio::test]
async fn an_emulator_that_is_down_is_unreachable_not_a_hang() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let aws = aws_at(&url, "testing", "testing").await;
    match aws.describe_stack(STACK).await {
        Err(CloudError::Unreachable { endpoint }) => assert_eq!(endpoint, url),
        other => panic!("unreachable, not {other:?}"),
    }
}

/// `labguide check --aws` end to end: the real binary, its configuration from the
/// environment, the emulator behind AWS_ENDPOINT_URL.
#[test]
fn the_check_command_runs_against_the_emulator() {
    let moto = Moto::start();
    moto.seed();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        moto.aws()
            .await
            .create_stack(workshop_stack())
            .await
            .unwrap()
    });
    let state = tempfile::tempdir().unwrap();
    let out = moto.labguide(
        state.path(),
        &[
            "check",
            "setup-stack",
            "lab1-dataset",
            "lab2-training",
            "lab3-training",
            "--json",
            "--var",
            "reviews_uri=s3://my-reviews-copy/amazon-reviews/tsv/",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let results: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let status = |step: &str| {
        results
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["step"] == step)
            .map(|r| {
                (
                    r["status"].as_str().unwrap().to_string(),
                    r["reason"].as_str().unwrap().to_string(),
                )
            })
            .unwrap()
    };
    // moto names the notebook itself, so the notebook check cannot find sagemaker-hol-lab-kim.
    let (s, reason) = status("setup-stack");
    assert_eq!(s, "fail");
    assert!(reason.contains("sagemaker-hol-lab-kim"), "{reason}");
    assert_eq!(status("lab1-dataset").0, "pass");
    // Seeded: tensorflow-training-* completed; no lab 3 job of labguide's at all.
    assert_eq!(status("lab2-training").0, "pass");
    let (s, reason) = status("lab3-training");
    assert_eq!(s, "fail");
    assert!(reason.contains("lg-kim-lab3-amp-"), "{reason}");
    assert_eq!(out.status.code(), Some(1), "not every check passed");
    assert!(!text.contains("testing"), "no credentials in the output");
}

#[tokio::test]
async fn an_endpoint_is_deployed_from_the_newest_finished_job() {
    let moto = Moto::start();
    moto.seed();
    let aws = moto.aws().await;
    let req = |prefix: &str| labguide::cloud::Deploy {
        job_prefix: prefix.into(),
        endpoint: "tensorflow-training-by-labguide-1".into(),
        instance_type: "ml.m5.large".into(),
        image_uri: None,
        tags: vec![("labguide:workshop".into(), "aws-aiml-hol".into())],
    };
    assert!(matches!(
        aws.deploy_endpoint(req("sdp-dist-training-job-")).await,
        Err(CloudError::NotFound { .. })
    ));
    aws.deploy_endpoint(req("tensorflow-training-"))
        .await
        .unwrap();
    let found = aws
        .find(ResourceKind::Endpoint, "tensorflow-training-by-labguide-")
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].status.as_deref(), Some("InService"));
    let models = aws
        .find(
            ResourceKind::Model,
            "tensorflow-training-2021-05-05-02-02-03-005",
        )
        .await
        .unwrap();
    assert_eq!(
        models.len(),
        1,
        "the model of the newest job is the one deployed"
    );
}

#[tokio::test]
async fn autopilot_and_comprehend_start_with_the_notebooks_settings() {
    use labguide::cloud::Start;
    let moto = Moto::start();
    moto.seed();
    let aws = moto.aws().await;
    aws.start(Start::AutoMl {
        name: "automl-dm-26-04-30-00".into(),
        input_uri: "s3://sagemaker-us-east-1-123456789012/autopilot/train/".into(),
        output_uri: "s3://sagemaker-us-east-1-123456789012/automl/output".into(),
        target: "star_rating".into(),
        role_arn: "arn:aws:iam::123456789012:role/AIMLWorkshop-NotebookExecutionRole-X".into(),
    })
    .await
    .unwrap();
    let jobs = aws
        .find(ResourceKind::AutoMlJob, "automl-dm-26-")
        .await
        .unwrap();
    assert_eq!(jobs.len(), 1);
    aws.start(Start::Classifier {
        name: "Amazon-Customer-Reviews-Classifier-1764131400".into(),
        input_uri: "s3://sagemaker-experiments-us-east-1-123456789012/comprehend/train.csv".into(),
        role_arn: "arn:aws:iam::123456789012:role/aws_sm_hol_Comprehend".into(),
    })
    .await
    .unwrap();
    let classifiers = aws
        .find(
            ResourceKind::ComprehendClassifier,
            "Amazon-Customer-Reviews-Classifier-1764",
        )
        .await
        .unwrap();
    assert_eq!(classifiers.len(), 1);
    // Still training in moto: an endpoint needs a trained classifier.
    let endpoint = Start::ComprehendEndpoint {
        name: "comprehend-inference-ep-26-04-30-00".into(),
        classifier_prefix: "Amazon-Customer-Reviews-Classifier-1764".into(),
        inference_units: 1,
    };
    assert!(matches!(
        aws.start(endpoint).await,
        Err(CloudError::NotFound { .. })
    ));
}

#[tokio::test]
async fn the_canary_stages_against_the_emulator() {
    use labguide::cloud::CanaryStage;
    let moto = Moto::start();
    moto.seed();
    // The notebook's first stage: an endpoint serving VariantA and VariantB half and half.
    let python = venv_tool("LABGUIDE_PYTHON", "python");
    let script = "import boto3,os\n\
        sm=boto3.client('sagemaker',endpoint_url=os.environ['ENDPOINT'],region_name='us-east-1',aws_access_key_id='t',aws_secret_access_key='t')\n\
        m='tensorflow-training-2021-05-05-02-02-03-005'\n\
        v=lambda n: {'VariantName':n,'ModelName':m,'InitialInstanceCount':1,'InstanceType':'ml.m5.large','InitialVariantWeight':50}\n\
        sm.create_endpoint_config(EndpointConfigName='tf-ab',ProductionVariants=[v('VariantA'),v('VariantB')])\n\
        sm.create_endpoint(EndpointName='tensorflow-training-ab-1620000001',EndpointConfigName='tf-ab')\n";
    let out = Command::new(python)
        .args(["-c", script])
        .env("ENDPOINT", moto.url())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let aws = moto.aws().await;
    // Stage 2 is a weight change on the same configuration.
    let endpoint = aws
        .canary("tensorflow-training-ab-", CanaryStage::Shift)
        .await
        .unwrap();
    assert_eq!(endpoint, "tensorflow-training-ab-1620000001");
    let found = aws
        .find(ResourceKind::Endpoint, "tensorflow-training-ab-")
        .await
        .unwrap();
    assert_eq!(found[0].status.as_deref(), Some("InService"));
    // moto has no UpdateEndpoint (stages 1 and 3): what the learner sees is a short error.
    match aws
        .canary("tensorflow-training-ab-", CanaryStage::Single)
        .await
    {
        Err(CloudError::Other(message)) => {
            assert_eq!(message, "sagemaker:UpdateEndpoint: HTTP 500")
        }
        other => panic!("a short error, not {other:?}"),
    }
    assert!(matches!(
        aws.canary("no-such-endpoint-", CanaryStage::Split).await,
        Err(CloudError::NotFound { .. })
    ));
}

/// The cleanup deletes everything the workshop created and nothing that is not its own,
/// proves it, and a second run has nothing to do.
#[test]
fn cleanup_deletes_the_workshops_resources_and_only_those() {
    let moto = Moto::start();
    moto.seed();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        moto.aws()
            .await
            .create_stack(workshop_stack())
            .await
            .unwrap()
    });
    let state = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| moto.labguide(state.path(), args);
    let dry = run(&["cleanup", "--dry-run"]);
    let listed = String::from_utf8_lossy(&dry.stdout).to_string();
    for name in [
        STACK,
        "tensorflow-training-2021-05-05-02-02-03-005-1620000000",
        "comprehend-inference-ep-05-01-02-03",
        "Amazon-Customer-Reviews-Classifier-1620000000",
        "aws_sm_hol_Comprehend",
        "awsdb_0107",
        "sagemaker-experiments-us-east-1-123456789012",
    ] {
        assert!(listed.contains(name), "--dry-run lists {name}:\n{listed}");
    }
    for other in ["someone-elses", "my-own-training-job", "other-project"] {
        assert!(
            !listed.contains(other),
            "not the workshop's: {other}\n{listed}"
        );
    }
    assert!(dry.status.success());
    // Nothing went in a dry run.
    let again = run(&["cleanup", "--dry-run"]);
    assert_eq!(String::from_utf8_lossy(&again.stdout), listed);

    let out = run(&["cleanup", "--yes"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.contains("Nothing of the workshop is left."), "{text}");
    assert!(out.status.success(), "{text}");

    runtime.block_on(async {
        let aws = moto.aws().await;
        assert!(
            aws.find(ResourceKind::Endpoint, "tensorflow-training-")
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            aws.find(ResourceKind::Model, "tensorflow-training-")
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            aws.find(ResourceKind::ComprehendEndpoint, "comprehend-")
                .await
                .unwrap()
                .is_empty()
        );
        assert!(!aws.role_exists("aws_sm_hol_Comprehend").await.unwrap());
        assert!(!aws.glue_database_exists("awsdb_0107").await.unwrap());
        assert!(
            !aws.bucket_exists("sagemaker-experiments-us-east-1-123456789012")
                .await
                .unwrap()
        );
        assert_eq!(aws.describe_stack(STACK).await.unwrap(), None);
        // What is not the workshop's is all still there.
        assert_eq!(
            aws.find(ResourceKind::Endpoint, "someone-elses-")
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            aws.find(ResourceKind::Model, "someone-elses-")
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            aws.find(ResourceKind::TrainingJob, "my-own-")
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(aws.role_exists("someone-elses-role").await.unwrap());
        assert!(aws.glue_database_exists("someone_elses_db").await.unwrap());
        assert!(aws.bucket_exists("someone-elses-bucket").await.unwrap());
        // The shared default bucket keeps what others wrote, so it stays.
        let left = aws
            .list_objects("sagemaker-us-east-1-123456789012", "", 100)
            .await
            .unwrap();
        assert_eq!(left, ["other-project/data.csv"]);
    });

    let second = run(&["cleanup", "--yes"]);
    assert!(second.status.success());
    let text = String::from_utf8_lossy(&second.stdout).to_string();
    assert!(
        text.trim().ends_with("Nothing of the workshop is left."),
        "{text}"
    );
    assert!(
        !text.contains("deleted "),
        "a second run deletes nothing: {text}"
    );
    // The shared log group is listed as kept, never deleted.
    assert!(
        text.contains("/aws/sagemaker/TrainingJobs") && text.contains("stays"),
        "{text}"
    );
    assert!(!text.contains("someone-elses"), "{text}");
    let status = run(&["status", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    let left: Vec<&str> = doc["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["type"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(left, ["log_group"], "only the kept log group is listed");
    assert_eq!(doc["total_usd_per_hour"], 0.0);
}

#[tokio::test]
async fn stopping_a_training_job_the_emulator_cannot_stop_is_a_short_error() {
    // moto has no StopTrainingJob (it answers 500): the learner sees the call and status.
    let moto = Moto::start();
    moto.seed();
    let aws = moto.aws().await;
    match aws
        .remove(
            ResourceKind::TrainingJob,
            "tensorflow-training-2021-05-05-02-02-03-005",
        )
        .await
    {
        Err(CloudError::Other(message)) => {
            assert_eq!(message, "sagemaker:StopTrainingJob: HTTP 500")
        }
        Ok(()) => {}
        other => panic!("a short error or success, not {other:?}"),
    }
    // Endpoints, configurations and models delete; deleting twice is fine.
    let endpoint = "tensorflow-training-2021-05-05-02-02-03-005-1620000000";
    aws.remove(ResourceKind::Endpoint, endpoint).await.unwrap();
    aws.remove(ResourceKind::Endpoint, endpoint).await.unwrap();
    assert!(
        aws.find(ResourceKind::Endpoint, endpoint)
            .await
            .unwrap()
            .is_empty()
    );
}

/// The live view's calls against the emulator: DescribeTrainingJob with its hosts and
/// metric definitions, one batched GetMetricData, and the log read forward and parsed.
#[tokio::test(flavor = "multi_thread")]
async fn a_training_job_is_watched_with_metrics_and_log() {
    use labguide::app::{LiveUpdate, Target};
    let moto = Moto::start();
    moto.run_seed("seed_live.py");
    let aws = moto.aws().await;
    let target = Target {
        kind: ResourceKind::TrainingJob,
        prefix: "sdp-dist-training-job-".into(),
    };
    let updates = labguide::runtime::watcher::snapshot(&aws, &target)
        .await
        .expect("the emulator answers");
    let detail = updates
        .iter()
        .find_map(|u| match u {
            LiveUpdate::Detail(d) => Some((**d).clone()),
            _ => None,
        })
        .expect("a description");
    assert_eq!(detail.name, "sdp-dist-training-job-1700000000");
    assert_eq!(detail.instance_type.as_deref(), Some("ml.p3.16xlarge"));
    assert_eq!(detail.instance_count, 2);
    // The definitions come from the service (moto answers a fixed one of its own).
    assert!(!detail.metric_definitions.is_empty(), "{detail:?}");
    let series = updates
        .iter()
        .find_map(|u| match u {
            LiveUpdate::Metrics(s) => Some(s.clone()),
            _ => None,
        })
        .expect("one metrics read");
    let points = |id: &str| {
        series
            .iter()
            .find(|s| s.id == id)
            .map_or(0, |s| s.points.len())
    };
    assert_eq!(points("algo-1:GPUUtilization"), 5, "{series:?}");
    assert_eq!(points("algo-2:GPUUtilization"), 5);
    assert_eq!(points("test:dcg"), 5);
    let (lines, parsed): (Vec<String>, Vec<(String, f64, f64)>) = updates
        .iter()
        .filter_map(|u| match u {
            LiveUpdate::Log { lines, points, .. } => Some((lines.clone(), points.clone())),
            _ => None,
        })
        .fold((vec![], vec![]), |(mut l, mut p), (a, b)| {
            l.extend(a);
            p.extend(b);
            (l, p)
        });
    assert_eq!(lines.len(), 40, "every line once, none twice");
    assert!(lines[0].contains("Train_Loss=3.0000"), "{}", lines[0]);
    let dcg: Vec<f64> = parsed
        .iter()
        .filter(|p| p.0 == "test:dcg")
        .map(|p| p.2)
        .collect();
    assert_eq!(dcg, vec![0.80, 0.81, 0.82]);
}
