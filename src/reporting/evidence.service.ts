/**
 * Evidence files of a submission (photos, signed PDFs, office documents): stored once per content
 * on disk, described by a row. The row and the file appear together or not at all: the file is
 * moved into place inside the transaction that writes the row and removed again if it rolls back.
 */
import type { Readable } from 'node:stream';
import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, transaction } from '../platform/db/database.ts';
import type { Config } from '../platform/env.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { SessionUser } from '../platform/http/context.ts';
import { ACCEPTED_EXTENSIONS, EVIDENCE_KINDS, extensionOf, magicMatches } from './evidence.kinds.ts';
import {
  countByContent,
  deleteEvidenceRow,
  type EvidenceFile,
  findEvidence,
  insertEvidence,
  listEvidenceOf,
  lockContent,
} from './evidence.repository.ts';
import { evidencePath, fileExists, placeFile, receiveToTemp, removeFile, setAside, virusScan } from './evidence.store.ts';
import { formProgressItems, getFormHead } from './form.service.ts';
import { readableSubmission, writableSubmission } from './io.access.ts';

export type { EvidenceFile };

export interface EvidenceUpload {
  filename: string;
  stream: Readable & { truncated?: boolean };
  itemId?: number | null;
}

const fileProblem = (code: 'unsupported_media_type' | 'payload_too_large' | 'unprocessable' | 'bad_request', message: string, reason: string) =>
  new AppError(code, message, { fields: [{ field: 'file', reason }] });

/** Drains a stream we will not store, so the request can finish cleanly. */
const drain = (s: Readable) => s.resume();

export async function attachEvidence(db: Db, config: Config, actor: Actor, user: SessionUser, submissionId: number, up: EvidenceUpload): Promise<EvidenceFile> {
  await writableSubmission(db.kysely, user, submissionId).catch((e: unknown) => {
    drain(up.stream);
    throw e;
  });
  const filename = up.filename.replace(/[\\/]/g, '_').replace(/[\u0000-\u001f]/g, '').slice(-255) || 'file';
  const ext = extensionOf(filename);
  const kind = EVIDENCE_KINDS[ext];
  if (!kind) {
    drain(up.stream);
    throw fileProblem(
      'unsupported_media_type',
      `不支持的文件类型 .${ext || '（无扩展名）'}，允许：${ACCEPTED_EXTENSIONS.join(', ')} / file type not accepted`,
      `extension .${ext || '(none)'} is not one of ${ACCEPTED_EXTENSIONS.join(', ')}`,
    );
  }
  const maxBytes = config.LUOSHI_UPLOAD_MAX_MB * 1024 * 1024;
  const got = await receiveToTemp(config.filesDir, up.stream, maxBytes);
  if (got.truncated) {
    throw fileProblem('payload_too_large', `文件超过 ${config.LUOSHI_UPLOAD_MAX_MB} MB / file larger than ${config.LUOSHI_UPLOAD_MAX_MB} MB`, `larger than ${config.LUOSHI_UPLOAD_MAX_MB} MB`);
  }
  let placed = false;
  try {
    if (got.size === 0) throw fileProblem('bad_request', '文件为空 / the file is empty', 'empty');
    if (!magicMatches(got.head, kind.magic)) {
      throw fileProblem('unsupported_media_type', `文件内容不是 .${ext} 文件 / the content is not a .${ext} file`, `content does not match the .${ext} extension`);
    }
    if (config.LUOSHI_VIRUS_SCAN_CMD) {
      const scan = await virusScan(config.LUOSHI_VIRUS_SCAN_CMD, got.tmpPath);
      if (!scan.clean) throw fileProblem('unprocessable', `病毒扫描未通过，文件已删除 / the virus scan refused the file (${scan.detail})`, 'refused by the virus scan');
    }
    return await transaction(db, async (tx) => {
      await lockContent(tx, got.sha256);
      // the status may have changed while the file was streaming
      const sub = await writableSubmission(tx, user, submissionId);
      if (up.itemId != null) {
        // evidence for a progress entry: one of the tasks or milestones the unit reports on in this form
        const items = await formProgressItems(tx, await getFormHead(tx, sub.formId), sub.unitId);
        if (!items.some((i) => i.itemId === up.itemId)) {
          throw new AppError('unprocessable', `任务或节点 ${up.itemId} 不在本单位的填报范围 / item ${up.itemId} is not a task or milestone this unit reports on`, {
            fields: [{ field: 'itemId', reason: 'not one of the unit’s tasks or milestones in this form' }],
          });
        }
      }
      let row: EvidenceFile;
      try {
        row = await insertEvidence(tx, {
          submissionId: sub.id,
          itemId: up.itemId ?? null,
          sha256: got.sha256,
          sizeBytes: got.size,
          contentType: kind.contentType,
          filename,
          uploadedBy: user.id,
        });
      } catch (e) {
        if ((e as { code?: string }).code === '23503') throw new AppError('unprocessable', `任务或节点 ${up.itemId} 不存在 / plan item ${up.itemId} does not exist`, { fields: [{ field: 'itemId', reason: 'no such plan item' }] });
        throw e;
      }
      await recordAudit(tx, actor, { action: 'evidence.attach', entity: 'submission', entityId: sub.id, after: { evidenceId: row.id, filename, sha256: got.sha256, size: got.size, itemId: row.itemId } });
      placed = await placeFile(config.filesDir, got.tmpPath, got.sha256);
      return row;
    });
  } catch (e) {
    await removeFile(got.tmpPath);
    // the transaction rolled back after the file was put in place: take it out again
    if (placed) await removeFile(evidencePath(config.filesDir, got.sha256));
    throw e;
  }
}

export async function listEvidence(db: Db, user: SessionUser, submissionId: number): Promise<EvidenceFile[]> {
  await readableSubmission(db.kysely, user, submissionId);
  return listEvidenceOf(db.kysely, submissionId);
}

/** The file to send: metadata and its path on disk. Same read scope as the submission. */
export async function openEvidence(db: Db, config: Config, user: SessionUser, id: number): Promise<{ file: EvidenceFile; path: string }> {
  const file = await findEvidence(db.kysely, id);
  if (!file) throw notFound('evidence file', id);
  await readableSubmission(db.kysely, user, file.submissionId);
  const path = evidencePath(config.filesDir, file.sha256);
  if (!(await fileExists(path))) throw new AppError('not_found', `证据文件 ${id} 的内容已丢失 / the content of evidence file ${id} is missing`);
  return { file, path };
}

export async function deleteEvidence(db: Db, config: Config, actor: Actor, user: SessionUser, id: number): Promise<void> {
  const found = await findEvidence(db.kysely, id);
  if (!found) throw notFound('evidence file', id);
  let aside: Awaited<ReturnType<typeof setAside>> = null;
  try {
    await transaction(db, async (tx) => {
      await lockContent(tx, found.sha256);
      const file = await findEvidence(tx, id);
      if (!file) throw notFound('evidence file', id);
      const sub = await writableSubmission(tx, user, file.submissionId);
      await deleteEvidenceRow(tx, id);
      await recordAudit(tx, actor, { action: 'evidence.delete', entity: 'submission', entityId: sub.id, before: { evidenceId: id, filename: file.filename, sha256: file.sha256 } });
      if ((await countByContent(tx, file.sha256)) === 0) aside = await setAside(config.filesDir, file.sha256);
    });
  } catch (e) {
    await (aside as { restore(): Promise<void> } | null)?.restore();
    throw e;
  }
  await (aside as { drop(): Promise<void> } | null)?.drop();
}
