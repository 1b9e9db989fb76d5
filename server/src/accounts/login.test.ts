import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeProfessional,
  bearer,
  codeIn,
  createTestApp,
  lastSms,
  loginWithCode,
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

type ErrorReply = { error: { code: string; message: string; details?: { remaining?: number } } };
const login = (payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload });
const patternLogin = (payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/auth/pattern-login', payload });

describe('second factor and trusted devices', () => {
  it('D3: a password login on a new device asks for a 6-digit SMS code, which opens a session', async () => {
    const pro = await activeProfessional(t, support);
    const res = await login({ identifier: pro.fields.identifier, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const challenge = res.json<{ challengeId: string; channel: string; phoneHint: string; token?: string }>();
    expect(challenge.channel).toBe('sms');
    expect(challenge.token).toBeUndefined();
    expect(challenge.phoneHint).toMatch(/\d\d \d\d$/);
    const sms = await lastSms(t.app, pro.phone);
    expect(sms).toMatch(/code de connexion est \d{6}/);
    const otp = await t.app.inject({
      method: 'POST',
      url: '/api/auth/otp',
      payload: { challengeId: challenge.challengeId, code: codeIn(sms) },
    });
    expect(otp.statusCode).toBe(200);
    const session = otp.json<{ token: string; deviceSecret: string }>();
    const me = await t.app.inject({ url: '/api/me', headers: bearer(session.token) });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ user: { id: string } }>().user.id).toBe(pro.userId);
    expect(otp.headers['set-cookie']?.toString()).toMatch(/relais_session=.*HttpOnly.*SameSite=Strict/);
  });

  it('D3: the SMS code is single-use, expires after 10 minutes and allows 5 tries', async () => {
    const pro = await activeProfessional(t, support);
    const start = async () => {
      const r = await login({ identifier: pro.fields.email, password: TEST_PASSWORD });
      return {
        challengeId: r.json<{ challengeId: string }>().challengeId,
        code: codeIn(await lastSms(t.app, pro.phone)),
      };
    };
    const otp = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/auth/otp', payload });
    // Expiry
    const a = await start();
    await t.app.inject({
      method: 'POST',
      url: '/api/test/clock',
      payload: { advanceMs: 10 * 60_000 + 1000 },
    });
    const late = await otp(a);
    expect(late.statusCode).toBe(410);
    // Five wrong tries burn the challenge, even for the right code afterwards
    const b = await start();
    const wrong = b.code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 4; i++) {
      const r = await otp({ challengeId: b.challengeId, code: wrong });
      expect(r.statusCode).toBe(401);
      expect(r.json<ErrorReply>().error.details?.remaining).toBe(5 - i);
    }
    expect((await otp({ challengeId: b.challengeId, code: wrong })).statusCode).toBe(410);
    expect((await otp(b)).statusCode).toBe(410);
    // Single use
    const c = await start();
    expect((await otp(c)).statusCode).toBe(200);
    expect((await otp(c)).statusCode).toBe(410);
  });

  it('D3: a trusted device logs in with the password alone; a device id without its secret proves nothing', async () => {
    const pro = await activeProfessional(t, support);
    const trusted = await login({
      identifier: pro.fields.email,
      password: TEST_PASSWORD,
      deviceId: pro.deviceId,
      deviceSecret: pro.deviceSecret,
    });
    expect(trusted.json<{ token?: string }>().token).toBeTruthy();
    const idOnly = await login({
      identifier: pro.fields.email,
      password: TEST_PASSWORD,
      deviceId: pro.deviceId,
    });
    expect(idOnly.json<{ challengeId?: string }>().challengeId).toBeTruthy();
    const forged = await login({
      identifier: pro.fields.email,
      password: TEST_PASSWORD,
      deviceId: pro.deviceId,
      deviceSecret: 'A'.repeat(43),
    });
    expect(forged.json<{ challengeId?: string }>().challengeId).toBeTruthy();
  });

  it('D3: the schéma logs in on its own device only, and 5 wrong schémas revoke it', async () => {
    const pro = await activeProfessional(t, support);
    const set = await t.app.inject({
      method: 'POST',
      url: '/api/auth/pattern',
      headers: bearer(pro.token),
      payload: { deviceId: pro.deviceId, pattern: [0, 1, 2, 5, 8] },
    });
    expect(set.statusCode).toBe(204);
    const ok = await patternLogin({
      deviceId: pro.deviceId,
      deviceSecret: pro.deviceSecret,
      pattern: [0, 1, 2, 5, 8],
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ user: { id: string } }>().user.id).toBe(pro.userId);
    const noSecret = await patternLogin({ deviceId: pro.deviceId, pattern: [0, 1, 2, 5, 8] });
    expect(noSecret.statusCode).toBe(401);
    for (let i = 1; i <= 4; i++) {
      const r = await patternLogin({
        deviceId: pro.deviceId,
        deviceSecret: pro.deviceSecret,
        pattern: [8, 5, 2, 1],
      });
      expect(r.statusCode).toBe(401);
      expect(r.json<ErrorReply>().error).toMatchObject({
        code: 'wrong_pattern',
        details: { remaining: 5 - i },
      });
    }
    const fifth = await patternLogin({
      deviceId: pro.deviceId,
      deviceSecret: pro.deviceSecret,
      pattern: [8, 5, 2, 1],
    });
    expect(fifth.statusCode).toBe(410);
    expect(fifth.json<ErrorReply>().error.code).toBe('pattern_revoked');
    const right = await patternLogin({
      deviceId: pro.deviceId,
      deviceSecret: pro.deviceSecret,
      pattern: [0, 1, 2, 5, 8],
    });
    expect(right.statusCode).toBe(410);
  });

  it('D3: "Schéma oublié / Autre personne" — credentials and SMS code again, then a new schéma', async () => {
    const pro = await activeProfessional(t, support);
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/pattern',
      headers: bearer(pro.token),
      payload: { deviceId: pro.deviceId, pattern: [6, 4, 2, 1] },
    });
    const again = await loginWithCode(t.app, pro.fields.email, TEST_PASSWORD, pro.phone);
    const set = await t.app.inject({
      method: 'POST',
      url: '/api/auth/pattern',
      headers: bearer(again.token),
      payload: { deviceId: again.deviceId, pattern: [3, 4, 5, 8, 7] },
    });
    expect(set.statusCode).toBe(204);
    const r = await patternLogin({
      deviceId: again.deviceId,
      deviceSecret: again.deviceSecret,
      pattern: [3, 4, 5, 8, 7],
    });
    expect(r.statusCode).toBe(200);
    // The schéma belongs to the device of the session that sets it: not to another device of the same user.
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/auth/pattern',
      headers: bearer(again.token),
      payload: { deviceId: pro.deviceId, pattern: [0, 4, 8, 5] },
    });
    expect(other.statusCode).toBe(404);
  });

  it('D3: a schéma needs 4 to 9 distinct dots of the 3×3 grid', async () => {
    const pro = await activeProfessional(t, support);
    for (const pattern of [
      [0, 1, 2],
      [0, 1, 1, 2],
      [0, 1, 2, 9],
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 0],
    ]) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/auth/pattern',
        headers: bearer(pro.token),
        payload: { deviceId: pro.deviceId, pattern },
      });
      expect(r.statusCode, JSON.stringify(pattern)).toBe(400);
    }
  });
});

