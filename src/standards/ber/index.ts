export * from './tag.ts';
export * from './decode.ts';
export * from './encode.ts';
export * from './values.ts';
export * from './oid.ts';
export * from './time.ts';
export * from './framer.ts';
export * from './errors.ts';
