import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';

export interface EvidenceFile {
  id: number;
  submissionId: number;
  itemId: number | null;
  sha256: string;
  sizeBytes: number;
  contentType: string;
  filename: string;
  uploadedBy: number | null;
  createdAt: string;
}

const COLUMNS = ['id', 'submission_id', 'item_id', 'sha256', 'size_bytes', 'content_type', 'filename', 'uploaded_by', 'created_at'] as const;

type Row = {
  id: number;
  submission_id: number;
  item_id: number | null;
  sha256: string;
  size_bytes: number;
  content_type: string;
  filename: string;
  uploaded_by: number | null;
  created_at: Date;
};

const toEvidence = (r: Row): EvidenceFile => ({
  id: Number(r.id),
  submissionId: Number(r.submission_id),
  itemId: r.item_id === null ? null : Number(r.item_id),
  sha256: r.sha256,
  sizeBytes: Number(r.size_bytes),
  contentType: r.content_type,
  filename: r.filename,
  uploadedBy: r.uploaded_by === null ? null : Number(r.uploaded_by),
  createdAt: new Date(r.created_at).toISOString(),
});

/** Serialises writers of the same content address for the rest of the transaction. */
export async function lockContent(ex: Executor, sha256: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(7331, hashtext(${sha256}))`.execute(ex);
}

export async function insertEvidence(
  ex: Executor,
  v: { submissionId: number; itemId: number | null; sha256: string; sizeBytes: number; contentType: string; filename: string; uploadedBy: number | null },
): Promise<EvidenceFile> {
  const r = await ex
    .insertInto('evidence_files')
    .values({
      submission_id: v.submissionId,
      item_id: v.itemId,
      sha256: v.sha256,
      size_bytes: v.sizeBytes,
      content_type: v.contentType,
      filename: v.filename,
      uploaded_by: v.uploadedBy,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toEvidence(r);
}

export async function findEvidence(ex: Executor, id: number): Promise<EvidenceFile | null> {
  const r = await ex.selectFrom('evidence_files').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? toEvidence(r) : null;
}

export async function listEvidenceOf(ex: Executor, submissionId: number): Promise<EvidenceFile[]> {
  const rows = await ex.selectFrom('evidence_files').select(COLUMNS).where('submission_id', '=', submissionId).orderBy('id').execute();
  return rows.map(toEvidence);
}

export async function deleteEvidenceRow(ex: Executor, id: number): Promise<void> {
  await ex.deleteFrom('evidence_files').where('id', '=', id).execute();
}

export async function countByContent(ex: Executor, sha256: string): Promise<number> {
  const r = await ex.selectFrom('evidence_files').select((eb) => eb.fn.countAll<number>().as('n')).where('sha256', '=', sha256).executeTakeFirstOrThrow();
  return Number(r.n);
}