describe('lockout and passwords', () => {
  it('D4: five wrong passwords block the account (423) until support unblocks it', async () => {
    const pro = await activeProfessional(t, support);
    for (let i = 1; i <= 4; i++) {
      const r = await login({ identifier: pro.fields.email, password: 'Pas-le-bon-mot-de-passe' });
      expect(r.statusCode).toBe(401);
      expect(r.json<ErrorReply>().error.details?.remaining).toBe(5 - i);
    }
    const fifth = await login({ identifier: pro.fields.email, password: 'Pas-le-bon-mot-de-passe' });
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json<ErrorReply>().error.code).toBe('account_blocked');
    // Even the right password is refused now, and the open session is revoked.
    expect((await login({ identifier: pro.fields.email, password: TEST_PASSWORD })).statusCode).toBe(423);
    expect((await t.app.inject({ url: '/api/me', headers: bearer(pro.token) })).statusCode).toBe(401);
    const unblock = await t.app.inject({
      method: 'POST',
      url: `/api/admin/accounts/${pro.userId}/unblock`,
      headers: bearer(support.token),
    });
    expect(unblock.statusCode).toBe(204);
    const after = await login({ identifier: pro.fields.email, password: TEST_PASSWORD });
    expect(after.statusCode).toBe(200);
  });

  it('D4: a successful login resets the count of failures', async () => {
    const pro = await activeProfessional(t, support);
    for (let i = 0; i < 4; i++)
      await login({ identifier: pro.fields.email, password: 'Pas-le-bon-mot-de-passe' });
    expect((await login({ identifier: pro.fields.email, password: TEST_PASSWORD })).statusCode).toBe(200);
    const r = await login({ identifier: pro.fields.email, password: 'Pas-le-bon-mot-de-passe' });
    expect(r.json<ErrorReply>().error.details?.remaining).toBe(4);
  });

  it('D4: support resets a forgotten password; the temporary one comes by SMS and must be changed first', async () => {
    const pro = await activeProfessional(t, support);
    const reset = await t.app.inject({
      method: 'POST',
      url: `/api/admin/accounts/${pro.userId}/reset-password`,
      headers: bearer(support.token),
    });
    expect(reset.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/me', headers: bearer(pro.token) })).statusCode).toBe(401);
    const sms = await lastSms(t.app, pro.phone);
    const temporary = /temporaire : (\S+)/.exec(sms)?.[1] ?? '';
    expect(temporary).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{4}$/);
    expect((await login({ identifier: pro.fields.email, password: TEST_PASSWORD })).statusCode).toBe(401);
    const session = await login({
      identifier: pro.fields.email,
      password: temporary,
      deviceId: pro.deviceId,
      deviceSecret: pro.deviceSecret,
    });
    const body = session.json<{ token: string; mustChangePassword: boolean }>();
    expect(body.mustChangePassword).toBe(true);
    const blocked = await t.app.inject({ url: '/api/admin/accounts', headers: bearer(body.token) });
    expect(blocked.statusCode).toBe(403);
    const change = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: bearer(body.token),
      payload: { current: temporary, next: 'Nouvelle-Tournee-Matinale-42' },
    });
    expect(change.statusCode).toBe(204);
    const me = await t.app.inject({ url: '/api/me', headers: bearer(body.token) });
    expect(me.json<{ mustChangePassword: boolean }>().mustChangePassword).toBe(false);
  });

  it('D4: changing the password checks the current one and the strength of the new one', async () => {
    const pro = await activeProfessional(t, support);
    const change = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/auth/password', headers: bearer(pro.token), payload });
    const wrongCurrent = await change({
      current: 'Pas-le-bon-mot-de-passe',
      next: 'Nouvelle-Tournee-Matinale-42',
    });
    expect(wrongCurrent.statusCode).toBe(400);
    const weak = await change({ current: TEST_PASSWORD, next: 'azertyuiop12' });
    expect(weak.statusCode).toBe(400);
    expect((await login({ identifier: pro.fields.email, password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('D3: unknown accounts and wrong passwords answer the same 401', async () => {
    const unknown = await login({ identifier: 'personne@exemple.fr', password: 'Pas-le-bon-mot-de-passe' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json<ErrorReply>().error.code).toBe('invalid_credentials');
  });

  it('D3: logout revokes the session', async () => {
    const pro = await activeProfessional(t, support);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(pro.token) }))
        .statusCode,
    ).toBe(204);
    expect((await t.app.inject({ url: '/api/me', headers: bearer(pro.token) })).statusCode).toBe(401);
  });
});

describe('sessions', () => {
  it('D21: sessions expire after the idle time and after the absolute lifetime', async () => {
    const pro = await activeProfessional(t, support);
    const me = (token: string) => t.app.inject({ url: '/api/me', headers: bearer(token) });
    const advance = (ms: number) =>
      t.app.inject({ method: 'POST', url: '/api/test/clock', payload: { advanceMs: ms } });
    await advance(119 * 60_000);
    expect((await me(pro.token)).statusCode).toBe(200);
    await advance(121 * 60_000);
    expect((await me(pro.token)).statusCode).toBe(401);
    // Absolute: kept busy every hour, the session still ends after 12 hours.
    const again = await login({
      identifier: pro.fields.email,
      password: TEST_PASSWORD,
      deviceId: pro.deviceId,
      deviceSecret: pro.deviceSecret,
    });
    const token = again.json<{ token: string }>().token;
    for (let h = 0; h < 11; h++) {
      await advance(60 * 60_000);
      expect((await me(token)).statusCode).toBe(200);
    }
    await advance(61 * 60_000);
    expect((await me(token)).statusCode).toBe(401);
  });

  it('D3: a cookie session cannot write from another origin', async () => {
    support = await supportSession(t); // the clock moved past the earlier support session
    const pro = await activeProfessional(t, support);
    const cookie = `relais_session=${pro.token}`;
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json<ErrorReply>().error.code).toBe('csrf_rejected');
    const own = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, origin: 'http://localhost:3000', host: 'localhost:3000' },
    });
    expect(own.statusCode).toBe(204);
  });
});
