// The test SMTP server's Maildir (aiosmtpd's Mailbox handler: one file a
// message in new/, whole once renamed there), read as a mail reader would:
// headers unfolded, encoded words decoded, the text part decoded from
// quoted-printable or base64.
import fs from 'node:fs';
import path from 'node:path';
import { env, waitUntil } from './env.mjs';

const taken = new Set();  // files a waitFor already returned

// The first message to `to` (the envelope or To:) whose Subject matches
// `subject` (a RegExp or a substring), not returned before; waits for it up
// to `timeout` ms. {file, to, subject, headers, text, html, links, link(re)}.
export async function waitFor(to, subject, { timeout = 20000 } = {}) {
  if (!env.MAILDIR) throw new Error('MAILDIR is not set: no e-mail to read');
  const wanted = to.toLowerCase();
  const matches = (s) => (subject instanceof RegExp ? subject.test(s) : s.includes(subject));
  const msg = await waitUntil(`an e-mail to ${to} with subject ${subject}`, () => {
    for (const m of messages()) {
      if (taken.has(m.file)) continue;
      const rcpt = `${m.headers['x-rcptto'] ?? ''} ${m.headers.to ?? ''}`.toLowerCase();
      if (rcpt.includes(wanted) && matches(m.subject)) return m;
    }
    return null;
  }, { timeout, every: 100 });
  taken.add(msg.file);
  return msg;
}

// Every message so far, oldest first.
export function messages() {
  const out = [];
  for (const sub of ['new', 'cur']) {
    const dir = path.join(env.MAILDIR, sub);
    let names = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      out.push({ file, mtime: fs.statSync(file).mtimeMs, raw: fs.readFileSync(file, 'latin1') });
    }
  }
  // Python's Maildir names a message "<time>.M<usec>P<pid>Q<count>.<host>":
  // the count is the order of arrival (tests/harness/smtp.cc).
  const count = (f) => Number(/Q(\d+)/.exec(path.basename(f))?.[1] ?? 0);
  out.sort((a, b) => count(a.file) - count(b.file) || a.mtime - b.mtime);
  return out.map(({ file, raw }) => parse(file, raw));
}

function parse(file, raw) {
  const { headers, body } = split(raw);
  const parts = leaves(headers, body);
  const text = parts.find((p) => p.type === 'text/plain')?.text ?? '';
  const html = parts.find((p) => p.type === 'text/html')?.text ?? '';
  const links = [...new Set([...text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)].map((m) => m[0]))];
  return {
    file, headers, text, html, links,
    to: decodeWords(headers.to ?? ''),
    subject: decodeWords(headers.subject ?? ''),
    // The first link matching `re`, its origin made BASE_URL's (the stack
    // writes links with its configured public URL, the browser reaches the
    // gateway on loopback).
    link(re = /./) {
      const found = links.find((l) => re.test(l));
      if (!found) throw new Error(`no link matching ${re} in the e-mail "${this.subject}":\n${text}`);
      const u = new URL(found);
      return env.BASE_URL + u.pathname + u.search + u.hash;
    },
  };
}

// Header (names in lower case, folded lines joined) and body.
function split(raw) {
  const normal = raw.replace(/\r\n/g, '\n');
  const end = normal.indexOf('\n\n');
  const head = end < 0 ? normal : normal.slice(0, end);
  const body = end < 0 ? '' : normal.slice(end + 2);
  const headers = {};
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!(name in headers)) headers[name] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

function leaves(headers, body) {
  const type = headers['content-type'] ?? 'text/plain';
  const mime = type.split(';')[0].trim().toLowerCase();
  if (mime.startsWith('multipart/')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (!boundary) return [];
    const chunks = body.split(`--${boundary}`).slice(1);
    return chunks
      .filter((c) => !c.startsWith('--'))
      .flatMap((c) => {
        const part = split(c.replace(/^\n/, ''));
        return leaves(part.headers, part.body);
      });
  }
  const charset = (/charset="?([^";]+)"?/i.exec(type)?.[1] ?? 'utf-8').toLowerCase();
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let bytes;
  if (encoding === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable') bytes = quotedPrintable(body);
  else bytes = Buffer.from(body, 'latin1');
  return [{ type: mime, text: new TextDecoder(charset === 'us-ascii' ? 'utf-8' : charset).decode(bytes) }];
}

function quotedPrintable(s) {
  const joined = s.replace(/=\n/g, '');
  const out = [];
  for (let i = 0; i < joined.length; i += 1) {
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      out.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(joined.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(out);
}

// RFC 2047 encoded words; the whitespace between two of them is dropped.
function decodeWords(s) {
  return s
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, charset, enc, data) => {
      const bytes = enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64')
        : quotedPrintable(data.replace(/_/g, ' '));
      return new TextDecoder(charset.toLowerCase()).decode(bytes);
    });
}
