// The OpenAPI 3.1 document of /api/v1, built from the zod schemas with zod 4's own JSON Schema conversion
// (z.toJSONSchema): request bodies as their input type, responses (lib/openapi/responses.ts) as their
// output type, each under components.schemas with $refs between them. Pure and built once per process.
import { z } from 'zod';
import { HEADERS, TAGS, TOO_LARGE, operations, requestSchemas, type Auth, type ErrorSpec, type ErrorStatus, type OperationSpec } from './operations';
import { responseSchemas } from './responses';

export type JsonSchema = { [keyword: string]: unknown };

export interface ParameterObject {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}
export interface MediaTypeObject {
  schema: JsonSchema;
}
export interface ResponseObject {
  description: string;
  headers?: Record<string, { $ref: string }>;
  content?: Record<string, MediaTypeObject>;
}
export type Ref = { $ref: string };
export interface OperationObject {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security: Record<string, string[]>[];
  'x-keycap-auth': Auth;
  parameters?: ParameterObject[];
  requestBody?: { required: boolean; description?: string; content: Record<string, MediaTypeObject> };
  responses: Record<string, ResponseObject | Ref>;
}
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  servers: { url: string; description: string }[];
  security: Record<string, string[]>[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, OperationObject>>;
  components: {
    securitySchemes: Record<string, JsonSchema>;
    schemas: Record<string, JsonSchema>;
    responses: Record<string, ResponseObject>;
    headers: Record<string, { description: string; schema: JsonSchema }>;
  };
}

export const OPENAPI_VERSION = '3.1.1';
export const schemaRef = (name: string) => `#/components/schemas/${name}`;

/** zod writes the full regex of every ISO date and date-time next to its `format`; the format says it. */
const dropFormatPatterns = ({ jsonSchema }: { jsonSchema: JsonSchema }) => {
  if ((jsonSchema.format === 'date-time' || jsonSchema.format === 'date') && typeof jsonSchema.pattern === 'string') delete jsonSchema.pattern;
};

/** zod schemas -> JSON Schemas by name, nested named schemas as $refs to each other. */
function componentSchemas(schemas: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: out } = z.toJSONSchema(registry, { io, uri: schemaRef, override: dropFormatPatterns });
  return Object.fromEntries(
    Object.entries(out).map(([id, s]) => {
      const { $schema: _s, $id: _i, ...rest } = s as JsonSchema;
      return [id, rest];
    }),
  );
}

function queryParameters(query: z.ZodObject): ParameterObject[] {
  const js = z.toJSONSchema(query, { io: 'input', override: dropFormatPatterns }) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, prop]) => {
    const { description, ...schema } = prop;
    return { name, in: 'query', required: js.required?.includes(name) ?? false, ...(description ? { description: String(description) } : {}), schema };
  });
}

const AUTH_TEXT: Record<Auth, string> = {
  admin: 'Needs an ADMIN key (an INFERENCE key gets 401 admin_key_required).',
  any: 'Any key: ADMIN or INFERENCE.',
  none: 'Public: no key needed.',
};
const SECURITY: Record<Auth, Record<string, string[]>[]> = {
  admin: [{ bearerAuth: ['ADMIN'] }],
  any: [{ bearerAuth: [] }],
  none: [],
};
const ERROR_TITLE: Record<ErrorStatus, string> = {
  400: 'Invalid request',
  401: 'Missing, unknown, revoked or expired key',
  402: 'Refused: spend limit, budget or credit',
  403: 'Forbidden',
  404: 'Not found in this workspace',
  409: 'Conflict',
  413: 'Body too large',
  429: 'Rate limited',
  502: 'Upstream unreachable',
  504: 'Upstream timeout',
};
const jsonContent = (ref: string) => ({ 'application/json': { schema: { $ref: ref } } });

