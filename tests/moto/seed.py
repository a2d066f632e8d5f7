"""Creates, against the emulator at $ENDPOINT, what the workshop's notebooks create (with
their own names and prefixes), plus things that are not the workshop's. Prints nothing
on success; any failure is an exception with a traceback."""
import os
import time

import boto3

kw = dict(
    endpoint_url=os.environ["ENDPOINT"],
    region_name="us-east-1",
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
)
ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/AIMLWorkshop-NotebookExecutionRole-X"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-training:2.13-cpu-py310"

s3 = boto3.client("s3", **kw)
sm = boto3.client("sagemaker", **kw)
cp = boto3.client("comprehend", **kw)

default_bucket = f"sagemaker-us-east-1-{ACCOUNT}"
experiments_bucket = f"sagemaker-experiments-us-east-1-{ACCOUNT}"
for bucket in [default_bucket, experiments_bucket, "someone-elses-bucket", "my-reviews-copy"]:
    s3.create_bucket(Bucket=bucket)
for key in ["amazon-reviews/tsv/amazon_reviews_us_Digital_Software_v1_00.tsv.gz",
            "amazon-reviews/tsv/amazon_reviews_us_Digital_Video_Games_v1_00.tsv.gz"]:
    s3.put_object(Bucket="my-reviews-copy", Key=key, Body=b"x")
s3.put_object(Bucket=default_bucket, Key="tensorflow-training-2021-05-05-01-02-03-004/output/model.tar.gz", Body=b"m")
s3.put_object(Bucket=default_bucket, Key="other-project/data.csv", Body=b"d")


def training_job(name):
    sm.create_training_job(
        TrainingJobName=name,
        AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        RoleArn=ROLE,
        OutputDataConfig={"S3OutputPath": f"s3://{default_bucket}/"},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 5},
        StoppingCondition={"MaxRuntimeInSeconds": 3600},
    )


training_job("tensorflow-training-2021-05-05-01-02-03-004")
time.sleep(1.1)
training_job("tensorflow-training-2021-05-05-02-02-03-005")
training_job("linear-learner-2021-05-05-01-00-00-001")
training_job("my-own-training-job")

sm.create_processing_job(
    ProcessingJobName="sagemaker-scikit-learn-2021-05-05-01-00-00-000",
    ProcessingResources={"ClusterConfig": {"InstanceCount": 2, "InstanceType": "ml.c5.2xlarge", "VolumeSizeInGB": 30}},
    AppSpecification={"ImageUri": IMAGE},
    RoleArn=ROLE,
)

sm.create_auto_ml_job_v2(
    AutoMLJobName="automl-dm-05-01-02-03",
    AutoMLJobInputDataConfig=[{
        "ChannelType": "training",
        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{default_bucket}/automl/train.csv"}},
    }],
    OutputDataConfig={"S3OutputPath": f"s3://{default_bucket}/automl/output"},
    AutoMLProblemTypeConfig={"TabularJobConfig": {
        "TargetAttributeName": "star_rating",
        "ProblemType": "MulticlassClassification",
        "CompletionCriteria": {"MaxCandidates": 3, "MaxRuntimePerTrainingJobInSeconds": 600,
                               "MaxAutoMLJobRuntimeInSeconds": 3600},
    }},
    RoleArn=ROLE,
)

for model in ["tensorflow-training-2021-05-05-02-02-03-005", "someone-elses-model"]:
    sm.create_model(ModelName=model, PrimaryContainer={"Image": IMAGE}, ExecutionRoleArn=ROLE)
    sm.create_endpoint_config(
        EndpointConfigName=model,
        ProductionVariants=[{"VariantName": "AllTraffic", "ModelName": model,
                             "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}],
    )
sm.create_endpoint(EndpointName="tensorflow-training-2021-05-05-02-02-03-005-1620000000",
                   EndpointConfigName="tensorflow-training-2021-05-05-02-02-03-005")
sm.create_endpoint(EndpointName="someone-elses-endpoint", EndpointConfigName="someone-elses-model")

classifier = cp.create_document_classifier(
    DocumentClassifierName="Amazon-Customer-Reviews-Classifier-1620000000",
    DataAccessRoleArn=f"arn:aws:iam::{ACCOUNT}:role/aws_sm_hol_Comprehend",
    InputDataConfig={"S3Uri": f"s3://{experiments_bucket}/comprehend/train.csv"},
    LanguageCode="en",
)["DocumentClassifierArn"]
cp.create_endpoint(EndpointName="comprehend-inference-ep-05-01-02-03", ModelArn=classifier,
                   DesiredInferenceUnits=1)

iam = boto3.client("iam", **kw)
iam.create_role(RoleName="aws_sm_hol_Comprehend", AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"comprehend.amazonaws.com"},"Action":"sts:AssumeRole"}]}')
iam.put_role_policy(RoleName="aws_sm_hol_Comprehend", PolicyName="AWS_SM_HOL_ComprehendPolicyToS3", PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}')
iam.create_role(RoleName="someone-elses-role", AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[]}')

glue = boto3.client("glue", **kw)
glue.create_database(DatabaseInput={"Name": "awsdb_0107"})
glue.create_table(DatabaseName="awsdb_0107", TableInput={"Name": "amazon_reviews_tsv"})
glue.create_database(DatabaseInput={"Name": "someone_elses_db"})

s3.put_object(Bucket=experiments_bucket, Key="trial-components/x.json", Body=b"e")

logs = boto3.client("logs", **kw)
logs.create_log_group(logGroupName="/aws/sagemaker/TrainingJobs")
logs.create_log_group(logGroupName="/someone-elses/app")
