import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import { parsePeriod } from '../kernel/period.ts';
import { getPlan, markPlanPublished, searchPlans } from '../plans/plan.service.ts';
import {
  deletePublication,
  findPublication,
  listPublicationRows,
  type Publication,
  type PublicationKind,
  upsertPublication,
} from './publication.repository.ts';
import { findIndex, findIndicator, listIndexes, listIndicators } from './sources.ts';

export type { Publication, PublicationKind };

const ex = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);

export interface PublishInput {
  lowestLevel?: number | null;
  fromPeriod?: string | null;
  note?: string | null;
}

/** One publishable subject as the office's page lists it: what it is and whether it is public. */
export interface Candidate {
  kind: PublicationKind;
  subject: string;
  title: string;
  detail: string | null;
  publishable: boolean;
  /** why it cannot be published (a draft plan), when it cannot */
  reason: string | null;
  publication: Publication | null;
}

/** Everything the office may publish, with its current publication. */
export async function listCandidates(db: Db | Executor): Promise<Candidate[]> {
  const pubs = new Map((await listPublicationRows(ex(db))).map((p) => [`${p.kind}:${p.subject}`, p]));
  const out: Candidate[] = [];
  for (const p of await searchPlans(db, {})) {
    const draft = p.status === 'draft';
    out.push({
      kind: 'plan',
      subject: String(p.id),
      title: p.title,
      detail: p.docNumber,
      publishable: !draft,
      reason: draft ? '草稿方案须先启用 / activate the draft first' : null,
      publication: pubs.get(`plan:${p.id}`) ?? null,
    });
  }
  for (const i of await listIndicators(ex(db))) {
    out.push({ kind: 'indicator', subject: i.code, title: i.name, detail: i.unit, publishable: true, reason: null, publication: pubs.get(`indicator:${i.code}`) ?? null });
  }
  for (const i of await listIndexes(ex(db))) {
    out.push({ kind: 'index', subject: i.code, title: i.name, detail: null, publishable: true, reason: null, publication: pubs.get(`index:${i.code}`) ?? null });
  }
  return out;
}

async function assertPublishable(tx: Executor, kind: PublicationKind, subject: string): Promise<void> {
  if (kind === 'plan') {
    const id = Number(subject);
    if (!Number.isInteger(id) || id <= 0) throw invalid('subject', 'a plan is published by its numeric id');
    const plan = await getPlan(tx, id);
    if (plan.status === 'draft') throw new AppError('conflict', `方案 ${id} 仍是草稿，须先启用 / plan ${id} is a draft: activate it before publishing`);
  } else if (kind === 'indicator') {
    if (!(await findIndicator(tx, subject))) throw notFound('indicator', subject);
  } else if (!(await findIndex(tx, subject))) {
    throw notFound('index', subject);
  }
}

function settingsOf(kind: PublicationKind, input: PublishInput) {
  const lowestLevel = input.lowestLevel ?? null;
  const fromPeriod = input.fromPeriod ?? null;
  if (kind === 'plan' && (lowestLevel !== null || fromPeriod !== null)) {
    throw invalid(lowestLevel !== null ? 'body.lowestLevel' : 'body.fromPeriod', 'applies to indicators and the index, not to plans');
  }
  if (fromPeriod !== null) {
    try {
      parsePeriod(fromPeriod);
    } catch (e) {
      throw invalid('body.fromPeriod', (e as Error).message);
    }
  }
  return { lowestLevel, fromPeriod, note: input.note ?? null };
}

/** Makes a subject public (or changes its limits). Audited; a plan must be active or archived. */
export async function publish(db: Db | Executor, actor: Actor, kind: PublicationKind, subject: string, input: PublishInput): Promise<Publication> {
  const settings = settingsOf(kind, input);
  return transaction(db, async (tx) => {
    await assertPublishable(tx, kind, subject);
    const before = await findPublication(tx, kind, subject);
    const after = await upsertPublication(tx, kind, subject, settings, actor.id);
    if (kind === 'plan') await markPlanPublished(tx, Number(subject), true);
    await recordAudit(tx, actor, { action: before ? 'publication.update' : 'publish', entity: 'publication', entityId: `${kind}:${subject}`, before: before ?? undefined, after });
    return after;
  });
}

/** Withdraws a subject from the public portal. Audited; unpublishing what is not public is a 404. */
export async function unpublish(db: Db | Executor, actor: Actor, kind: PublicationKind, subject: string): Promise<void> {
  await transaction(db, async (tx) => {
    const before = await findPublication(tx, kind, subject);
    if (!before) throw notFound(`published ${kind}`, subject);
    await deletePublication(tx, kind, subject);
    if (kind === 'plan') await markPlanPublished(tx, Number(subject), false);
    await recordAudit(tx, actor, { action: 'unpublish', entity: 'publication', entityId: `${kind}:${subject}`, before });
  });
}

export const listPublications = (db: Db | Executor, kind?: PublicationKind) => listPublicationRows(ex(db), kind);
