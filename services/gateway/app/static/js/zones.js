// Wall-clock times in a course's time zone <-> instants. A module is due
// "on 12 May at 18:00 in Rome", whatever the organizer's own zone.

const partsFormat = new Map();
function parts(date, timeZone) {
  if (!partsFormat.has(timeZone)) {
    partsFormat.set(timeZone, new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }));
  }
  const out = {};
  for (const p of partsFormat.get(timeZone).formatToParts(date)) out[p.type] = p.value;
  return out;
}

export function isTimeZone(zone) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return !!zone;
  } catch {
    return false;
  }
}

function offsetMs(utcMs, timeZone) {
  const p = parts(new Date(utcMs), timeZone);
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

// '2027-05-12', '18:00', 'Europe/Rome' -> '2027-05-12T16:00:00.000Z'
export function toInstant(date, time, timeZone) {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || '');
  const tm = /^(\d{2}):(\d{2})/.exec(time || '');
  if (!d || !tm || !isTimeZone(timeZone)) return null;
  const wall = Date.UTC(+d[1], +d[2] - 1, +d[3], +tm[1], +tm[2]);
  let utc = wall - offsetMs(wall, timeZone);
  utc = wall - offsetMs(utc, timeZone);
  return new Date(utc).toISOString();
}

// '2027-05-12T16:00:00Z', 'Europe/Rome' -> {date: '2027-05-12', time: '18:00'}
export function fromInstant(instant, timeZone) {
  const date = new Date(instant);
  if (!instant || Number.isNaN(date.getTime())) return { date: '', time: '' };
  const p = parts(date, isTimeZone(timeZone) ? timeZone : 'UTC');
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

export function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function allZones() {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}
