// Recognising database errors the console handles (through Prisma and its driver adapters).

/** Prisma unique-constraint violation (P2002), also when surfaced through a driver adapter. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  const s = String((e as { message?: string })?.message ?? '');
  return code === 'P2002' || /Unique constraint failed|duplicate key value|UNIQUE constraint failed/i.test(s);
}
