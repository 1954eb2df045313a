/** Loading divisions from the packaged data (admin panel on the divisions page). */
export const divisionLoadZhCN = {
  'divisions.load.title': '加载区划数据',
  'divisions.load.help': '从随系统提供的 GB/T 2260 区划数据（2023 版）加载省、地市或全国，加载期间系统照常使用。',
  'divisions.load.choose': '选择省份或地市',
  'divisions.load.all': '全国',
  'divisions.load.allHint': '全国（约 66.5 万条，需数分钟）',
  'divisions.load.start': '开始加载',
  'divisions.load.loaded': '已加载',
  'divisions.load.status.running': '正在加载 {scope}：已写入 {done} / {total} 条',
  'divisions.load.status.done': '已加载 {scope}：共 {total} 条',
  'divisions.load.status.failed': '加载 {scope} 失败（已写入 {done} 条，可重新加载）',
  'divisions.load.status.interrupted': '加载 {scope} 因服务器停止而中断（已写入 {done} 条，可重新加载）',
};

export const divisionLoadEnUS: Record<keyof typeof divisionLoadZhCN, string> = {
  'divisions.load.title': 'Load divisions',
  'divisions.load.help': 'Load provinces, prefectures or the whole country from the packaged GB/T 2260 data (2023 edition); the system stays in use meanwhile.',
  'divisions.load.choose': 'Choose provinces or prefectures',
  'divisions.load.all': 'the whole country',
  'divisions.load.allHint': 'The whole country (about 665,000 rows, several minutes)',
  'divisions.load.start': 'Start loading',
  'divisions.load.loaded': 'loaded',
  'divisions.load.status.running': 'Loading {scope}: {done} of {total} rows written',
  'divisions.load.status.done': 'Loaded {scope}: {total} rows',
  'divisions.load.status.failed': 'Loading {scope} failed ({done} rows written; load again)',
  'divisions.load.status.interrupted': 'Loading {scope} was interrupted when the server stopped ({done} rows written; load again)',
};
