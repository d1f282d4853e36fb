/* admin.js: administration, for admins only: the users (create, change the role, disable or
 * enable) and the audit log (filtered by patient and date, and its hash chain verified). */
import { h, field, select, table, notify, busy, add, errorBox } from '../dom.js';
import { t, fmtDateTime, fmtNum } from '../i18n.js';
import { api, enc, ROLES, session } from '../api.js';

export async function render(view, ctx) {
    add(view, h('h1', null, t('admin.title')));
    const users = h('section.card', { 'aria-labelledby': 'users' }, h('h2', { id: 'users' }, t('admin.users')));
    const audit = h('section.card', { 'aria-labelledby': 'audit' }, h('h2', { id: 'audit' }, t('admin.audit')));
    add(view, users, audit);
    const reload = () => ctx.go(`/admin${ctx.query.toString() ? `?${ctx.query}` : ''}`);
    await Promise.all([renderUsers(users, reload), renderAudit(audit, ctx)]);
}

async function renderUsers(box, reload) {
    add(box, createUserForm(reload));
    let list;
    try {
        list = (await api('GET', '/users')).users || [];
    } catch (e) {
        add(box, errorBox(e));
        return;
    }
    add(box, h('div.table-wrap', null, table(null,
        [t('admin.login'), t('admin.name'), t('admin.role'), t('admin.status'), t('admin.last_login'), t('admin.actions')],
        list.map((u) => userRow(u, reload)), 'data users')));
}

function userRow(u, reload) {
    const role = select({ name: 'role', 'aria-label': t('admin.role_of', { login: u.login }) }, ROLES.map((r) => [r, t(`role.${r}`)]), u.role);
    const saveRole = h('button', { type: 'button' }, t('admin.change_role'));
    saveRole.addEventListener('click', () => busy(saveRole, async () => {
        await api('PUT', `/users/${enc(u.login)}`, { role: role.value });
        notify(t('admin.role_changed', { login: u.login }), 'ok');
        reload();
    }));
    const disabled = u.status === 'disabled';
    const self = session.user && session.user.login === u.login;
    const toggle = h('button', { type: 'button', disabled: self && !disabled }, disabled ? t('admin.enable') : t('admin.disable'));
    toggle.addEventListener('click', () => busy(toggle, async () => {
        await api('PUT', `/users/${enc(u.login)}`, { disabled: !disabled });
        notify(t(disabled ? 'admin.enabled' : 'admin.disabled', { login: u.login }), 'ok');
        reload();
    }));
    return [u.login, u.name || '', h('span.role-edit', null, role, ' ', saveRole),
        h('span', { class: `badge user-${u.status || 'active'}` }, t(`userstatus.${u.status || 'active'}`)),
        u.last_login ? fmtDateTime(u.last_login) : t('admin.never'), toggle];
}

function createUserForm(reload) {
    const login = h('input', { name: 'login', required: true, autocomplete: 'off', pattern: '[A-Za-z0-9._@+-]{1,64}' });
    const name = h('input', { name: 'name', required: true });
    const role = select({ name: 'role' }, ROLES.map((r) => [r, t(`role.${r}`)]), 'viewer');
    const password = h('input', { type: 'password', name: 'password', required: true, autocomplete: 'new-password', minlength: '12' });
    const submit = h('button.primary', { type: 'submit' }, t('admin.create_user'));
    const form = h('form.inline-form', null, field(t('admin.login'), login), field(t('admin.name'), name), field(t('admin.role'), role),
        field(t('admin.password'), password, t('admin.password_hint')), h('div.actions', null, submit));
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        busy(submit, async () => {
            try {
                await api('POST', '/users', { login: login.value.trim(), name: name.value.trim(), role: role.value, password: password.value });
            } finally {
                password.value = '';
            }
            notify(t('admin.user_created', { login: login.value.trim() }), 'ok');
            reload();
        });
    });
    return h('details.edit', null, h('summary', null, t('admin.new_user')), form);
}

async function renderAudit(box, ctx) {
    const q = ctx.query;
    const patient = h('input', { name: 'patient', value: q.get('patient') || '' });
    const since = h('input', { type: 'date', name: 'since', value: q.get('since') || '' });
    const limit = select({ name: 'limit' }, ['50', '100', '500', '1000'], q.get('limit') || '100');
    const form = h('form.filters', { 'aria-label': t('admin.audit_filters') }, field(t('admin.patient'), patient), field(t('admin.since'), since),
        field(t('admin.limit'), limit), h('div.actions', null, h('button', { type: 'submit' }, t('common.show'))));
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const p = new URLSearchParams();
        if (patient.value.trim()) p.set('patient', patient.value.trim());
        if (since.value) p.set('since', since.value);
        p.set('limit', limit.value);
        ctx.go(`/admin?${p}`);
    });
    const verify = h('button', { type: 'button', id: 'verify-audit' }, t('admin.verify'));
    const verdict = h('p.verdict', { 'aria-live': 'polite' });
    verify.addEventListener('click', () => busy(verify, async () => {
        const r = await api('GET', '/audit/verify');
        verdict.className = `verdict ${r.intact ? 'ok' : 'error'}`;
        verdict.textContent = r.intact
            ? t('admin.intact', { n: fmtNum(r.entries ?? 0), c: fmtNum(r.checkpoints ?? 0) })
            : t('admin.broken', { seq: r.first_bad_seq ?? '?' });
    }));
    add(box, form, h('div.actions', null, verify), verdict);
    const params = new URLSearchParams();
    if (q.get('patient')) params.set('patient', q.get('patient'));
    if (q.get('since')) params.set('since', q.get('since'));
    params.set('limit', q.get('limit') || '100');
    try {
        const entries = (await api('GET', `/audit?${params}`)).entries || [];
        add(box, entries.length ? h('div.table-wrap', null, table(null,
            [t('admin.seq'), t('admin.at'), t('admin.actor'), t('admin.action'), t('admin.entity'), t('admin.patient'), t('admin.detail')],
            entries.map((e) => [String(e.seq), fmtDateTime(e.at), e.actor || '', e.action || '',
                `${e.entity || ''}${e.entity_id ? ` ${e.entity_id}` : ''}`, e.patient_id || '',
                typeof e.detail === 'object' && e.detail !== null ? JSON.stringify(e.detail) : (e.detail || '')]), 'data audit'))
            : h('p', null, t('admin.no_entries')));
    } catch (e) {
        add(box, errorBox(e));
    }
}
