import type { FastifyBaseLogger } from 'fastify';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import type { Channel } from './enqueue.ts';

export interface Delivery {
  id: string;
  channel: Channel;
  recipient: string;
  kind: string;
  subject: string | null;
  body: string;
  idempotencyKey: string;
}

export type Sender = (delivery: Delivery) => Promise<void>;

/** A failure that no retry can fix (refused recipient, bad request): the delivery goes dead at once. */
export class PermanentDeliveryError extends Error {}

/** HTTP SMS gateway: POST JSON {to, text} with a bearer token; the idempotency key lets it drop a resend. */
export function httpSmsSender(url: string, token: string, timeoutMs = 10_000): Sender {
  return async (d) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'idempotency-key': d.idempotencyKey,
      },
      body: JSON.stringify({ to: d.recipient, text: d.body, reference: d.id }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) return;
    const detail = `SMS gateway answered ${response.status}`;
    if (response.status >= 400 && response.status < 500 && response.status !== 429)
      throw new PermanentDeliveryError(detail);
    throw new Error(detail);
  };
}

/**
 * SMTP (an MSSanté operator in production): STARTTLS when the server offers it (required with requireTls), and the
 * client certificate and key the operator issued, when configured.
 */
export function smtpSender(smtp: NonNullable<Config['smtp']>): Sender {
  const url = new URL(smtp.url);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
    secure: url.protocol === 'smtps:',
    requireTLS: smtp.requireTls,
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    tls: smtp.clientCert
      ? { cert: readFileSync(smtp.clientCert.certPath), key: readFileSync(smtp.clientCert.keyPath) }
      : {},
  });
  const from = smtp.from;
  return async (d) => {
    await transport.sendMail({
      from,
      to: d.recipient,
      subject: d.subject ?? 'Relais',
      text: d.body,
      headers: { 'X-Relais-Delivery': d.idempotencyKey },
    });
  };
}

/**
 * No provider configured: the outbox row is the record. In the demo, login codes and temporary passwords are
 * printed on the console so that someone trying Relais on a laptop can log in; never in production.
 */
export function recordingSender(log: FastifyBaseLogger, printBodies: boolean): Sender {
  return (d) => {
    if (printBodies) process.stdout.write(`[${d.channel.toUpperCase()} → ${d.recipient}] ${d.body}\n`);
    else
      log.info(
        { outboxId: d.id, channel: d.channel, kind: d.kind },
        'message recorded (no provider configured)',
      );
    return Promise.resolve();
  };
}

export function buildSenders(config: Config, log: FastifyBaseLogger): Record<Channel, Sender> {
  const printBodies = config.demo && !config.production && !config.testMode;
  const recording = recordingSender(log, printBodies);
  return {
    sms: config.sms ? httpSmsSender(config.sms.url, config.sms.token) : recording,
    email: config.smtp ? smtpSender(config.smtp) : recording,
    push: recording,
  };
}
