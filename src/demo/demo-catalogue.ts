/**
 * What the demo reports and measures: the data elements units report and the indicators built on
 * them, for the broadband (宽带中国) plans in examples/plans. Definitions follow
 * ../shared/domain/indicators.md §2: ratios are Σnumerator / Σdenominator, stocks take the month-end
 * value, flows sum, speeds are weighted by users.
 */
export interface DemoElement {
  code: string;
  name: string;
  valueType: 'integer' | 'number' | 'percent';
  unit: string;
  temporal: 'stock' | 'flow';
  spatial: 'sum' | 'weighted';
  weightCode?: string;
  min?: number;
  max?: number;
  maxJumpShare?: number;
  /** reported by each unit for itself (several units per division and period; the division's value is their sum) */
  perUnit?: boolean;
}

export const DEMO_ELEMENTS: DemoElement[] = [
  { code: 'FBB_HH_USERS', name: '固定宽带家庭用户数', valueType: 'integer', unit: '户', temporal: 'stock', spatial: 'sum', min: 0, maxJumpShare: 0.3 },
  { code: 'HOUSEHOLDS', name: '家庭户数', valueType: 'integer', unit: '户', temporal: 'stock', spatial: 'sum', min: 1, maxJumpShare: 0.1 },
  { code: 'MBB_USERS', name: '移动宽带用户数', valueType: 'integer', unit: '户', temporal: 'stock', spatial: 'sum', min: 0, maxJumpShare: 0.3 },
  { code: 'POPULATION', name: '常住人口', valueType: 'integer', unit: '人', temporal: 'stock', spatial: 'sum', min: 1, maxJumpShare: 0.1 },
  { code: 'VILLAGES_BB', name: '通宽带行政村数', valueType: 'integer', unit: '个', temporal: 'stock', spatial: 'sum', min: 0 },
  { code: 'VILLAGES', name: '行政村数', valueType: 'integer', unit: '个', temporal: 'stock', spatial: 'sum', min: 0 },
  { code: 'FTTH_USERS', name: '光纤到户用户数', valueType: 'integer', unit: '户', temporal: 'stock', spatial: 'sum', min: 0, maxJumpShare: 0.5 },
  { code: 'AVG_DL_MBPS', name: '固定宽带平均下载速率', valueType: 'number', unit: 'Mbit/s', temporal: 'stock', spatial: 'weighted', weightCode: 'FBB_HH_USERS', min: 0, max: 10000 },
  { code: 'NEW_4G_BS', name: '新建4G基站数', valueType: 'integer', unit: '个', temporal: 'flow', spatial: 'sum', min: 0 },
  { code: 'INVESTMENT', name: '完成投资额', valueType: 'number', unit: '万元', temporal: 'flow', spatial: 'sum', min: 0, perUnit: true },
  { code: 'NETIZENS', name: '网民数', valueType: 'integer', unit: '人', temporal: 'stock', spatial: 'sum', min: 0, maxJumpShare: 0.2 },
  { code: 'SCHOOLS', name: '中小学校数', valueType: 'integer', unit: '所', temporal: 'stock', spatial: 'sum', min: 0 },
  { code: 'SCHOOLS_NET', name: '接入互联网的中小学校数', valueType: 'integer', unit: '所', temporal: 'stock', spatial: 'sum', min: 0 },
  { code: 'APPROVAL_ITEMS', name: '行政审批事项数', valueType: 'integer', unit: '项', temporal: 'stock', spatial: 'sum', min: 0 },
  { code: 'APPROVAL_ONLINE', name: '网上办理的行政审批事项数', valueType: 'integer', unit: '项', temporal: 'stock', spatial: 'sum', min: 0 },
];

export interface DemoIndicator {
  code: string;
  name: string;
  unit: string;
  direction: 'higher' | 'lower';
  numerator: string;
  denominator?: string;
  factor: number;
  description: string;
}

/**
 * Where each indicator's definition comes from, as the portal shows it to the public: a document
 * or publication by name, never a path in this repository.
 */
const STRATEGY = '《“宽带中国”战略及实施方案》（国发〔2013〕31号）';
export const DEMO_INDICATOR_SOURCES: Record<string, string> = {
  FBB_HH_PEN: STRATEGY,
  MBB_PEN: STRATEGY,
  VILLAGE_BB_RATE: STRATEGY,
  INTERNET_PEN: '中国互联网络信息中心（CNNIC）《中国互联网络发展状况统计报告》口径',
  AVG_DL_SPEED: '宽带发展联盟《中国宽带速率状况报告》口径',
};
/** Indicators the demo defines for itself (the example plans' targets need them). */
export const DEMO_OWN_SOURCE = '演示数据目录（示例口径，见指标说明）';

