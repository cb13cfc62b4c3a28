import type { AppSpec, DisruptionKind } from '../k8s/index.ts';
import type { LoadSettings } from '../load/index.ts';
import type { ExpectedVerdict, Threshold } from '../metrics/index.ts';

/** scenario.yaml's `expected`: one verdict for every disruption, or one per disruption it supports. */
export type ExpectedSpec = ExpectedVerdict | Partial<Record<DisruptionKind, ExpectedVerdict>>;

/** One scenario of the catalogue (or a user's manifest run as one): the app, its load, what it expects. */
export interface Scenario extends AppSpec {
  description: string;
  /** The verdict expected for the run's disruption (scenario.yaml's `expected`, resolved for it). */
  expected: ExpectedVerdict;
  /** Short explanation of why the scenario loses (or does not lose) traffic; shown in reports. */
  why?: string;
  /** Bounds on the measured figures (scenario.yaml `thresholds:` or `--thresholds FILE`). */
  thresholds?: Threshold[];
  load: LoadSettings;
  disruptions: DisruptionKind[];
}
