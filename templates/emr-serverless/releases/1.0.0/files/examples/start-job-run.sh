#!/usr/bin/env bash
# Submits the sample PySpark job (jobs/wordcount.py) to the application deployed by
# examples/basic, then waits for the run to end.
#
# Usage: bash examples/start-job-run.sh [INPUT_S3_URI] [OUTPUT_S3_URI]
#   INPUT_S3_URI   text to count words in; default: the uploaded job script itself
#   OUTPUT_S3_URI  where to write the counts as Parquet; it must lie under a data_write_access
#                  prefix; default: none, the top words only go to the driver log
#
# Needs terraform (after `terraform apply` in examples/basic, or STACK_DIR pointing to another
# root module with the same outputs), the AWS CLI v2 and jq, and credentials allowed
# emr-serverless:StartJobRun and emr-serverless:GetJobRun on the application and iam:PassRole
# on the job role. Logs: the application's CloudWatch log group and s3_log_uri.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
stack="${STACK_DIR:-$here/basic}"

output_of() {
  terraform -chdir="$stack" output -raw "$1"
}

region="$(output_of region)"
app_id="$(output_of application_id)"
role_arn="$(output_of job_role_arn)"
entry_point="$(output_of sample_job_uri)"
input="${1:-$entry_point}"
output="${2:-}"

job_driver="$(jq -cn --arg entry "$entry_point" --arg input "$input" --arg output "$output" \
  '{sparkSubmit: {entryPoint: $entry, entryPointArguments: ([$input] + (if $output == "" then [] else [$output] end))}}')"

run_id="$(aws emr-serverless start-job-run \
  --region "$region" \
  --application-id "$app_id" \
  --execution-role-arn "$role_arn" \
  --name "wordcount-$(date -u +%Y%m%dT%H%M%SZ)" \
  --execution-timeout-minutes 60 \
  --job-driver "$job_driver" \
  --query jobRunId --output text)"
echo "Started job run $run_id on application $app_id"

while true; do
  state="$(aws emr-serverless get-job-run --region "$region" --application-id "$app_id" \
    --job-run-id "$run_id" --query jobRun.state --output text)"
  echo "$(date -u +%H:%M:%S) $state"
  case "$state" in
    SUCCESS)
      exit 0
      ;;
    FAILED | CANCELLED)
      aws emr-serverless get-job-run --region "$region" --application-id "$app_id" \
        --job-run-id "$run_id" --query jobRun.stateDetails --output text >&2
      exit 1
      ;;
  esac
  sleep 15
done
