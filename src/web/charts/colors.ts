/** Colours shared by the charts, the map and the tags, so a status looks the same everywhere. */
export const STATUS_COLORS = {
  achieved: '#237804',
  on_track: '#52c41a',
  accelerate: '#faad14',
  limited: '#fa541c',
  regressing: '#cf1322',
  no_data: '#bfbfbf',
} as const;

export const LIGHT_COLORS = { green: '#52c41a', yellow: '#fadb14', red: '#f5222d' } as const;

export const SERIES_COLORS = {
  planned: '#91caff',
  done: '#1677ff',
  path: '#8c8c8c',
  actual: '#b22222',
  projection: '#fa8c16',
  target: '#237804',
  onTime: '#52c41a',
  late: '#faad14',
  missing: '#f5222d',
} as const;

/** Map fill from low to high (light to the brand red). */
export const MAP_RAMP = ['#fff1f0', '#ffccc7', '#ff7875', '#cf1322', '#820014'];
