/**
 * Environment variables, declared per area with a local-development default and a one-line
 * description, validated once at start-up so that a bad value fails fast with one clear line.
 */
export type EnvSource = Record<string, string | undefined>;

export interface EnvVar<T> {
  description: string;
  /** Used when the variable is unset or empty; omit to make the variable required. */
  default?: string;
  /** Returns the parsed value or throws an Error whose message says what was expected. */
  parse: (raw: string) => T;
}

export type EnvSpec = Record<string, EnvVar<unknown>>;
export type EnvValues<S extends EnvSpec> = { [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export function defineEnv<S extends EnvSpec>(spec: S): S {
  return spec;
}

/** Parses every variable of the spec and reports all problems at once. */
export function parseEnv<S extends EnvSpec>(spec: S, env: EnvSource): EnvValues<S> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, variable] of Object.entries(spec)) {
    const given = env[name];
    const raw = given === undefined || given === '' ? variable.default : given;
    if (raw === undefined) {
      problems.push(`${name} is required (${variable.description})`);
      continue;
    }
    try {
      values[name] = variable.parse(raw);
    } catch (error) {
      problems.push(`${name}=${JSON.stringify(raw)} is invalid: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values as EnvValues<S>;
}

export function assertEnv(specs: EnvSpec[], env: EnvSource): void {
  const problems: string[] = [];
  for (const spec of specs) {
    try {
      parseEnv(spec, env);
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

import { isIP } from 'node:net';

// Parsers shared by every area's spec.
export const text = (raw: string): string => raw;

export function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`expected a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

export function url(...protocols: string[]) {
  return (raw: string): string => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new Error(`expected a URL (${protocols.map((p) => `${p}//…`).join(' or ')})`);
    }
    if (!protocols.includes(parsed.protocol)) {
      throw new Error(`expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
    }
    return raw.replace(/\/$/, '');
  };
}

export function oneOf<T extends string>(...choices: T[]) {
  return (raw: string): T => {
    if (!choices.includes(raw as T)) throw new Error(`expected one of ${choices.join(', ')}`);
    return raw as T;
  };
}

export function email(raw: string): string {
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(raw.replace(/^.*<(.+)>$/, '$1'))) throw new Error('expected an email address');
  return raw;
}

/**
 * A secret or password given by the operator: at least `min` characters, not counting spaces
 * around it, of which at least 8 different ones (a run of one character or a short repeated
 * pattern is no secret, whatever its length).
 */
export function secretText(min: number) {
  return (raw: string): string => {
    const value = raw.trim();
    if (value.length < min) throw new Error(`expected at least ${min} characters (not counting surrounding spaces)`);
    if (new Set(value).size < 8) throw new Error('expected at least 8 different characters');
    return raw;
  };
}

export function boolean(raw: string): boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error('expected true or false');
}

/**
 * Express's `trust proxy`: `none` (the client address is the TCP peer), a hop count, or a
 * comma-separated list of addresses, subnets and Express's names. `true` (trust everyone) is
 * refused: any client could then choose its own address.
 */
export function trustProxy(raw: string): false | number | string[] {
  if (raw === 'none' || raw === 'false') return false;
  if (/^\d+$/.test(raw)) return integer(1, 100)(raw);
  const items = raw.split(',').map((item) => item.trim());
  const valid = (item: string) => {
    if (['loopback', 'linklocal', 'uniquelocal'].includes(item)) return true;
    const [address, prefix, ...rest] = item.split('/');
    const version = isIP(address);
    return (
      version > 0 &&
      rest.length === 0 &&
      (prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128)))
    );
  };
  if (items.length === 0 || !items.every(valid))
    throw new Error('expected none, a hop count, or addresses/subnets such as loopback,10.0.0.0/8');
  return items;
}
