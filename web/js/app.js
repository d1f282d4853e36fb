/* app.js: the interface's shell. It loads the language and the session, draws the header (the
 * pages the signed-in role may use, the language switch, who is signed in), and routes on the
 * URL's hash (#/patients, #/patients/P001, #/trials, #/boards, #/accrual, #/cohort, #/admin): each route is
 * one module of js/pages that draws into a fresh <section>, so that a page still loading when the
 * user moves on writes into a section no longer shown. A 401 from any call goes to the sign-in and
 * comes back to the same place afterwards. */
import { h, clear, notify, clearMessages, pruneMessages, add, errorBox } from './dom.js';
import { t, initI18n, setLang, getLang, LANGS } from './i18n.js';
import { session, can, loadSession, signOut, whenSignedOut } from './api.js';
import * as signin from './pages/signin.js';
import * as patients from './pages/patients.js';
import * as patient from './pages/patient.js';
import * as trials from './pages/trials.js';
import * as boards from './pages/boards.js';
import * as accrual from './pages/accrual.js';
import * as admin from './pages/admin.js';
import * as researchExport from './pages/export.js';
import * as cohort from './pages/cohort.js';

/* path pattern, role set, page module, title key (for the navigation when nav is true) */
const ROUTES = [
    { re: /^\/signin$/, page: signin, open: true },
    { re: /^\/patients$/, page: patients, set: 'care', nav: 'nav.patients' },
    { re: /^\/patients\/([^/]+)$/, page: patient, set: 'care' },
    { re: /^\/trials$/, page: trials, set: 'any', nav: 'nav.trials' },
    { re: /^\/trials\/([^/]+)$/, page: trials, set: 'any' },
    { re: /^\/boards$/, page: boards, set: 'care', nav: 'nav.boards' },
    { re: /^\/boards\/([^/]+)$/, page: boards, set: 'care' },
    { re: /^\/accrual$/, page: accrual, set: 'any', nav: 'nav.accrual' },
    { re: /^\/cohort$/, page: cohort, set: 'research', nav: 'nav.cohort' },
    { re: /^\/export$/, page: researchExport, set: 'research', nav: 'nav.export' },
    { re: /^\/admin$/, page: admin, set: 'admin', nav: 'nav.admin' },
];
const NAV_PATHS = { 'nav.patients': '/patients', 'nav.trials': '/trials', 'nav.boards': '/boards',
    'nav.accrual': '/accrual', 'nav.cohort': '/cohort', 'nav.export': '/export', 'nav.admin': '/admin' };

let afterSignIn = null;

function parseHash() {
    const raw = decodeURI(location.hash.replace(/^#/, '')) || '/';
    const [path, qs] = raw.split('?');
    return { path: path || '/', query: new URLSearchParams(qs || '') };
}

export function go(path) {
    if (location.hash === `#${path}`) render();
    else location.hash = path;
}

function home() {
    return can('care') ? '/patients' : '/trials';
}

function drawHeader() {
    const nav = clear(document.getElementById('nav'));
    const { path } = parseHash();
    if (session.user) {
        const ul = h('ul');
        for (const r of ROUTES) {
            if (!r.nav || !can(r.set)) continue;
            const target = NAV_PATHS[r.nav];
            const current = path === target || path.startsWith(`${target}/`);
            ul.appendChild(h('li', null, h('a', { href: `#${target}`, 'aria-current': current ? 'page' : null }, t(r.nav))));
        }
        nav.appendChild(ul);
    }
    const langs = clear(document.getElementById('lang-switch'));
    langs.setAttribute('aria-label', t('lang.label'));
    for (const l of LANGS) {
        langs.appendChild(h('button.lang', {
            type: 'button', lang: l, 'aria-pressed': String(getLang() === l),
            title: t(`lang.${l}`), 'aria-label': t(`lang.${l}`),
            on: { click: async () => { await setLang(l); drawHeader(); render(); } },
        }, l.toUpperCase()));
    }
    const box = clear(document.getElementById('user-box'));
    if (session.user) {
        add(box, h('span.who', null, session.user.name || session.user.login, ' ',
            h('span.role', null, t(`role.${session.user.role}`))),
        h('button', { type: 'button', id: 'sign-out', on: { click: doSignOut } }, t('nav.signout')));
    }
    document.getElementById('brand').textContent = t('app.name');
    document.getElementById('skip-link').textContent = t('nav.skip');
}

async function doSignOut() {
    await signOut().catch(() => {});
    clearMessages();
    notify(t('signin.signed_out'), 'ok');
    go('/signin');
}

/* The route's page, or the sign-in, or a message when the role may not see it. */
let lastPath = null;

export async function render() {
    const { path, query } = parseHash();
    pruneMessages();
    /* The same page again (after a change was saved): keep the reader where they were. */
    const keepY = path === lastPath ? window.scrollY : 0;
    lastPath = path;
    if (path === '/' || path === '') {
        go(session.user ? home() : '/signin');
        return;
    }
    const route = ROUTES.find((r) => r.re.test(path));
    const main = document.getElementById('main');
    const view = h('section.view');
    clear(main).appendChild(view);
    drawHeader();
    if (!route) {
        add(view, h('h1', { tabindex: '-1' }, t('notfound.title')), h('p', null, t('notfound.text')));
        focusHeading(view);
        return;
    }
    if (!route.open && !session.user) {
        afterSignIn = path + (query.toString() ? `?${query}` : '');
        go('/signin');
        return;
    }
    if (route.set && !can(route.set)) {
        add(view, h('h1', { tabindex: '-1' }, t('forbidden.title')), h('p', null, t('forbidden.text')));
        focusHeading(view);
        return;
    }
    const params = path.match(route.re).slice(1).map(decodeURIComponent);
    try {
        await route.page.render(view, { params, query, go, signedIn });
    } catch (e) {
        view.appendChild(errorBox(e));
    }
    focusHeading(view);
    if (keepY && view.isConnected) window.scrollTo(0, keepY);
}

function focusHeading(view) {
    if (!view.isConnected) return;
    const h1 = view.querySelector('h1');
    document.title = h1 ? `${h1.textContent} · ${t('app.name')}` : t('app.name');
    if (h1 && !view.contains(document.activeElement)) {
        h1.setAttribute('tabindex', '-1');
        h1.focus({ preventScroll: true });
    }
}

/* Called by the sign-in page. */
function signedIn() {
    const target = afterSignIn && afterSignIn !== '/signin' ? afterSignIn : home();
    afterSignIn = null;
    go(target);
}

async function start() {
    try {
        await initI18n();
    } catch (e) {
        document.getElementById('main').textContent = `oncoboard: ${e.message}`;
        return;
    }
    whenSignedOut(() => {
        const { path, query } = parseHash();
        if (path !== '/signin') afterSignIn = path + (query.toString() ? `?${query}` : '');
        notify(t('signin.expired'), 'error');
        go('/signin');
    });
    document.getElementById('skip-link').addEventListener('click', (ev) => {
        ev.preventDefault();
        document.getElementById('main').focus();
    });
    try {
        await loadSession();
    } catch (e) {
        notify(e.display ? e.display() : String(e), 'error', e.code);
    }
    window.addEventListener('hashchange', render);
    render();
}

start();
