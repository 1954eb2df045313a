import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../platform/http/context.ts';
import { requireRole } from './policy.ts';
import { createUser, getUser, listUsers, updateUser } from './users.service.ts';
import {
  displayNameSchema,
  divisionCodeSchema,
  passwordSchema,
  presentUser,
  roleSchema,
  userOut,
  usernameSchema,
} from './users.schemas.ts';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 53) });
const emailSchema = z.email().max(200).nullable();

export const userRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<ZodTypeProvider>();
  // Guard before validation, so that a caller without the right gets 401/403 rather than a
  // schema lesson (this plugin is encapsulated: the hook covers only the routes below).
  app.addHook('preValidation', async (req) => {
    requireRole(req, 'admin');
  });

  app.get(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'List users (admin)',
        querystring: z.object({
          role: roleSchema.optional(),
          unitId: z.coerce.number().int().positive().optional(),
          divisionCode: divisionCodeSchema.optional(),
          active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
          q: z.string().max(100).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(userOut), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (req) => {
      const { page, pageSize, ...filter } = req.query;
      const r = await listUsers(db, filter, page, pageSize);
      return { items: r.items.map(presentUser), total: r.total, page, pageSize };
    },
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user (admin). Without a password, a strong one is generated and returned once.',
        body: z.object({
          username: usernameSchema,
          displayName: displayNameSchema.optional(),
          email: emailSchema.optional(),
          role: roleSchema,
          unitId: z.number().int().positive().nullable().optional(),
          divisionCode: divisionCodeSchema.nullable().optional(),
          password: passwordSchema.optional(),
        }),
        response: { 201: z.object({ user: userOut, generatedPassword: z.string().nullable() }) },
      },
    },
    async (req, reply) => {
      const r = await createUser(db, req.actor(), { ...req.body, mustChangePassword: true });
      reply.status(201);
      return { user: presentUser(r.user), generatedPassword: r.generatedPassword };
    },
  );

  app.get(
    '/api/users/:id',
    { schema: { tags: ['users'], summary: 'One user (admin)', params: idParams, response: { 200: userOut } } },
    async (req) => {
      return presentUser(await getUser(db, req.params.id));
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user (admin): role and scope, display name, active, reset password, unlock. Users are deactivated, never deleted.',
        params: idParams,
        body: z
          .object({
            displayName: displayNameSchema,
            email: emailSchema,
            role: roleSchema,
            unitId: z.number().int().positive().nullable(),
            divisionCode: divisionCodeSchema.nullable(),
            active: z.boolean(),
            password: passwordSchema,
            unlock: z.boolean(),
            version: z.number().int().positive(),
          })
          .partial()
          .strict(),
        response: { 200: userOut },
      },
    },
    async (req) => {
      return presentUser(await updateUser(db, req.actor(), req.params.id, req.body));
    },
  );
};
