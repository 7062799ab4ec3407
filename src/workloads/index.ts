export * from './hardening';
