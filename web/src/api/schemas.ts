import type { Schema } from './client.ts';

/** A JSON array whose every item the given schema accepts. */
export function arrayOf<T>(item: Schema<T>): Schema<T[]> {
  return {
    parse(data: unknown): T[] {
      if (!Array.isArray(data)) throw new TypeError('array expected');
      return data.map((value) => item.parse(value));
    },
  };
}

/** `{ items: T[], total }`, the shape of paged lists. */
export function pageOf<T>(item: Schema<T>): Schema<{ items: T[]; total: number }> {
  const items = arrayOf(item);
  return {
    parse(data: unknown) {
      if (typeof data !== 'object' || data === null) throw new TypeError('object expected');
      const page = data as { items?: unknown; total?: unknown };
      if (typeof page.total !== 'number') throw new TypeError('total expected');
      return { items: items.parse(page.items), total: page.total };
    },
  };
}
