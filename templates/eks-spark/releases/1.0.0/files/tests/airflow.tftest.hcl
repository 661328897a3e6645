# Golden-path properties of the shared Airflow, checked with `terraform test`
# at plan time against mocked providers.

mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = {
      names    = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
      zone_ids = ["euw1-az1", "euw1-az2", "euw1-az3"]
    }
  }

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
      arn        = "arn:aws:iam::123456789012:role/terraform"
      user_id    = "AROAEXAMPLE:terraform"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition  = "aws"
      dns_suffix = "amazonaws.com"
    }
  }

  mock_data "aws_region" {
    defaults = {
      region = "eu-west-1"
    }
  }

  mock_data "aws_iam_session_context" {
    defaults = {
      issuer_arn = "arn:aws:iam::123456789012:role/terraform"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

mock_provider "helm" {}

mock_provider "kubernetes" {}

mock_provider "kubectl" {}

mock_provider "random" {}

mock_provider "tls" {}

mock_provider "time" {}

run "airflow_dags_from_s3" {
  command = plan

  assert {
    condition     = helm_release.airflow.version == "1.20.0" && local.airflow_values.executor == "KubernetesExecutor"
    error_message = "Airflow must come from the pinned chart and run tasks with the KubernetesExecutor."
  }

  assert {
    condition = [for b in local.airflow_dag_bundles : b.kwargs.prefix] == [for t in var.teams : "dags/${t}/"] && alltrue([
      for b in local.airflow_dag_bundles :
      b.classpath == "airflow.providers.amazon.aws.bundles.s3.S3DagBundle" && b.kwargs.bucket_name == local.dags_bucket_name
    ])
    error_message = "Every team must get an S3 DAG bundle on its own dags/<team>/ prefix of the DAG bucket."
  }

  assert {
    condition     = jsondecode(local.airflow_values.config.dag_processor.dag_bundle_config_list) == local.airflow_dag_bundles
    error_message = "The DAG processor must be configured with the team bundles."
  }

  assert {
    condition = alltrue([
      for t in var.teams :
      aws_s3_object.team_dag_prefix[t].key == "dags/${t}/" && aws_s3_object.team_dag_prefix[t].server_side_encryption == "aws:kms"
    ])
    error_message = "Every team's DAG prefix must exist and be KMS-encrypted."
  }

  assert {
    condition = alltrue([
      for s in local.airflow_policy_statements : s.Resource == "${local.dags_bucket_arn}/logs/*"
      if contains(flatten([s.Action]), "s3:PutObject")
    ])
    error_message = "Airflow may only write task logs, never DAGs."
  }

  assert {
    condition = length(aws_eks_pod_identity_association.airflow) == 5 && alltrue([
      for a in aws_eks_pod_identity_association.airflow : a.namespace == "airflow"
    ])
    error_message = "Every Airflow component must get AWS access through EKS Pod Identity."
  }

  assert {
    condition = alltrue([
      aws_db_instance.airflow.storage_encrypted,
      !aws_db_instance.airflow.publicly_accessible,
      aws_db_instance.airflow.iam_database_authentication_enabled,
      aws_db_instance.airflow.deletion_protection == (var.environment != "dev"),
      aws_db_instance.airflow.multi_az == (var.environment == "prod"),
    ])
    error_message = "The metadata database must be encrypted and private; prod must be Multi-AZ, and only dev may drop deletion protection."
  }

  assert {
    condition     = anytrue([for p in aws_db_parameter_group.airflow.parameter : p.name == "rds.force_ssl" && p.value == "1"])
    error_message = "The metadata database must require TLS."
  }
}

run "airflow_prod" {
  command = plan

  variables {
    environment            = "prod"
    endpoint_public_access = false
    force_destroy          = false
  }

  assert {
    condition     = aws_db_instance.airflow.deletion_protection && aws_db_instance.airflow.multi_az && !aws_db_instance.airflow.skip_final_snapshot
    error_message = "prod must protect the Airflow database and keep a final snapshot."
  }
}
