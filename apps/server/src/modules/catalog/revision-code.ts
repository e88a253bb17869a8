/** Revisions of BOMs and routings are lettered: A, B, … Z, AA, AB, … */
/** Next revision code after the given ones. */
export function nextRevision(existing: string[]): string {
  const letters = existing.filter((r) => /^[A-Z]+$/.test(r));
  if (letters.length === 0) return 'A';
  const toNumber = (r: string) => [...r].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 64), 0);
  let n = Math.max(...letters.map(toNumber)) + 1;
  let code = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    code = String.fromCharCode(65 + rem) + code;
    n = Math.floor((n - 1) / 26);
  }
  return code;
}
