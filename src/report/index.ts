/** The public face of report/: everything other modules use from it. */
export { renderComparisonJson } from './comparison/render-comparison-json.ts';
export { renderComparisonMarkdown } from './comparison/render-comparison-markdown.ts';
export { renderComparisonText } from './comparison/render-comparison-text.ts';
export { fileReporters } from './registry.ts';
export { renderConsole } from './reporters/console.ts';
export { verdictClass } from './reporters/html/comparison-table.ts';
export { renderHtml } from './reporters/html/render-html.ts';
export { renderMarkdown } from './reporters/markdown.ts';
