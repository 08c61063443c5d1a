// Alerts in node-mixin's style: CamelCase names with the DockerNet prefix, a severity, a summary,
// a description and a runbook_url (docs/runbook.md). No expression aggregates instance away, nor
// any label the selector adds: where two series are matched, they are matched ignoring only the
// labels one side lacks.
// Receive plus transmit of one counter of a family (container or bridge), per second over window.
local bothDirections(family, counter, selector, window) =
  'rate(dockernet_%(family)s_receive_%(counter)s_total{%(selector)s}[%(window)s]) + rate(dockernet_%(family)s_transmit_%(counter)s_total{%(selector)s}[%(window)s])'
  % { family: family, counter: counter, selector: selector, window: window };

// Errors counted against the packets that reached the interface (erroneous ones are not in packets).
local errorRatio(family, config) =
  '(\n  %(errors)s\n)\n/ (\n  %(packets)s\n  + %(errors)s\n)\n> %(threshold)g\n' % {
    errors: bothDirections(family, 'errors', config.dockernetSelector, config.errorsWindow),
    packets: bothDirections(family, 'packets', config.dockernetSelector, config.errorsWindow),
    threshold: config.interfaceErrorRatioThreshold,
  };

// Each alert's runbook_url, its section's anchor; descriptions written as ||| blocks lose their last newline.
local withRunbook(base, rules) = [
  rule {
    annotations+: {
      description: std.rstripChars(super.description, '\n'),
      runbook_url: '%s#%s' % [base, std.asciiLower(rule.alert)],
    },
  }
  for rule in rules
];

