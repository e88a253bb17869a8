export * from './catalog';
export * from './common';
export * from './identity';
