/**
 * The console's data routes (console-shared.md "Data (H5)"), mounted by the console server (H4):
 * `consoleApiRoutes(store)` lists them with their scope and roles; the server authenticates, checks
 * the LIID's assignment (403) and retention (410) before a handler runs, and logs the `access` each
 * handler returns.
 */
import type { ApiRoute } from './contract.ts';
import type { ConsoleQueryStore } from '../store/types.ts';
import { ConsoleError } from '../errors.ts';

export interface ConsoleApiOptions {
  /** Exports wait for a supervisor's approval (config `console.exportApproval`); default true (fail closed). */
  exportApproval?: boolean;
  now?: () => Date;
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- placeholder until the handlers land (same signature)
export function consoleApiRoutes(_store: ConsoleQueryStore, _options: ConsoleApiOptions = {}): ApiRoute[] {
  const pending = (): Promise<never> => Promise.reject(new ConsoleError('CONSOLE_NOT_FOUND', 'not implemented yet'));
  const get = (path: string, scope: 'liid' | 'user' = 'liid'): ApiRoute => ({ method: 'GET', path, scope, handler: pending });
  return [
    get('/api/warrants/:liid/timeline'),
    get('/api/warrants/:liid/calls'),
    get('/api/warrants/:liid/calls/:cin'),
    get('/api/warrants/:liid/calls/:cin/audio.wav'),
    get('/api/warrants/:liid/sms'),
    get('/api/warrants/:liid/locations'),
    get('/api/warrants/:liid/browsing'),
    get('/api/warrants/:liid/contacts'),
    get('/api/contacts/common', 'user'),
    get('/api/search', 'user'),
    { method: 'POST', path: '/api/warrants/:liid/records/:id/privileged', scope: 'liid', roles: ['supervisor'], handler: pending },
    { method: 'POST', path: '/api/warrants/:liid/exports', scope: 'liid', handler: pending },
    { method: 'POST', path: '/api/exports/:id/approve', scope: 'user', roles: ['supervisor'], handler: pending },
    get('/api/exports/:id', 'user'),
    get('/api/exports/:id/file', 'user'),
  ];
}

export type { ConsoleQueryStore } from '../store/types.ts';
