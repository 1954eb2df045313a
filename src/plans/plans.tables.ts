// Tables of the plans domain (filled in as its migrations land).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PlanTables {}
