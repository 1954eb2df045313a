/** Character offsets [start, end) into the normalised text returned as `sourceText`. */
export type Span = [number, number];

export type Comparator = '>=' | '<=' | '=';

export interface BasisDoc {
  title: string;
  docNumber: string | null;
  issuer?: string | null;
}

export interface Target {
  indicator: string;
  scope: string | null;
  value: number;
  /** Upper bound of a range ("3至5个": value 3, valueMax 5). */
  valueMax?: number;
  unit: string;
  comparator: Comparator;
  deadline: string | null;
  text: string;
  span: Span;
}

export interface Task {
  title: string;
  section: string | null;
  leadUnits: string[];
  responsibleUnits: string[];
  text: string;
  span: Span;
}

export interface Milestone {
  task: string | null;
  due: string;
  text: string;
  span: Span;
}

export interface Investment {
  unit: string | null;
  amount: number;
  currency: string;
  year: number | null;
  comparator?: Comparator;
  text: string;
  span: Span;
}

export interface LeadingGroupMember {
  name: string;
  role: string;
  title: string | null;
  span: Span;
}

export type Frequency = 'monthly' | 'quarterly' | 'semiannual' | 'annual' | 'once' | 'unspecified';

export interface ReportingDuty {
  what: string;
  frequency: Frequency;
  due: string[];
  by: string | null;
  text: string;
  span: Span;
}

export interface ExtractedPlan {
  title: string | null;
  docNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  basis: BasisDoc[];
  targets: Target[];
  tasks: Task[];
  milestones: Milestone[];
  investments: Investment[];
  leadingGroup: LeadingGroupMember[];
  reporting: ReportingDuty[];
  /** The years the plan covers, as read from its title or text (null when it says nothing). */
  period: { start: number; end: number } | null;
  sourceText: string;
}
