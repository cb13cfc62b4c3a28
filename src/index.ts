/** The zerodrop package: its library API (src/api/). The CLI (bin/zerodrop.js) is built on it. */
export * from './api/index.ts';
