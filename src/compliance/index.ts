export * from './rule';
export * from './report';
export * from './acknowledgement';
export * from './pack';
export * from './validation-plugin';
