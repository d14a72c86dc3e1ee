// Live notifications: the unread count and new arrivals, from the
// notification stream (Server-Sent Events, authenticated by the session
// cookie). EventSource reconnects by itself with Last-Event-ID; when the
// gateway ends the stream for good (an error answer), we open a new one
// with backoff and count the unread again.
import { api } from './api.js';

// The stream names each frame after its event, so a listener is needed
// per name (an unnamed `message` listener would hear none of them).
const EVENTS = [
  'brief.submitted', 'brief.withdrawn', 'brief.reopened', 'brief.review_started', 'brief.requeued',
  'brief.approved', 'brief.changes_requested', 'brief.rejected', 'brief.published', 'brief.returned',
  'brief.retracted', 'review.claimed', 'review.released', 'review.expired', 'review.completed',
  'review.round_completed', 'review.round_requeued', 'review.lease_ending', 'review.queue_stale',
  'followup.due', 'milestone.due_soon', 'milestone.overdue', 'milestone.digest', 'course.followup_due',
  'agreement.due', 'followup.missed', 'feedback.requested', 'feedback.answered',
  'comment.replied', 'comment.resolved',
  'message',
];
const PAGE = 100;

export function createLive(onChange) {
  let source = null;
  let unread = 0;
  let state = 'connecting';
  let retryTimer = null;
  let attempt = 0;
  let stopped = false;
  const seen = new Set();
  const subscribers = new Set();

  async function countUnread() {
    try {
      const data = await api.get('/v1/notifications', { query: { unread: true, pageSize: PAGE }, retries: 3 });
      const list = data?.notifications || [];
      unread = list.length + (data?.nextPageToken ? 1 : 0);
      for (const n of list) seen.add(n.id);
      onChange();
    } catch {
      // The count stays as it was; the stream will bring changes.
    }
  }

  function setState(next) {
    state = next;
    for (const s of subscribers) s.state?.(state);
    onChange();
  }

  function onFrame(event) {
    let n;
    try {
      n = JSON.parse(event.data);
    } catch {
      return;
    }
    if (!n || !n.id || seen.has(n.id)) return;
    seen.add(n.id);
    if (!n.readTime) unread += 1;
    for (const s of subscribers) s.notification?.(n);
    onChange();
  }

  function open() {
    if (stopped) return;
    source = new EventSource('/v1/notifications:stream', { withCredentials: true });
    for (const name of EVENTS) source.addEventListener(name, onFrame);
    source.addEventListener('open', () => {
      attempt = 0;
      setState('live');
    });
    source.addEventListener('error', () => {
      if (stopped) return;
      if (source.readyState === EventSource.CLOSED) {
        // Ended for good (not signed in, a 503): open anew, later.
        source = null;
        setState('reconnecting');
        const delay = Math.min(60000, 2000 * 2 ** attempt++);
        retryTimer = setTimeout(() => {
          countUnread();
          open();
        }, delay);
      } else {
        setState('reconnecting');
      }
    });
  }

  return {
    start() {
      countUnread();
      open();
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      source?.close();
      source = null;
    },
    unread: () => unread,
    state: () => state,
    // A notification was marked read here.
    markedRead() {
      unread = Math.max(0, unread - 1);
      onChange();
    },
    recount: countUnread,
    // subscriber: {notification(n), state(s)}; returns unsubscribe.
    subscribe(subscriber) {
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },
  };
}
