import { ZerodropError } from '../errors/zerodrop-error.ts';

/** Commander argument parsers that fail as one-line input errors naming the flag. */
export function intFlag(flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new ZerodropError(`must be an integer between ${min} and ${max}, got "${value}"`, { field: flag });
    }
    return n;
  };
}

export function choiceFlag<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new ZerodropError(`must be one of ${choices.join(', ')}, got "${value}"`, { field: flag });
    }
    return value as T;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
