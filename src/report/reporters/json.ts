import type { ReportModel } from '../../metrics/index.ts';
import type { Reporter } from '../registry-types.ts';

/** report.json: the model as is (schema: docs/report-schema.md, src/metrics/result/report-schema.ts). */
export function renderJson(model: ReportModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

export const jsonReporter: Reporter = { name: 'json', fileName: 'report.json', render: renderJson };
