# Roles and policies of the lake, every statement scoped to named buckets, prefixes, keys,
# databases, log groups or the workgroup. lakeformation:GetDataAccess has no resource-level
# permissions: what it vends is decided by the Lake Formation grants.

locals {
  # Glue Data Catalog resources of one zone: the catalog, the database and its tables.
  catalog_resources = {
    for zone, z in local.zones : zone => [
      local.glue_catalog_arn,
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:database/${z.database}",
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:table/${z.database}/*",
    ]
  }

  catalog_read_actions = [
    "glue:GetDatabase",
    "glue:GetDatabases",
    "glue:GetTable",
    "glue:GetTables",
    "glue:GetTableVersion",
    "glue:GetTableVersions",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:BatchGetPartition",
  ]

  # --- crawlers ---------------------------------------------------------------------------------

  crawler_trust_statement = {
    Sid       = "GlueCrawlersOfThisAccount"
    Effect    = "Allow"
    Principal = { Service = "glue.amazonaws.com" }
    Action    = "sts:AssumeRole"
    Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
  }

  crawler_statements = {
    for zone, z in local.zones : zone => [
      {
        Sid      = "WriteTheZoneDatabase"
        Effect   = "Allow"
        Action   = concat(local.catalog_read_actions, ["glue:CreateTable", "glue:UpdateTable", "glue:CreatePartition", "glue:BatchCreatePartition", "glue:UpdatePartition", "glue:BatchUpdatePartition"])
        Resource = local.catalog_resources[zone]
      },
      {
        Sid      = "ReadTheZoneThroughLakeFormation"
        Effect   = "Allow"
        Action   = ["lakeformation:GetDataAccess"]
        Resource = ["*"]
      },
      {
        Sid      = "WriteCrawlerLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"]
        Resource = [local.crawler_log_group_arns[zone], "${local.crawler_log_group_arns[zone]}:*"]
      },
      {
        Sid      = "UseTheLakeKeyForLogsAndBookmarks"
        Effect   = "Allow"
        Action   = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [aws_kms_key.lake.arn]
      },
    ]
  }

  # --- Lake Formation registration ----------------------------------------------------------------

  registration_trust_statement = {
    Sid       = "LakeFormationVendsCredentialsForTheZones"
    Effect    = "Allow"
    Principal = { Service = ["lakeformation.amazonaws.com", "glue.amazonaws.com"] }
    Action    = ["sts:AssumeRole", "sts:SetContext"]
    Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
  }

  registration_statements = [
    {
      Sid      = "ReadWriteTheZones"
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
      Resource = [for z in local.zones : "${z.bucket_arn}/*"]
    },
    {
      Sid      = "ListTheZones"
      Effect   = "Allow"
      Action   = ["s3:ListBucket", "s3:GetBucketLocation"]
      Resource = [for z in local.zones : z.bucket_arn]
    },
    {
      Sid      = "UseTheZoneKeysThroughS3"
      Effect   = "Allow"
      Action   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
      Resource = [for z in local.zones : z.kms_key_arn]
      Condition = {
        StringEquals = { "kms:ViaService" = "s3.${local.region}.amazonaws.com" }
      }
    },
  ]

  # --- Athena users of the workgroup ---------------------------------------------------------------

  workgroup_arn  = aws_athena_workgroup.this.arn
  results_bucket = module.results_bucket.bucket_arn

  # Running queries in this workgroup and reading their results. Shared by the managed policy
  # for consumers and the SageMaker role.
  athena_query_statements = [
    {
      Sid    = "QueryInThisWorkgroupOnly"
      Effect = "Allow"
      Action = [
        "athena:StartQueryExecution",
        "athena:StopQueryExecution",
        "athena:GetQueryExecution",
        "athena:GetQueryResults",
        "athena:GetQueryResultsStream",
        "athena:GetQueryRuntimeStatistics",
        "athena:BatchGetQueryExecution",
        "athena:ListQueryExecutions",
        "athena:GetWorkGroup",
      ]
      Resource = [local.workgroup_arn]
    },
    {
      Sid      = "ReadDataThroughLakeFormation"
      Effect   = "Allow"
      Action   = ["lakeformation:GetDataAccess"]
      Resource = ["*"]
    },
    {
      Sid      = "WriteAndReadQueryResults"
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"]
      Resource = ["${local.results_bucket}/${local.results_prefix}*"]
    },
    {
      Sid       = "ListQueryResults"
      Effect    = "Allow"
      Action    = ["s3:ListBucket", "s3:GetBucketLocation"]
      Resource  = [local.results_bucket]
      Condition = { StringLike = { "s3:prefix" = ["${local.results_prefix}*"] } }
    },
    {
      Sid       = "EncryptAndDecryptQueryResults"
      Effect    = "Allow"
      Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource  = [module.results_bucket.kms_key_arn]
      Condition = { StringEquals = { "kms:ViaService" = "s3.${local.region}.amazonaws.com" } }
    },
  ]

  # What a consumer of either zone needs besides its Lake Formation grants: the catalog entries
  # of both databases (Lake Formation filters them further) and the workgroup.
  consumer_statements = concat(local.athena_query_statements, [
    {
      Sid      = "ReadTheCatalogOfTheLake"
      Effect   = "Allow"
      Action   = local.catalog_read_actions
      Resource = distinct(flatten(values(local.catalog_resources)))
    },
  ])

  # --- SageMaker ----------------------------------------------------------------------------------

  sagemaker_trust_statement = {
    Sid       = "SageMakerOfThisAccount"
    Effect    = "Allow"
    Principal = { Service = "sagemaker.amazonaws.com" }
    Action    = "sts:AssumeRole"
    Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
  }

  sagemaker_statements = concat(local.athena_query_statements, [
    {
      Sid      = "ReadTheCuratedCatalog"
      Effect   = "Allow"
      Action   = local.catalog_read_actions
      Resource = local.catalog_resources["curated"]
    },
    {
      Sid      = "ReadTheCuratedZone"
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = ["${local.zones.curated.bucket_arn}/*"]
    },
    {
      Sid      = "ListTheCuratedZone"
      Effect   = "Allow"
      Action   = ["s3:ListBucket", "s3:GetBucketLocation"]
      Resource = [local.zones.curated.bucket_arn]
    },
    {
      Sid       = "DecryptTheCuratedZone"
      Effect    = "Allow"
      Action    = ["kms:Decrypt"]
      Resource  = [local.zones.curated.kms_key_arn]
      Condition = { StringEquals = { "kms:ViaService" = "s3.${local.region}.amazonaws.com" } }
    },
  ])
}

# --- crawler roles, one per zone -----------------------------------------------------------------

resource "aws_iam_role" "crawler" {
  for_each = local.zone_purposes

  name        = local.crawler_role_names[each.key]
  description = "Glue crawler of the ${each.key} zone of data lake ${local.lake_name}"

  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [local.crawler_trust_statement]
  })

  tags = local.tags
}

resource "aws_iam_role_policy" "crawler" {
  for_each = local.zone_purposes

  name = "crawler-least-privilege"
  role = aws_iam_role.crawler[each.key].id

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.crawler_statements[each.key]
  })
}

# --- Lake Formation registration role ------------------------------------------------------------

resource "aws_iam_role" "lake_registration" {
  name        = "${local.lake_name}-lf-registration"
  description = "Lake Formation reads and writes the zones of data lake ${local.lake_name} with this role on behalf of granted principals"

  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [local.registration_trust_statement]
  })

  tags = local.tags
}

resource "aws_iam_role_policy" "lake_registration" {
  name = "zones-read-write"
  role = aws_iam_role.lake_registration.id

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.registration_statements
  })
}

# --- managed policy for Athena users of the lake -------------------------------------------------

resource "aws_iam_policy" "athena_query" {
  name        = "${local.lake_name}-athena-query"
  description = "Query data lake ${local.lake_name} through its Athena workgroup; what can be read is decided by Lake Formation grants"

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.consumer_statements
  })

  tags = local.tags
}

# --- SageMaker execution role (optional) ---------------------------------------------------------

resource "aws_iam_role" "sagemaker" {
  count = var.enable_sagemaker ? 1 : 0

  name        = "${local.lake_name}-sagemaker"
  description = "SageMaker execution role that queries the curated zone of data lake ${local.lake_name} through Athena"

  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [local.sagemaker_trust_statement]
  })

  tags = local.tags
}

resource "aws_iam_role_policy" "sagemaker" {
  count = var.enable_sagemaker ? 1 : 0

  name = "athena-curated-zone"
  role = aws_iam_role.sagemaker[0].id

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.sagemaker_statements
  })
}
