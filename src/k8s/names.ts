/** Kubernetes name rules (apimachinery's validation), as used by the API server. */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Why `name` is not a DNS-1123 label (lowercase letters, digits, '-'; at most 63), or undefined. */
export function dns1123LabelProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return 'must be a non-empty string';
  if (name.length > 63) return `must be at most 63 characters, got ${name.length}`;
  if (!DNS1123_LABEL.test(name))
    return `${JSON.stringify(name.slice(0, 70))} is not a valid name: lowercase letters, digits and '-', starting and ending with a letter or digit (DNS-1123 label)`;
  return undefined;
}

/** A Service name: a DNS-1035 label (as a DNS-1123 label, but starting with a letter). */
export function dns1035LabelProblem(name: unknown): string | undefined {
  const p = dns1123LabelProblem(name);
  if (p !== undefined) return p;
  return DNS1035_LABEL.test(name as string)
    ? undefined
    : `${JSON.stringify(name)} is not a valid Service name: it must start with a letter (DNS-1035 label)`;
}

/** A DNS-1123 subdomain: labels joined by '.', at most 253 characters. */
export function dns1123SubdomainProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return 'must be a non-empty string';
  if (name.length > 253) return `must be at most 253 characters, got ${name.length}`;
  return DNS1123_SUBDOMAIN.test(name)
    ? undefined
    : `${JSON.stringify(name.slice(0, 70))} is not a valid name: lowercase letters, digits, '-' and '.' (DNS-1123 subdomain)`;
}

/** A label value: at most 63 characters of letters, digits, '-', '_', '.', alphanumeric at both ends (or empty). */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length > 63) return `must be at most 63 characters, got ${value.length}`;
  return LABEL_VALUE.test(value) ? undefined : `${JSON.stringify(value.slice(0, 70))} is not a valid label value`;
}

/** A named port (IANA_SVC_NAME): at most 15 lowercase letters, digits and '-', at least one letter, no '--'. */
export function portNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return 'must be a non-empty string';
  if (name.length > 15 || !IANA_SVC_NAME.test(name) || name.includes('--') || !/[a-z]/.test(name)) {
    return `${JSON.stringify(name.slice(0, 40))} is not a valid port name: at most 15 lowercase letters, digits and '-', with at least one letter`;
  }
  return undefined;
}
