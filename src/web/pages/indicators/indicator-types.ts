/** The shapes of src/indicators/indicator.schemas.ts and the pivot route, as the pages read them. */
export interface IndicatorVersion {
  number: number;
  name: string;
  nameEn: string | null;
  unit: string;
  direction: 'higher' | 'lower';
  numeratorElementId: number;
  denominatorElementId: number | null;
  factor: number;
  description: string | null;
  source: string | null;
  validFrom: string | null;
  reason: string | null;
  createdAt: string;
}

export interface IndicatorItem {
  id: number;
  code: string;
  status: 'active' | 'archived';
  published: boolean;
  latestVersion: number;
  definition: IndicatorVersion;
}

export interface IndicatorDetail extends IndicatorItem {
  versions: IndicatorVersion[];
}

export interface PivotCell {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  contributors: number;
}

export interface PivotDivision {
  code: string;
  name: string;
  level: number;
  expected?: number;
}

export interface PivotResult {
  indicator: { id: number; code: string; name: string; unit: string; direction: 'higher' | 'lower'; versions: { number: number; name: string; validFrom: string | null; periods: string[] }[] };
  rows: 'divisions' | 'periods';
  divisions: PivotDivision[];
  periods: string[];
  cells: PivotCell[][];
}
