/** Characters XML 1.0 forbids even as references (C0 controls but tab/newline/return, U+FFFE/FFFF, lone surrogates). */
const INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in XML and HTML element content and in quoted attribute values; forbidden characters become U+FFFD. */
export function escapeMarkup(value: string | number): string {
  return String(value)
    .replace(INVALID, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** An attribute value: escaped, and newlines/tabs as references so that parsers keep them. */
export function escapeAttr(value: string | number): string {
  return escapeMarkup(value).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** ` a="x" b="y"` from an object, skipping undefined values. */
export function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(v!)}"`)
    .join('');
}
