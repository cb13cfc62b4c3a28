import { ZerodropError } from '../errors/index.ts';

/**
 * Commander argument parsers that fail as one-line input errors naming the flag. Integers are
 * plain decimal digits: "", " 5", "0x10", "1e3" and "5.0" are rejected, never read as a number.
 */
export function intFlag(flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = /^[+-]?\d{1,16}$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new ZerodropError(`must be an integer between ${min} and ${max}, got ${JSON.stringify(value)}`, { field: flag });
    }
    return n;
  };
}

export function choiceFlag<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new ZerodropError(`must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`, { field: flag });
    }
    return value as T;
  };
}

/** A string flag that must not be empty and holds no control character. */
export function textFlag(flag: string) {
  return (value: string): string => {
    if (value.trim() === '') throw new ZerodropError('must not be empty', { field: flag });
    if (/[\x00-\x1f\x7f]/.test(value))
      throw new ZerodropError(`must not contain control characters, got ${JSON.stringify(value)}`, { field: flag });
    return value;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Like collect, for a repeatable string flag checked by textFlag. */
export function collectText(flag: string) {
  const check = textFlag(flag);
  return (value: string, previous: string[] = []): string[] => [...previous, check(value)];
}
