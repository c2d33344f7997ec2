// The data plane's statements run on the raw drivers (better-sqlite3, pg), not Prisma. A transaction body
// is written ONCE as a generator that yields statements; a driver runs it:
//   - SQLite: synchronously, from BEGIN IMMEDIATE to COMMIT, without ever yielding to the event loop
//     (so it can never interleave with, or deadlock against, Prisma's connection in the same process);
//   - PostgreSQL: asynchronously on one pooled client, BEGIN … COMMIT.
// Statements use `?` placeholders (rewritten to $1… for PostgreSQL). Values go in through `v()`.
import { provider } from '../config';

export type Row = Record<string, unknown>;
export interface Stmt {
  sql: string;
  params: unknown[];
  /** 'all' returns rows, 'run' returns the number of rows changed */
  mode: 'all' | 'run';
}
/** A transaction body (or part of one): yields statements, gets rows / change counts back. */
export type Q<T> = Generator<Stmt, T, unknown>;

export function* all<T extends Row = Row>(sql: string, params: unknown[] = []): Q<T[]> {
  return (yield { sql, params, mode: 'all' }) as T[];
}
export function* one<T extends Row = Row>(sql: string, params: unknown[] = []): Q<T | undefined> {
  return ((yield { sql, params, mode: 'all' }) as T[])[0];
}
export function* run(sql: string, params: unknown[] = []): Q<number> {
  return (yield { sql, params, mode: 'run' }) as number;
}

export const dialect: 'sqlite' | 'postgresql' = provider;
export const isPg = dialect === 'postgresql';

/**
 * A DateTime parameter exactly as Prisma stores it: on SQLite the text '2026-12-02T00:00:00.000+00:00'
 * (so equality and ordering against Prisma-written rows hold); on PostgreSQL an ISO string for a
 * `timestamp(3)` column (UTC).
 */
export const ts = (d: Date): string => (isPg ? d.toISOString() : d.toISOString().replace('Z', '+00:00'));

/** A column read back as bigint (SQLite safe integers, or PostgreSQL's int8 text). */
export const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : v === null || v === undefined ? 0n : BigInt(v as string | number));
export const bigOrNull = (v: unknown): bigint | null => (v === null || v === undefined ? null : big(v));
export const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
/** A DateTime column read back (text on SQLite, Date on PostgreSQL). */
export const date = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));
export const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));

/** "(?, ?, ?), (?, ?, ?)" for `rows` rows of `cols` values. */
export const tuples = (rows: number, cols: number) => Array.from({ length: rows }, () => `(${Array(cols).fill('?').join(', ')})`).join(', ');

/**
 * A column SQLite must not pick an index for (`+col`): e.g. to make it look rows up by primary key in
 * `WHERE "id" IN (…) AND "status" = …` instead of scanning the status index. PostgreSQL plans this itself.
 */
export const noIndex = (col: string) => (isPg ? col : `+${col}`);

/** `expr`, but never below 0 (reservation holds are released with it), written once for both dialects. */
export const floor0 = (expr: string) => (isPg ? `GREATEST(${expr}, 0)` : `MAX(${expr}, 0)`);

/** Thrown from a transaction body to roll it back with a value for the caller (not an error). */
export class Rollback<T> extends Error {
  constructor(public value: T) {
    super('rollback');
  }
}
