// The dashboard grafana/dashboards/dockernet.json, for one host or a fleet: every query keeps
// `instance` (and the selector's labels), every legend names it, and the node graph draws one host.
// It carries config.libsonnet itself, so that it builds alone; in the mixin, later _config+:: overrides win.
local panels = import 'dashboards/panels.libsonnet';

(import 'config.libsonnet') + {
  grafanaDashboards+:: {
    'dockernet.json':
      local c = $._config;
      // The selector, the chosen jobs and hosts, and `extra` matchers.
      local sel(extra='') = '%s, job=~"$job", instance=~"$instance"%s' % [c.dockernetSelector, if extra == '' then '' else ', ' + extra];
      local csel(extra='') = sel('container=~"$container"' + (if extra == '' then '' else ', ' + extra));
      // The node graph's host: one, whatever $instance says.
      // Exactly, not as a regular expression: Grafana does not escape a single-select value, and an IPv6 target's brackets would be a class.
      local hostSel = '%s, job=~"$job", instance="$node_instance"' % c.dockernetSelector;
      local nsel(extra='') = '%s, container=~"$container"%s' % [hostSel, if extra == '' then '' else ', ' + extra];
      local rate(metric, selector) = 'rate(%s{%s}[$__rate_interval])' % [metric, selector];
      local sumRate(by, metric, selector) = 'sum by (instance, %s) (%s)' % [by, rate(metric, selector)];
      local sumRates(by, metrics, selector) = 'sum by (instance, %s) (%s)' % [by, std.join(' + ', [rate(m, selector) for m in metrics])];
      // Bytes through a container interface's port, both ways, as every node and edge counts them.
      local bytes = ['dockernet_container_receive_bytes_total', 'dockernet_container_transmit_bytes_total'];
      local vxlanBytes = ['dockernet_overlay_vxlan_receive_bytes_total', 'dockernet_overlay_vxlan_transmit_bytes_total'];
      local overlay = 'bridge=~".+(/|:).+"';
      local dockerBridge = 'bridge!="", bridge!~".+(/|:).+"';
      local node(expr, id, title, subtitle) =
        'label_replace(label_replace(%s, "title", "$1", "%s", "(.+)"), "subtitle", %s)' % [id(expr), title, subtitle];
      local idOf(label) = function(e) 'label_replace(%s, "id", "$1", "%s", "(.+)")' % [e, label];
      local idJoin(a, b) = function(e) 'label_join(%s, "id", "/", "%s", "%s")' % [e, a, b];
      local constant(text, label) = '"%s", "%s", ".*"' % [text, label];
      local edge(expr, id, source, target) = '%s(%s(%s))' % [source, target, id(expr)];
      local ifaceLegend = '{{instance}} {{container}} {{interface}}';
      local bridgeLegend = '{{instance}} {{bridge}} ({{network}})';
      local variable(name, label, metric, labelName, multi) = {
        name: name,
        label: label,
        type: 'query',
        datasource: panels.datasource,
        query: { query: 'label_values(%s, %s)' % [metric, labelName], refId: name },
        definition: 'label_values(%s, %s)' % [metric, labelName],
        refresh: 2,
        multi: multi,
        includeAll: multi,
        [if multi then 'allValue']: '.+',
        current: {},
        sort: 1,
      };

      {
        id: null,
        uid: c.dashboardUid,
        title: c.dashboardTitle,
        description: 'Which veth is each container, and what is it dropping: per container interface, inside its own network namespace, per bridge, with the address plan; per host.',
        tags: c.grafanaDashboardTags,
        timezone: 'browser',
        schemaVersion: 39,
        version: 1,
        editable: true,
        graphTooltip: 1,
        refresh: '30s',
        time: { from: 'now-1h', to: 'now' },
        annotations: { list: [] },
        templating: { list: [
          { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0, refresh: 1 },
          variable('job', 'Job', 'dockernet_build_info{%s}' % c.dockernetSelector, 'job', true),
          variable('instance', 'Hosts', 'dockernet_build_info{%s, job=~"$job"}' % c.dockernetSelector, 'instance', true),
          variable('node_instance', 'Topology of host', 'dockernet_build_info{%s, job=~"$job"}' % c.dockernetSelector, 'instance', false),
          variable('container', 'Container', 'dockernet_container_info{%s}' % sel(), 'container', true),
        ] },
        panels: panels.layout([
          panels.row('Topology of $node_instance: bridge → veth → container interface'),
          panels.nodeGraph(
            'Topology of $node_instance',
            std.join(' or ', [
              node(sumRates('bridge', bytes, nsel(dockerBridge)), idOf('bridge'), 'bridge', constant('bridge', 'bridge')),
              node(sumRates('bridge', bytes, nsel(overlay)), idOf('bridge'), 'bridge', constant('overlay bridge, or macvlan/ipvlan parent', 'bridge')),
              node(sumRates('veth', bytes, nsel('veth!=""')), idOf('veth'), 'veth', constant('host-side veth', 'veth')),
              node(sumRates('container, interface', bytes, nsel()), idJoin('container', 'interface'), 'container', '"$1", "interface", "(.+)"'),
              node(sumRates('sandbox, vxlan, vni', vxlanBytes, hostSel), idJoin('sandbox', 'vxlan'), 'vxlan', '"VXLAN $1, to other hosts", "vni", "(.+)"'),
            ]),
            std.join(' or ', [
              'label_replace(label_replace(label_join(%s, "id", "->", "bridge", "veth"), "source", "$1", "bridge", "(.+)"), "target", "$1", "veth", "(.+)")' % sumRates('bridge, veth', bytes, nsel('veth!=""')),
              'label_replace(label_join(label_join(%s, "id", "->", "veth", "container", "interface"), "target", "/", "container", "interface"), "source", "$1", "veth", "(.+)")' % sumRates('veth, container, interface', bytes, nsel('veth!=""')),
              'label_replace(label_join(label_join(%s, "id", "->", "bridge", "container", "interface"), "target", "/", "container", "interface"), "source", "$1", "bridge", "(.+)")' % sumRates('bridge, container, interface', bytes, nsel('veth="", bridge!=""')),
              'label_replace(label_join(label_join(%s, "target", "/", "sandbox", "vxlan"), "id", "->", "sandbox", "vxlan"), "source", "$1/br0", "sandbox", "(.+)")' % sumRates('sandbox, vxlan', vxlanBytes, hostSel),
            ]),
            "One host's Docker bridges (the Topology of host variable), the host-side veths attached to them and the container interface at the other end of each veth; an overlay network's bridge in its sandbox (SANDBOX/br0) with its veths, leading to other hosts through the sandbox's VXLAN device; a macvlan or ipvlan parent (macvlan:PARENT) with the interfaces on it. Every number is bytes per second received plus transmitted: an edge's is its container interface's, a bridge's the sum of its container ports' (its edges' to veths and interfaces), not the bridge device's own counters. A bridge with no container (of the Container variable) is not drawn.",
          ),

          panels.row('Traffic per container interface'),
          panels.timeseries('Receive',
                            'Bps',
                            [[sumRate('container, interface', 'dockernet_container_receive_bytes_total', csel()), ifaceLegend]],
                            "What each container receives: its host-side veth's transmit counters."),
          panels.timeseries('Transmit', 'Bps', [[sumRate('container, interface', 'dockernet_container_transmit_bytes_total', csel()), ifaceLegend]]),

          panels.row('Drops and errors'),
          panels.timeseries('Dropped packets per container', 'pps', [
            [sumRate('container, interface', 'dockernet_container_receive_dropped_total', csel()), ifaceLegend + ' receive'],
            [sumRate('container, interface', 'dockernet_container_transmit_dropped_total', csel()), ifaceLegend + ' transmit'],
          ], 'Receive drops are packets the veth could not deliver into the container (for example larger than its MTU).'),
          panels.timeseries('Errors per container', 'pps', [
            [sumRates('container, interface', ['dockernet_container_receive_errors_total', 'dockernet_container_transmit_errors_total'], csel()), ifaceLegend],
          ]),
          panels.timeseries('Dropped packets per bridge', 'pps', [
            [sumRates('bridge, network', ['dockernet_bridge_receive_dropped_total', 'dockernet_bridge_transmit_dropped_total'], sel()), bridgeLegend],
          ]),
          panels.timeseries('Errors per bridge', 'pps', [
            [sumRates('bridge, network', ['dockernet_bridge_receive_errors_total', 'dockernet_bridge_transmit_errors_total'], sel()), bridgeLegend],
          ]),

          panels.row('Drops inside containers'),
          panels.timeseries('Accept-queue overflows and listen drops per container', 'pps', [
            [sumRate('container', 'dockernet_container_tcp_listen_overflows_total', csel()), '{{instance}} {{container}} accept-queue overflows'],
            [sumRate('container', 'dockernet_container_tcp_listen_drops_total', csel()), '{{instance}} {{container}} listen drops'],
          ], "Counted in each container's own network namespace (TcpExt): connections a listening socket dropped because its accept queue was full, and every SYN or handshake ACK it dropped, overflows included. DockerNetContainerListenOverflows alerts on them. Served with --collector.protocols only."),
          panels.timeseries('UDP buffer errors per container', 'pps', [
            [sumRate('container, family', 'dockernet_container_udp_receive_buffer_errors_total', csel()), '{{instance}} {{container}} {{family}} receive buffer'],
            [sumRate('container, family', 'dockernet_container_udp_send_buffer_errors_total', csel()), '{{instance}} {{container}} {{family}} send buffer'],
          ], "Datagrams dropped because a socket's receive buffer was full (its reader falls behind, or its SO_RCVBUF is too small), or not sent because its send buffer was, in each container's own namespace, by IP family. DockerNetContainerUdpBufferErrors alerts on receive buffer errors. Served with --collector.protocols only."),
          local sent = sumRate('container', 'dockernet_container_tcp_segments_sent_total', csel());
          panels.timeseries('TCP retransmit ratio (containers sending %d segments/s or more)' % c.tcpRetransmitMinimumSegmentsPerSecond, 'percentunit', [
            ['(%s / %s) and on (instance, container) %s >= %d' % [sumRate('container', 'dockernet_container_tcp_segments_retransmitted_total', csel()), sent, sent, c.tcpRetransmitMinimumSegmentsPerSecond], '{{instance}} {{container}}'],
          ], "Segments retransmitted over segments sent, of the containers that send at least %d segments a second, as DockerNetContainerTcpRetransmits asks (it fires over %g%% for %s): an idle container's few retransmissions are no symptom, and are not drawn. Served with --collector.protocols only." % [c.tcpRetransmitMinimumSegmentsPerSecond, c.tcpRetransmitRatioThreshold * 100, c.tcpRetransmitFor]),
          panels.timeseries('TCP resets sent per container', 'pps', [
            [sumRate('container', 'dockernet_container_tcp_resets_sent_total', csel()), '{{instance}} {{container}}'],
          ], "Segments sent with RST by each container's own namespace: connections refused (no listener on the port) or aborted. Served with --collector.protocols only."),
          panels.timeseries('IP discards and unroutable packets per container', 'pps', [
            [sumRate('container, family', 'dockernet_container_ip_input_discards_total', csel()), '{{instance}} {{container}} {{family}} input discards'],
            [sumRate('container, family', 'dockernet_container_ip_output_discards_total', csel()), '{{instance}} {{container}} {{family}} output discards'],
            [sumRate('container, family', 'dockernet_container_ip_output_no_routes_total', csel()), '{{instance}} {{container}} {{family}} no route'],
          ], "IP packets each container's own namespace discarded on input or output without an error in them (as for lack of buffer space), and packets it could not send for lack of a route, by IP family. Served with --collector.protocols only.", w=24),

          panels.row('Container interfaces'),
          panels.table('Interface state',
                       'max by (instance, container, interface, bridge) (dockernet_container_interface_up{%s})' % csel(),
                       ['instance', 'container', 'interface', 'bridge'],
                       'state',
                       mappings=panels.valueMap([[1, 'Up', 'green'], [0, 'Down', 'red']]),
                       description="Each container interface's operstate. DockerNetContainerInterfaceDown fires on Down."),
          panels.table('MTU against the bridge',
                       'max by (job, instance, container, interface, bridge) (dockernet_container_interface_mtu_bytes{%s}) - on (job, instance, bridge) group_left () max by (job, instance, bridge) (dockernet_bridge_mtu_bytes{%s})' % [csel(), sel()],
                       ['instance', 'container', 'interface', 'bridge'],
                       "MTU minus the bridge's",
                       unit='bytes',
                       mappings=panels.valueMap([[0, 'same as the bridge', 'green']]) + [{ type: 'range', options: { from: -1e9, to: 1e9, result: { color: 'red', index: 1 } } }],
                       description="A container interface's MTU less its Docker bridge's: 0 when they agree. Below 0, packets larger than the container's MTU are dropped on the way in (see Dropped packets per container); DockerNetContainerMtuMismatch fires. Interfaces on no Docker bridge (overlay, macvlan, ipvlan) are not listed."),
          panels.table('Default gateway on the bridge',
                       'max by (instance, container, gateway) (dockernet_container_gateway_is_bridge{%s})' % csel(),
                       ['instance', 'container', 'gateway'],
                       'gateway is',
                       mappings=panels.valueMap([[1, 'the bridge', 'green'], [0, 'not the bridge', 'red']]),
                       description="Whether each container's IPv4 default gateway is an address the host holds on one of the container's bridges. DockerNetGatewayNotBridge fires on not the bridge: its traffic leaves some other way than Docker set up."),
          panels.bargauge('Address changes since the exporter started',
                          'short',
                          'max by (instance, container) (dockernet_container_address_changes_total{%s})' % csel(),
                          '{{instance}} {{container}}',
                          [['green', null], ['orange', 1]],
                          'Times a container came back on a network with another IP address than it had there (restarted, re-created, reconnected). DockerNetAddressChanged fires on a change within the hour.',
                          w=12,
                          h=9),

          panels.row('Bridges'),
          panels.timeseries('Bridge traffic', 'Bps', [
            [sumRate('bridge, network', 'dockernet_bridge_receive_bytes_total', sel()), bridgeLegend + ' receive'],
            [sumRate('bridge, network', 'dockernet_bridge_transmit_bytes_total', sel()), bridgeLegend + ' transmit'],
          ], "The bridge device's own counters: what the host itself sends and receives on the bridge, not what its ports forward (see the node graph).", w=16),
          panels.bargauge('Ports per bridge', 'short', 'sum by (instance, bridge, network) (dockernet_bridge_ports{%s})' % sel(), bridgeLegend, [['green', null]]),

          panels.row('Addresses'),
          panels.table('IP and MAC assignments',
                       'max by (instance, network, container, interface, family, ip, mac) (dockernet_container_ip_info{%s})' % csel(),
                       ['instance', 'network', 'container', 'interface', 'family', 'ip', 'mac'],
                       w=16),
          panels.bargauge('Address pool used',
                          'percentunit',
                          'dockernet_network_addresses_assigned{%s} / (dockernet_network_addresses_capacity{%s} > 0)' % [sel(), sel()],
                          '{{instance}} {{network}} {{subnet}}',
                          [['green', null], ['orange', c.addressPoolUsageWarningThreshold], ['red', c.addressPoolUsageThreshold]],
                          'Addresses assigned over addresses Docker can assign, per host, network and subnet. DockerNetAddressPoolNearlyFull fires at the red threshold.',
                          max=1,
                          displayMode='gradient',
                          h=9),

          panels.row('Exporter health'),
          panels.stat('Docker API',
                      'none',
                      'min by (instance) (dockernet_docker_up{%s})' % sel(),
                      '{{instance}}',
                      [['red', null], ['green', 1]],
                      'Up: the last full sync with the Docker API succeeded and its events session has not failed since. Not served with --docker.enabled=false.',
                      mappings=panels.valueMap([[1, 'Up', 'green'], [0, 'Down', 'red']])),
          panels.stat('Since last sync',
                      's',
                      'max by (instance) (time() - dockernet_topology_last_sync_timestamp_seconds{%s})' % sel(),
                      '{{instance}}',
                      [['green', null], ['orange', c.topologyStaleWarningSeconds], ['red', c.topologyStaleSeconds]],
                      'Time since the topology was last confirmed by the Docker API (with --docker.enabled=false, by a kernel scan). DockerNetTopologyStale fires at the red threshold.',
                      w=5),
          panels.stat('Containers', 'short', 'sum by (instance) (dockernet_topology_containers{%s})' % sel(), '{{instance}}', [['green', null]], 'Running containers in the current topology.', w=5),
          panels.stat('Unmapped veths',
                      'short',
                      'sum by (instance) (dockernet_topology_unmapped_veths{%s})' % sel(),
                      '{{instance}}',
                      [['green', null], ['orange', 1]],
                      'Interfaces on Docker bridges that no running container accounts for.',
                      w=5),
          panels.stat('Scrape duration',
                      's',
                      'max by (instance) (dockernet_scrape_duration_seconds{%s})' % sel(),
                      '{{instance}}',
                      [['green', null], ['orange', 1], ['red', 5]],
                      'Time the last scrape spent reading kernel counters.',
                      w=5),
          panels.timeseries('Skipped kernel reads',
                            'short',
                            [[sumRate('stage', 'dockernet_read_errors_total', sel()), '{{instance}} {{stage}}']],
                            'Files missing, unreadable or malformed, by stage (discovery or scrape), per second.'),
          panels.timeseries('Scrape duration', 's', [['max by (instance) (dockernet_scrape_duration_seconds{%s})' % sel(), '{{instance}}']]),
        ]),
      },
  },
}
