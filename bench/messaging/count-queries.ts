/**
 * Preloaded into a server process by `run.ts --count-queries` (`node --import`): counts the SQL statements
 * the process sends, by statement, without touching the server's code. On SIGUSR2 it writes the counts so far
 * to BENCH_QUERY_FILE (JSON: normalized statement → [count, total ms until the answer]).
 */
import { writeFileSync } from 'node:fs';
import pg from 'pg';

const file = process.env.BENCH_QUERY_FILE;
const counts = new Map<string, [number, number]>();

const statement = (config: unknown): string => {
  const text =
    typeof config === 'string'
      ? config
      : typeof config === 'object' && config !== null && 'text' in config
        ? String(config.text)
        : '(other)';
  return text.replace(/\s+/g, ' ').trim().slice(0, 140);
};

type Query = (this: pg.Client, ...args: unknown[]) => unknown;
const prototype = pg.Client.prototype as unknown as { query: Query };
const original = prototype.query;
prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const key = statement(args[0]);
  const started = performance.now();
  const entry = counts.get(key) ?? [0, 0];
  counts.set(key, entry);
  entry[0]++;
  const last = args.at(-1);
  if (typeof last === 'function') {
    // pool.query(text, values, callback): time until the callback
    args[args.length - 1] = (...answer: unknown[]) => {
      entry[1] += performance.now() - started;
      return (last as (...a: unknown[]) => unknown)(...answer);
    };
  }
  const result = original.apply(this, args);
  if (result instanceof Promise)
    void result.then(
      () => (entry[1] += performance.now() - started),
      () => (entry[1] += performance.now() - started),
    );
  return result;
};

process.on('SIGUSR2', () => {
  if (file) writeFileSync(file, JSON.stringify(Object.fromEntries(counts)));
});
