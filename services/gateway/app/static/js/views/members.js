// A course's members: role, organization, invitation status, a
// participant's mentor; organizers choose the mentor among the course's
// experts, send an invitation again, and enrol one person or a whole file.
import { h, append, replace, seg, uid } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { fill, table, scrollTable, statusTag, backLink, errorBlock } from '../ui.js';
import { Form, field, submitButton, actionButton } from '../forms.js';

export default function render({ view, params }) {
  const base = `/v1/courses/${seg(params.id)}`;
  const appBase = `/app/courses/${seg(params.id)}`;
  const organizer = app.hasRole('ORGANIZER', 'ADMIN');
  const heading = h('h1', null, t('members.title'));
  const list = h('div');
  const addSlot = h('div');
  append(view, backLink(appBase, t('members.backToCourse')), heading,
    organizer ? h('p', null, h('a', { href: `${appBase}/import` }, t('members.importLink'))) : null,
    list, addSlot);
  api.get(base, { retries: 3 }).then((course) => {
    heading.textContent = t('members.titleOf', { title: course.title });
    document.title = `${heading.textContent} – ${t('frame.product')}`;
  }).catch(() => {});

  const refresh = () => fill(list, () => loadAll(base), (members) => drawMembers(members, base, appBase, organizer, list));
  refresh();
  if (organizer) append(addSlot, addForm(base, refresh));
}

async function loadAll(base) {
  const members = [];
  let pageToken = '';
  do {
    const data = await api.get(`${base}/members`, { query: { pageSize: 100, pageToken } });
    members.push(...(data?.members || []));
    pageToken = data?.nextPageToken || '';
  } while (pageToken && members.length < 5000);
  return members;
}

const ROLE_ORDER = { ORGANIZER: 0, EXPERT: 1, PARTICIPANT: 2 };
// The API answers CONSTITUENCY_UNSPECIFIED when none was given.
const CONSTITUENCIES = ['GOVERNMENT', 'WORKERS', 'EMPLOYERS'];

function drawMembers(members, base, appBase, organizer, slot) {
  if (!members.length) return h('p', null, t('members.none'));
  members.sort((a, b) => (ROLE_ORDER[a.courseRole] ?? 3) - (ROLE_ORDER[b.courseRole] ?? 3) ||
    (a.displayName || '').localeCompare(b.displayName || ''));
  const counts = {};
  for (const m of members) counts[m.courseRole] = (counts[m.courseRole] || 0) + 1;
  const experts = members.filter((m) => m.courseRole === 'EXPERT');
  const nameOf = (id) => {
    const m = members.find((x) => x.userId === id);
    return m ? m.displayName || m.email || '—' : t('members.mentorUnknown');
  };
  const head = [t('members.name'), organizer ? t('members.email') : null, t('members.role'), t('members.organization'),
    t('members.country'), t('members.invitation'), t('members.mentor'), organizer ? t('members.actions') : null].filter(Boolean);
  const rows = members.map((m) => {
    const pending = m.invitationState === 'PENDING';
    const status = pending ? statusTag('pending', t('members.pending')) : statusTag('accepted', t('members.accepted'));
    const feedback = h('span', { role: 'status' });
    const actions = [];
    if (organizer && pending) {
      actions.push(actionButton(t('members.resend'), t('members.resending'), async () => {
        try {
          await api.post(`${base}/members/${seg(m.userId)}:invite`, {});
          replace(feedback, t('members.resent', { name: m.displayName || m.email }));
        } catch (err) {
          replace(feedback, errorBlock(err));
        }
      }, { class: 'secondary', 'aria-label': t('members.resendNamed', { name: m.displayName || m.email }) }));
    }
    if (organizer && m.courseRole === 'PARTICIPANT') {
      actions.push(h('a', { href: `${appBase}/members/${seg(m.userId)}/extensions`,
        'aria-label': t('members.extensionsNamed', { name: m.displayName || m.email }) }, t('members.extensions')));
    }
    return h('tr', null,
      h('th', { scope: 'row' }, m.displayName || '—'),
      organizer ? h('td', null, m.email || '—') : null,
      h('td', null, m.courseRole in ROLE_ORDER ? t(`courseRole.${m.courseRole}`) : '—'),
      h('td', null, m.organization || '—', CONSTITUENCIES.includes(m.constituency) ? h('span', { class: 'extended' }, t(`constituency.${m.constituency}`)) : null),
      h('td', null, m.country || '—'),
      h('td', null, status, m.joinTime ? h('span', { class: 'extended' }, t('members.since', { date: formatDate(m.joinTime.slice(0, 10)) })) : null),
      h('td', null, m.courseRole !== 'PARTICIPANT' ? '—'
        : organizer ? mentorChoice(m, experts, base) : (m.mentorId ? nameOf(m.mentorId) : t('members.noMentor'))),
      organizer ? h('td', null, h('div', { class: 'cell-actions' }, actions), feedback) : null);
  });
  return [
    h('ul', { class: 'legend' }, ['PARTICIPANT', 'EXPERT', 'ORGANIZER'].map((r) => h('li', null, t(`members.count.${r}`, { count: counts[r] || 0 })))),
    scrollTable(table({ caption: t('members.caption'), captionHidden: true, head, rows }), t('members.caption')),
  ];
}

