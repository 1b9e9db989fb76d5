import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** The migrations (./migrations/*.sql) are the contract; this schema mirrors them for typed queries. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = () =>
  uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`);

export const users = pgTable(
  'users',
  {
    id: id(),
    role: text('role', { enum: ['professional', 'support'] }).notNull(),
    status: text('status', { enum: ['pending', 'active', 'blocked', 'rejected'] }).notNull(),
    identifierType: text('identifier_type', { enum: ['rpps', 'adeli'] }),
    identifier: text('identifier'),
    profession: text('profession'),
    specialty: text('specialty'),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    nameKey: text('name_key').notNull(),
    email: text('email').notNull(),
    mobilePhone: text('mobile_phone'),
    officeLine: text('office_line'),
    officePostalCode: text('office_postal_code'),
    officeCity: text('office_city'),
    network: text('network'),
    passwordHash: text('password_hash'),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    blockedReason: text('blocked_reason'),
    rejectionReason: text('rejection_reason'),
    directoryCheck: jsonb('directory_check'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    approvedAt: instant('approved_at'),
    approvedBy: uuid('approved_by'),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    uniqueIndex('users_identifier_key').on(t.identifierType, t.identifier),
    index('users_status_idx').on(t.status, t.createdAt),
  ],
);

export const documents = pgTable('documents', {
  id: id(),
  ownerId: uuid('owner_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: ['proof'] }).notNull(),
  mimeType: text('mime_type').notNull(),
  size: integer('size').notNull(),
  content: bytea('content').notNull(),
  createdAt: instant('created_at').notNull(),
});

export const devices = pgTable('devices', {
  id: id(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  secretHash: text('secret_hash').notNull(),
  patternHash: text('pattern_hash'),
  patternFailures: integer('pattern_failures').notNull().default(0),
  patternRevokedAt: instant('pattern_revoked_at'),
  userAgent: text('user_agent'),
  createdAt: instant('created_at').notNull(),
  lastUsedAt: instant('last_used_at').notNull(),
});

export const otpChallenges = pgTable('otp_challenges', {
  id: id(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  codeHash: text('code_hash').notNull(),
  attempts: integer('attempts').notNull().default(0),
  expiresAt: instant('expires_at').notNull(),
  consumedAt: instant('consumed_at'),
  createdAt: instant('created_at').notNull(),
});

export const sessions = pgTable('sessions', {
  id: id(),
  tokenHash: text('token_hash').notNull().unique(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  deviceId: uuid('device_id'),
  method: text('method', { enum: ['password_otp', 'password_trusted_device', 'pattern', 'psc'] }).notNull(),
  createdAt: instant('created_at').notNull(),
  lastSeenAt: instant('last_seen_at').notNull(),
  expiresAt: instant('expires_at').notNull(),
  revokedAt: instant('revoked_at'),
});

export const auditLog = pgTable('audit_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: instant('at').notNull(),
  actorId: uuid('actor_id'),
  actorRole: text('actor_role'),
  action: text('action').notNull(),
  outcome: text('outcome', { enum: ['success', 'failure', 'refused'] }).notNull(),
  patientId: uuid('patient_id'),
  targetId: text('target_id'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  details: jsonb('details'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

export const outbox = pgTable('outbox', {
  id: id(),
  channel: text('channel', { enum: ['sms', 'email', 'push'] }).notNull(),
  recipient: text('recipient').notNull(),
  userId: uuid('user_id'),
  kind: text('kind').notNull(),
  subject: text('subject'),
  body: bytea('body').notNull(),
  state: text('state', { enum: ['pending', 'sent', 'dead', 'dropped'] }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: instant('next_attempt_at').notNull(),
  idempotencyKey: text('idempotency_key').notNull().unique(),
  lastError: text('last_error'),
  createdAt: instant('created_at').notNull(),
  sentAt: instant('sent_at'),
  postponedAt: instant('postponed_at'),
});

export const pushVapidKeys = pgTable('push_vapid_keys', {
  id: smallint('id').primaryKey(),
  publicKey: text('public_key').notNull(),
  privateKey: bytea('private_key').notNull(),
  createdAt: instant('created_at').notNull(),
});

export const pushSubscriptions = pgTable('push_subscriptions', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  deviceId: uuid('device_id')
    .notNull()
    .references(() => devices.id, { onDelete: 'cascade' }),
  endpoint: text('endpoint').notNull().unique(),
  keys: bytea('keys').notNull(),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

export const notificationChannels = pgTable('notification_channels', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  channels: jsonb('channels').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

export const patients = pgTable('patients', {
  id: uuid('id').primaryKey(),
  identity: bytea('identity').notNull(),
  contact: bytea('contact').notNull(),
  location: bytea('location').notNull(),
  communeInsee: text('commune_insee').notNull(),
  cellId: text('cell_id').notNull(),
  cellLat: doublePrecision('cell_lat').notNull(),
  cellLon: doublePrecision('cell_lon').notNull(),
  cellRadiusM: integer('cell_radius_m').notNull(),
  treatingDoctorUserId: uuid('treating_doctor_user_id'),
  treatingDoctorNationalId: text('treating_doctor_national_id'),
  createdBy: uuid('created_by').notNull(),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
  archivedAt: instant('archived_at'),
});

export const patientNameIndex = pgTable('patient_name_index', {
  patientId: uuid('patient_id').notNull(),
  term: bytea('term').notNull(),
});

export const careTeam = pgTable('care_team', {
  patientId: uuid('patient_id').notNull(),
  userId: uuid('user_id').notNull(),
  reason: text('reason', { enum: ['creator', 'usual', 'accepted', 'declencheur'] }).notNull(),
  addedAt: instant('added_at').notNull(),
});

export const careRequests = pgTable('care_requests', {
  id: uuid('id').primaryKey(),
  patientId: uuid('patient_id').notNull(),
  declencheurId: uuid('declencheur_id').notNull(),
  profession: text('profession').notNull(),
  careType: text('care_type').notNull(),
  details: jsonb('details').notNull(),
  description: bytea('description').notNull(),
  homeVisit: boolean('home_visit').notNull(),
  responseMinutes: integer('response_minutes').notNull(),
  communeInsee: text('commune_insee').notNull(),
  extraRadiusKm: integer('extra_radius_km').notNull().default(0),
  status: text('status', { enum: ['open', 'accepted', 'expired', 'cancelled'] }).notNull(),
  phase: text('phase', { enum: ['priority', 'pool'] }).notNull(),
  createdAt: instant('created_at').notNull(),
  priorityUntil: instant('priority_until').notNull(),
  expiresAt: instant('expires_at').notNull(),
  poolOpenedAt: instant('pool_opened_at'),
  acceptedBy: uuid('accepted_by'),
  acceptedAt: instant('accepted_at'),
  closedAt: instant('closed_at'),
  relaunchedFrom: uuid('relaunched_from'),
  clientKey: text('client_key'),
});

export const careRequestRecipients = pgTable('care_request_recipients', {
  requestId: uuid('request_id').notNull(),
  userId: uuid('user_id').notNull(),
  via: text('via', { enum: ['usual', 'treating_doctor', 'pool'] }).notNull(),
  addedAt: instant('added_at').notNull(),
  response: text('response', { enum: ['accepted', 'declined'] }),
  respondedAt: instant('responded_at'),
  declineReason: bytea('decline_reason'),
});

// Audience-wide notifications waiting to be expanded (migration 0011).
export const careRequestFanouts = pgTable('care_request_fanouts', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  requestId: uuid('request_id').notNull(),
  kind: text('kind', {
    enum: ['care_request.new', 'care_request.taken', 'care_request.cancelled'],
  }).notNull(),
  via: text('via').array().notNull(),
  createdAt: instant('created_at').notNull(),
});

// Pro Santé Connect (D2), migration 0010.
export const pscFlows = pgTable('psc_flows', {
  id: id(),
  bindingHash: text('binding_hash').notNull().unique(),
  state: text('state').notNull(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  createdAt: instant('created_at').notNull(),
  expiresAt: instant('expires_at').notNull(),
  consumedAt: instant('consumed_at'),
});

export const pscLinks = pgTable('psc_links', {
  userId: uuid('user_id').primaryKey(),
  nationalId: text('national_id').notNull().unique(),
  linkedAt: instant('linked_at').notNull(),
  lastLoginAt: instant('last_login_at').notNull(),
});

export const pscSessionTokens = pgTable('psc_session_tokens', {
  sessionId: uuid('session_id').primaryKey(),
  idToken: text('id_token').notNull(),
});

export const pscSignups = pgTable('psc_signups', {
  id: id(),
  tokenHash: text('token_hash').notNull().unique(),
  nationalId: text('national_id').notNull(),
  identifierType: text('identifier_type', { enum: ['rpps', 'adeli'] }).notNull(),
  identifier: text('identifier').notNull(),
  profile: jsonb('profile').notNull(),
  idToken: text('id_token').notNull(),
  createdAt: instant('created_at').notNull(),
  expiresAt: instant('expires_at').notNull(),
  consumedAt: instant('consumed_at'),
});
