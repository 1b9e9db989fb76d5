import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DatabaseLockedError, openDatabase } from './client.ts';

describe('embedded database', () => {
  it('refuses a data folder that another live process holds', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-lock-'));
    const first = await openDatabase({ pgliteDir: dir, migrations: false });
    await expect(openDatabase({ pgliteDir: dir, migrations: false })).rejects.toBeInstanceOf(
      DatabaseLockedError,
    );
    await first.close();
    const again = await openDatabase({ pgliteDir: dir, migrations: false });
    await again.close();
  });

  it('takes over the lock of a process that died', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-lock-'));
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10)']);
    const pid = child.pid ?? 0;
    await new Promise((resolve) => child.on('exit', resolve));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'relais.lock'), String(pid));
    const db = await openDatabase({ pgliteDir: dir, migrations: false });
    await db.close();
  });
});
