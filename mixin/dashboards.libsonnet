// Placeholder: the committed dashboard, unchanged, until the dashboard is written in jsonnet here.
{
  grafanaDashboards+:: {
    'dockernet.json': (import '../grafana/dashboards/dockernet.json'),
  },
}
