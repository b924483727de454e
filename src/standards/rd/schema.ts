/**
 * A small declarative description of the ASN.1 types of module RDMessage (TS 102 657 Annex A), from
 * which codec.ts encodes and decodes. Each type is declared once, named as in the module, and the
 * TypeScript type of its values is inferred from the declaration (Infer<typeof X>), so types and
 * wire layout cannot drift apart.
 *
 * The module is `DEFINITIONS IMPLICIT TAGS` (Annex A.3.2): a tagged component replaces the type's own
 * tag, except where the type is a CHOICE, whose tag X.680 §31.2.7 c) makes EXPLICIT (codec.ts).
 */

export interface SizeRange {
  min: number;
  max: number;
}

export type Prim =
  | { kind: 'utf8'; size?: SizeRange }
  | { kind: 'ia5'; size?: SizeRange }
  | { kind: 'numeric'; size?: SizeRange }
  | { kind: 'octets'; size?: SizeRange }
  | { kind: 'int'; min?: number; max?: number }
  | { kind: 'bool' }
  | { kind: 'null' }
  | { kind: 'time' }
  | { kind: 'oid' };

export interface EnumSchema<N extends string = string> {
  kind: 'enum';
  /** name → value as in the module; unknown values are refused (fail closed). */
  values: Readonly<Record<N, number>>;
}

export interface Field {
  tag: number;
  schema: Schema;
  optional: boolean;
}

export interface SeqSchema<F extends Record<string, Field> = Record<string, Field>> {
  kind: 'seq';
  /** Components in the module's order (tags strictly increasing in RDMessage except where noted). */
  fields: F;
}

export interface SeqOfSchema<S extends Schema = Schema> {
  kind: 'seqOf';
  item: S;
}

export interface ChoiceSchema<A extends Record<string, Alt> = Record<string, Alt>> {
  kind: 'choice';
  alts: A;
}

export interface Alt {
  tag: number;
  schema: Schema;
}

export type Schema = Prim | EnumSchema | SeqSchema | SeqOfSchema | ChoiceSchema;

// ---- inference ----

type PrimValue<P extends Prim> = P extends { kind: 'utf8' | 'ia5' | 'numeric' | 'oid' }
  ? string
  : P extends { kind: 'octets' }
    ? Uint8Array
    : P extends { kind: 'int' }
      ? number
      : P extends { kind: 'bool' }
        ? boolean
        : P extends { kind: 'null' }
          ? null
          : P extends { kind: 'time' }
            ? Date
            : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type SeqValue<F extends Record<string, Field>> = Simplify<
  { -readonly [K in keyof F as F[K]['optional'] extends true ? never : K]: Infer<F[K]['schema']> } & {
    -readonly [K in keyof F as F[K]['optional'] extends true ? K : never]?: Infer<F[K]['schema']>;
  }
>;

type ChoiceValue<A extends Record<string, Alt>> = { [K in keyof A]: { [P in K]: Infer<A[K]['schema']> } }[keyof A];

/** The TypeScript value type of an ASN.1 type declared with this DSL. */
export type Infer<S> = S extends Prim
  ? PrimValue<S>
  : S extends EnumSchema<infer N>
    ? N
    : S extends SeqSchema<infer F>
      ? SeqValue<F>
      : S extends SeqOfSchema<infer I>
        ? Infer<I>[]
        : S extends ChoiceSchema<infer A>
          ? ChoiceValue<A>
          : never;

// ---- builders ----

export const utf8 = (size?: SizeRange): Prim => (size ? { kind: 'utf8', size } : { kind: 'utf8' });
export const UTF8 = { kind: 'utf8' } as const satisfies Prim;
export const IA5 = { kind: 'ia5' } as const satisfies Prim;
export const OCTETS = { kind: 'octets' } as const satisfies Prim;
export const INT = { kind: 'int' } as const satisfies Prim;
export const BOOL = { kind: 'bool' } as const satisfies Prim;
export const NULL = { kind: 'null' } as const satisfies Prim;
export const TIME = { kind: 'time' } as const satisfies Prim;
export const OID = { kind: 'oid' } as const satisfies Prim;

export const sized = <K extends 'utf8' | 'ia5' | 'numeric' | 'octets'>(kind: K, min: number, max: number): { kind: K; size: SizeRange } => ({
  kind,
  size: { min, max },
});
export const intRange = (min: number, max: number): { kind: 'int'; min: number; max: number } => ({ kind: 'int', min, max });

export const enumOf = <N extends string>(values: Record<N, number>): EnumSchema<N> => ({ kind: 'enum', values });

/** A mandatory component `name [tag] Type`. */
export const req = <S extends Schema>(tag: number, schema: S): { tag: number; schema: S; optional: false } => ({ tag, schema, optional: false });
/** A component `name [tag] Type OPTIONAL`. */
export const opt = <S extends Schema>(tag: number, schema: S): { tag: number; schema: S; optional: true } => ({ tag, schema, optional: true });

export const seq = <F extends Record<string, Field>>(fields: F): SeqSchema<F> => ({ kind: 'seq', fields });
export const seqOf = <S extends Schema>(item: S): SeqOfSchema<S> => ({ kind: 'seqOf', item });
export const choice = <A extends Record<string, Alt>>(alts: A): ChoiceSchema<A> => ({ kind: 'choice', alts });
/** A CHOICE alternative `name [tag] Type`. */
export const alt = <S extends Schema>(tag: number, schema: S): { tag: number; schema: S } => ({ tag, schema });
