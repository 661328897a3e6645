locals {
  monitoring_ns       = "monitoring"
  kubecost_ns         = "kubecost"
  grafana_secret_name = "grafana-admin"
  prometheus_url      = "http://kube-prometheus-stack-prometheus.${local.monitoring_ns}.svc:9090"

  kube_prometheus_stack_values = {
    fullnameOverride = "kube-prometheus-stack"
    prometheus = {
      prometheusSpec = {
        retention    = local.settings.prometheus_retention
        nodeSelector = local.core_node_labels
        storageSpec = {
          volumeClaimTemplate = {
            spec = {
              storageClassName = kubernetes_storage_class_v1.gp3.metadata[0].name
              accessModes      = ["ReadWriteOnce"]
              resources        = { requests = { storage = "${local.settings.prometheus_storage_gb}Gi" } }
            }
          }
        }
        # Pick up the PodMonitors and ServiceMonitors of every chart.
        podMonitorSelectorNilUsesHelmValues     = false
        serviceMonitorSelectorNilUsesHelmValues = false
        ruleSelectorNilUsesHelmValues           = false
        additionalScrapeConfigs = [
          {
            job_name     = "yunikorn"
            metrics_path = "/ws/v1/metrics"
            static_configs = [
              { targets = ["yunikorn-service.${local.yunikorn_ns}.svc:9080"] },
            ]
          },
          {
            job_name = "karpenter"
            kubernetes_sd_configs = [
              { role = "endpoints", namespaces = { names = [local.karpenter_namespace] } },
            ]
            relabel_configs = [
              {
                source_labels = ["__meta_kubernetes_endpoints_name", "__meta_kubernetes_endpoint_port_name"]
                action        = "keep"
                regex         = "karpenter;http-metrics"
              },
            ]
          },
        ]
      }
    }
    grafana = {
      admin = {
        existingSecret = local.grafana_secret_name
        userKey        = "admin-user"
        passwordKey    = "admin-password"
      }
      nodeSelector = local.core_node_labels
    }
    alertmanager = {
      alertmanagerSpec = { nodeSelector = local.core_node_labels }
    }
  }

  # Kubecost reuses the platform's Prometheus instead of shipping its own.
  kubecost_values = {
    global = {
      prometheus = { enabled = false, fqdn = local.prometheus_url }
      grafana    = { enabled = false, proxy = false }
    }
    prometheus = {
      nodeExporter     = { enabled = false }
      kubeStateMetrics = { enabled = false }
    }
    serviceMonitor = { enabled = true }
    persistentVolume = {
      enabled      = true
      size         = "32Gi"
      storageClass = kubernetes_storage_class_v1.gp3.metadata[0].name
    }
    reporting = { productAnalytics = false }
  }
}

resource "kubernetes_namespace_v1" "monitoring" {
  metadata {
    name = local.monitoring_ns
  }

  depends_on = [module.eks]
}

resource "random_password" "grafana_admin" {
  length  = 32
  special = false
}

# Read it with: kubectl -n monitoring get secret grafana-admin -o jsonpath='{.data.admin-password}' | base64 -d
resource "kubernetes_secret_v1" "grafana_admin" {
  metadata {
    name      = local.grafana_secret_name
    namespace = kubernetes_namespace_v1.monitoring.metadata[0].name
  }

  data = {
    admin-user     = "admin"
    admin-password = random_password.grafana_admin.result
  }
}

resource "helm_release" "kube_prometheus_stack" {
  name       = "kube-prometheus-stack"
  namespace  = kubernetes_namespace_v1.monitoring.metadata[0].name
  repository = "https://prometheus-community.github.io/helm-charts"
  chart      = "kube-prometheus-stack"
  version    = local.chart_versions.kube_prometheus_stack
  wait       = true
  timeout    = 900

  values = [yamlencode(local.kube_prometheus_stack_values)]

  depends_on = [kubernetes_secret_v1.grafana_admin, kubernetes_storage_class_v1.gp3]
}

resource "helm_release" "kubecost" {
  count = var.enable_kubecost ? 1 : 0

  name             = "kubecost"
  namespace        = local.kubecost_ns
  create_namespace = true
  repository       = "oci://public.ecr.aws/kubecost"
  chart            = "cost-analyzer"
  version          = local.chart_versions.kubecost
  wait             = true
  timeout          = 900

  values = [yamlencode(local.kubecost_values)]

  depends_on = [helm_release.kube_prometheus_stack]
}