export const DEMO_INDICATORS: DemoIndicator[] = [
  { code: 'FBB_HH_PEN', name: '固定宽带家庭普及率', unit: '%', direction: 'higher', numerator: 'FBB_HH_USERS', denominator: 'HOUSEHOLDS', factor: 100, description: '固定宽带家庭用户数 / 家庭户数 × 100（国发〔2013〕31号）' },
  { code: 'MBB_PEN', name: '3G/LTE用户普及率', unit: '%', direction: 'higher', numerator: 'MBB_USERS', denominator: 'POPULATION', factor: 100, description: '3G/4G 用户数 / 常住人口 × 100（国发〔2013〕31号）' },
  { code: 'VILLAGE_BB_RATE', name: '行政村通宽带比例', unit: '%', direction: 'higher', numerator: 'VILLAGES_BB', denominator: 'VILLAGES', factor: 100, description: '通宽带行政村数 / 行政村总数 × 100' },
  { code: 'FTTH_SHARE', name: '光纤到户用户占比', unit: '%', direction: 'higher', numerator: 'FTTH_USERS', denominator: 'FBB_HH_USERS', factor: 100, description: '光纤到户用户数 / 固定宽带家庭用户数 × 100' },
  { code: 'AVG_DL_SPEED', name: '固定宽带平均下载速率', unit: 'Mbit/s', direction: 'higher', numerator: 'AVG_DL_MBPS', factor: 1, description: '按用户数加权的平均可用下载速率（宽带发展联盟口径）' },
  { code: 'NEW_4G_BS', name: '新建4G基站数', unit: '个', direction: 'higher', numerator: 'NEW_4G_BS', factor: 1, description: '期内新建 4G 基站数（流量，按期累加）' },
  { code: 'INVESTMENT', name: '完成投资额', unit: '万元', direction: 'higher', numerator: 'INVESTMENT', factor: 1, description: '期内完成的信息基础设施投资（流量，按期累加）' },
  { code: 'INTERNET_PEN', name: '互联网普及率', unit: '%', direction: 'higher', numerator: 'NETIZENS', denominator: 'POPULATION', factor: 100, description: '网民数 / 常住人口 × 100（CNNIC 口径：半年内使用过互联网的6周岁及以上居民）' },
  { code: 'SCHOOL_NET_RATE', name: '中小学互联网接入率', unit: '%', direction: 'higher', numerator: 'SCHOOLS_NET', denominator: 'SCHOOLS', factor: 100, description: '接入互联网的中小学校数 / 中小学校数 × 100' },
  { code: 'APPROVAL_ONLINE_RATE', name: '行政审批网上办理率', unit: '%', direction: 'higher', numerator: 'APPROVAL_ONLINE', denominator: 'APPROVAL_ITEMS', factor: 100, description: '网上办理的行政审批事项数 / 行政审批事项数 × 100' },
];

/** Where each demo province starts at the end of 2013 and how fast it moves (per month). */
export interface ProvinceProfile {
  /** 固定宽带家庭普及率 (%), 3G/LTE 普及率 (%), 行政村通宽带 (%), FTTH share (%) at 2013-12 */
  fbb: number;
  mbb: number;
  village: number;
  ftth: number;
  /** persons per county and per household, roughly (2010 census scale) */
  countyPopulation: number;
  householdSize: number;
  /** percentage points per month of 固定宽带家庭普及率 at pace 1 */
  fbbGain: number;
  /** 互联网普及率 (%) at 2013-12 (CNNIC: national 45.8) */
  internet: number;
}

// National 2013: 固定宽带家庭普及率 40%, 3G/LTE 25%, 行政村通宽带 91%, FTTH ≈ 14% of fixed users
// (indicators.md §1.1, §4.1). Provinces are placed around it: 青海 behind, 广东 ahead.
export const PROVINCE_PROFILES: Record<string, ProvinceProfile> = {
  '63': { fbb: 27, mbb: 22, village: 80, ftth: 12, countyPopulation: 130_000, householdSize: 3.5, fbbGain: 0.45, internet: 50 },
  '43': { fbb: 31, mbb: 21, village: 88, ftth: 13, countyPopulation: 550_000, householdSize: 3.2, fbbGain: 0.5, internet: 39 },
  '44': { fbb: 49, mbb: 33, village: 95, ftth: 18, countyPopulation: 870_000, householdSize: 3.1, fbbGain: 0.55, internet: 66 },
};