// A participant's mentor, chosen among the course's experts, saved with
// PATCH …/members/{userId} {"mentorId"} ("" for none).
function mentorChoice(m, experts, base) {
  const name = m.displayName || m.email;
  const id = uid('mentor');
  const options = [{ value: '', label: t('members.noMentor') },
    ...experts.map((e) => ({ value: e.userId, label: e.displayName || e.email || e.userId }))];
  // An assigned mentor who is no longer an expert of the course stays shown.
  if (m.mentorId && !experts.some((e) => e.userId === m.mentorId)) options.push({ value: m.mentorId, label: t('members.mentorUnknown') });
  const select = h('select', { id, name: 'mentorId' },
    options.map((o) => h('option', { value: o.value, selected: o.value === (m.mentorId || '') }, o.label)));
  const said = h('div', { class: 'mentor-status', role: 'status' });
  const save = actionButton(t('members.mentorSave'), t('common.saving'), async () => {
    replace(said);
    const mentorId = select.value;
    try {
      const updated = await api.patch(`${base}/members/${seg(m.userId)}`, { mentorId });
      m.mentorId = updated?.mentorId ?? mentorId;
      replace(said, h('p', { class: 'notice success' }, m.mentorId
        ? t('members.mentorSaved', { name, mentor: select.selectedOptions[0]?.textContent || '' })
        : t('members.mentorRemoved', { name })));
    } catch (err) {
      replace(said, errorBlock(err));
    }
  }, { class: 'secondary', 'aria-label': t('members.mentorSaveNamed', { name }) });
  return h('div', { class: 'mentor-choice' },
    h('label', { for: id }, t('members.mentorLabel'), h('span', { class: 'visually-hidden' }, ` ${t('members.mentorFor', { name })}`)),
    select,
    experts.length ? null : h('p', { class: 'hint' }, t('members.noExperts')),
    save,
    said);
}

function addForm(base, refresh) {
  const formEl = h('form', { novalidate: true });
  const form = new Form(formEl);
  const email = form.add(field({ name: 'email', label: t('members.email'), type: 'email', required: true, spellcheck: 'false', autocomplete: 'off' }));
  const name = form.add(field({ name: 'displayName', label: t('members.name'), hint: t('members.nameHint') }));
  const role = form.add(field({ name: 'courseRole', label: t('members.role'), type: 'select', value: 'PARTICIPANT',
    options: ['PARTICIPANT', 'EXPERT', 'ORGANIZER'].map((r) => ({ value: r, label: t(`courseRole.${r}`) })) }));
  const organization = form.add(field({ name: 'organization', label: t('members.organization') }));
  const constituency = form.add(field({ name: 'constituency', label: t('members.constituency'), type: 'select', value: '',
    options: [{ value: '', label: t('constituency.NONE') }, ...['GOVERNMENT', 'WORKERS', 'EMPLOYERS'].map((c) => ({ value: c, label: t(`constituency.${c}`) }))] }));
  const country = form.add(field({ name: 'country', label: t('members.country') }));
  const button = submitButton(t('members.add'));
  const done = h('div', { role: 'status' });
  append(formEl, email, name, role, organization, constituency, country, h('div', { class: 'actions' }, button), done);
  form.onSubmit(button, t('members.adding'), async () => {
    replace(done);
    if (!email.control.value.trim().includes('@')) {
      form.showErrors([{ field: 'email', message: t('reset.emailInvalid') }]);
      return;
    }
    const body = { email: email.control.value.trim(), displayName: name.control.value.trim(), courseRole: role.control.value,
      organization: organization.control.value.trim(), country: country.control.value.trim() };
    if (constituency.control.value) body.constituency = constituency.control.value;
    const member = await api.post(`${base}/members`, body);
    form.clearErrors();
    formEl.reset();
    replace(done, h('p', { class: 'notice success' }, member?.invitationState === 'PENDING'
      ? t('members.addedInvited', { email: body.email }) : t('members.added', { email: body.email })));
    refresh();
  });
  return h('section', { 'aria-labelledby': 'add-member' }, h('h2', { id: 'add-member' }, t('members.addTitle')),
    h('p', null, t('members.addLead')), formEl);
}
