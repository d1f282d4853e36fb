/* export.js: the pseudonymised research export (POST /api/v1/exports/research), for researchers
 * and administrators: a project name and the password entered again; the answer is offered as a
 * JSON file to save. Nothing of it is kept in the browser after the download. */
import { h, field, notify, busy, add } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';

export async function render(view) {
    const project = h('input', { name: 'project', required: true, maxlength: '128', pattern: '[A-Za-z0-9._-]+' });
    const password = h('input', { type: 'password', name: 'password', required: true, autocomplete: 'current-password' });
    const submit = h('button.primary', { type: 'submit' }, t('export.submit'));
    const result = h('p.result', { 'aria-live': 'polite' });
    const form = h('form.inline-form', null, field(t('export.project'), project, t('export.project_hint')),
        field(t('decision.password'), password), h('div.actions', null, submit));
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        busy(submit, async () => {
            let data;
            try {
                data = await api('POST', '/exports/research', { project: project.value.trim(), password: password.value });
            } finally {
                password.value = '';
            }
            const text = typeof data === 'string' ? data : JSON.stringify(data, null, 1);
            const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
            const link = h('a', { href: url, download: `research-${project.value.trim()}.json` }, t('export.download'));
            link.addEventListener('click', () => setTimeout(() => { URL.revokeObjectURL(url); link.remove(); }, 1000));
            result.replaceChildren(link);
            link.focus();
            notify(t('export.ready'), 'ok');
        });
    });
    add(view, h('h1', null, t('export.title')), h('p.lead', null, t('export.lead')), form, result);
}
