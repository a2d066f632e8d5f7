//! labguide's own launches over real HTTP against moto: the job it creates is exactly the
//! one the lab asks for (image for the region, instances, hyperparameters with a submit
//! directory that exists and holds the entry script, metric definitions, names and tags),
//! and a preflight that fails starts nothing.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Mutex;

use common::moto::Moto;
use labguide::app::Report;
use labguide::cloud::Cloud;
use labguide::workshop::task::LaunchJob;

const ACCOUNT: &str = "123456789012";
const ROLE: &str = "arn:aws:iam::123456789012:role/labguide-test";

fn workshop() -> labguide::workshop::Workshop {
    labguide::workshop::load(&labguide::workshop::Source::Embedded).expect("the shipped workshop")
}

fn vars(w: &labguide::workshop::Workshop) -> BTreeMap<String, String> {
    let mut vars = w.vars.clone();
    vars.insert("initial".into(), "kim".into());
    vars.insert("account".into(), ACCOUNT.into());
    vars.insert("region".into(), "us-east-1".into());
    vars.insert("role_arn".into(), ROLE.into());
    vars
}

/// An SDK configuration for moto at `url`, to read back what labguide created.
async fn conf(url: &str) -> aws_config::SdkConfig {
    labguide::cloud::aws::Aws::defaults()
        .endpoint_url(url)
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_sts::config::Credentials::new(
            "testing", "testing", None, None, "test",
        ))
        .load()
        .await
}

async fn sagemaker(url: &str) -> aws_sdk_sagemaker::Client {
    aws_sdk_sagemaker::Client::new(&conf(url).await)
}

async fn s3(url: &str) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&conf(url).await)
            .force_path_style(true)
            .build(),
    )
}

type Journal = Mutex<Vec<(String, String)>>;

async fn launch(
    aws: &labguide::cloud::aws::Aws,
    w: &labguide::workshop::Workshop,
    job: &str,
    vars: &BTreeMap<String, String>,
    journal: &Journal,
) -> Result<(labguide::cloud::ResourceKind, String), Report> {
    let t = LaunchJob {
        job: job.into(),
        fallback: None,
    };
    let record = |kind: &str, name: &str, _: &str| {
        journal
            .lock()
            .unwrap()
            .push((kind.to_string(), name.to_string()))
    };
    labguide::runtime::launch::start(
        aws,
        w,
        "lab3-training",
        &t,
        vars,
        labguide::cloud::wall_clock(),
        &record,
    )
    .await
}

