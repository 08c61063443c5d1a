// The dashboard's settings, named as the mixin's config.libsonnet (alerts, rules, runbooks) names them; that one supersedes this.
{
  _config+:: {
    // Selects the exporter's series in every query, as node-mixin's nodeExporterSelector.
    dockernetSelector: 'job="dockernet"',

    // The dashboard's "Since last sync" turns orange, then red (seconds); red is DockerNetTopologyStale's threshold.
    topologyStaleWarningSeconds: 300,
    topologyStaleSeconds: 900,

    // Address pool use that turns orange, then red; red is DockerNetAddressPoolNearlyFull's threshold.
    addressPoolUsageWarningThreshold: 0.8,
    addressPoolUsageThreshold: 0.9,

    // DockerNetContainerTcpRetransmits: a ratio of the segments sent, only of containers sending at least
    // tcpRetransmitMinimumSegmentsPerSecond; the dashboard draws the ratio of those containers only.
    tcpRetransmitRatioThreshold: 0.05,
    tcpRetransmitMinimumSegmentsPerSecond: 10,
    tcpRetransmitFor: '10m',

    grafanaDashboardTags: ['docker', 'network', 'dockernet'],
    dashboardUid: 'dockernet-overview',
    dashboardTitle: 'Docker network (docker-net-exporter)',
  },
}
