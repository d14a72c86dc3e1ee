// Milestone statuses in words (and colour as a second signal).
import { t } from '../i18n.js';
import { statusTag } from '../ui.js';

export const STATUSES = ['ON_TIME', 'LATE', 'MISSING', 'UPCOMING'];

export function statusKind(status) {
  return { ON_TIME: 'on-time', LATE: 'late', MISSING: 'missing', UPCOMING: 'upcoming' }[status] || 'neutral';
}

export function milestoneTag(status) {
  return statusTag(statusKind(status), t(`milestone.${STATUSES.includes(status) ? status : 'UNKNOWN'}`));
}

export const SECTIONS = ['summary', 'problem', 'evidence', 'options', 'recommendations', 'references'];

export function sectionNames(sections) {
  return (sections || []).map((s) => (SECTIONS.includes(s) ? t(`section.${s}`) : s)).join(', ');
}