#[tokio::test]
async fn the_lab3_job_is_created_as_the_lab_asks_and_its_code_is_in_s3() {
    let moto = Moto::start();
    let aws = moto.aws().await;
    let w = workshop();
    let vars = vars(&w);
    let bucket = format!("sagemaker-us-east-1-{ACCOUNT}");
    // The data the job reads, as the fetch job would have left it.
    aws.ensure_bucket(&bucket).await.unwrap();
    for split in ["train", "test"] {
        aws.put_object(
            &bucket,
            &format!("labguide/kim/lab3/data/{split}/part-0.parquet"),
            b"PAR1".to_vec(),
        )
        .await
        .unwrap();
    }
    let journal = Journal::default();
    let (kind, name) = launch(&aws, &w, "lab3-amp", &vars, &journal).await.unwrap();
    assert_eq!(kind, labguide::cloud::ResourceKind::TrainingJob);
    assert!(
        name.starts_with("lg-kim-lab3-amp-") && name.len() <= 63,
        "{name}"
    );

    let sm = sagemaker(&moto.url()).await;
    let d = sm
        .describe_training_job()
        .training_job_name(&name)
        .send()
        .await
        .unwrap();
    let algo = d.algorithm_specification().unwrap();
    assert_eq!(
        algo.training_image().unwrap(),
        "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.10.0-gpu-py313-cu130-ubuntu22.04-sagemaker"
    );
    let metrics: BTreeMap<&str, &str> = algo
        .metric_definitions()
        .iter()
        .filter_map(|m| Some((m.name()?, m.regex()?)))
        .collect();
    // moto answers DescribeTrainingJob with metric definitions of its own, so what was
    // sent is checked on the request itself (runtime::launch's tests) instead.
    assert!(!metrics.is_empty());
    let res = d.resource_config().unwrap();
    assert_eq!(res.instance_type().unwrap().as_str(), "ml.g5.12xlarge");
    assert_eq!(res.instance_count(), Some(2));
    assert_eq!(d.role_arn(), Some(ROLE));
    let hp = d.hyper_parameters().unwrap();
    assert_eq!(hp["sagemaker_program"], "\"train.py\"");
    assert_eq!(hp["sagemaker_torch_distributed_enabled"], "true");
    assert_eq!(hp["amp"], "true");
    assert_eq!(hp["model"], "resnet50");
    let channels: Vec<&str> = d
        .input_data_config()
        .iter()
        .filter_map(|c| c.channel_name())
        .collect();
    assert_eq!(channels, ["test", "train"]);
    assert!(
        d.debug_rule_configurations().is_empty(),
        "no Debugger rules"
    );

    // The submit directory exists and holds the entry script.
    let submit: String = serde_json::from_str(&hp["sagemaker_submit_directory"]).unwrap();
    let (b, key) = submit
        .strip_prefix("s3://")
        .and_then(|r| r.split_once('/'))
        .unwrap();
    assert_eq!(b, bucket);
    assert_eq!(key, "labguide/kim/lab3/code/amp/sourcedir.tar.gz");
    let body = s3(&moto.url())
        .await
        .get_object()
        .bucket(b)
        .key(key)
        .send()
        .await
        .unwrap()
        .body
        .collect()
        .await
        .unwrap()
        .into_bytes();
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(&body[..]));
    let mut names = vec![];
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().to_string_lossy().to_string();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        if path == "train.py" {
            assert!(text.contains("torch"), "the lab's script");
        }
        names.push(path);
    }
    assert!(names.contains(&"train.py".to_string()), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("tests")), "{names:?}");

    // Tags on the job.
    let tags = sm
        .list_tags()
        .resource_arn(d.training_job_arn().unwrap())
        .send()
        .await
        .unwrap();
    let tags: BTreeMap<&str, &str> = tags
        .tags()
        .iter()
        .filter_map(|t| Some((t.key()?, t.value()?)))
        .collect();
    assert_eq!(tags["labguide:workshop"], "aws-aiml-hol");
    assert_eq!(tags["labguide:learner"], "kim");
    assert_eq!(tags["labguide:step"], "lab3-training");

    // Deployed for lab 3's endpoint: the serving image of images.toml, no accelerator
    // (Elastic Inference has ended).
    aws.deploy_endpoint(labguide::cloud::Deploy {
        job_prefix: "lg-kim-lab3-amp-".into(),
        automl: false,
        endpoint: "lg-kim-lab3-ep-1".into(),
        instance_type: "ml.m5.large".into(),
        image_uri: Some(
            "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.6.0-cpu-py312-ubuntu22.04-sagemaker"
                .into(),
        ),
        tags: vec![("labguide:workshop".into(), "aws-aiml-hol".into())],
    })
    .await
    .unwrap();
    let ep = sm
        .describe_endpoint()
        .endpoint_name("lg-kim-lab3-ep-1")
        .send()
        .await
        .unwrap();
    let config = sm
        .describe_endpoint_config()
        .endpoint_config_name(ep.endpoint_config_name().unwrap())
        .send()
        .await
        .unwrap();
    assert!(
        config
            .production_variants()
            .iter()
            .all(|v| v.accelerator_type().is_none()),
        "{config:?}"
    );
    let model = sm
        .describe_model()
        .model_name(config.production_variants()[0].model_name().unwrap())
        .send()
        .await
        .unwrap();
    assert!(
        model
            .primary_container()
            .and_then(|c| c.image())
            .unwrap()
            .contains("pytorch-inference:2.6.0-cpu"),
        "{model:?}"
    );

    // The journal has the code pack and the job, in the order they were made.
    let journal = journal.into_inner().unwrap();
    assert_eq!(journal.last().unwrap(), &("training_job".into(), name));
    assert!(
        journal
            .iter()
            .any(|(k, n)| k == "object" && n.ends_with("sourcedir.tar.gz"))
    );
}

#[tokio::test]
async fn the_processing_job_gets_its_script_as_an_input_and_writes_to_the_learners_prefix() {
    let moto = Moto::start();
    let aws = moto.aws().await;
    let w = workshop();
    let vars = vars(&w);
    let journal = Journal::default();
    let (kind, name) = launch(&aws, &w, "lab3-fetch", &vars, &journal)
        .await
        .unwrap();
    assert_eq!(kind, labguide::cloud::ResourceKind::ProcessingJob);
    let d = sagemaker(&moto.url())
        .await
        .describe_processing_job()
        .processing_job_name(&name)
        .send()
        .await
        .unwrap();
    // The folder's requirements are installed before the script runs: a processing
    // container, unlike a training one, installs nothing itself.
    let app = d.app_specification().unwrap();
    assert_eq!(
        app.container_entrypoint(),
        [
            "/bin/sh",
            "-c",
            "python3 -m pip install --quiet --no-cache-dir -r /opt/ml/processing/input/code/requirements.txt && exec python3 /opt/ml/processing/input/code/fetch.py"
        ]
    );
    let code = d
        .processing_inputs()
        .iter()
        .find(|i| i.input_name() == Some("code"))
        .and_then(|i| i.s3_input())
        .unwrap();
    assert_eq!(
        code.s3_uri().unwrap_or_default(),
        format!("s3://sagemaker-us-east-1-{ACCOUNT}/labguide/kim/lab3/code/fetch/")
    );
    // Both files are in that folder, and nothing else of the lab's code.
    let listed = s3(&moto.url())
        .await
        .list_objects_v2()
        .bucket(format!("sagemaker-us-east-1-{ACCOUNT}"))
        .prefix("labguide/kim/lab3/code/fetch/")
        .send()
        .await
        .unwrap();
    let mut keys: Vec<&str> = listed.contents().iter().filter_map(|o| o.key()).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "labguide/kim/lab3/code/fetch/fetch.py",
            "labguide/kim/lab3/code/fetch/requirements.txt"
        ]
    );
    let outputs: Vec<&str> = d
        .processing_output_config()
        .unwrap()
        .outputs()
        .iter()
        .filter_map(|o| o.s3_output().and_then(|s| s.s3_uri()))
        .collect();
    assert!(
        outputs.iter().all(|o| o.starts_with(&format!(
            "s3://sagemaker-us-east-1-{ACCOUNT}/labguide/kim/lab3/data/"
        ))),
        "{outputs:?}"
    );
}

