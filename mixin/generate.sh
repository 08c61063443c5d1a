#!/usr/bin/env bash
# Generates the files users without jsonnet take as they are, from the mixin beside this script:
#   deploy/prometheus/rules/dockernet.rules.yml  (recording rules and alerts)
#   grafana/dashboards/dockernet.json            (the dashboard)
# into the repository, or under the directory given as the only argument, which tests/run-all.sh
# compares with the committed files. Needs Debian's jsonnet (0.18).
set -euo pipefail
mixin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$mixin/..}"
mkdir -p "$out/deploy/prometheus/rules" "$out/grafana/dashboards"
# Both are written to a temporary directory first, so that a jsonnet error leaves the files as they were.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

jsonnet -S -J "$mixin" -e '
  local mixin = import "mixin.libsonnet";
  "# Generated from mixin/ by mixin/generate.sh: change the mixin, not this file.\n" +
  "# Check:  promtool check rules deploy/prometheus/rules/dockernet.rules.yml\n" +
  "# Test:   promtool test rules deploy/prometheus/tests/dockernet.rules.test.yml\n" +
  std.manifestYamlDoc(
    { groups: mixin.prometheusRules.groups + mixin.prometheusAlerts.groups },
    indent_array_in_object=true,
    quote_keys=false,
  ) + "\n"
' >"$work/dockernet.rules.yml"

jsonnet -S -J "$mixin" -e '
  local mixin = import "mixin.libsonnet";
  std.manifestJsonEx(mixin.grafanaDashboards["dockernet.json"], "  ") + "\n"
' >"$work/dockernet.json"
mv "$work/dockernet.rules.yml" "$out/deploy/prometheus/rules/dockernet.rules.yml"
mv "$work/dockernet.json" "$out/grafana/dashboards/dockernet.json"
