import { ZerodropError } from '../errors/index.ts';
import { get } from '../util/index.ts';
import { atLine } from '../yaml/index.ts';

/**
 * Field checks for one manifest object that throw `file: Kind/name: field.path: message (line N)`,
 * the form the API server uses to reject a value. Absent (undefined) fields pass every check.
 */
export class ApiChecker {
  readonly doc: object;
  readonly file: string;
  readonly obj: string;

  constructor(doc: object, file: string, obj: string) {
    this.doc = doc;
    this.file = file;
    this.obj = obj;
  }

  fail(path: string, message: string): ZerodropError {
    return new ZerodropError(`${message}${atLine(this.doc, path)}`, { file: this.file, field: `${this.obj}: ${path}` });
  }

  value(path: string): unknown {
    return get(this.doc, path);
  }

  /** An integer in [min, max] (when present). */
  int(path: string, min: number, max: number): void {
    const v = this.value(path);
    if (v === undefined) return;
    if (!Number.isInteger(v)) throw this.fail(path, `must be an integer, got ${show(v)}`);
    if ((v as number) < min || (v as number) > max) {
      throw this.fail(path, `must be ${max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`}, got ${v}`);
    }
  }

  /** An IntOrString: an integer >= 0, or a percentage "N%" (N an integer, at most 100 when `max100`). */
  intOrPercent(path: string, max100: boolean): void {
    const v = this.value(path);
    if (v === undefined) return;
    if (typeof v === 'string') {
      const m = /^(\d+)%$/.exec(v);
      if (!m) throw this.fail(path, `${show(v)} is not a valid percentage: a number followed by % (such as "25%")`);
      if (max100 && Number(m[1]) > 100) throw this.fail(path, `must not be greater than 100%, got ${v}`);
      return;
    }
    if (!Number.isInteger(v) || (v as number) < 0) throw this.fail(path, `must be an integer >= 0 or a percentage, got ${show(v)}`);
  }

  /** A string checked by `problem` (a name rule from k8s-names.ts). */
  name(path: string, problem: (v: unknown) => string | undefined): void {
    const v = this.value(path);
    if (v === undefined) return;
    const p = problem(v);
    if (p !== undefined) throw this.fail(path, p);
  }

  /** A list when present; returns it (or []). */
  list(path: string): unknown[] {
    const v = this.value(path);
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw this.fail(path, `must be a list, got ${show(v)}`);
    return v;
  }
}

export function show(v: unknown): string {
  if (typeof v === 'number') return String(v);
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}...` : s;
}
