#!/usr/bin/env node
// Entry point: registers the TypeScript loader (tsx) and runs the CLI, so `npm ci` is the only build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
