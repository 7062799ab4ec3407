export * from './image';
export * from './params';
export * from './step';
export * from './task-spec';
export * from './task';
export * from './pipeline';
export * from './runs';
