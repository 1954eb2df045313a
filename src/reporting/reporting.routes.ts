import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole, requireUser } from '../auth/policy.ts';
import { AppError } from '../platform/errors.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { BODY_LIMITS, checkLargeArray } from '../platform/http/body-limits.ts';
import { submissionWriterGate } from './submission-write-gate.ts';
import { completeness, lateList, myDue } from './completeness.service.ts';
import { createDataElement, deleteDataElement, getDataElement, searchDataElements, updateDataElement } from './data-element.service.ts';
import { createForm, formCalendar, getForm, getFormHead, listForms, updateForm } from './form.service.ts';
import { today } from '../kernel/clock.ts';
import { listUnlocks, unlockPeriod } from './period-lock.service.ts';
import { formBuilderRoutes } from './form-builder.routes.ts';
import { approvedOut, reviewedOut } from './reminders/delivery.schemas.ts';
import { submissionScope } from './reporting.access.ts';
import {
  dataElementFields,
  dataElementPatch,
  day,
  formFields,
  formPatch,
  id,
  openSubmissionBody,
  PERIOD_TYPES,
  periodCode,
  returnBody,
  saveDraftBody,
  SUBMISSION_STATUSES,
  unlockBody,
  valueInput,
  versionBody,
} from './reporting.schemas.ts';
import { parseValuesCsv, toCsvRows } from './submission.csv.ts';
import {
  approve,
  assertReadableSubmission,
  diffVersionsFor,
  formRowsFor,
  getSubmission,
  listSubmissions,
  listVersions,
  openSubmission,
  returnSubmission,
  saveDraft,
  submit,
} from './submission.service.ts';
import { validateSubmission } from './validation.service.ts';
import { noContent } from '../platform/http/responses.ts';
import {
  completenessOut,
  dataElementOut,
  formCalendarOut,
  formDetailOut,
  formOut,
  formRowOut,
  lateEntryOut,
  myDueOut,
  saveResultOut,
  submissionDetailOut,
  submissionPageOut,
  submitResultOut,
  unlockOut,
  validationOut,
  versionDiffOut,
  versionOut,
} from './reporting.responses.ts';

const tags = ['reporting'];
const P = '/api/reporting';
const idParams = z.object({ id });
/** Values pushed by systems, JSON or CSV (the Excel upload calls the service directly). */
const BULK_BODY_LIMIT = BODY_LIMITS.bulkValues;
const admin = { preValidation: async (req: FastifyRequest) => void requireRole(req, 'admin') };

