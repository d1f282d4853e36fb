/* boards.js: tumor board meetings. #/boards lists the coming meetings (a form schedules one) and
 * opens the next; #/boards/ID shows a meeting: its patients with their reports side by side (the
 * molecular group, the alterations with tiers and therapies, the trials), a form to list another
 * patient, and links to each printable report. The printable report cannot be framed (the
 * server forbids framing), so the side-by-side view is drawn from the report document. */
import { h, field, table, notify, busy, add, errorBox } from '../dom.js';
import { t, fmtDate, fmtNum, today } from '../i18n.js';
import { api, can, enc } from '../api.js';
import { groupBadge, alterationsTable, trialsTable } from '../report.js';

export async function render(view, ctx) {
    if (ctx.params[0]) {
        add(view, h('p.breadcrumb.no-print', null, h('a', { href: '#/boards' }, t('boards.title'))));
        return renderBoard(view, ctx, ctx.params[0], 'h1');
    }
    const past = ctx.query.get('all') === '1';
    add(view, h('h1', null, t('boards.title')),
        h('p.no-print', null, h('a', { href: past ? '#/boards' : '#/boards?all=1' }, past ? t('boards.upcoming_only') : t('boards.show_past'))));
    if (can('clinical')) add(view, createForm(ctx));
    let boards;
    try {
        boards = (await api('GET', past ? '/boards' : `/boards?from=${today()}`)).boards || [];
    } catch (e) {
        add(view, errorBox(e));
        return;
    }
    if (!boards.length) {
        add(view, h('p', null, t('boards.none')));
        return;
    }
    add(view, h('div.table-wrap', null, table(t('boards.caption'), [t('boards.date'), t('boards.name'), t('boards.n_patients')],
        boards.map((b) => [h('a', { href: `#/boards/${enc(b.id)}` }, fmtDate(b.meets_on)), b.title || '', fmtNum(b.n_patients ?? 0)]))));
    const next = boards.find((b) => b.meets_on >= today());
    if (next) {
        const box = h('section.next-board');
        add(view, box);
        await renderBoard(box, ctx, next.id, 'h2');
    }
}

function createForm(ctx) {
    const date = h('input', { type: 'date', name: 'meets_on', required: true });
    const title = h('input', { name: 'title', required: true, maxlength: '200' });
    const submit = h('button', { type: 'submit' }, t('boards.create'));
    const form = h('form.inline-form', null, field(t('boards.date'), date), field(t('boards.name'), title), h('div.actions', null, submit));
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        busy(submit, async () => {
            const b = await api('POST', '/boards', { meets_on: date.value, title: title.value.trim() });
            notify(t('boards.created'), 'ok');
            ctx.go(`/boards/${enc(b.id)}`);
        });
    });
    return h('details.edit.no-print', null, h('summary', null, t('boards.schedule')), form);
}

async function renderBoard(view, ctx, id, level) {
    let b;
    try {
        b = await api('GET', `/boards/${enc(id)}`);
    } catch (e) {
        add(view, h(level, null, t('boards.meeting')), errorBox(e));
        return;
    }
    const reload = () => ctx.go(`/boards/${enc(b.id)}`);
    add(view, h(level, null, t('boards.meeting_on', { date: fmtDate(b.meets_on), title: b.title || '' })));
    const ids = b.patients || [];
    if (can('clinical')) add(view, addForm(b, reload));
    if (!ids.length) {
        add(view, h('p', null, t('boards.no_patients')));
        return;
    }
    const grid = h('div.board-grid');
    add(view, h('p.muted.no-print', null, t('boards.side_by_side', { n: ids.length })), grid);
    const reports = await Promise.allSettled(ids.map((p) => api('GET', `/patients/${enc(typeof p === 'object' ? p.id : p)}/report`)));
    ids.forEach((p, i) => add(grid, patientColumn(b, typeof p === 'object' ? p.id : p, reports[i], reload, level)));
}

function addForm(b, reload) {
    const patient = h('input', { name: 'patient', required: true, autocomplete: 'off' });
    const submit = h('button', { type: 'submit' }, t('boards.add_patient'));
    const form = h('form.inline-form.no-print', null, field(t('boards.patient_id'), patient), h('div.actions', null, submit));
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        busy(submit, async () => {
            await api('POST', `/boards/${enc(b.id)}/patients`, { patient: patient.value.trim() });
            notify(t('boards.added', { id: patient.value.trim() }), 'ok');
            reload();
        });
    });
    return form;
}

function patientColumn(b, id, report, reload, level) {
    const sub = level === 'h1' ? 'h2' : 'h3';
    const col = h('article.board-patient', { 'aria-label': t('patient.title', { id }) });
    const r = report.status === 'fulfilled' ? report.value : null;
    const g = r && r.molecular_group;
    add(col, h(sub, null, h('a', { href: `#/patients/${enc(id)}` }, id), ' ', groupBadge(g && g.id, g && g.label)));
    if (!r) {
        add(col, errorBox(report.reason));
    } else {
        const p = r.patient || {};
        add(col, h('p.meta', null, [r.tumor_type || p.oncotree_code, p.stage && t('boards.stage', { stage: p.stage }),
            p.age !== undefined && p.age !== null ? t('boards.age', { age: p.age }) : null].filter(Boolean).join(' · ')),
        g && g.label ? h('p.group-label', null, g.label) : null,
        alterationsTable(r, true), h(sub === 'h2' ? 'h3' : 'h4', null, t('patient.trials')), trialsTable(r.trials || []));
    }
    add(col, h('div.actions.no-print', null,
        h('a.button', { href: `/api/v1/patients/${enc(id)}/report.html`, target: '_blank', rel: 'noopener' }, t('patient.open_report')),
        can('clinical') ? h('button', { type: 'button', on: { click: (ev) => busy(ev.currentTarget, async () => {
            await api('DELETE', `/boards/${enc(b.id)}/patients/${enc(id)}`);
            notify(t('boards.removed', { id }), 'ok');
            reload();
        }) } }, t('boards.remove')) : null));
    return col;
}
