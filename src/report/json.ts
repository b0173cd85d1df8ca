import type { Report } from './model';
import { escapeJsonControls } from '../text/controls';

export function renderJson(report: Report): string {
  return escapeJsonControls(JSON.stringify(report, null, 2)) + '\n';
}
