// The page at /: draws the host's network from /topology (fetched relative to the page, so that a
// --web.telemetry-path or a proxy's prefix is kept) as SVG, by hand, with no library. Drops and
// errors "in the last interval" are the growth of each interface's counters between two refreshes,
// so that none is missed between /topology's one-second reads.
'use strict';

(() => {
  const svgNs = 'http://www.w3.org/2000/svg';
  const box = { width: 300, height: 122, gapX: 16, gapY: 40 };
  const head = 46;
  const margin = 12;
  const indent = 28;
  const lineHeight = 13;
  const charWidth = 6.7; // 11px monospace: what fits on a box's line
  const colours = { ink: '#1f2933', muted: '#52606d', line: '#7b8794', box: '#ffffff', head: '#e4ecf7', apart: '#f1f3f5', warning: '#d9480f', warningFill: '#fff4e6' };
  const protocolNames = {
    tcp_listen_overflows: 'tcp listen overflows', tcp_listen_drops: 'tcp listen drops', tcp_backlog_drops: 'tcp backlog drops',
    tcp_segments_retransmitted: 'tcp retransmitted', udp_receive_buffer_errors: 'udp rcvbuf errors', udp_send_buffer_errors: 'udp sndbuf errors',
    ip_input_discards: 'ip in discards', ip_output_discards: 'ip out discards',
  };

  const drawing = document.getElementById('drawing');
  const filter = document.getElementById('filter');
  const refresh = document.getElementById('refresh');
  const pause = document.getElementById('pause');
  const download = document.getElementById('download');
  const status = document.getElementById('status');

  const collapsed = new Set();
  let report = null;
  let counters = new Map(); // container/interface -> counters of the last report
  let growth = new Map(); // container/interface -> { dropped, errors } since the report before
  let paused = false;
  let inFlight = false;
  let timer = 0;
  let started = 0; // /topology requests started; the drawing says which one it shows (data-drawn)

  const key = (port) => `${port.container}/${port.interface}`;

  // Control characters (an interface a container renamed, a network's name) drawn as U+FFFD: the
  // SVG download would not be well-formed XML with them, and they mean nothing on a page.
  function printable(value) {
    return String(value).replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
  }

  function element(name, attributes, parent, text) {
    const node = document.createElementNS(svgNs, name);
    for (const [attribute, value] of Object.entries(attributes)) {
      node.setAttribute(attribute, printable(value));
    }
    if (text !== undefined) {
      node.textContent = printable(text);
    }
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }

  // A line cut to what fits, the whole of it in a tooltip.
  function textLine(parent, x, y, text, width, attributes = {}) {
    const fits = Math.max(4, Math.floor(width / charWidth));
    const shown = text.length > fits ? `${text.slice(0, fits - 1)}…` : text;
    const node = element('text', { x, y, ...attributes }, parent, shown);
    if (shown !== text) {
      element('title', {}, node, text);
    }
    return node;
  }

  function rate(bytesPerSecond) {
    if (bytesPerSecond === null || bytesPerSecond === undefined) {
      return '?';
    }
    const units = ['B/s', 'kB/s', 'MB/s', 'GB/s'];
    let value = bytesPerSecond;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit += 1;
    }
    return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
  }

  // What each interface dropped and got wrong since the last report; unknown where it has no
  // earlier read or its counters went back (a new container of the same name).
  function measureGrowth(next) {
    const nextCounters = new Map();
    const nextGrowth = new Map();
    for (const bridge of next.bridges) {
      for (const port of bridge.ports) {
        const now = port.counters;
        if (!now) {
          continue;
        }
        nextCounters.set(key(port), now);
        const before = counters.get(key(port));
        const dropped = now.receive_dropped + now.transmit_dropped;
        const errors = now.receive_errors + now.transmit_errors;
        if (before) {
          const droppedBefore = before.receive_dropped + before.transmit_dropped;
          const errorsBefore = before.receive_errors + before.transmit_errors;
          if (dropped >= droppedBefore && errors >= errorsBefore) {
            nextGrowth.set(key(port), { dropped: dropped - droppedBefore, errors: errors - errorsBefore });
          }
        }
      }
    }
    counters = nextCounters;
    growth = nextGrowth;
  }

  function matches(text, query) {
    return (text || '').toLowerCase().includes(query);
  }

  // The bridges and their ports that the filter keeps: all of a bridge whose name or network
  // matches, else the ports whose container matches.
  function filtered(query) {
    const bridges = [];
    for (const bridge of report.bridges) {
      const ports = !query || matches(bridge.name, query) || matches(bridge.network, query)
        ? bridge.ports
        : bridge.ports.filter((port) => matches(port.container, query));
      if (ports.length > 0 || (!query && bridge.ports.length === 0) || matches(bridge.name, query) || matches(bridge.network, query)) {
        bridges.push({ bridge, ports });
      }
    }
    const apart = report.without_veth.filter((c) => !query || matches(c.container, query) || matches(c.network_mode, query));
    return { bridges, apart };
  }

  function drawBridge(svg, width, columns, top, bridge, ports, positions) {
    const group = element('g', { class: 'bridge', 'data-bridge': bridge.name, 'data-network': bridge.network }, svg);
    const isCollapsed = collapsed.has(bridge.name);
    const header = element('g', { class: 'bridge-head', role: 'button', tabindex: 0, 'aria-expanded': !isCollapsed }, group);
    element('rect', { x: margin, y: top, width: width - 2 * margin, height: head, rx: 6, fill: colours.head, stroke: colours.line }, header);
    const title = `${isCollapsed ? '▸' : '▾'} bridge ${bridge.name || '(none)'}${bridge.network ? ` · network ${bridge.network}` : ''} · ${bridge.ports.length} veth${bridge.ports.length === 1 ? '' : 's'}`;
    textLine(header, margin + 10, top + 18, title, width - 2 * margin - 20, { 'font-weight': 'bold', 'font-size': 13 });
    const details = [
      `subnet ${bridge.subnets.join(', ') || '-'}`,
      `gateway ${bridge.gateways.join(', ') || '-'}`,
      bridge.vxlan ? `vxlan ${bridge.vxlan}${bridge.vni !== null && bridge.vni !== undefined ? ` vni ${bridge.vni}` : ''}` : '',
      bridge.unmapped_ports > 0 ? `${bridge.unmapped_ports} unmapped port(s)` : '',
    ].filter(Boolean).join(' · ');
    textLine(header, margin + 10, top + 36, details, width - 2 * margin - 20, { fill: colours.muted });
    header.addEventListener('click', () => toggle(bridge.name));
    header.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        toggle(bridge.name);
      }
    });
    if (isCollapsed || ports.length === 0) {
      return top + head + box.gapX;
    }

    const rows = Math.ceil(ports.length / columns);
    const trunkX = margin + indent / 2;
    const lastBus = top + head + (rows - 1) * (box.height + box.gapY) + box.gapY - 28;
    element('line', { x1: trunkX, y1: top + head, x2: trunkX, y2: lastBus, stroke: colours.line, 'stroke-width': 2 }, group);
    ports.forEach((port, index) => {
      const row = Math.floor(index / columns);
      const column = index % columns;
      const x = margin + indent + column * (box.width + box.gapX);
      const y = top + head + box.gapY + row * (box.height + box.gapY);
      const busY = y - 28;
      if (column === 0) {
        const rowEnd = margin + indent + (Math.min(columns, ports.length - row * columns) - 1) * (box.width + box.gapX) + 20;
        element('line', { x1: trunkX, y1: busY, x2: rowEnd, y2: busY, stroke: colours.line, 'stroke-width': 2 }, group);
      }
      // An unread namespace (null) is no one's: a sharer whose namespace is unread too must not
      // point at whichever unread box came last.
      if (port.netns != null) {
        positions.set(port.netns, { x: x + box.width / 2, y: y + box.height });
      }
      drawPort(group, x, y, busY, bridge, port);
    });
    return top + head + rows * (box.height + box.gapY) + box.gapX;
  }

  function drawPort(parent, x, y, busY, bridge, port) {
    const grown = growth.get(key(port));
    const warning = grown !== undefined && grown.dropped > 0;
    const colour = warning ? colours.warning : colours.line;
    const now = port.counters;
    const group = element('g', {
      class: warning ? 'port warning' : 'port',
      'data-container': port.container,
      'data-interface': port.interface,
      'data-veth': port.veth,
      'data-bridge': bridge.name,
      'data-dropped': now ? now.receive_dropped + now.transmit_dropped : '',
      'data-dropped-interval': grown ? grown.dropped : '',
    }, parent);
    element('line', { x1: x + 20, y1: busY, x2: x + 20, y2: y, stroke: colour, 'stroke-width': warning ? 3 : 2 }, group);
    textLine(group, x + 26, y - 8, `veth ${port.veth || '(in its namespace)'}`, box.width - 30, { fill: colours.muted, 'font-size': 10 });
    element('rect', { x, y, width: box.width, height: box.height, rx: 4, fill: warning ? colours.warningFill : colours.box, stroke: colour, 'stroke-width': warning ? 2 : 1 }, group);
    const inner = box.width - 16;
    let line = y + 16;
    const next = () => {
      const at = line;
      line += lineHeight;
      return at;
    };
    if (warning) {
      element('text', { x: x + box.width - 8, y: line, 'text-anchor': 'end', fill: colours.warning, 'font-weight': 'bold' }, group, `⚠ ${grown.dropped} dropped`);
    }
    textLine(group, x + 8, next(), port.container, warning ? inner - 110 : inner, { 'font-weight': 'bold' });
    textLine(group, x + 8, next(), `${port.interface} ${port.addresses.join(' ') || '(no address)'}`, inner);
    textLine(group, x + 8, next(), `mac ${port.mac || '-'}`, inner);
    textLine(group, x + 8, next(), `gateway ${port.gateway || '-'}${port.gateway_location ? ` (${port.gateway_location})` : ''}`, inner);
    textLine(group, x + 8, next(), `netns ${port.netns ?? '-'}`, inner, { fill: colours.muted });
    textLine(group, x + 8, next(), `rx ${rate(port.receive_bytes_per_second)}  tx ${rate(port.transmit_bytes_per_second)}`, inner);
    const dropLine = now
      ? `dropped rx ${now.receive_dropped} tx ${now.transmit_dropped} · errors rx ${now.receive_errors} tx ${now.transmit_errors}`
      : 'dropped ? · errors ?';
    textLine(group, x + 8, next(), dropLine, inner, warning ? { fill: colours.warning, 'font-weight': 'bold' } : {});
    textLine(group, x + 8, next(), protocolLine(port.drops), inner, { fill: colours.muted });
  }

  function protocolLine(drops) {
    if (!drops) {
      return 'protocol drops: unread';
    }
    // Null: a count that could not be read, said as ? (as the text output says it), not as none.
    const counted = Object.entries(protocolNames)
      .filter(([name]) => drops[name] !== 0)
      .map(([name, label]) => `${label} ${drops[name] ?? '?'}`);
    return counted.length > 0 ? counted.join(' · ') : 'protocol drops: none';
  }

  // Containers with no veth of their own: a container: sharer points at the box of the container
  // whose namespace it shares (found by the namespace, which is the same).
  function drawApart(svg, width, columns, top, apart, positions) {
    const group = element('g', { class: 'apart' }, svg);
    element('rect', { x: margin, y: top, width: width - 2 * margin, height: head, rx: 6, fill: colours.apart, stroke: colours.line }, group);
    textLine(group, margin + 10, top + 18, `without a veth of their own (host, none, container: modes) · ${apart.length}`, width - 2 * margin - 20, { 'font-weight': 'bold', 'font-size': 13 });
    textLine(group, margin + 10, top + 36, 'a container: sharer points at the container whose namespace it shares', width - 2 * margin - 20, { fill: colours.muted });
    const height = 5 * lineHeight + 12;
    apart.forEach((container, index) => {
      const x = margin + indent + (index % columns) * (box.width + box.gapX);
      const y = top + head + box.gapX + Math.floor(index / columns) * (height + box.gapX);
      const node = element('g', { class: 'apart-container', 'data-container': container.container, 'data-network-mode': container.network_mode }, group);
      element('rect', { x, y, width: box.width, height, rx: 4, fill: colours.box, stroke: colours.line, 'stroke-dasharray': '4 3' }, node);
      let line = y + 16;
      for (const [text, attributes] of [
        [container.container, { 'font-weight': 'bold' }],
        [`mode ${container.network_mode || '-'}`, {}],
        [`${container.addresses.join(' ') || '(no address)'}`, {}],
        [`gateway ${container.gateway || '-'}`, {}],
        [`netns ${container.netns ?? '-'}`, { fill: colours.muted }],
      ]) {
        textLine(node, x + 8, line, text, box.width - 16, attributes);
        line += lineHeight;
      }
      const owner = container.network_mode.startsWith('container:') && container.netns != null ? positions.get(container.netns) : undefined;
      if (owner) {
        element('path', {
          d: `M ${x + box.width / 2} ${y} C ${x + box.width / 2} ${y - 60}, ${owner.x} ${owner.y + 60}, ${owner.x} ${owner.y}`,
          fill: 'none', stroke: colours.muted, 'stroke-dasharray': '6 4', 'marker-end': 'url(#owner)', class: 'shares',
        }, node);
      }
    });
    return top + head + box.gapX + Math.ceil(apart.length / columns) * (height + box.gapX);
  }

  function draw() {
    if (!report) {
      return;
    }
    const begin = performance.now();
    const width = Math.max(box.width + indent + 2 * margin, drawing.clientWidth || document.documentElement.clientWidth);
    const columns = Math.max(1, Math.floor((width - 2 * margin - indent + box.gapX) / (box.width + box.gapX)));
    const query = filter.value.trim().toLowerCase();
    const { bridges, apart } = filtered(query);
    const svg = element('svg', { xmlns: svgNs, width, 'font-family': 'DejaVu Sans Mono, monospace', 'font-size': 11, fill: colours.ink, id: 'network' });
    element('title', {}, svg, `docker-net-exporter: ${location.host} at ${report.taken_at}`);
    const marker = element('marker', { id: 'owner', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' }, element('defs', {}, svg));
    element('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: colours.muted }, marker);
    const background = element('rect', { x: 0, y: 0, width, fill: '#ffffff' }, svg);
    const positions = new Map();
    let top = margin;
    for (const { bridge, ports } of bridges) {
      top = drawBridge(svg, width, columns, top, bridge, ports, positions);
    }
    if (apart.length > 0) {
      top = drawApart(svg, width, columns, top, apart, positions);
    }
    if (bridges.length === 0 && apart.length === 0) {
      textLine(svg, margin, top + 16, query ? `nothing matches "${filter.value}"` : 'no bridges and no containers', width);
      top += 32;
    }
    svg.setAttribute('height', String(top));
    svg.setAttribute('viewBox', `0 0 ${width} ${top}`);
    background.setAttribute('height', String(top));
    drawing.replaceChildren(svg);
    // How long the last drawing took, and once when the first was done: for the benchmark at 1,000 containers.
    drawing.dataset.drawMs = (performance.now() - begin).toFixed(1);
    if (performance.getEntriesByName('dockernet-first-drawing').length === 0) {
      performance.mark('dockernet-first-drawing');
    }
  }

  function toggle(bridge) {
    if (!collapsed.delete(bridge)) {
      collapsed.add(bridge);
    }
    draw();
  }

  function say(text) {
    status.textContent = text;
  }

  function schedule(delay) {
    clearTimeout(timer);
    if (!paused) {
      timer = setTimeout(load, delay);
    }
  }

  async function load() {
    if (paused || inFlight) {
      return;
    }
    inFlight = true;
    started += 1;
    const request = started;
    drawing.dataset.started = String(request);
    let delay = Number(refresh.value);
    try {
      // Relative to the page, without any user:password@ the page's address was typed with:
      // fetch refuses those, and the browser sends the page's credentials to its own origin anyway.
      // The first picture asks the shortest interval, so that it comes within a second of opening
      // the page; later ones rate over a second.
      const url = new URL(`topology?interval=${report ? '1s' : '100ms'}`, document.baseURI);
      url.username = '';
      url.password = '';
      const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
      if (response.status === 429) {
        // Another page or client is being served: the exporter reads for one at a time.
        const after = Number(response.headers.get('Retry-After')) || 1;
        delay = Math.min(delay, after * 1000);
        say(`busy, another /topology request is being served; again in ${Math.ceil(delay / 1000)} s`);
      } else if (!response.ok) {
        say(`/topology answered ${response.status}`);
      } else {
        const next = await response.json();
        measureGrowth(next);
        report = next;
        draw();
        drawing.dataset.drawn = String(request);
        const containers = report.bridges.reduce((sum, bridge) => sum + bridge.ports.length, 0) + report.without_veth.length;
        say(`${containers} container interface(s) at ${new Date(report.taken_at).toLocaleTimeString()}${paused ? ' · paused' : ''}`);
      }
    } catch (error) {
      say(`cannot read /topology: ${error.message}`);
    } finally {
      inFlight = false;
    }
    schedule(delay);
  }

  function downloadSvg() {
    const svg = drawing.querySelector('svg');
    if (!svg) {
      return;
    }
    const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}`;
    const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `docker-network-${location.hostname}-${(report ? report.taken_at : new Date().toISOString()).replace(/[:.]/g, '-')}.svg`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  let pendingDraw = 0;
  const redrawSoon = () => {
    cancelAnimationFrame(pendingDraw);
    pendingDraw = requestAnimationFrame(draw);
  };

  filter.addEventListener('input', redrawSoon);
  window.addEventListener('resize', redrawSoon);
  document.getElementById('controls').addEventListener('submit', (event) => event.preventDefault());
  refresh.addEventListener('change', () => {
    if (!inFlight) {
      schedule(Number(refresh.value));
    }
  });
  pause.addEventListener('click', () => {
    paused = !paused;
    pause.textContent = paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', String(paused));
    if (paused) {
      clearTimeout(timer);
      say(`${status.textContent.replace(/ · paused$/, '')} · paused`);
    } else {
      load();
    }
  });
  download.addEventListener('click', downloadSvg);
  load();
})();
