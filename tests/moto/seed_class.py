"""Creates, against the emulator at $ENDPOINT, what the 2021 notebooks leave for each
learner in $LEARNERS (comma-separated initials, whose stacks the test has launched):
SDK-default names under that learner's notebook role, so learners' names look alike and
only provenance tells them apart. Then the class's shared fixed names (once) and
resources of nobody's in the workshop with the same kinds of names under another role.
Prints nothing on success; any failure is an exception with a traceback."""
import os

import boto3

kw = dict(
    endpoint_url=os.environ["ENDPOINT"],
    region_name="us-east-1",
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
)
ACCOUNT = "123456789012"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.10.0-cpu-py313-ubuntu22.04-sagemaker"
TRUST = '{"Version":"2012-10-17","Statement":[]}'

s3 = boto3.client("s3", **kw)
sm = boto3.client("sagemaker", **kw)
cp = boto3.client("comprehend", **kw)
iam = boto3.client("iam", **kw)
glue = boto3.client("glue", **kw)

default_bucket = f"sagemaker-us-east-1-{ACCOUNT}"
experiments_bucket = f"sagemaker-experiments-us-east-1-{ACCOUNT}"
for bucket in [default_bucket, experiments_bucket]:
    s3.create_bucket(Bucket=bucket)


def notebook_made(stamp, role):
    """What one learner's notebooks make, named as the SDK names them."""
    job = f"pytorch-training-2021-05-05-{stamp}"
    sm.create_training_job(
        TrainingJobName=job,
        AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        RoleArn=role,
        OutputDataConfig={"S3OutputPath": f"s3://{default_bucket}/"},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 5},
        StoppingCondition={"MaxRuntimeInSeconds": 3600},
    )
    s3.put_object(Bucket=default_bucket, Key=f"{job}/output/model.tar.gz", Body=b"m")
    s3.put_object(Bucket=default_bucket, Key=f"{job}/source/sourcedir.tar.gz", Body=b"s")
    sm.create_processing_job(
        ProcessingJobName=f"sagemaker-scikit-learn-2021-05-05-{stamp}",
        ProcessingResources={"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 30}},
        AppSpecification={"ImageUri": IMAGE},
        RoleArn=role,
    )
    model = f"pytorch-inference-2021-05-05-{stamp}"
    sm.create_model(
        ModelName=model,
        PrimaryContainer={"Image": IMAGE, "ModelDataUrl": f"s3://{default_bucket}/{job}/output/model.tar.gz"},
        ExecutionRoleArn=role,
    )
    # The SDK names configuration and endpoint alike, but not like the model.
    sm.create_endpoint_config(
        EndpointConfigName=f"pytorch-inference-2021-05-05-{stamp}-ep",
        ProductionVariants=[{"VariantName": "AllTraffic", "ModelName": model,
                             "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}],
    )
    sm.create_endpoint(EndpointName=f"pytorch-inference-2021-05-05-{stamp}-ep",
                       EndpointConfigName=f"pytorch-inference-2021-05-05-{stamp}-ep")


cfn = boto3.client("cloudformation", **kw)
learners = [i for i in os.environ["LEARNERS"].split(",") if i]
for n, initials in enumerate(learners):
    outputs = cfn.describe_stacks(StackName=f"AIMLWorkshop-{initials}")["Stacks"][0]["Outputs"]
    role = next(o["OutputValue"] for o in outputs if o["OutputKey"] == "RoleArn")
    # moto names a stack's notebook itself; the learner's, named as on AWS, is made here
    # with the stack's role (so cleanup meets it outside the stack, and must stop it first).
    sm.create_notebook_instance(NotebookInstanceName=f"sagemaker-hol-lab-{initials}",
                                InstanceType="ml.t3.medium", RoleArn=role)
    notebook_made(f"0{n}-00-00-00{n}", role)

# Nobody's in the workshop: the same kinds of names, under a role of another project.
other_role = iam.create_role(RoleName="someone-elses-role", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
notebook_made("09-09-09-999", other_role)
s3.put_object(Bucket=default_bucket, Key="other-project/data.csv", Body=b"d")

# The class's fixed names (every learner's notebook uses the same ones).
for key in ["amazon-reviews-pds/tsv/sample.tsv", "data/train.csv", "oxford_pet_dataset/cat.jpg",
            "sagemaker/DEMO-pytorch-mnist/train.pt", "checkpoints/epoch1.pt"]:
    s3.put_object(Bucket=default_bucket, Key=key, Body=b"x")
# Versioned, with an old version and a delete marker: the bucket is only empty without them.
s3.put_bucket_versioning(Bucket=experiments_bucket, VersioningConfiguration={"Status": "Enabled"})
s3.put_object(Bucket=experiments_bucket, Key="trial-components/x.json", Body=b"e1")
s3.put_object(Bucket=experiments_bucket, Key="trial-components/x.json", Body=b"e2")
s3.put_object(Bucket=experiments_bucket, Key="trial-components/gone.json", Body=b"g")
s3.delete_object(Bucket=experiments_bucket, Key="trial-components/gone.json")
comprehend_role = iam.create_role(RoleName="aws_sm_hol_Comprehend", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
iam.put_role_policy(RoleName="aws_sm_hol_Comprehend", PolicyName="AWS_SM_HOL_ComprehendPolicyToS3",
                    PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}')
classifier = cp.create_document_classifier(
    DocumentClassifierName="Amazon-Customer-Reviews-Classifier-1620000000",
    DataAccessRoleArn=comprehend_role,
    InputDataConfig={"S3Uri": f"s3://{experiments_bucket}/comprehend/train.csv"},
    LanguageCode="en",
)["DocumentClassifierArn"]
cp.create_endpoint(EndpointName="comprehend-inference-ep-05-01-02-03", ModelArn=classifier,
                   DesiredInferenceUnits=1)
glue.create_database(DatabaseInput={"Name": "awsdb_0107"})
glue.create_table(DatabaseName="awsdb_0107", TableInput={"Name": "amazon_reviews_tsv"})
