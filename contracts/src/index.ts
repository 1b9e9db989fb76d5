export * from './identifiers.ts';
export * from './professions.ts';
export * from './common.ts';
export * from './accounts.ts';
export * from './admin.ts';
export * from './directory.ts';
export * from './professionals.ts';
export * from './patients.ts';
