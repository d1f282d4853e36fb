/* patients.js: the patient list, searched and filtered (molecular group, trial status, next tumor
 * board) and paged. The filters live in the URL's hash (#/patients?q=..&group=..), so that the
 * browser's back button and a reload keep them; nothing is stored in the browser. */
import { h, field, select, table, notify, add, put, errorBox } from '../dom.js';
import { t, fmtDate, fmtNum } from '../i18n.js';
import { api, can } from '../api.js';
import { groupBadge } from '../report.js';
import { GROUPS, TRIAL_STATUSES } from '../groups.js';

const PAGE = 25;

export async function render(view, { query, go }) {
    const q = h('input', { name: 'q', type: 'search', value: query.get('q') || '' });
    const group = select({ name: 'group' }, [['', t('filter.any')], ...GROUPS.map((g) => [g, g.replace(/_/g, ' ')]),
        ['none', t('group.none')]], query.get('group'));
    const status = select({ name: 'trial_status' }, [['', t('filter.any')],
        ...TRIAL_STATUSES.map((s) => [s, t(`trialstatus.${s}`)])], query.get('trial_status'));
    const nextBoard = h('input', { type: 'checkbox', id: 'f-next-board', name: 'next_board', checked: query.get('next_board') === '1' });
    const form = h('form.filters', { role: 'search', 'aria-label': t('patients.filters') },
        field(t('patients.search'), q, t('patients.search_hint')), field(t('patients.group'), group),
        field(t('patients.trial_status'), status),
        h('div.field.check', null, nextBoard, h('label', { for: 'f-next-board' }, t('patients.next_board_only'))),
        h('div.actions', null, h('button.primary', { type: 'submit' }, t('common.search')),
            h('button', { type: 'button', on: { click: () => go('/patients') } }, t('common.reset'))));
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const p = new URLSearchParams();
        if (q.value.trim()) p.set('q', q.value.trim());
        if (group.value) p.set('group', group.value);
        if (status.value) p.set('trial_status', status.value);
        if (nextBoard.checked) p.set('next_board', '1');
        go(`/patients${p.toString() ? `?${p}` : ''}`);
    });
    add(view, h('h1', null, t('patients.title')), form);
    if (can('clinical')) add(view, registerForm(go));

    const offset = Math.max(0, parseInt(query.get('offset') || '0', 10) || 0);
    const params = new URLSearchParams();
    for (const k of ['q', 'group', 'trial_status', 'trial', 'board', 'next_board']) if (query.get(k)) params.set(k, query.get(k));
    params.set('limit', String(PAGE));
    params.set('offset', String(offset));
    const results = h('div.results', { 'aria-busy': 'true' }, h('p.loading', null, t('common.loading')));
    add(view, results);
    let data;
    try {
        data = await api('GET', `/patients?${params}`);
    } catch (e) {
        put(results, errorBox(e));
        return;
    }
    results.removeAttribute('aria-busy');
    const rows = data.patients || [];
    const total = data.total ?? rows.length;
    if (!rows.length) {
        put(results, h('p', null, t('patients.none')));
        return;
    }
    const tbl = table(t('patients.caption', { n: fmtNum(total) }),
        [t('patient.id'), t('patient.sex'), t('patient.age'), t('patient.diagnosis'), t('patient.stage'),
            t('patient.group'), t('patient.vital'), t('patients.eligible_trials'), t('patients.enrolled'),
            t('patients.next_board'), t('patients.updated')],
        rows.map((p) => [h('a', { href: `#/patients/${encodeURIComponent(p.id)}` }, p.id),
            p.sex ? t(`sex.${p.sex}`) : t('common.unknown'), p.age ?? t('common.unknown'),
            p.oncotree_code || t('common.unknown'), p.stage || t('common.unknown'), groupBadge(p.group),
            p.vital_status ? t(`vital.${p.vital_status}`) : t('common.unknown'), fmtNum(p.eligible_trials ?? 0),
            p.enrolled_trial || '—', p.next_board ? fmtDate(p.next_board) : '—', p.updated_at ? fmtDate(p.updated_at) : '—']));
    const pager = h('nav.pager', { 'aria-label': t('patients.pages') });
    const page = (off) => {
        const p = new URLSearchParams(query);
        p.set('offset', String(off));
        return `#/patients?${p}`;
    };
    if (offset > 0) add(pager, h('a', { href: page(Math.max(0, offset - PAGE)), rel: 'prev' }, t('common.previous')));
    add(pager, h('span', null, t('patients.range', { from: fmtNum(offset + 1), to: fmtNum(offset + rows.length), total: fmtNum(total) })));
    if (offset + rows.length < total) add(pager, h('a', { href: page(offset + PAGE), rel: 'next' }, t('common.next')));
    put(results, h('div.table-wrap', null, tbl), pager);
}

/* Registering a patient from a case file (docs/case-format.md), for clinicians. */
function registerForm(go) {
    const file = h('input', { type: 'file', accept: '.json,application/json' });
    const replace = h('input', { type: 'checkbox', id: 'f-replace' });
    const submit = h('button', { type: 'submit' }, t('patients.register'));
    const form = h('form.inline-form', null, field(t('patients.case_file'), file, t('patients.case_file_hint')),
        h('div.field.check', null, replace, h('label', { for: 'f-replace' }, t('patients.replace'))), h('div.actions', null, submit));
    form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        if (!file.files.length) {
            notify(t('patients.choose_file'), 'error');
            return;
        }
        submit.disabled = true;
        try {
            const text = await file.files[0].text();
            const r = await api('POST', `/patients${replace.checked ? '?replace=1' : ''}`, text, { type: 'application/json' });
            notify(t('patients.registered', { id: r.id }), 'ok');
            go(`/patients/${encodeURIComponent(r.id)}`);
        } catch (e) {
            notify(e.display ? e.display() : String(e), 'error', e.code);
        } finally {
            submit.disabled = false;
        }
    });
    return h('details.register', null, h('summary', null, t('patients.register_title')), form);
}
