// docker-net-exporter's monitoring mixin: its alerts, recording rules and dashboard, generated into
// deploy/prometheus/rules/dockernet.rules.yml and grafana/dashboards/dockernet.json by generate.sh.
(import 'config.libsonnet') +
(import 'alerts.libsonnet') +
(import 'rules.libsonnet') +
(import 'dashboards.libsonnet')
