/** The app frame: the declared-day banner. */
export const layoutZhCN = {
  'clock.demoBanner': '演示数据：系统日期按 {day} 计',
  'clock.declaredBanner': '系统日期按 {day} 计（由管理员设定）',
  'division.national': '全国',
};

export const layoutEnUS: Record<keyof typeof layoutZhCN, string> = {
  'clock.demoBanner': 'Demonstration data: the system date is taken as {day}',
  'clock.declaredBanner': 'The system date is taken as {day} (set by the administrator)',
  'division.national': 'National',
};
