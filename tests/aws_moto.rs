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
    let (scope, who) = labguide::runtime::cleanup::learner_for(&learner, &workshop, &vars, None)
        .await
        .expect("a learner despite refusals");
    // Classmates could not be counted: one is assumed, so nothing shared would go.
    assert_eq!(who.classmates, 1);
    let items = labguide::runtime::cleanup::inventory(
        &learner,
        &scope,
        &who,
        &workshop.prices,
        "us-east-1",
    )
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
        let aws = moto.aws().await;
        aws.create_stack(workshop_stack()).await.unwrap();
        // Lab 1's copy of the reviews, in the learner's own prefix.
        aws.put_object(
            "sagemaker-us-east-1-123456789012",
            "labguide/kim/lab1/reviews/product_category=Video_Games/part-0.parquet",
            b"PAR1".to_vec(),
        )
        .await
        .unwrap();
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
    // Seeded: the 2021 notebook's tensorflow-training-* completed, but none of labguide's
    // own runs: the step asks for those.
    let (s, reason) = status("lab2-training");
    assert_eq!(s, "fail");
    assert!(reason.contains("lg-kim-lab2-bert-a-"), "{reason}");
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
        automl: false,
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
    aws.start(
        Start::AutoMl {
            name: "automl-dm-26-04-30-00".into(),
            input_uri: "s3://sagemaker-us-east-1-123456789012/autopilot/train/".into(),
            output_uri: "s3://sagemaker-us-east-1-123456789012/automl/output".into(),
            target: "star_rating".into(),
            role_arn: "arn:aws:iam::123456789012:role/AIMLWorkshop-NotebookExecutionRole-X".into(),
        },
        vec![],
    )
    .await
    .unwrap();
    let jobs = aws
        .find(ResourceKind::AutoMlJob, "automl-dm-26-")
        .await
        .unwrap();
    assert_eq!(jobs.len(), 1);
    aws.start(
        Start::Classifier {
            name: "Amazon-Customer-Reviews-Classifier-1764131400".into(),
            input_uri: "s3://sagemaker-experiments-us-east-1-123456789012/comprehend/train.csv"
                .into(),
            role_arn: "arn:aws:iam::123456789012:role/aws_sm_hol_Comprehend".into(),
        },
        vec![],
    )
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
        aws.start(endpoint, vec![]).await,
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
        .canary("tensorflow-training-ab-", CanaryStage::Shift, None)
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
        .canary("tensorflow-training-ab-", CanaryStage::Single, None)
        .await
    {
        Err(CloudError::Other(message)) => {
            assert_eq!(message, "sagemaker:UpdateEndpoint: HTTP 500")
        }
        other => panic!("a short error, not {other:?}"),
    }
    assert!(matches!(
        aws.canary("no-such-endpoint-", CanaryStage::Split, None)
            .await,
        Err(CloudError::NotFound { .. })
    ));
}

/// What tests/moto/seed_class.py puts in the default bucket that is not the workshop's:
/// another project's file and a stranger's job. Every cleanup leaves exactly these.
const NOT_THE_WORKSHOPS: [&str; 3] = [
    "other-project/data.csv",
    "pytorch-training-2021-05-05-09-09-09-999/output/model.tar.gz",
    "pytorch-training-2021-05-05-09-09-09-999/source/sourcedir.tar.gz",
];

fn stack_for(initials: &str) -> CreateStack {
    CreateStack {
        name: format!("AIMLWorkshop-{initials}"),
        parameters: vec![("Initial".into(), initials.into())],
        ..workshop_stack()
    }
}

/// Launches the learners' stacks, then seeds what their notebooks leave (tests/moto/seed_class.py).
fn class_account(moto: &Moto, learners: &[&str]) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let aws = moto.aws().await;
        for initials in learners {
            aws.create_stack(stack_for(initials)).await.unwrap();
        }
    });
    moto.run_seed_with("seed_class.py", &[("LEARNERS", &learners.join(","))]);
}

fn names(aws: &labguide::cloud::aws::Aws, kind: ResourceKind, prefix: &str) -> Vec<String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime
        .block_on(aws.find(kind, prefix))
        .unwrap()
        .into_iter()
        .map(|f| f.name)
        .collect()
}

