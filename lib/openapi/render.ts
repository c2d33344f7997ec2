// Pure helpers that turn the document's JSON Schemas into what the /docs/api page shows: a type label
// (with links to named schemas), rules in words, and the fields of an object flattened one row each
// (nested inline objects as a.b, arrays of them as a[].b).
import type { JsonSchema } from './document';

export type TypePart = string | { ref: string };

const refName = (ref: string) => ref.split('/').pop()!;
const isNull = (s: JsonSchema) => s.type === 'null';

export function typeParts(s: JsonSchema): TypePart[] {
  if (typeof s.$ref === 'string') return [{ ref: refName(s.$ref) }];
  const union = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (union) {
    const out: TypePart[] = [];
    const branches = [...union.filter((b) => !isNull(b)), ...union.filter(isNull)];
    branches.forEach((b, i) => out.push(...(i ? [' | '] : []), ...typeParts(b)));
    return out;
  }
  if ('const' in s) return [JSON.stringify(s.const)];
  if (Array.isArray(s.enum)) return [s.enum.map((v) => JSON.stringify(v)).join(' | ')];
  if (s.type === 'array') return ['array of ', ...(s.items ? typeParts(s.items as JsonSchema) : ['any'])];
  if (s.type === 'object' && !s.properties && s.additionalProperties && typeof s.additionalProperties === 'object')
    return ['map of string → ', ...typeParts(s.additionalProperties as JsonSchema)];
  if (typeof s.type === 'string') return [s.format ? `${s.type} (${s.format})` : s.type];
  if (Array.isArray(s.type)) return [s.type.join(' | ')];
  return ['any'];
}

export const typeText = (s: JsonSchema) => typeParts(s).map((p) => (typeof p === 'string' ? p : p.ref)).join('');

const num = (n: unknown) => (typeof n === 'number' ? (Math.abs(n) >= 1e7 && Number.isInteger(n) && n % 1e6 === 0 ? n.toExponential().replace('e+', 'e') : n.toLocaleString('en-US')) : String(n));
const SAFE = 9007199254740991;

/** Constraints in words: "1–64 characters", "0 to 1e9", "at least 1 item", "matches ^kc_…". */
export function rules(s: JsonSchema): string[] {
  const out: string[] = [];
  const lo = s.minimum ?? s.exclusiveMinimum;
  const hi = s.maximum ?? s.exclusiveMaximum;
  const has = (v: unknown) => typeof v === 'number' && Math.abs(v) !== SAFE;
  if (has(lo) && has(hi)) out.push(`${num(lo)} to ${num(hi)}`);
  else if (has(lo)) out.push(s.exclusiveMinimum !== undefined ? `> ${num(lo)}` : `≥ ${num(lo)}`);
  else if (has(hi)) out.push(s.exclusiveMaximum !== undefined ? `< ${num(hi)}` : `≤ ${num(hi)}`);
  if (s.minLength !== undefined && s.maxLength !== undefined)
    out.push(s.minLength === s.maxLength ? `exactly ${s.minLength} characters` : `${s.minLength}–${s.maxLength} characters`);
  else if (s.minLength !== undefined && s.minLength !== 0) out.push(`at least ${s.minLength} character${s.minLength === 1 ? '' : 's'}`);
  else if (s.maxLength !== undefined) out.push(`at most ${s.maxLength} characters`);
  if (s.minItems !== undefined && s.maxItems !== undefined) out.push(`${num(s.minItems)}–${num(s.maxItems)} items`);
  else if (s.minItems !== undefined) out.push(`at least ${num(s.minItems)} item${s.minItems === 1 ? '' : 's'}`);
  else if (s.maxItems !== undefined) out.push(`at most ${num(s.maxItems)} items`);
  if (typeof s.pattern === 'string') out.push(`matches ${s.pattern}`);
  for (const b of ((s.anyOf ?? s.oneOf) as JsonSchema[] | undefined) ?? []) out.push(...rules(b));
  if (s.type === 'array' && s.items && !(s.items as JsonSchema).$ref) out.push(...rules(s.items as JsonSchema).map((r) => `each ${r}`));
  return out;
}

export interface FieldRow {
  name: string;
  schema: JsonSchema;
  required: boolean;
  description?: string;
  default?: unknown;
  /** unknown fields allowed in this object (forwarded, ignored or extra details) */
  open?: boolean;
}

const inlineObject = (s: JsonSchema): JsonSchema | null => {
  if (s.type === 'object' && s.properties) return s;
  const union = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  const nonNull = union?.filter((b) => !isNull(b));
  return nonNull?.length === 1 ? inlineObject(nonNull[0]) : null;
};

/** The rows of an object schema: its properties, then the properties of inline nested objects (depth ≤ 3). */
export function fieldRows(s: JsonSchema, prefix = '', depth = 0): FieldRow[] {
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required ?? []) as string[]);
  const rows: FieldRow[] = [];
  for (const [name, p] of Object.entries(props)) {
    const full = prefix + name;
    rows.push({ name: full, schema: p, required: required.has(name), description: p.description as string | undefined, default: p.default });
    if (depth >= 3) continue;
    const obj = inlineObject(p);
    if (obj) rows.push(...fieldRows(obj, `${full}.`, depth + 1));
    else if (p.type === 'array' && p.items) {
      const item = inlineObject(p.items as JsonSchema);
      if (item) rows.push(...fieldRows(item, `${full}[].`, depth + 1));
    }
  }
  return rows;
}

/** Whether an object schema accepts fields it does not list. */
export const isOpen = (s: JsonSchema) => s.type === 'object' && s.additionalProperties !== false;
