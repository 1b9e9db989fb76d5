export * from './identifiers.ts';
export * from './professions.ts';
export * from './common.ts';
export * from './accounts.ts';
export * from './admin.ts';