function operationObject(op: OperationSpec): OperationObject {
  const pathParams: ParameterObject[] = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    description: name === 'deliveryId' ? 'A delivery id of this endpoint.' : `The ${op.tag === 'Webhooks' ? 'webhook endpoint' : 'key'} id (another workspace’s ids answer 404).`,
    schema: { type: 'string', minLength: 1, maxLength: 64 },
  }));
  const parameters = [...pathParams, ...(op.query ? queryParameters(op.query) : [])];
  const responses: OperationObject['responses'] = {};
  for (const r of op.responses)
    responses[r.status] = {
      description: r.description,
      ...(r.headers ? { headers: Object.fromEntries(r.headers.map((h) => [h, { $ref: `#/components/headers/${h}` }])) } : {}),
      content: Object.fromEntries(Object.entries(r.content).map(([type, name]) => [type, { schema: { $ref: schemaRef(name) } }])),
    };
  const errors: [ErrorStatus, ErrorSpec][] = Object.entries(op.errors).map(([s, e]) => [Number(s) as ErrorStatus, typeof e === 'string' ? { codes: e, schema: 'Error' } : e]);
  if (op.auth !== 'none') errors.push([401, { codes: '', schema: 'Error' }]);
  if (op.body && !(413 in op.errors)) errors.push([413, { codes: TOO_LARGE, schema: 'Error' }]);
  for (const [status, e] of errors.sort((a, b) => a[0] - b[0])) {
    if (status === 401) responses[401] = { $ref: `#/components/responses/${op.auth === 'admin' ? 'UnauthorizedAdmin' : 'Unauthorized'}` };
    else
      responses[status] = {
        description: `${ERROR_TITLE[status]}: ${e.codes}.`,
        ...(e.headers ? { headers: Object.fromEntries(e.headers.map((h) => [h, { $ref: `#/components/headers/${h}` }])) } : {}),
        content: jsonContent(schemaRef(e.schema)),
      };
  }
  if (op.auth !== 'none') responses[500] = { $ref: '#/components/responses/InternalError' };
  const queryNote = op.queryNote ? ` ${op.queryNote}` : '';
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: [AUTH_TEXT[op.auth], op.description ?? ''].join(' ').trim() + queryNote,
    tags: [op.tag],
    security: SECURITY[op.auth],
    'x-keycap-auth': op.auth,
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? { requestBody: { required: op.body.required, ...(op.body.description ? { description: op.body.description } : {}), content: jsonContent(schemaRef(op.body.schema)) } }
      : {}),
    responses,
  };
}

function build(): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method] = operationObject(op);
  const unauthorized = (codes: string): ResponseObject => ({ description: `${ERROR_TITLE[401]}: ${codes}.`, content: jsonContent(schemaRef('Error')) });
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: 'Keycap API',
      version: 'v1',
      description:
        'Spend control for AI API keys. JSON in camelCase; money in USD as JSON numbers (exact to the nano-dollar, at most 9 decimals); timestamps ISO 8601 UTC. Every error has one envelope: { error: { type, code, message, param, … } }. Validation is strict: an unknown field is a 400 naming it. Prose reference: docs/api.md.',
    },
    servers: [{ url: '/api/v1', description: 'This Keycap (e.g. http://localhost:3000/api/v1)' }],
    security: [{ bearerAuth: [] }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'kc_adm_… (ADMIN) or kc_inf_… (INFERENCE) + 38 characters',
          description: 'Authorization: Bearer <secret>. The role list of an operation’s security requirement names the key type it needs (["ADMIN"]); an empty list means any key. A key acts for its own workspace only.',
        },
      },
      schemas: { ...componentSchemas(requestSchemas, 'input'), ...componentSchemas(responseSchemas, 'output') },
      responses: {
        Unauthorized: unauthorized('invalid_api_key (no or unknown key), api_key_rolled (a replaced secret past its grace period), api_key_revoked, api_key_expired'),
        UnauthorizedAdmin: unauthorized('invalid_api_key (no or unknown key), api_key_rolled (a replaced secret past its grace period), api_key_revoked, api_key_expired, admin_key_required (an INFERENCE key)'),
        InternalError: { description: 'internal_error: a bug on our side; the message never contains internals.', content: jsonContent(schemaRef('Error')) },
      },
      headers: Object.fromEntries(Object.entries(HEADERS).map(([name, description]) => [name, { description, schema: { type: 'string' } }])),
    },
  };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

let cached: OpenApiDocument | undefined;
/** The document (built on first use, then the same frozen object). */
export function openApiDocument(): OpenApiDocument {
  return (cached ??= deepFreeze(build()));
}

let cachedJson: string | undefined;
export const openApiJson = (): string => (cachedJson ??= JSON.stringify(openApiDocument()));
