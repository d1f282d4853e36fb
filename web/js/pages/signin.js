/* signin.js: the sign-in form. A failed sign-in says only that the login or password was wrong
 * (the server never says which, nor whether the account is locked). */
import { h, field, notify, add } from '../dom.js';
import { t } from '../i18n.js';
import { session, signIn } from '../api.js';

export async function render(view, { signedIn }) {
    if (session.user) {
        signedIn();
        return;
    }
    const login = h('input', { name: 'login', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
    const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const error = h('p.form-error', { role: 'alert', id: 'signin-error' });
    const submit = h('button.primary', { type: 'submit' }, t('signin.submit'));
    const form = h('form.signin', { 'aria-describedby': 'signin-error' },
        field(t('signin.login'), login), field(t('signin.password'), password), error, h('div.actions', null, submit));
    form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        error.textContent = '';
        submit.disabled = true;
        try {
            await signIn(login.value.trim(), password.value);
            password.value = '';
            notify(t('signin.welcome', { name: session.user.name || session.user.login }), 'ok');
            signedIn();
        } catch (e) {
            error.textContent = e.display ? e.display() : String(e.message || e);
            password.value = '';
            password.focus();
        } finally {
            submit.disabled = false;
        }
    });
    add(view, h('div.signin-box', null, h('h1', null, t('signin.title')), h('p.lead', null, t('signin.lead')), form));
    login.focus();
}