#[tokio::test]
async fn refused_launches_say_why_and_start_nothing() {
    let moto = Moto::start();
    let aws = moto.aws().await;
    let w = workshop();
    let journal = Journal::default();

    // The training data is not there yet: refused before any call that creates.
    let vars = vars(&w);
    match launch(&aws, &w, "lab3-amp", &vars, &journal).await {
        Err(Report::DataNotReady { uri }) => {
            assert!(uri.contains("/labguide/kim/lab3/data/"), "{uri}")
        }
        other => panic!("{other:?}"),
    }
    // A region with no registry labguide knows.
    let mut far = vars.clone();
    far.insert("region".into(), "mars-north-1".into());
    match launch(&aws, &w, "lab3-amp", &far, &journal).await {
        Err(Report::RegionUnknown { region, known }) => {
            assert_eq!(region, "mars-north-1");
            assert!(known.contains("us-east-1"), "{known}");
        }
        other => panic!("{other:?}"),
    }
    assert!(journal.lock().unwrap().is_empty(), "nothing was created");
    let jobs = sagemaker(&moto.url())
        .await
        .list_training_jobs()
        .send()
        .await
        .unwrap();
    assert!(jobs.training_job_summaries().is_empty());
}

/// Starts one of lab 2's runs for `initials` at `now`, its data in place.
async fn lab2_run(
    aws: &labguide::cloud::aws::Aws,
    w: &labguide::workshop::Workshop,
    job: &str,
    initials: &str,
    now: f64,
    own: &[(&str, &str)],
) -> String {
    let mut vars = vars(w);
    vars.insert("initial".into(), initials.into());
    vars.extend(own.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let bucket = format!("sagemaker-us-east-1-{ACCOUNT}");
    aws.ensure_bucket(&bucket).await.unwrap();
    for channel in ["train", "validation", "tokenizer"] {
        aws.put_object(
            &bucket,
            &format!("labguide/{initials}/lab2/data/{channel}/part-0"),
            b"x".to_vec(),
        )
        .await
        .unwrap();
    }
    let t = LaunchJob {
        job: job.into(),
        fallback: None,
    };
    let (_, name) =
        labguide::runtime::launch::start(aws, w, "lab2-training", &t, &vars, now, &|_, _, _| {})
            .await
            .unwrap();
    name
}

#[tokio::test]
async fn the_learners_runs_of_an_experiment_are_found_by_their_tags() {
    let moto = Moto::start();
    let aws = moto.aws().await;
    let w = workshop();
    let t0 = labguide::cloud::wall_clock();
    let first = lab2_run(&aws, &w, "lab2-bert-a", "kim", t0, &[]).await;
    // A rerun with the learner's own learning rate.
    let second = lab2_run(
        &aws,
        &w,
        "lab2-bert-a",
        "kim",
        t0 + 60.0,
        &[("lab2-bert-a.learning-rate", "1e-4")],
    )
    .await;
    // A classmate's run of the same experiment: moto applies only the first tag filter of
    // a Search, AWS both; labguide checks both tags on what comes back.
    let classmate = lab2_run(&aws, &w, "lab2-bert-b", "lee", t0 + 120.0, &[]).await;

    let sm = sagemaker(&moto.url()).await;
    let learning_rate = |name: String| {
        let sm = sm.clone();
        async move {
            let d = sm
                .describe_training_job()
                .training_job_name(name)
                .send()
                .await
                .unwrap();
            d.hyper_parameters().unwrap()["learning-rate"].clone()
        }
    };
    assert_eq!(learning_rate(first.clone()).await, "5e-5");
    assert_eq!(
        learning_rate(second.clone()).await,
        "1e-4",
        "the learner's own"
    );
    let tags = sm
        .list_tags()
        .resource_arn(
            sm.describe_training_job()
                .training_job_name(&first)
                .send()
                .await
                .unwrap()
                .training_job_arn()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert!(
        tags.tags()
            .iter()
            .any(|t| t.key() == Some("labguide:experiment") && t.value() == Some("lab2-bert")),
        "{tags:?}"
    );

    let runs: Vec<String> = aws
        .runs("lab2-bert", "kim")
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(runs, [second, first], "mine, newest first");
    assert!(!runs.contains(&classmate), "the classmate's run is theirs");
    let theirs = aws.runs("lab2-bert", "lee").await.unwrap();
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].name, classmate);
    assert!(aws.runs("lab9", "kim").await.unwrap().is_empty());
}
