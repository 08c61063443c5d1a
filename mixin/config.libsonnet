// Everything a user may want to change, overridable as node-mixin's: mixin { _config+:: { ... } }.
{
  _config+:: {
    // Selects docker-net-exporter's series in every rule, alert and dashboard query; whatever it adds
    // (a cluster or environment label) is kept by every rule and alert, as instance is. The
    // dashboard's panels aggregate by instance: keep instance unique across what the selector takes.
    dockernetSelector: 'job="dockernet"',

    // Where the runbook is read: each alert's runbook_url is this and '#' and the alert's name in
    // lower case, the anchor of its section in docs/runbook.md. Point it at your own copy or fork.
    runbookURLBase: 'https://github.com/docker-net-exporter/docker-net-exporter/blob/main/docs/runbook.md',

    // The dashboard's.
    grafanaDashboardTags: ['docker', 'network', 'dockernet'],
    dashboardUid: 'dockernet-overview',
    dashboardTitle: 'Docker network (docker-net-exporter)',

    // Packet drops on a container interface: share of the packets that reached it, over 5 minutes
    // (the recording rules' window), and a floor of drops in that window so that an idle
    // interface's one drop is no 100%.
    packetDropRatioThreshold: 0.01,
    packetDropMinimum: 10,
    packetDropFor: '5m',

    // Errors (interface and bridge errors, accept-queue overflows, UDP buffer errors) alert on a
    // rate or ratio over errorsWindow held for errorsFor. errorsFor is longer than the window, so
    // one burst, which leaves the window after errorsWindow, cannot fire.
    errorsWindow: '15m',
    errorsFor: '30m',
    interfaceErrorRatioThreshold: 0.01,
    listenOverflowsPerSecondThreshold: 0.01,  // 9 connections refused in 15 minutes
    udpBufferErrorRatioThreshold: 0.01,

    // TCP retransmissions: a ratio of the segments sent, only of containers sending at least
    // tcpRetransmitMinimumSegmentsPerSecond (an idle container's few retransmissions are no symptom).
    tcpRetransmitRatioThreshold: 0.05,
    tcpRetransmitMinimumSegmentsPerSecond: 10,
    tcpRetransmitFor: '10m',

    interfaceDownFor: '5m',
    mtuMismatchFor: '15m',
    addressPoolUsageThreshold: 0.9,
    // The dashboard's address pool use turns orange here, red at addressPoolUsageThreshold.
    addressPoolUsageWarningThreshold: 0.8,
    addressPoolFor: '15m',
    gatewayNotBridgeFor: '15m',
    addressChangedWindow: '1h',
    unmappedVethsFor: '30m',
    dockerUnreachableFor: '5m',
    // The topology is confirmed by each full sync (--docker.resync-interval, 60 s by default), each
    // batch of events, or with --docker.enabled=false each kernel scan (15 s). With a resync
    // interval over 15 minutes, raise this above it.
    topologyStaleSeconds: 900,
    // The dashboard's "Since last sync" turns orange here, red at topologyStaleSeconds.
    topologyStaleWarningSeconds: 300,
    topologyStaleFor: '5m',
    discoveryStalledFor: '5m',
    exporterDownFor: '5m',
    exporterAbsentFor: '15m',
  },
}
