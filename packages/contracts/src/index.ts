export * from './catalog';
export * from './common';
export * from './identity';
export * from './partners';
export * from './resources';