export const reportingRoutes: FastifyPluginAsync<AppDeps> = async (plain, { db, config }) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  // Every reporting endpoint needs a signed-in user; anonymous requests get 401 before validation.
  app.addHook('preValidation', async (req) => {
    if (req.url.startsWith(P)) requireUser(req);
  });
  // Systems push values as CSV; the string reaches the handler unparsed.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: BULK_BODY_LIMIT }, (_req, body, done) => done(null, body));

  await app.register(formBuilderRoutes, { db, config });

  // ---- data elements ----
  app.get(`${P}/data-elements`, {
    schema: { tags, summary: 'Data elements (any signed-in user)', querystring: z.object({ q: z.string().max(100).optional(), periodType: z.enum(PERIOD_TYPES).optional() }), response: { 200: z.object({ items: z.array(dataElementOut) }) } },
  }, async (req) => ({ items: await searchDataElements(db, req.query) }));

  app.get(`${P}/data-elements/:id`, { schema: { tags, summary: 'One data element', params: idParams, response: { 200: dataElementOut } } }, async (req) => getDataElement(db, req.params.id));

  app.post(`${P}/data-elements`, { ...admin, schema: { tags, summary: 'Create a data element (admin)', body: dataElementFields, response: { 201: dataElementOut } } }, async (req, reply) =>
    reply.status(201).send(await createDataElement(db, req.actor(), req.body)),
  );

  app.patch(`${P}/data-elements/:id`, { ...admin, schema: { tags, summary: 'Change a data element (admin; 409 on a stale version)', params: idParams, body: dataElementPatch, response: { 200: dataElementOut } } }, async (req) =>
    updateDataElement(db, req.actor(), req.params.id, req.body),
  );

  app.delete(`${P}/data-elements/:id`, { ...admin, schema: { tags, summary: 'Delete an unused data element (admin)', params: idParams, response: { 204: noContent } } }, async (req, reply) => {
    await deleteDataElement(db, req.actor(), req.params.id);
    return reply.status(204).send();
  });

  // ---- forms ----
  app.get(`${P}/forms`, {
    schema: {
      tags,
      summary: 'Forms (a reporter sees those assigned to its unit)',
      querystring: z.object({ planId: id.optional(), unitId: id.optional(), status: z.enum(['active', 'archived']).optional() }),
      response: { 200: z.object({ items: z.array(formOut) }) },
    },
  }, async (req) => {
    const user = requireUser(req);
    const unitId = user.role === 'reporter' ? (user.unitId ?? -1) : req.query.unitId;
    return { items: await listForms(db, { ...req.query, unitId }) };
  });

  app.get(`${P}/forms/:id`, { schema: { tags, summary: 'A form with its elements (ordered), assignments and rules', params: idParams, response: { 200: formDetailOut } } }, async (req) => getForm(db, req.params.id));

  app.post(`${P}/forms`, {
    ...admin,
    bodyLimit: BODY_LIMITS.form,
    schema: { tags, summary: 'Create a form (admin); with dutyId the schedule is copied from the plan’s reporting duty', body: formFields, response: { 201: formDetailOut } },
  }, async (req, reply) => reply.status(201).send(await createForm(db, req.actor(), req.body)));

  app.patch(`${P}/forms/:id`, {
    ...admin,
    bodyLimit: BODY_LIMITS.form,
    schema: { tags, summary: 'Change a form (admin; lists given replace the stored ones; 409 on a stale version)', params: idParams, body: formPatch, response: { 200: formDetailOut } },
  }, async (req) => updateForm(db, req.actor(), req.params.id, req.body));

  app.get(`${P}/forms/:id/calendar`, { schema: { tags, summary: 'Periods of a form with due and lock dates', params: idParams, response: { 200: formCalendarOut } } }, async (req) => {
    const form = await getFormHead(db, req.params.id);
    return { formId: form.id, periodType: form.periodType, periods: [...formCalendar(form)] };
  });

  app.get(`${P}/forms/:id/rows`, {
    schema: { tags, summary: 'The cells a unit owes on a form (divisions × elements)', params: idParams, querystring: z.object({ unitId: id }), response: { 200: z.object({ items: z.array(formRowOut) }) } },
  }, async (req) => ({ items: await formRowsFor(db, req.user, req.params.id, req.query.unitId) }));

  app.post(`${P}/forms/:id/unlock`, {
    ...admin,
    schema: { tags, summary: 'Unlock a locked period for one unit (or all with unitId null) until a date (admin; audited)', params: idParams, body: unlockBody, response: { 201: unlockOut } },
  }, async (req, reply) => reply.status(201).send(await unlockPeriod(db, req.actor(), { formId: req.params.id, ...req.body })));

  app.get(`${P}/forms/:id/unlocks`, {
    preValidation: async (req) => void requireRole(req, 'admin', 'leader'),
    schema: { tags, summary: 'Unlocks of a form’s periods, newest first (admin, leader)', params: idParams, response: { 200: z.object({ items: z.array(unlockOut) }) } },
  }, async (req) => ({ items: await listUnlocks(db, req.params.id) }));

  // ---- a reporter's page ----
  app.get(`${P}/my`, {
    schema: { tags, summary: 'My due reports (forms × open periods) and my tasks and milestones', querystring: z.object({ asOf: day.optional() }), response: { 200: myDueOut } },
  }, async (req) => myDue(db.kysely, requireUser(req), req.query.asOf ?? today()));

  // ---- submissions ----
  app.post(`${P}/submissions`, {
    schema: { tags, summary: 'Open (create on first use) the submission of a unit for a form and period', body: openSubmissionBody, response: { 200: submissionDetailOut } },
  }, async (req) => {
    const sub = await openSubmission(db, req.actor(), req.user, req.body);
    return getSubmission(db, req.user, sub.id);
  });

  app.get(`${P}/submissions`, {
    schema: {
      tags,
      summary: 'Submissions within the caller’s scope',
      querystring: z.object({
        status: z.enum(SUBMISSION_STATUSES).optional(),
        formId: id.optional(),
        unitId: id.optional(),
        period: periodCode.optional(),
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(500).default(50),
      }),
      response: { 200: submissionPageOut },
    },
  }, async (req) => listSubmissions(db, req.user, req.query));

  app.get(`${P}/submissions/:id`, {
    schema: { tags, summary: 'A submission: every owed cell with its value, comment and the previous period’s approved value; progress; status; version', params: idParams, response: { 200: submissionDetailOut } },
  }, async (req) => getSubmission(db, req.user, req.params.id));

  app.put(`${P}/submissions/:id/draft`, {
    bodyLimit: BODY_LIMITS.draft,
    preParsing: submissionWriterGate(db),
    preValidation: checkLargeArray('values', valueInput),
    schema: { tags, summary: 'Save the draft (409 with both versions when stale)', params: idParams, body: saveDraftBody, response: { 200: saveResultOut } },
  }, async (req) => saveDraft(db, req.actor(), req.user, req.params.id, req.body));

  app.post(`${P}/submissions/:id/values`, {
    bodyLimit: BULK_BODY_LIMIT,
    preParsing: submissionWriterGate(db),
    preValidation: checkLargeArray('values', valueInput),
    schema: {
      tags,
      summary: 'Push values as JSON {version, values} or text/csv (element_code,division_code,value,comment; version in the query); CSV errors name `row N.column`',
      params: idParams,
      querystring: z.object({ version: z.coerce.number().int().positive().optional(), mode: z.enum(['merge', 'replace']).optional() }),
      body: z.union([z.object({ version: z.number().int().positive(), values: z.array(valueInput).max(200_000), mode: z.enum(['merge', 'replace']).optional() }), z.string()]),
      consumes: ['application/json', 'text/csv'],
      response: { 200: saveResultOut },
    },
  }, async (req) => {
    if (typeof req.body !== 'string') return saveDraft(db, req.actor(), req.user, req.params.id, { ...req.body, mode: req.body.mode ?? req.query.mode });
    const version = req.query.version;
    if (version === undefined) throw new AppError('validation_failed', 'querystring.version: required with a CSV body', { fields: [{ field: 'querystring.version', reason: 'required with a CSV body' }] });
    const parsed = parseValuesCsv(req.body);
    try {
      return await saveDraft(db, req.actor(), req.user, req.params.id, { version, values: parsed.values, mode: req.query.mode });
    } catch (e) {
      throw toCsvRows(e, parsed.rows);
    }
  });

  app.get(`${P}/submissions/:id/validation`, {
    schema: { tags, summary: 'Errors and warnings of the working copy (what submit would say)', params: idParams, response: { 200: validationOut } },
  }, async (req) => {
    await assertReadableSubmission(db, req.user, req.params.id);
    return validateSubmission(db.kysely, req.params.id);
  });

  app.post(`${P}/submissions/:id/submit`, {
    schema: { tags, summary: 'Submit (422 with every error and uncommented warning)', params: idParams, body: versionBody, response: { 200: submitResultOut } },
  }, async (req) => submit(db, req.actor(), req.user, req.params.id, req.body));

  app.post(`${P}/submissions/:id/return`, {
    ...admin,
    schema: {
      tags,
      summary: 'Return a submitted report with a reason (admin); the unit’s reporters get an inbox notice, and e-mail/webhook when configured (`notice` says what went out)',
      params: idParams,
      body: returnBody,
      response: { 200: reviewedOut },
    },
  }, async (req) => returnSubmission(db, req.actor(), req.user, req.params.id, req.body, config));

  app.post(`${P}/submissions/:id/approve`, {
    ...admin,
    schema: {
      tags,
      summary: 'Approve a submitted report; its values enter the value store (admin); the unit is notified as on return',
      params: idParams,
      body: versionBody,
      response: { 200: approvedOut },
    },
  }, async (req) => approve(db, req.actor(), req.user, req.params.id, req.body, config));

  app.get(`${P}/submissions/:id/versions`, { schema: { tags, summary: 'Every submitted revision', params: idParams, response: { 200: z.object({ items: z.array(versionOut) }) } } }, async (req) => ({
    items: await listVersions(db, req.user, req.params.id),
  }));

  app.get(`${P}/submissions/:id/diff`, {
    schema: { tags, summary: 'Changed cells and progress fields between two revisions (0 = the working copy)', params: idParams, querystring: z.object({ a: z.coerce.number().int().min(0), b: z.coerce.number().int().min(0) }), response: { 200: versionDiffOut } },
  }, async (req) => diffVersionsFor(db, req.user, req.params.id, req.query.a, req.query.b));

  // ---- completeness ----
  const completenessQuery = z.object({ planId: id.optional(), formId: id.optional(), unitId: id.optional(), period: periodCode.optional(), asOf: day.optional() });
  const scoped = (req: FastifyRequest, q: z.output<typeof completenessQuery>) => {
    const scope = submissionScope(req.user);
    return {
      planId: q.planId,
      formId: q.formId,
      period: q.period,
      unitId: 'unitId' in scope ? scope.unitId : q.unitId,
      divisionPrefix: 'divisionPrefix' in scope ? scope.divisionPrefix : undefined,
    };
  };

  app.get(`${P}/completeness`, {
    schema: { tags, summary: 'Expected, submitted, on time, late and missing reports per unit × form × period, with totals and rates', querystring: completenessQuery, response: { 200: completenessOut } },
  }, async (req) => completeness(db.kysely, { ...scoped(req, req.query), asOf: req.query.asOf ?? today() }));

  app.get(`${P}/late`, {
    schema: { tags, summary: 'Missing reports past their due date, most overdue first, with contacts', querystring: completenessQuery, response: { 200: z.object({ items: z.array(lateEntryOut) }) } },
  }, async (req) => ({ items: await lateList(db.kysely, req.query.asOf ?? today(), scoped(req, req.query)) }));
};
