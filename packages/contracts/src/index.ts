export * from './catalog';
export * from './common';
export * from './identity';
export * from './orders';
export * from './partners';
export * from './resources';
