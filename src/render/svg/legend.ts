import { CAUSES, OUTCOMES } from '../../metrics/index.ts';
import { PHASES } from '../../timeline/index.ts';
import { escapeMarkup } from '../markup.ts';
import { CAUSE_COLOUR, LANE, OUTCOME_STYLE, PHASE_FILL } from './styles.ts';

const swatch = (colour: string, label: string, shape = '') =>
  `<span><i style="background:${colour}${shape}"></i>${escapeMarkup(label)}</span>`;

/** The key to a run timeline's colours and markers (HTML, below each SVG). */
export function timelineLegend(): string {
  return [
    `<div class="legend"><b>phases</b>${PHASES.map((p) => swatch(PHASE_FILL[p], p, ';border:1px solid #ced4da')).join('')}</div>`,
    `<div class="legend"><b>pods</b>${[
      swatch(LANE.alive, 'running, not ready'),
      swatch(LANE.ready, 'ready'),
      swatch(LANE.prestop, 'preStop hook'),
      swatch(LANE.endpoint, 'endpoint in service'),
      swatch(LANE.lag, 'endpoint in service after deletion (control-plane lag)'),
      swatch(LANE.datapath, 'new connections still answered after deletion (data-path lag)'),
      swatch(LANE.deleted, 'deleted', ';width:3px'),
      swatch(LANE.sigterm, 'SIGTERM', ';clip-path:polygon(0 0,100% 0,50% 100%)'),
      `<span><i style="background:none;color:${LANE.sigkill};font-style:normal;font-weight:900;width:auto;height:auto">✕</i>SIGKILL (dashed line)</span>`,
      swatch(LANE.exit, 'exit (code)', ';border-radius:50%;width:10px'),
    ].join('')}</div>`,
    `<div class="legend"><b>requests</b>${OUTCOMES.map((o) => swatch(OUTCOME_STYLE[o].colour, OUTCOME_STYLE[o].label)).join('')}</div>`,
    `<div class="legend"><b>causes (bands on the pod lanes)</b>${CAUSES.map((c) => swatch(CAUSE_COLOUR[c], c)).join('')}</div>`,
  ].join('');
}
