import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../..');
const sharedCommunes = resolve(repoRoot, '../shared/data/communes-centres.csv');

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const Env = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    RELAIS_PUBLIC_URL: z.url().optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
      .optional(),
    RELAIS_DATA_DIR: z.string().min(1).default('./data'),
    RELAIS_DATA_KEY: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'RELAIS_DATA_KEY must be 32 bytes in hex (64 hex digits)')
      .optional(),
    RELAIS_DEMO: flag.optional(),
    RELAIS_TEST_MODE: flag.default(false),
    RELAIS_SUPPORT_EMAIL: z.email().optional(),
    RELAIS_SUPPORT_PASSWORD: z
      .string()
      .min(12, 'RELAIS_SUPPORT_PASSWORD must be at least 12 characters')
      .optional(),
    RELAIS_SUPPORT_PHONE: z.string().optional(),
    RELAIS_COMMUNES_FILE: z.string().optional(),
    RELAIS_GEOCODER: z.enum(['offline', 'geoplateforme']).default('offline'),
    RELAIS_SMS_URL: z.url().optional(),
    RELAIS_SMS_TOKEN: z.string().optional(),
    RELAIS_SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'RELAIS_SMTP_URL must be smtp:// or smtps://')
      .optional(),
    RELAIS_SMTP_FROM: z.string().default('Relais <no-reply@relais.localhost>'),
    RELAIS_SMTP_TLS_CERT: z.string().optional(),
    RELAIS_SMTP_TLS_KEY: z.string().optional(),
    RELAIS_SMTP_REQUIRE_TLS: flag.default(false),
    RELAIS_SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(120),
    RELAIS_SESSION_MAX_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    RELAIS_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(20),
    RELAIS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    RELAIS_WEB_DIST: z.string().optional(),
    RELAIS_PSC_ISSUER: z.url().optional(),
    RELAIS_PSC_CLIENT_ID: z.string().min(1).optional(),
    RELAIS_PSC_CLIENT_SECRET: z.string().min(1).optional(),
    RELAIS_PSC_CLIENT_CERT: z.string().optional(),
    RELAIS_PSC_CLIENT_KEY: z.string().optional(),
    RELAIS_PSC_CA_FILE: z.string().optional(),
    RELAIS_PSC_REDIRECT_URI: z.url().optional(),
    RELAIS_PSC_DEMO_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') {
      if (env.RELAIS_TEST_MODE)
        ctx.addIssue({
          code: 'custom',
          path: ['RELAIS_TEST_MODE'],
          message: 'refused when NODE_ENV=production',
        });
      if (!env.RELAIS_DATA_KEY)
        ctx.addIssue({
          code: 'custom',
          path: ['RELAIS_DATA_KEY'],
          message: 'required when NODE_ENV=production',
        });
    }
    if (env.RELAIS_SUPPORT_EMAIL && !env.RELAIS_SUPPORT_PASSWORD)
      ctx.addIssue({
        code: 'custom',
        path: ['RELAIS_SUPPORT_PASSWORD'],
        message: 'required with RELAIS_SUPPORT_EMAIL',
      });
    if (Boolean(env.RELAIS_SMTP_TLS_CERT) !== Boolean(env.RELAIS_SMTP_TLS_KEY))
      ctx.addIssue({
        code: 'custom',
        path: ['RELAIS_SMTP_TLS_KEY'],
        message: 'RELAIS_SMTP_TLS_CERT and RELAIS_SMTP_TLS_KEY go together',
      });
    if (env.RELAIS_SMS_URL && !env.RELAIS_SMS_TOKEN)
      ctx.addIssue({ code: 'custom', path: ['RELAIS_SMS_TOKEN'], message: 'required with RELAIS_SMS_URL' });
    if (env.RELAIS_PSC_ISSUER) {
      if (!env.RELAIS_PSC_CLIENT_ID)
        ctx.addIssue({
          code: 'custom',
          path: ['RELAIS_PSC_CLIENT_ID'],
          message: 'required with RELAIS_PSC_ISSUER',
        });
      if (!env.RELAIS_PSC_CLIENT_SECRET && !env.RELAIS_PSC_CLIENT_CERT)
        ctx.addIssue({
          code: 'custom',
          path: ['RELAIS_PSC_CLIENT_SECRET'],
          message: 'RELAIS_PSC_CLIENT_SECRET or RELAIS_PSC_CLIENT_CERT/KEY (mutual TLS) is required',
        });
      if (env.NODE_ENV === 'production' && !env.RELAIS_PSC_ISSUER.startsWith('https:'))
        ctx.addIssue({
          code: 'custom',
          path: ['RELAIS_PSC_ISSUER'],
          message: 'must be https when NODE_ENV=production',
        });
    }
    if (Boolean(env.RELAIS_PSC_CLIENT_CERT) !== Boolean(env.RELAIS_PSC_CLIENT_KEY))
      ctx.addIssue({
        code: 'custom',
        path: ['RELAIS_PSC_CLIENT_KEY'],
        message: 'RELAIS_PSC_CLIENT_CERT and RELAIS_PSC_CLIENT_KEY go together',
      });
  });

