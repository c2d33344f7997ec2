// A small JSON Schema (2020-12) validator for exactly the subset z.toJSONSchema emits into the OpenAPI
// document; a keyword outside the subset throws, so the document can never carry a constraint that this
// validator silently ignores. Used by the tests to check real responses against the document.
import type { JsonSchema } from './document';

const ANNOTATIONS = new Set(['description', 'default', 'title', 'examples', 'deprecated', 'readOnly', 'writeOnly', '$schema', '$id']);
const ASSERTIONS = new Set([
  '$ref', 'type', 'enum', 'const', 'anyOf', 'oneOf', 'allOf', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items',
  'minItems', 'maxItems', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'format',
]);

// RFC 3339 (what the document's date / date-time formats mean), with real calendar days.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;
const validDate = (s: string) => {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
};
const FORMATS: Record<string, (s: string) => boolean> = {
  date: validDate,
  'date-time': (s) => {
    const m = DATE_TIME.exec(s);
    return !!m && validDate(m[1]);
  },
  uri: (s) => URL.canParse(s) && /^[a-z][a-z0-9+.-]*:/i.test(s),
};

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;
const typeMatches = (v: unknown, t: string) => {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
};
const deepEqual = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface ValidationError {
  path: string;
  message: string;
}

/**
 * Validates `value` against `schema`; `$ref`s are resolved against `root` (the OpenAPI document:
 * "#/components/schemas/X"). Returns every error found (empty: valid).
 */
export function validate(schema: JsonSchema, value: unknown, root: object, path = '$'): ValidationError[] {
  const errors: ValidationError[] = [];
  const fail = (message: string, at = path) => errors.push({ path: at, message });
  for (const k of Object.keys(schema)) if (!ASSERTIONS.has(k) && !ANNOTATIONS.has(k) && !k.startsWith('x-')) throw new Error(`unsupported JSON Schema keyword "${k}" at ${path}`);

  if (typeof schema.$ref === 'string') errors.push(...validate(resolveRef(root, schema.$ref), value, root, path));
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => typeMatches(value, t))) {
      fail(`expected ${types.join(' | ')}, got ${typeOf(value)}`);
      return errors;
    }
  }
  if (schema.enum && !(schema.enum as unknown[]).some((e) => deepEqual(e, value))) fail(`expected one of ${JSON.stringify(schema.enum)}, got ${JSON.stringify(value)}`);
  if ('const' in schema && !deepEqual(schema.const, value)) fail(`expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  if (schema.allOf) for (const s of schema.allOf as JsonSchema[]) errors.push(...validate(s, value, root, path));
  if (schema.anyOf) {
    const branches = (schema.anyOf as JsonSchema[]).map((s) => validate(s, value, root, path));
    if (!branches.some((b) => b.length === 0)) fail(`matches no anyOf branch (${branches.map((b) => b.map((e) => `${e.path}: ${e.message}`).join('; ')).join(' | ')})`);
  }
  if (schema.oneOf) {
    const passing = (schema.oneOf as JsonSchema[]).filter((s) => validate(s, value, root, path).length === 0).length;
    if (passing !== 1) fail(`matches ${passing} oneOf branches, expected exactly 1`);
  }

  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) fail(`shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) fail(`longer than ${schema.maxLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) fail(`does not match ${schema.pattern}`);
    if (typeof schema.format === 'string') {
      const check = FORMATS[schema.format];
      if (!check) throw new Error(`unsupported format "${schema.format}" at ${path}`);
      if (!check(value)) fail(`not a valid ${schema.format}: ${JSON.stringify(value)}`);
    }
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail(`below minimum ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail(`above maximum ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) fail(`not above ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) fail(`not below ${schema.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail(`fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail(`more than ${schema.maxItems} items`);
    if (schema.items) value.forEach((v, i) => errors.push(...validate(schema.items as JsonSchema, v, root, `${path}[${i}]`)));
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const r of (schema.required ?? []) as string[]) if (!(r in obj)) fail(`missing required property "${r}"`);
    for (const [k, v] of Object.entries(obj)) {
      const at = `${path}.${k}`;
      if (schema.propertyNames) errors.push(...validate(schema.propertyNames as JsonSchema, k, root, `${at} (name)`));
      if (k in props) errors.push(...validate(props[k], v, root, at));
      else if (schema.additionalProperties === false) fail(`unexpected property "${k}"`, at);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') errors.push(...validate(schema.additionalProperties as JsonSchema, v, root, at));
    }
  }
  return errors;
}

export function resolveRef(root: object, ref: string): JsonSchema {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return node as JsonSchema;
}

/** Every keyword outside the supported subset, anywhere in `schema` (as "path: keyword"). */
export function unsupportedKeywords(schema: JsonSchema, path = '$'): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(schema)) {
    if (!ASSERTIONS.has(k) && !ANNOTATIONS.has(k) && !k.startsWith('x-')) out.push(`${path}: ${k}`);
    if (k === 'format' && !FORMATS[v as string]) out.push(`${path}: format ${v}`);
    if (k === 'default' || k === 'examples' || k === 'const' || k === 'enum') continue;
    const sub = (s: unknown, p: string) => s && typeof s === 'object' && !Array.isArray(s) && out.push(...unsupportedKeywords(s as JsonSchema, p));
    if (k === 'properties') for (const [name, s] of Object.entries(v as object)) sub(s, `${path}.${name}`);
    else if (k === 'anyOf' || k === 'oneOf' || k === 'allOf') (v as unknown[]).forEach((s, i) => sub(s, `${path}.${k}[${i}]`));
    else if (k === 'items' || k === 'additionalProperties' || k === 'propertyNames') sub(v, `${path}.${k}`);
  }
  return out;
}
