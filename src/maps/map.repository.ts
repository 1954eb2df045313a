import type { Executor } from '../platform/db/database.ts';

export interface UploadedMapInfo {
  code: string;
  approvalNumber: string;
  etag: string;
  features: number;
  uploadedBy: string;
  uploadedAt: Date;
}

const INFO = ['code', 'approval_number', 'etag', 'feature_count', 'uploaded_by_name', 'uploaded_at'] as const;

function toInfo(r: { code: string; approval_number: string; etag: string; feature_count: number; uploaded_by_name: string; uploaded_at: Date }): UploadedMapInfo {
  return {
    code: r.code,
    approvalNumber: r.approval_number,
    etag: r.etag,
    features: Number(r.feature_count),
    uploadedBy: r.uploaded_by_name,
    uploadedAt: new Date(r.uploaded_at),
  };
}

/** The uploaded map of a code without its (large) body, or null. */
export async function findUploadedInfo(ex: Executor, code: string): Promise<UploadedMapInfo | null> {
  const r = await ex.selectFrom('map_boundaries').select(INFO).where('code', '=', code).executeTakeFirst();
  return r ? toInfo(r) : null;
}

export async function findUploadedBody(ex: Executor, code: string): Promise<{ etag: string; body: string } | null> {
  const r = await ex.selectFrom('map_boundaries').select(['etag', 'body']).where('code', '=', code).executeTakeFirst();
  return r ?? null;
}

export async function listUploaded(ex: Executor): Promise<UploadedMapInfo[]> {
  const rows = await ex.selectFrom('map_boundaries').select(INFO).orderBy('code').execute();
  return rows.map(toInfo);
}

export async function saveUploaded(
  ex: Executor,
  row: { code: string; approvalNumber: string; body: string; etag: string; features: number; userId: number | null; userName: string },
): Promise<UploadedMapInfo> {
  const values = {
    code: row.code,
    approval_number: row.approvalNumber,
    body: row.body,
    etag: row.etag,
    feature_count: row.features,
    uploaded_by: row.userId,
    uploaded_by_name: row.userName,
  };
  const r = await ex
    .insertInto('map_boundaries')
    .values(values)
    .onConflict((oc) => oc.column('code').doUpdateSet({ ...values, uploaded_at: new Date() }))
    .returning(INFO)
    .executeTakeFirstOrThrow();
  return toInfo(r);
}

export async function deleteUploaded(ex: Executor, code: string): Promise<boolean> {
  const r = await ex.deleteFrom('map_boundaries').where('code', '=', code).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
