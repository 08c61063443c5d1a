// Minimal config for the dashboard; the mixin's own config.libsonnet (alerts, rules, runbooks) supersedes it.
{
  _config+:: {
    // Selects the exporter's series in every query, as node-mixin's nodeExporterSelector.
    dockernetSelector: 'job="dockernet"',

    // The dashboard's "Since last sync" turns orange, then red (seconds); red is DockerNetTopologyStale's threshold.
    topologyStaleWarningSeconds: 300,
    topologyStaleSeconds: 900,

    // Address pool use that turns orange, then red; red is DockerNetAddressPoolNearlyFull's threshold.
    addressPoolWarningRatio: 0.8,
    addressPoolCriticalRatio: 0.9,

    // Segments a second a container must send before its retransmit ratio is drawn, as DockerNetContainerTcpRetransmits asks.
    retransmitFloorSegmentsPerSecond: 10,

    dashboardUid: 'dockernet-overview',
    dashboardTags: ['docker', 'network', 'dockernet'],
  },
}
