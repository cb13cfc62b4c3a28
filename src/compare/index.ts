/** The public face of compare/: everything other modules use from it. */
export { compareReports, compareWithBase, failedChecks } from './compare-reports.ts';
export { readReport } from './read-report.ts';
export { readReportSet } from './read-report-set.ts';
