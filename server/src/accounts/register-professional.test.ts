import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../db/client.ts';
import {
  adeli,
  bearer,
  createTestApp,
  files,
  multipart,
  professionalFields,
  register,
  rpps,
  supportSession,
  TEST_PASSWORD,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';

let t: TestApp;
let support: LoggedIn;
beforeAll(async () => {
  t = await createTestApp();
  support = await supportSession(t);
});
afterAll(() => t.close());

const userCount = async () =>
  (await rows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM users`))[0]?.n;

describe('registration', () => {
  it('D1: a professional registers with RPPS and a proof; the account is pending', async () => {
    const fields = professionalFields();
    const res = await register(t.app, fields);
    expect(res.statusCode).toBe(201);
    const body = res.json<{ id: string; status: string }>();
    expect(body.status).toBe('pending');
    const pending = await t.app.inject({
      url: '/api/admin/registrations?status=pending',
      headers: bearer(support.token),
    });
    const mine = pending
      .json<{ id: string; identifier: string; proof: { mimeType: string } }[]>()
      .find((r) => r.id === body.id);
    expect(mine?.identifier).toBe(fields.identifier);
    expect(mine?.proof.mimeType).toBe('image/png');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { identifier: fields.email, password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(403);
    expect(login.json<{ error: { code: string } }>().error.code).toBe('account_pending');
  });

  it('D1: ADELI numbers are accepted with a valid key, JPEG and PDF proofs are recognised by content', async () => {
    const a = await register(
      t.app,
      professionalFields({ identifierType: 'adeli', identifier: adeli(4242) }),
      files.jpeg,
    );
    expect(a.statusCode).toBe(201);
    const b = await register(t.app, professionalFields(), files.pdf);
    expect(b.statusCode).toBe(201);
  });

  it('D1: a wrong RPPS key is refused with a French message and nothing is written', async () => {
    const before = await userCount();
    const good = rpps(777);
    const wrongKey = good.slice(0, 10) + String((Number(good[10]) + 1) % 10);
    const res = await register(t.app, professionalFields({ identifier: wrongKey }));
    expect(res.statusCode).toBe(400);
    const error = res.json<{ error: { code: string; details: { fields: Record<string, string> } } }>().error;
    expect(error.code).toBe('validation_failed');
    expect(error.details.fields.identifier).toMatch(/clé de contrôle/);
    expect(await userCount()).toBe(before);
  });

  it('D1: every invalid field is named in French', async () => {
    const res = await register(t.app, {
      ...professionalFields(),
      profession: '999',
      email: 'pas-un-email',
      mobilePhone: '0123',
      officeAddress: { line: '', postalCode: '9100', city: 'Évry' },
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json<{ error: { details: { fields: Record<string, string> } } }>().error.details
      .fields;
    expect(Object.keys(fields).sort()).toEqual(
      ['email', 'mobilePhone', 'officeAddress.line', 'officeAddress.postalCode', 'profession'].sort(),
    );
    expect(fields['officeAddress.postalCode']).toMatch(/5 chiffres/);
  });

  it('D1: unknown fields are refused, not dropped', async () => {
    const res = await register(t.app, { ...professionalFields(), role: 'support' });
    expect(res.statusCode).toBe(400);
    expect(
      res.json<{ error: { details: { fields: Record<string, string> } } }>().error.details.fields.role,
    ).toBeDefined();
  });

  it('D1: a weak or short password is refused by the strength estimator', async () => {
    const before = await userCount();
    for (const password of [
      'motdepasse',
      'azertyuiop123',
      'soleil123456',
      'Claire Martin 2026',
      'Martin2026!!',
    ]) {
      const res = await register(t.app, { ...professionalFields(), password });
      expect(res.statusCode, password).toBe(400);
      expect(
        res.json<{ error: { details: { fields: Record<string, string> } } }>().error.details.fields.password,
      ).toBeTruthy();
    }
    expect(await userCount()).toBe(before);
  });

  it('D1: a file that is not JPEG, PNG or PDF by content is refused with 415, whatever its name', async () => {
    const before = await userCount();
    for (const content of [files.exeNamedPng, files.htmlAsPdf]) {
      const res = await register(t.app, professionalFields(), content);
      expect(res.statusCode).toBe(415);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('unsupported_file_type');
    }
    expect(await userCount()).toBe(before);
  });

  it('D1: a proof over 10 MB is refused with 413 and nothing is written', async () => {
    const before = await userCount();
    const big = Buffer.concat([
      files.pdf.subarray(0, 9),
      Buffer.alloc(10 * 1024 * 1024 + 10, 0x20),
      Buffer.from('%%EOF'),
    ]);
    const res = await register(t.app, professionalFields(), big);
    expect(res.statusCode).toBe(413);
    expect(await userCount()).toBe(before);
  });

  it('D1: the proof is required', async () => {
    const res = await register(t.app, professionalFields(), null);
    expect(res.statusCode).toBe(400);
    expect(
      res.json<{ error: { details: { fields: Record<string, string> } } }>().error.details.fields.proof,
    ).toBeTruthy();
  });

  it('D1: a duplicate identifier or e-mail is refused with 409', async () => {
    const fields = professionalFields();
    expect((await register(t.app, fields)).statusCode).toBe(201);
    const sameId = await register(t.app, professionalFields({ identifier: fields.identifier }));
    expect(sameId.statusCode).toBe(409);
    expect(sameId.json<{ error: { code: string } }>().error.code).toBe('identifier_taken');
    const sameMail = await register(t.app, professionalFields({ email: fields.email.toUpperCase() }));
    expect(sameMail.statusCode).toBe(409);
    expect(sameMail.json<{ error: { code: string } }>().error.code).toBe('email_taken');
  });

  it('D1: a JSON body instead of the multipart form is refused with 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/registrations',
      payload: professionalFields(),
    });
    expect(res.statusCode).toBe(415);
  });

  it('D21: the proof is encrypted at rest and support reads it back intact', async () => {
    const res = await register(t.app, professionalFields(), files.png);
    const { id } = res.json<{ id: string }>();
    const [doc] = await rows<{ content: Uint8Array }>(
      t.deps.db,
      sql`SELECT content FROM documents WHERE owner_id = ${id}`,
    );
    const stored = Buffer.from(doc?.content ?? new Uint8Array());
    expect(stored.length).toBeGreaterThan(files.png.length);
    expect(stored.includes(files.png.subarray(0, 16))).toBe(false);
    expect(stored.includes(Buffer.from('IHDR'))).toBe(false);
    const proof = await t.app.inject({
      url: `/api/admin/registrations/${id}/proof`,
      headers: bearer(support.token),
    });
    expect(proof.statusCode).toBe(200);
    expect(proof.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(proof.rawPayload, files.png)).toBe(0);
  });

  it('D21: passwords are stored as argon2id hashes', async () => {
    const fields = professionalFields();
    await register(t.app, fields);
    const [u] = await rows<{ password_hash: string }>(
      t.deps.db,
      sql`SELECT password_hash FROM users WHERE email = ${fields.email}`,
    );
    expect(u?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(u?.password_hash).not.toContain(TEST_PASSWORD);
  });

  it('D1: the multipart form may carry the address as JSON too', async () => {
    const fields = professionalFields();
    const body = multipart(
      { ...fields, officeAddress: undefined, password: TEST_PASSWORD },
      {
        name: 'proof',
        filename: 'x.pdf',
        type: 'application/pdf',
        content: files.pdf,
      },
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/registrations',
      headers: body.headers,
      payload: Buffer.concat([
        Buffer.from(
          `--${body.headers['content-type'].split('boundary=')[1]}\r\nContent-Disposition: form-data; name="officeAddress"\r\n\r\n${JSON.stringify(fields.officeAddress)}\r\n`,
        ),
        body.payload,
      ]),
    });
    expect(res.statusCode).toBe(201);
  });
});
