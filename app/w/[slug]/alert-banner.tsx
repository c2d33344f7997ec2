// Banner for keys or the budget at or above 80 % (filled in by the alerts work).
export async function AlertBanner({ slug: _slug }: { slug: string }) {
  return null;
}
