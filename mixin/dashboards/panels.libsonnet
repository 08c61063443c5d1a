// Grafana panel builders, plain jsonnet (no grafonnet): each returns a panel without id or gridPos,
// which the dashboard's layout gives them in order.
local datasource = { type: 'prometheus', uid: '${datasource}' };

local target(expr, legend='', refId='A') = {
  datasource: datasource,
  refId: refId,
  expr: expr,
  legendFormat: legend,
};

// An instant query as a table, as the node graph and the table panels read it.
local instantTarget(expr, refId='A') = {
  datasource: datasource,
  refId: refId,
  expr: expr,
  format: 'table',
  instant: true,
};

local thresholds(steps) = { mode: 'absolute', steps: [{ color: s[0], value: s[1] } for s in steps] };

local base(type, title, description, w, h) = {
  type: type,
  title: title,
  datasource: datasource,
  [if description != '' then 'description']: description,
  w:: w,
  h:: h,
};

{
  datasource: datasource,
  thresholds: thresholds,

  row(title):: { type: 'row', title: title, collapsed: false, panels: [], w:: 24, h:: 1 },

  // targets: [[expr, legend], ...], refIds A, B, C in order.
  timeseries(title, unit, targets, description='', w=12, h=8)::
    base('timeseries', title, description, w, h) {
      fieldConfig: { defaults: { unit: unit, custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 10 } }, overrides: [] },
      options: {
        legend: { displayMode: 'table', placement: 'right', calcs: ['lastNotNull', 'max'] },
        tooltip: { mode: 'multi', sort: 'desc' },
      },
      targets: [target(targets[i][0], targets[i][1], std.char(std.codepoint('A') + i)) for i in std.range(0, std.length(targets) - 1)],
    },

  stat(title, unit, expr, legend, steps, description='', mappings=[], w=4, h=5)::
    base('stat', title, description, w, h) {
      fieldConfig: { defaults: { unit: unit, thresholds: thresholds(steps), mappings: mappings }, overrides: [] },
      options: {
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        colorMode: 'value',
        graphMode: 'area',
        textMode: 'value_and_name',
      },
      targets: [target(expr, legend)],
    },

  bargauge(title, unit, expr, legend, steps, description='', min=0, max=null, displayMode='basic', w=8, h=8)::
    base('bargauge', title, description, w, h) {
      options: {
        orientation: 'horizontal',
        displayMode: displayMode,
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      },
      fieldConfig: { defaults: { unit: unit, min: min, [if max != null then 'max']: max, thresholds: thresholds(steps) }, overrides: [] },
      targets: [target(expr, legend)],
    },

  // An instant query's series as rows, label columns in `columns` order; the value column shown
  // (as `valueTitle`, colored by its mappings) unless valueTitle is ''.
  table(title, expr, columns, valueTitle='', unit='short', mappings=[], description='', w=12, h=9)::
    base('table', title, description, w, h) {
      fieldConfig: {
        defaults: { unit: unit, mappings: mappings, custom: { cellOptions: { type: if mappings == [] then 'auto' else 'color-background' } } },
        overrides: [],
      },
      options: { showHeader: true, sortBy: [{ displayName: columns[0], desc: false }] },
      targets: [instantTarget(expr)],
      transformations: [{
        id: 'organize',
        options: {
          excludeByName: { Time: true, job: true, Value: valueTitle == '' },
          indexByName: { [columns[i]]: i for i in std.range(0, std.length(columns) - 1) },
          renameByName: if valueTitle == '' then {} else { Value: valueTitle },
        },
      }],
    },

  nodeGraph(title, nodes, edges, description, w=24, h=14)::
    base('nodeGraph', title, description, w, h) {
      options: { nodes: { mainStatUnit: 'Bps' }, edges: { mainStatUnit: 'Bps' } },
      targets: [instantTarget(nodes, 'nodes'), instantTarget(edges, 'edges')],
      transformations: [{
        id: 'organize',
        options: {
          excludeByName: { Time: true },
          renameByName: { 'Value #nodes': 'mainstat', 'Value #edges': 'mainstat' },
        },
      }],
    },

  // A value mapping of exact values: [[value, text, color], ...].
  valueMap(entries):: [{
    type: 'value',
    options: { [std.toString(e[0])]: { text: e[1], color: e[2], index: i } for i in std.range(0, std.length(entries) - 1) for e in [entries[i]] },
  }],

  // Panels laid out left to right, top to bottom, 24 columns wide; ids in order from 1.
  layout(panels)::
    local place(state, p) =
      local wraps = state.x + p.w > 24;
      local x = if wraps then 0 else state.x;
      local y = if wraps then state.y + state.rowHeight else state.y;
      local rowHeight = if wraps then p.h else std.max(state.rowHeight, p.h);
      {
        x: x + p.w,
        y: y,
        rowHeight: rowHeight,
        panels: state.panels + [p { id: std.length(state.panels) + 1, gridPos: { h: p.h, w: p.w, x: x, y: y } }],
      };
    std.foldl(place, panels, { x: 0, y: 0, rowHeight: 0, panels: [] }).panels,
}
