/**
 * Interned names of demands, order lines and the plan's own pegs (safety stock, reorder point,
 * surplus): the hot loops carry an integer code, the plan's output the name. Append-only, so a
 * code means the same name in every plan that shares the table.
 */
export class NameTable {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  code(name: string): number {
    let code = this.index.get(name);
    if (code === undefined) {
      code = this.names.length;
      this.names.push(name);
      this.index.set(name, code);
    }
    return code;
  }

  find(name: string): number | undefined {
    return this.index.get(name);
  }
}
