// Recording rules. They aggregate only veth and bridge away (a container's veth is renamed when it
// restarts), so instance and every label the selector adds are kept.
{
  prometheusRules+:: {
    groups+: [
      {
        name: 'dockernet.recording',
        rules: [
          {
            // Packets per container interface, both directions, from the container's point of view.
            record: 'dockernet_container:packets:rate5m',
            expr: |||
              sum without (veth, bridge) (
                rate(dockernet_container_receive_packets_total{%(dockernetSelector)s}[5m]) + rate(dockernet_container_transmit_packets_total{%(dockernetSelector)s}[5m])
              )
            ||| % $._config,
          },
          {
            record: 'dockernet_container:dropped_packets:rate5m',
            expr: |||
              sum without (veth, bridge) (
                rate(dockernet_container_receive_dropped_total{%(dockernetSelector)s}[5m]) + rate(dockernet_container_transmit_dropped_total{%(dockernetSelector)s}[5m])
              )
            ||| % $._config,
          },
          {
            // Share of the packets that reached the interface and were dropped there (dropped ones are not in packets).
            record: 'dockernet_container:drop_ratio:rate5m',
            expr: |||
              dockernet_container:dropped_packets:rate5m{%(dockernetSelector)s}
              / (dockernet_container:packets:rate5m{%(dockernetSelector)s} + dockernet_container:dropped_packets:rate5m{%(dockernetSelector)s})
            ||| % $._config,
          },
          {
            record: 'dockernet_network:address_usage:ratio',
            expr: |||
              dockernet_network_addresses_assigned{%(dockernetSelector)s} / (dockernet_network_addresses_capacity{%(dockernetSelector)s} > 0)
            ||| % $._config,
          },
        ],
      },
    ],
  },
}