export interface Config {
  production: boolean;
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  dataKeyHex: string | undefined;
  demo: boolean;
  testMode: boolean;
  support: { email: string; password: string; phone: string | undefined } | undefined;
  communesFile: string | undefined;
  geocoder: 'offline' | 'geoplateforme';
  sms: { url: string; token: string } | undefined;
  smtp:
    | { url: string; from: string; requireTls: boolean; clientCert?: { certPath: string; keyPath: string } }
    | undefined;
  session: { idleMs: number; maxMs: number };
  loginRatePerMinute: number;
  logLevel: string;
  webDist: string;
  /** Pro Santé Connect (D2); undefined: not configured (the demo then starts a local provider). */
  psc: PscConfig | undefined;
  pscDemoPort: number | undefined;
}

export interface PscConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  /** Mutual TLS client authentication (PSC production). */
  mtls: { certPath: string; keyPath: string } | undefined;
  /** PEM CA certificate(s) trusted for PSC's HTTPS besides the system roots (a private or test PSC). */
  caFile?: string | undefined;
  redirectUri: string;
}

export class ConfigError extends Error {}

/** Parses the environment once; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const communesFile = e.RELAIS_COMMUNES_FILE ?? (existsSync(sharedCommunes) ? sharedCommunes : undefined);
  return {
    production,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.RELAIS_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.RELAIS_DATA_DIR),
    dataKeyHex: e.RELAIS_DATA_KEY,
    demo: e.RELAIS_DEMO ?? !production,
    testMode: e.RELAIS_TEST_MODE,
    support:
      e.RELAIS_SUPPORT_EMAIL && e.RELAIS_SUPPORT_PASSWORD
        ? {
            email: e.RELAIS_SUPPORT_EMAIL,
            password: e.RELAIS_SUPPORT_PASSWORD,
            phone: e.RELAIS_SUPPORT_PHONE,
          }
        : undefined,
    communesFile,
    geocoder: e.RELAIS_GEOCODER,
    sms:
      e.RELAIS_SMS_URL && e.RELAIS_SMS_TOKEN
        ? { url: e.RELAIS_SMS_URL, token: e.RELAIS_SMS_TOKEN }
        : undefined,
    smtp: e.RELAIS_SMTP_URL
      ? {
          url: e.RELAIS_SMTP_URL,
          from: e.RELAIS_SMTP_FROM,
          requireTls: e.RELAIS_SMTP_REQUIRE_TLS,
          ...(e.RELAIS_SMTP_TLS_CERT && e.RELAIS_SMTP_TLS_KEY
            ? { clientCert: { certPath: e.RELAIS_SMTP_TLS_CERT, keyPath: e.RELAIS_SMTP_TLS_KEY } }
            : {}),
        }
      : undefined,
    session: {
      idleMs: e.RELAIS_SESSION_IDLE_MINUTES * 60_000,
      maxMs: e.RELAIS_SESSION_MAX_HOURS * 3_600_000,
    },
    loginRatePerMinute: e.RELAIS_LOGIN_RATE_PER_MINUTE,
    logLevel: e.RELAIS_LOG_LEVEL,
    webDist: e.RELAIS_WEB_DIST ?? resolve(repoRoot, 'web/dist'),
    psc:
      e.RELAIS_PSC_ISSUER && e.RELAIS_PSC_CLIENT_ID
        ? {
            issuer: e.RELAIS_PSC_ISSUER,
            clientId: e.RELAIS_PSC_CLIENT_ID,
            clientSecret: e.RELAIS_PSC_CLIENT_SECRET,
            mtls:
              e.RELAIS_PSC_CLIENT_CERT && e.RELAIS_PSC_CLIENT_KEY
                ? { certPath: e.RELAIS_PSC_CLIENT_CERT, keyPath: e.RELAIS_PSC_CLIENT_KEY }
                : undefined,
            ...(e.RELAIS_PSC_CA_FILE ? { caFile: e.RELAIS_PSC_CA_FILE } : {}),
            redirectUri:
              e.RELAIS_PSC_REDIRECT_URI ??
              `${(e.RELAIS_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '')}/api/auth/psc/callback`,
          }
        : undefined,
    pscDemoPort: e.RELAIS_PSC_DEMO_PORT,
  };
}
