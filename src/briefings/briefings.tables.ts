// Tables of the briefings domain (filled in as its migrations land).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BriefingTables {}
