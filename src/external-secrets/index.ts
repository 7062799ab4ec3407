export * from './secret-store-ref';