/// Alone in the account: cleanup deletes all of the learner's (found by their notebook's
/// role, whatever the SDK named it) and the class's shared names, none of a stranger's
/// look-alikes, proves it, and a second run has nothing to do.
#[test]
fn cleanup_alone_takes_all_of_mine_and_the_shared_and_nothing_else() {
    let moto = Moto::start();
    class_account(&moto, &["kim"]);
    let state = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| moto.labguide(state.path(), args);
    let dry = run(&["cleanup", "--dry-run"]);
    let listed = String::from_utf8_lossy(&dry.stdout).to_string();
    assert!(dry.status.success(), "{listed}");
    for mine in [
        "AIMLWorkshop-kim",
        "pytorch-inference-2021-05-05-00-00-00-000-ep",
        "pytorch-inference-2021-05-05-00-00-00-000 ",
        "s3://sagemaker-us-east-1-123456789012/pytorch-training-2021-05-05-00-00-00-000/",
        "comprehend-inference-ep-05-01-02-03",
        "aws_sm_hol_Comprehend",
        "awsdb_0107",
        "s3://sagemaker-us-east-1-123456789012/oxford_pet_dataset/",
    ] {
        assert!(listed.contains(mine), "--dry-run lists {mine}:\n{listed}");
    }
    // The stranger's look-alikes are listed as not yours, with the rule that says so.
    let (going, foreign) = listed
        .split_once("will be deleted")
        .map(|(before, after)| (after.to_string(), before.to_string()))
        .unwrap_or_default();
    assert!(
        foreign.contains("pytorch-inference-2021-05-05-09-09-09-999-ep"),
        "{listed}"
    );
    assert!(foreign.contains("not yours"), "{listed}");
    assert!(
        !going.contains("09-09-09-999"),
        "a stranger's is never to be deleted:\n{going}"
    );
    assert!(going.contains("your role"), "the rule is named:\n{going}");
    assert!(!listed.contains("other-project"), "{listed}");

    let out = run(&["cleanup", "--yes"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.trim_end()
            .ends_with("Nothing of the workshop is left."),
        "{text}"
    );
    // moto's stack names its notebook itself, so the learner's is one outside the stack:
    // stopped, then deleted.
    assert!(
        text.contains("deleted notebook instance sagemaker-hol-lab-kim"),
        "{text}"
    );

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let aws = rt.block_on(moto.aws());
    for kind in [
        ResourceKind::Endpoint,
        ResourceKind::EndpointConfig,
        ResourceKind::Model,
    ] {
        assert_eq!(
            names(&aws, kind, "pytorch-inference-"),
            vec![if kind == ResourceKind::Model {
                "pytorch-inference-2021-05-05-09-09-09-999".to_string()
            } else {
                "pytorch-inference-2021-05-05-09-09-09-999-ep".to_string()
            }],
            "only the stranger's {kind:?} is left"
        );
    }
    assert!(names(&aws, ResourceKind::ComprehendEndpoint, "").is_empty());
    assert!(names(&aws, ResourceKind::ComprehendClassifier, "").is_empty());
    rt.block_on(async {
        assert!(!aws.role_exists("aws_sm_hol_Comprehend").await.unwrap());
        assert!(aws.role_exists("someone-elses-role").await.unwrap());
        assert!(!aws.glue_database_exists("awsdb_0107").await.unwrap());
        assert!(
            !aws.bucket_exists("sagemaker-experiments-us-east-1-123456789012")
                .await
                .unwrap()
        );
        assert_eq!(aws.describe_stack("AIMLWorkshop-kim").await.unwrap(), None);
        assert_eq!(aws.notebook("sagemaker-hol-lab-kim").await.unwrap(), None);
        let mut left = aws
            .list_objects("sagemaker-us-east-1-123456789012", "", 100)
            .await
            .unwrap();
        left.sort();
        assert_eq!(
            left, NOT_THE_WORKSHOPS,
            "the default bucket keeps what is not the workshop's"
        );
    });

    let second = run(&["cleanup", "--yes"]);
    let text = String::from_utf8_lossy(&second.stdout).to_string();
    assert_eq!(second.status.code(), Some(0), "{text}");
    assert!(
        !text.contains("deleted "),
        "a second run deletes nothing: {text}"
    );
    assert!(!text.contains("will be deleted"), "{text}");
}

/// Beside a classmate: the learner's go, the classmate's (same kinds, same SDK-style
/// names) stay, the class's shared ones are kept for them (exit 3), and a plan refuses
/// to run once the account no longer matches it.
#[test]
fn cleanup_in_a_class_takes_only_mine_and_keeps_the_shared() {
    let moto = Moto::start();
    class_account(&moto, &["kim", "lee"]);
    let state = tempfile::tempdir().unwrap();
    let plan = state.path().join("plan.json");
    let plan_arg = plan.to_str().unwrap();
    let run = |args: &[&str]| moto.labguide(state.path(), args);

    let dry = run(&["cleanup", "--dry-run", "--plan", plan_arg]);
    let listed = String::from_utf8_lossy(&dry.stdout).to_string();
    assert!(dry.status.success(), "{listed}");
    assert!(listed.contains("shared with 1 classmate"), "{listed}");
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&plan).unwrap()).unwrap();
    assert_eq!(written["learner"], "kim");

    let out = run(&["cleanup", "--plan", plan_arg, "--yes"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(3), "mine gone, shared kept: {text}");
    assert!(text.contains("Nothing of yours is left"), "{text}");

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let aws = rt.block_on(moto.aws());
    let endpoints = names(&aws, ResourceKind::Endpoint, "pytorch-inference-");
    assert!(
        endpoints.contains(&"pytorch-inference-2021-05-05-01-00-00-001-ep".to_string()),
        "the classmate's endpoint stays: {endpoints:?}"
    );
    assert!(!endpoints.contains(&"pytorch-inference-2021-05-05-00-00-00-000-ep".to_string()));
    assert_eq!(
        names(&aws, ResourceKind::ComprehendEndpoint, "").len(),
        1,
        "shared, kept"
    );
    rt.block_on(async {
        assert!(
            aws.describe_stack("AIMLWorkshop-lee")
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            aws.notebook("sagemaker-hol-lab-lee")
                .await
                .unwrap()
                .is_some()
        );
        assert!(aws.role_exists("aws_sm_hol_Comprehend").await.unwrap());
        assert!(aws.glue_database_exists("awsdb_0107").await.unwrap());
        let keys = aws
            .list_objects("sagemaker-us-east-1-123456789012", "", 100)
            .await
            .unwrap();
        assert!(
            keys.iter()
                .any(|k| k.starts_with("pytorch-training-2021-05-05-01-00-00-001/"))
        );
        assert!(
            !keys
                .iter()
                .any(|k| k.starts_with("pytorch-training-2021-05-05-00-00-00-000/"))
        );
        assert!(
            keys.iter().any(|k| k.starts_with("oxford_pet_dataset/")),
            "shared data kept"
        );
    });

    // The same plan again: what it planned is gone, nothing new is mine: a no-op.
    let again = run(&["cleanup", "--plan", plan_arg, "--yes"]);
    let text = String::from_utf8_lossy(&again.stdout).to_string();
    assert_eq!(again.status.code(), Some(3), "{text}");
    assert!(!text.contains("deleted "), "{text}");

    // Lee's plan, then the class changes under it (lee's classmate kim is gone): the
    // shared resources would now be lee's to delete, which the plan did not say.
    let lee_state = tempfile::tempdir().unwrap();
    let lee_plan = lee_state.path().join("plan.json");
    let lee = |args: &[&str]| moto.labguide_as("lee", lee_state.path(), args);
    let lee_dry = lee(&["cleanup", "--dry-run", "--plan", lee_plan.to_str().unwrap()]);
    assert!(lee_dry.status.success());
    rt.block_on(async {
        let aws = moto.aws().await;
        aws.create_stack(stack_for("park")).await.unwrap();
    });
    let refused = lee(&["cleanup", "--plan", lee_plan.to_str().unwrap(), "--yes"]);
    let err = String::from_utf8_lossy(&refused.stderr).to_string();
    assert_eq!(refused.status.code(), Some(1), "{err}");
    assert!(err.contains("changed since the plan"), "{err}");
    assert_eq!(
        names(
            &aws,
            ResourceKind::Endpoint,
            "pytorch-inference-2021-05-05-01"
        )
        .len(),
        1,
        "a refused plan deletes nothing"
    );
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

/// Lab 1's Athena step end to end against the emulator: the real binary sends the six
/// statements in order, each with its results in a folder of the learner's own, and
/// shows the rows Athena answered (moto answers what it is told to).
#[test]
fn the_athena_step_sends_its_statements_with_results_in_the_learners_folders() {
    let moto = Moto::start();
    // The rows the count by rating answers, as moto's API lets a test set them: moto
    // gives queued results to queries as they start, so the three statements before it
    // get empty ones.
    let rows = serde_json::json!({
        "results": [{"rows": []}, {"rows": []}, {"rows": []}, {
            "rows": [
                {"Data": [{"VarCharValue": "star_rating"}, {"VarCharValue": "reviews"}]},
                {"Data": [{"VarCharValue": "1"}, {"VarCharValue": "118"}]},
                {"Data": [{"VarCharValue": "5"}, {"VarCharValue": "410"}]}
            ],
            "column_info": [
                {"CatalogName": "c", "SchemaName": "s", "TableName": "t", "Name": "star_rating",
                 "Label": "star_rating", "Type": "bigint", "Precision": 19, "Scale": 0,
                 "Nullable": "NULLABLE", "CaseSensitive": false},
                {"CatalogName": "c", "SchemaName": "s", "TableName": "t", "Name": "reviews",
                 "Label": "reviews", "Type": "bigint", "Precision": 19, "Scale": 0,
                 "Nullable": "NULLABLE", "CaseSensitive": false}
            ]
        }]
    });
    moto.control("/moto-api/static/athena/query-results", &rows.to_string());
    let state = tempfile::tempdir().unwrap();
    let out = moto.labguide(state.path(), &["run", "lab1-athena"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(text.matches(": SUCCEEDED").count(), 7, "{text}");
    assert!(text.contains("star_rating │ reviews"), "{text}");
    assert!(text.contains("5           │ 410"), "{text}");

    // What Athena was sent: in order, on the learner's database, results in their folders.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let conf = moto.sdk_config().await;
        let athena = aws_sdk_athena::Client::new(&conf);
        let ids = athena
            .list_query_executions()
            .send()
            .await
            .unwrap()
            .query_execution_ids()
            .to_vec();
        assert_eq!(ids.len(), 7, "{ids:?}");
        let mut sent = vec![];
        for id in &ids {
            let q = athena
                .get_query_execution()
                .query_execution_id(id)
                .send()
                .await
                .unwrap();
            let q = q.query_execution().unwrap();
            let output = q
                .result_configuration()
                .and_then(|r| r.output_location())
                .unwrap_or_default()
                .to_string();
            assert!(
                output
                    .starts_with("s3://sagemaker-us-east-1-123456789012/labguide/kim/lab1/athena/"),
                "{output}"
            );
            let db = q
                .query_execution_context()
                .and_then(|c| c.database())
                .map(str::to_string);
            sent.push((q.query().unwrap_or_default().to_string(), db));
        }
        assert!(
            sent.iter().any(|(sql, db)| sql
                .contains("CREATE DATABASE IF NOT EXISTS lg_kim_reviews")
                && db.is_none()),
            "{sent:?}"
        );
        assert!(
            sent.iter().any(
                |(sql, db)| sql.contains("partitioned_by = ARRAY['product_category']")
                    && sql.contains(
                        "s3://sagemaker-us-east-1-123456789012/labguide/kim/lab1/parquet/"
                    )
                    && db.as_deref() == Some("lg_kim_reviews")
            ),
            "{sent:?}"
        );
    });
}

/// The Autopilot job and the Comprehend classifier carry the learner's tags, and the
/// AutoML v2 job is asked in AUTO mode with its output under the learner's prefix.
#[tokio::test]
async fn autopilot_and_comprehend_are_tagged_for_the_learner() {
    use labguide::cloud::Start;
    let moto = Moto::start();
    let aws = moto.aws().await;
    let tags = vec![
        ("labguide:workshop".to_string(), "aws-aiml-hol".to_string()),
        ("labguide:learner".to_string(), "kim".to_string()),
    ];
    aws.start(
        Start::AutoMl {
            name: "lg-kim-ap-02-16-20-00".into(),
            input_uri:
                "s3://sagemaker-us-east-1-123456789012/labguide/kim/lab1/split/autopilot/train.csv"
                    .into(),
            output_uri: "s3://sagemaker-us-east-1-123456789012/labguide/kim/automl/".into(),
            target: "star_rating".into(),
            role_arn: "arn:aws:iam::123456789012:role/AIMLWorkshop-kim-NotebookExecutionRole-X"
                .into(),
        },
        tags.clone(),
    )
    .await
    .unwrap();
    let conf = moto.sdk_config().await;
    let sm = aws_sdk_sagemaker::Client::new(&conf);
    let job = sm
        .describe_auto_ml_job_v2()
        .auto_ml_job_name("lg-kim-ap-02-16-20-00")
        .send()
        .await
        .unwrap();
    assert_eq!(
        job.output_data_config().and_then(|o| o.s3_output_path()),
        Some("s3://sagemaker-us-east-1-123456789012/labguide/kim/automl/")
    );
    let listed = sm
        .list_tags()
        .resource_arn(job.auto_ml_job_arn().unwrap_or_default())
        .send()
        .await
        .unwrap();
    let got: Vec<(String, String)> = listed
        .tags()
        .iter()
        .map(|t| {
            (
                t.key().unwrap_or_default().to_string(),
                t.value().unwrap_or_default().to_string(),
            )
        })
        .collect();
    for t in &tags {
        assert!(got.contains(t), "{got:?}");
    }
    aws.start(
        Start::Classifier {
            name: "lg-kim-lab1-reviews-1796000000".into(),
            input_uri:
                "s3://sagemaker-us-east-1-123456789012/labguide/kim/lab1/split/comprehend/train.csv"
                    .into(),
            role_arn: "arn:aws:iam::123456789012:role/AIMLWorkshop-kim-ComprehendDataAccessRole-X"
                .into(),
        },
        tags.clone(),
    )
    .await
    .unwrap();
    let comprehend = aws_sdk_comprehend::Client::new(&conf);
    let classifiers = comprehend.list_document_classifiers().send().await.unwrap();
    let arn = classifiers
        .document_classifier_properties_list()
        .iter()
        .find_map(|c| c.document_classifier_arn())
        .unwrap()
        .to_string();
    let listed = comprehend
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .unwrap();
    let got: Vec<(String, String)> = listed
        .tags()
        .iter()
        .map(|t| {
            (
                t.key().to_string(),
                t.value().unwrap_or_default().to_string(),
            )
        })
        .collect();
    for t in &tags {
        assert!(got.contains(t), "{got:?}");
    }
}

/// The canary's split puts the second run's model beside the serving one: the model is
/// made from that job, tagged, and the new configuration gives it VariantB at half the
/// traffic. (moto has no UpdateEndpoint: the last call fails there, after all of this.)
#[tokio::test]
async fn the_canary_split_serves_the_second_run_as_variant_b() {
    use labguide::cloud::{CanaryStage, NewModel};
    let moto = Moto::start();
    moto.seed();
    let aws = moto.aws().await;
    let second = "tensorflow-training-2021-05-05-01-02-03-004";
    let result = aws
        .canary(
            "tensorflow-training-2021-05-05-02-02-03-005-",
            CanaryStage::Split,
            Some(NewModel {
                job_prefix: second.into(),
                image_uri: Some(
                    "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.6.0-cpu-py312-ubuntu22.04-sagemaker"
                        .into(),
                ),
                tags: vec![("labguide:learner".into(), "kim".into())],
            }),
        )
        .await;
    assert!(
        matches!(&result, Err(CloudError::Other(m)) if m == "sagemaker:UpdateEndpoint: HTTP 500"),
        "{result:?}"
    );
    let conf = moto.sdk_config().await;
    let sm = aws_sdk_sagemaker::Client::new(&conf);
    let model = sm.describe_model().model_name(second).send().await.unwrap();
    assert_eq!(
        model.primary_container().and_then(|c| c.image()),
        Some(
            "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.6.0-cpu-py312-ubuntu22.04-sagemaker"
        )
    );
    let configs = sm
        .list_endpoint_configs()
        .name_contains("-ab-")
        .send()
        .await
        .unwrap();
    let name = configs
        .endpoint_configs()
        .first()
        .map(|c| c.endpoint_config_name().unwrap_or_default().to_string())
        .expect("the split's configuration");
    let config = sm
        .describe_endpoint_config()
        .endpoint_config_name(name)
        .send()
        .await
        .unwrap();
    let variants: Vec<(String, String, f32)> = config
        .production_variants()
        .iter()
        .map(|v| {
            (
                v.variant_name().unwrap_or_default().to_string(),
                v.model_name().unwrap_or_default().to_string(),
                v.initial_variant_weight().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        variants,
        [
            (
                "VariantA".to_string(),
                "tensorflow-training-2021-05-05-02-02-03-005".to_string(),
                50.0
            ),
            ("VariantB".to_string(), second.to_string(), 50.0)
        ]
    );
}

/// Three learners publish to one account; the instructor's `labguide class --json` shows
/// all three with their steps, the one stuck on a failing check first, and the class's
/// hourly cost from what each published.
#[test]
fn the_class_board_reads_every_learner_from_one_listing() {
    use labguide::app::class::Learner;
    let moto = Moto::start();
    let bucket = "sagemaker-us-east-1-123456789012";
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    let learner = |initials: &str, step: &str, done, failing: Option<f64>| Learner {
        initials: initials.into(),
        step: step.into(),
        done,
        total: 26,
        failing: failing.map(|_| "objects_exist".into()),
        usd_hour: Some(0.23),
        since: (now - 1200.0).floor(),
        failing_since: failing.map(|ago| (now - ago).floor()),
        at: Some((now - 30.0).floor()),
    };
    runtime.block_on(async {
        let aws = moto.aws().await;
        aws.ensure_bucket(bucket).await.unwrap();
        for l in [
            learner("lee", "lab2-training", 14, None),
            learner("kim", "lab1-athena", 6, Some(600.0)),
            learner("park", "lab1-dataset", 5, None),
        ] {
            labguide::runtime::publish::write(&aws, bucket, &l)
                .await
                .unwrap();
        }
        // Writing again replaces the learner's note; it does not add one.
        labguide::runtime::publish::write(&aws, bucket, &learner("lee", "lab2-endpoint", 15, None))
            .await
            .unwrap();
    });
    let state = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_labguide"))
        .args(["--aws", "--lang", "en", "class", "--json", "--state-dir"])
        .arg(state.path())
        .envs(common::moto::aws_env(&moto.url(), state.path()))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let learners = doc["learners"].as_array().unwrap();
    let who: Vec<&str> = learners
        .iter()
        .map(|l| l["initials"].as_str().unwrap())
        .collect();
    assert_eq!(who, ["kim", "park", "lee"], "{text}");
    assert_eq!(learners[0]["stuck"], true);
    assert_eq!(learners[0]["failing"], "objects_exist");
    assert_eq!(learners[0]["section"], "lab1");
    assert_eq!(learners[2]["step"], "lab2-endpoint");
    assert_eq!(doc["class_usd_per_hour"], 0.69);
}

/// The instructor's class cleanup at the end of the day: refused while a learner's
/// labguide noted a change minutes ago; then both learners' parts and the class's shared
/// resources go, learner by learner, each proven; a stranger's look-alikes and another
/// project's files stay; a second run has nothing to do.
#[test]
fn the_class_cleanup_takes_every_learners_and_the_shared_and_nothing_else() {
    use labguide::app::class::Learner;
    let moto = Moto::start();
    class_account(&moto, &["kim", "lee"]);
    let bucket = "sagemaker-us-east-1-123456789012";
    let state = tempfile::tempdir().unwrap();
    let instructor = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_labguide"))
            .args(["--aws", "--lang", "en", "--state-dir"])
            .arg(state.path())
            .args(args)
            .envs(common::moto::aws_env(&moto.url(), state.path()))
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let aws = rt.block_on(moto.aws());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        .floor();
    // Lee's labguide wrote its note two minutes ago; park has only a note, no stack.
    let note = |initials: &str, at: f64| Learner {
        initials: initials.into(),
        step: "lab3-training".into(),
        done: 20,
        total: 26,
        failing: None,
        usd_hour: Some(14.41),
        since: at - 600.0,
        failing_since: None,
        at: Some(at),
    };
    rt.block_on(async {
        use labguide::runtime::publish::write;
        write(&aws, bucket, &note("lee", now - 120.0))
            .await
            .unwrap();
        write(&aws, bucket, &note("park", now - 3600.0))
            .await
            .unwrap();
    });

    let refused = instructor(&["class", "cleanup", "--yes"]);
    let err = String::from_utf8_lossy(&refused.stderr).to_string();
    assert_eq!(refused.status.code(), Some(1), "{err}");
    assert!(err.contains("lee (2 min ago)"), "{err}");
    assert!(
        !err.contains("park"),
        "an hour-old note is not at work: {err}"
    );
    assert!(
        aws_has_endpoint(&aws, "pytorch-inference-2021-05-05-01-00-00-001-ep"),
        "a refused cleanup deletes nothing"
    );

    let dry = instructor(&["class", "cleanup", "--dry-run"]);
    let plan = String::from_utf8_lossy(&dry.stdout).to_string();
    assert!(dry.status.success(), "{plan}");
    let (before_shared, shared) = plan.split_once("Shared by the class").unwrap();
    let (kim, lee) = before_shared.split_once("\nlee: ").unwrap();
    assert!(
        kim.contains("kim: ") && kim.contains("00-00-00-000-ep"),
        "{plan}"
    );
    assert!(
        !kim.contains("01-00-00-001"),
        "lee's is not in kim's part: {plan}"
    );
    assert!(
        lee.contains("01-00-00-001-ep") && lee.contains("AIMLWorkshop-lee"),
        "{plan}"
    );
    assert!(
        shared.contains("aws_sm_hol_Comprehend") && shared.contains("awsdb_0107"),
        "{plan}"
    );
    let (_, foreign) = shared.split_once("left alone").unwrap();
    assert!(foreign.contains("09-09-09-999"), "{plan}");

    let out = instructor(&["class", "cleanup", "--yes", "--force"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for proven in [
        "kim: ",
        "lee: ",
        "park: ",
        "Nothing of theirs is left.",
        "nothing the class shared is left",
    ] {
        assert!(text.contains(proven), "{proven}: {text}");
    }
    assert!(
        text.trim_end().ends_with("resources deleted)."),
        "the last word is the proof: {text}"
    );
    rt.block_on(async {
        for initials in ["kim", "lee"] {
            let stack = format!("AIMLWorkshop-{initials}");
            assert_eq!(aws.describe_stack(&stack).await.unwrap(), None);
            let notebook = format!("sagemaker-hol-lab-{initials}");
            assert_eq!(aws.notebook(&notebook).await.unwrap(), None);
        }
        assert!(!aws.role_exists("aws_sm_hol_Comprehend").await.unwrap());
        assert!(!aws.glue_database_exists("awsdb_0107").await.unwrap());
        assert!(aws.role_exists("someone-elses-role").await.unwrap());
        let mut left = aws.list_objects(bucket, "", 100).await.unwrap();
        left.sort();
        assert_eq!(
            left, NOT_THE_WORKSHOPS,
            "no learner's files and no class notes are left; the rest stays"
        );
    });
    assert_eq!(
        names(&aws, ResourceKind::Endpoint, "pytorch-inference-"),
        ["pytorch-inference-2021-05-05-09-09-09-999-ep"],
        "only the stranger's endpoint stays"
    );
    assert!(names(&aws, ResourceKind::ComprehendEndpoint, "").is_empty());

    let second = instructor(&["class", "cleanup", "--yes"]);
    let text = String::from_utf8_lossy(&second.stdout).to_string();
    assert_eq!(second.status.code(), Some(0), "{text}");
    assert!(
        !text.contains("deleted"),
        "a second run deletes nothing: {text}"
    );
    assert!(
        text.contains("No learner's workshop is in this account"),
        "{text}"
    );
}

fn aws_has_endpoint(aws: &labguide::cloud::aws::Aws, name: &str) -> bool {
    names(aws, ResourceKind::Endpoint, name)
        .iter()
        .any(|n| n == name)
}