{
  prometheusAlerts+:: {
    groups+: [
      {
        name: 'dockernet.alerts',
        rules: withRunbook($._config.runbookURLBase, [
          {
            alert: 'DockerNetContainerPacketDrops',
            expr: |||
              dockernet_container:drop_ratio:rate5m{%(dockernetSelector)s} > %(packetDropRatioThreshold)g
              and
              dockernet_container:dropped_packets:rate5m{%(dockernetSelector)s} * 300 >= %(packetDropMinimum)g
            ||| % $._config,
            'for': $._config.packetDropFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Container interface is dropping packets.',
              description: |||
                {{ $labels.container }} {{ $labels.interface }} (network {{ $labels.network }}) on {{ $labels.instance }} dropped {{ $value | humanizePercentage }} of its packets over 5 minutes. Receive drops counted on the host-side veth usually mean the container's MTU is smaller than the bridge's, or the host's receive backlog overflowing.
              |||,
            },
          },
          {
            alert: 'DockerNetContainerInterfaceErrors',
            expr: errorRatio('container', $._config),
            'for': $._config.errorsFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Container interface reports errors.',
              description: |||
                {{ $labels.container }} {{ $labels.interface }} (veth {{ $labels.veth }}) on {{ $labels.instance }} counted receive or transmit errors for {{ $value | humanizePercentage }} of its packets over %(errorsWindow)s, for %(errorsFor)s and more.
              ||| % $._config,
            },
          },
          {
            alert: 'DockerNetBridgeErrors',
            expr: errorRatio('bridge', $._config),
            'for': $._config.errorsFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Docker bridge reports errors.',
              description: |||
                Bridge {{ $labels.bridge }} (network {{ $labels.network }}) on {{ $labels.instance }} counted receive or transmit errors for {{ $value | humanizePercentage }} of its packets over %(errorsWindow)s, for %(errorsFor)s and more.
              ||| % $._config,
            },
          },
          {
            alert: 'DockerNetContainerInterfaceDown',
            expr: 'dockernet_container_interface_up{%(dockernetSelector)s} == 0\n' % $._config,
            'for': $._config.interfaceDownFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Container interface is down.',
              description: |||
                {{ $labels.container }} {{ $labels.interface }} (veth {{ $labels.veth }}) on {{ $labels.instance }} has not been up for %(interfaceDownFor)s.
              ||| % $._config,
            },
          },
          {
            alert: 'DockerNetContainerMtuMismatch',
            expr: |||
              dockernet_container_interface_mtu_bytes{%(dockernetSelector)s}
              != ignoring (container, interface, veth) group_left ()
              dockernet_bridge_mtu_bytes{%(dockernetSelector)s}
            ||| % $._config,
            'for': $._config.mtuMismatchFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: "Container interface MTU differs from its bridge's.",
              description: |||
                {{ $labels.container }} {{ $labels.interface }} on {{ $labels.instance }} has MTU {{ $value }}, unlike bridge {{ $labels.bridge }}: packets larger than the smaller MTU are dropped on the way in.
              |||,
            },
          },
          {
            // Drops inside a container's own network namespace (--collector.protocols): where a
            // burst of connections is lost though the veth and the bridge drop nothing.
            alert: 'DockerNetContainerListenOverflows',
            expr: |||
              rate(dockernet_container_tcp_listen_overflows_total{%(dockernetSelector)s}[%(errorsWindow)s]) > %(listenOverflowsPerSecondThreshold)g
            ||| % $._config,
            'for': $._config.errorsFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: "A container's listening socket keeps overflowing its accept queue.",
              description: |||
                {{ $labels.container }} on {{ $labels.instance }} dropped {{ printf "%%.2f" $value }} connections a second over %(errorsWindow)s, for %(errorsFor)s and more, because a listening socket's accept queue was full: the server accepts too slowly for its load, or its listen backlog (and net.core.somaxconn in its namespace) is too small.
              ||| % $._config,
            },
          },
          {
            alert: 'DockerNetContainerUdpBufferErrors',
            expr: |||
              rate(dockernet_container_udp_receive_buffer_errors_total{%(dockernetSelector)s}[%(errorsWindow)s])
              / (
                rate(dockernet_container_udp_datagrams_received_total{%(dockernetSelector)s}[%(errorsWindow)s])
                + rate(dockernet_container_udp_receive_buffer_errors_total{%(dockernetSelector)s}[%(errorsWindow)s])
              )
              > %(udpBufferErrorRatioThreshold)g
            ||| % $._config,
            'for': $._config.errorsFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: "A container's UDP sockets are dropping datagrams on full receive buffers.",
              description: |||
                {{ $labels.container }} on {{ $labels.instance }} dropped {{ $value | humanizePercentage }} of its {{ $labels.family }} UDP datagrams over %(errorsWindow)s, for %(errorsFor)s and more, because a socket's receive buffer was full: the reader (a DNS, syslog or metrics server) falls behind, or its SO_RCVBUF is too small.
              ||| % $._config,
            },
          },
          {
            // The ratio is asked only of containers sending enough segments: an idle container's
            // few retransmissions are no symptom.
            alert: 'DockerNetContainerTcpRetransmits',
            expr: |||
              rate(dockernet_container_tcp_segments_retransmitted_total{%(dockernetSelector)s}[5m])
              / rate(dockernet_container_tcp_segments_sent_total{%(dockernetSelector)s}[5m])
              > %(tcpRetransmitRatioThreshold)g
              and
              rate(dockernet_container_tcp_segments_sent_total{%(dockernetSelector)s}[5m]) >= %(tcpRetransmitMinimumSegmentsPerSecond)s
            ||| % $._config,
            'for': $._config.tcpRetransmitFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'A container retransmits many of its TCP segments.',
              description: |||
                {{ $labels.container }} on {{ $labels.instance }} retransmitted {{ $value | humanizePercentage }} of the TCP segments it sent over 5 minutes, for %(tcpRetransmitFor)s and more: packets are lost between it and its peers.
              ||| % $._config,
            },
          },
          {
            alert: 'DockerNetAddressPoolNearlyFull',
            expr: 'dockernet_network:address_usage:ratio{%(dockernetSelector)s} > %(addressPoolUsageThreshold)g\n' % $._config,
            'for': $._config.addressPoolFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Docker network is running out of addresses.',
              description: |||
                Network {{ $labels.network }} on {{ $labels.instance }} has used {{ $value | humanizePercentage }} of subnet {{ $labels.subnet }}; new containers on it will fail to start once it is full.
              |||,
            },
          },
          {
            // A gateway outside the host (a macvlan's or ipvlan's upstream router) has no
            // gateway_is_bridge series: it is where that network routes, not a bridge missed.
            alert: 'DockerNetGatewayNotBridge',
            expr: 'dockernet_container_gateway_is_bridge{%(dockernetSelector)s} == 0\n' % $._config,
            'for': $._config.gatewayNotBridgeFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: "A container's default gateway is not its bridge.",
              description: |||
                {{ $labels.container }} on {{ $labels.instance }} routes by default through {{ $labels.gateway }}, which is not its bridge: the host holds it on another interface, or no host interface does though it is in the bridge's subnet (where the host's addresses cannot be read: Docker gave it to no bridge of its networks).
              |||,
            },
          },
          {
            // A change, not an error: worth knowing, never paging.
            alert: 'DockerNetAddressChanged',
            expr: 'increase(dockernet_container_address_changes_total{%(dockernetSelector)s}[%(addressChangedWindow)s]) > 0\n' % $._config,
            labels: { severity: 'info' },
            annotations: {
              summary: 'A container came back with other IP addresses.',
              description: |||
                {{ $labels.container }} on {{ $labels.instance }} came back with other addresses within the last %(addressChangedWindow)s: whatever reaches it by address rather than by name now misses it.
              ||| % $._config,
            },
          },
          {
            alert: 'DockerNetUnmappedVeths',
            expr: 'dockernet_topology_unmapped_veths{%(dockernetSelector)s} > 0\n' % $._config,
            'for': $._config.unmappedVethsFor,
            labels: { severity: 'info' },
            annotations: {
              summary: 'Interfaces on a Docker bridge belong to no running container.',
              description: |||
                {{ $value }} interfaces on bridge {{ $labels.bridge }} on {{ $labels.instance }} have belonged to no running container for %(unmappedVethsFor)s: leftovers of crashed containers, or interfaces attached by hand.
              ||| % $._config,
            },
          },
          {
            // No "for": a forgery is an attack, said at once.
            alert: 'DockerNetForgedInterfaces',
            expr: 'dockernet_topology_forged_interfaces{%(dockernetSelector)s} > 0\n' % $._config,
            labels: { severity: 'warning' },
            annotations: {
              summary: "A container claims another container's veth.",
              description: |||
                {{ $value }} interfaces on {{ $labels.instance }} copy the indices of a veth the kernel says is another namespace's (a container with CAP_NET_ADMIN): they are not attributed. The exporter's debug log names them.
              |||,
            },
          },
          {
            // docker_up is 1 only after a full sync succeeded: a daemon or socket proxy that
            // answers with errors, malformed, truncated or oversized answers makes it 0 as surely as
            // one that cannot be reached. dockernet_docker_errors_total says why.
            alert: 'DockerNetDockerUnreachable',
            expr: 'dockernet_docker_up{%(dockernetSelector)s} == 0\n' % $._config,
            'for': $._config.dockerUnreachableFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'The exporter gets no usable answer from the Docker API.',
              description: |||
                docker-net-exporter on {{ $labels.instance }} has not synced with the Docker API for %(dockerUnreachableFor)s (reason: {{ with printf `topk(1, increase(dockernet_docker_errors_total{%(dockernetSelector)s,instance="%%s"}[10m]) > 0)` $labels.instance | query }}{{ with first . }}{{ .Labels.reason }}{{ end }}{{ else }}unknown{{ end }}). It keeps serving the containers it knew and maps namespaces from the kernel; new containers show by cgroup id, not by name.
              ||| % $._config,
            },
          },
          {
            // 0 (never synced) counts as stale.
            alert: 'DockerNetTopologyStale',
            expr: 'time() - dockernet_topology_last_sync_timestamp_seconds{%(dockernetSelector)s} > %(topologyStaleSeconds)s\n' % $._config,
            'for': $._config.topologyStaleFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: "The exporter's picture of the containers is stale.",
              description: |||
                docker-net-exporter on {{ $labels.instance }} last confirmed its topology {{ $value | humanizeDuration }} ago: containers started since are not served and removed ones may still be. See dockernet_docker_up and the exporter's log.
              |||,
            },
          },
          {
            alert: 'DockerNetDiscoveryStalled',
            expr: 'dockernet_discovery_stalled{%(dockernetSelector)s} == 1\n' % $._config,
            'for': $._config.discoveryStalledFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: "The exporter's discovery has stalled.",
              description: |||
                A mapping of docker-net-exporter on {{ $labels.instance }} has run for more than one discovery interval, and for %(discoveryStalledFor)s more: new containers are not found and removed ones keep their series. Its /healthz answers 503 and its log says so (and names any namespace read given up); restarting it clears the stall (reads through a hostile namespace are given up after 2 s, so this is a bug or a new attack).
              ||| % $._config,
            },
          },
          {
            // As node-mixin: an exporter down is no page, the hosts it watches are still up.
            alert: 'DockerNetExporterDown',
            expr: 'up{%(dockernetSelector)s} == 0\n' % $._config,
            'for': $._config.exporterDownFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'docker-net-exporter is down.',
              description: |||
                Prometheus has not scraped docker-net-exporter on {{ $labels.instance }} for %(exporterDownFor)s.
              ||| % $._config,
            },
          },
          {
            alert: 'DockerNetExporterAbsent',
            expr: 'absent(up{%(dockernetSelector)s})\n' % $._config,
            'for': $._config.exporterAbsentFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'No docker-net-exporter target.',
              description: |||
                Prometheus has no target matching {%(dockernetSelector)s}; check the scrape configuration.
              ||| % $._config,
            },
          },
        ]),
      },
    ],
  },
}
