// Types for the plain-JS rule, so TypeScript tests can import it (tsconfig has no allowJs).
import type { ESLint, Rule } from 'eslint';

export interface AllowEntry {
  from: string;
  to: string;
  why: string;
}
export interface ImportBoundariesOptions {
  srcDir: string;
  allow?: AllowEntry[];
  reportAllowed?: boolean;
}
export declare function forbiddenBy(fromRel: string, toRel: string): { rule: string } | undefined;
export declare const importBoundaries: Rule.RuleModule;
declare const plugin: ESLint.Plugin;
export default plugin;
