"""Creates, against the emulator at $ENDPOINT, a finished lab 3 style training job on two
hosts with its metric definitions, the one-minute metrics its hosts and definitions
publish, and a host's log in the lab's format. Prints nothing on success."""
import datetime
import os

import boto3

kw = dict(
    endpoint_url=os.environ["ENDPOINT"],
    region_name="us-east-1",
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
)
JOB = "sdp-dist-training-job-1700000000"
ROLE = "arn:aws:iam::123456789012:role/AIMLWorkshop-NotebookExecutionRole-X"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.0-gpu-py310"
GROUP = "/aws/sagemaker/TrainingJobs"

sm = boto3.client("sagemaker", **kw)
cw = boto3.client("cloudwatch", **kw)
logs = boto3.client("logs", **kw)

sm.create_training_job(
    TrainingJobName=JOB,
    AlgorithmSpecification={
        "TrainingImage": IMAGE,
        "TrainingInputMode": "File",
        "MetricDefinitions": [
            {"Name": "train:Loss", "Regex": "Train_Loss=(.*?):"},
            {"Name": "train:Prec@1", "Regex": "Train_Prec@1=(.*?):"},
        ],
    },
    RoleArn=ROLE,
    OutputDataConfig={"S3OutputPath": "s3://sagemaker-us-east-1-123456789012/"},
    ResourceConfig={"InstanceType": "ml.p3.16xlarge", "InstanceCount": 2, "VolumeSizeInGB": 30},
    StoppingCondition={"MaxRuntimeInSeconds": 3600},
)

now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
data = []
for minute in range(5, 0, -1):
    at = now - datetime.timedelta(minutes=minute)
    for host in ["algo-1", "algo-2"]:
        data.append({"MetricName": "GPUUtilization", "Timestamp": at, "Value": 700.0 + minute,
                     "Dimensions": [{"Name": "Host", "Value": f"{JOB}/{host}"}]})
    data.append({"MetricName": "test:dcg", "Timestamp": at, "Value": 0.5 * minute,
                 "Dimensions": [{"Name": "TrainingJobName", "Value": JOB}]})
cw.put_metric_data(Namespace=GROUP, MetricData=data)

logs.create_log_group(logGroupName=GROUP)
stream = f"{JOB}/algo-1-1700000000"
logs.create_log_stream(logGroupName=GROUP, logStreamName=stream)
millis = int(now.timestamp() * 1000)
lines = [f"[1,0]<stdout>:Epoch: [0][{b}/92] Train_Time=0.41: avg-0.41, "
         f"Train_Loss={3.0 - b * 0.01:.4f}:(3.1), Train_Prec@1={b * 0.5:.3f}:(1.0), "
         f"Train_Prec@5=10.0:(9.0)" for b in range(37)]
# moto answers DescribeTrainingJob with its own fixed metric definition (test:dcg): lines
# in that format show the definitions the service returns are the ones applied.
lines += [f"#quality_metric: host=algo-1, test dcg <score>=0.8{i}" for i in range(3)]
logs.put_log_events(logGroupName=GROUP, logStreamName=stream,
                    logEvents=[{"timestamp": millis + i, "message": m} for i, m in enumerate(lines)])
