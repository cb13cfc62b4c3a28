import type { ReportModel } from '../metrics/index.ts';

/** A report format: a pure function of the model. `fileName` is set for formats written to disk. */
export interface Reporter {
  name: string;
  fileName?: string;
  render(model: ReportModel): string;
}
