/* api.js: the one way the interface talks to the server (docs/server.md). It sends the session's
 * CSRF token on every state change, turns the API's {"error": {code, message}} into an ApiError
 * whose text is shown to the user, and tells the router when the session has ended (401), so
 * that the page goes to the sign-in. The session (the user and the CSRF token) lives in this
 * module's memory only: a reload asks the server again (GET /api/v1/session). */
import { t, tMaybe } from './i18n.js';

export class ApiError extends Error {
    constructor(status, code, message) {
        super(message || code);
        this.status = status;
        this.code = code;
    }

    /* The text for the user: what the code means in their language, then the server's detail
     * (which names the field for a 400). */
    display() {
        const what = tMaybe(`error.${this.code}`, t('error.other', { status: this.status }));
        return this.message && this.message !== this.code ? `${what} (${this.message})` : what;
    }
}

export const session = { user: null, csrf: null, idleTimeout: null };
let onSignedOut = () => {};
export function whenSignedOut(fn) { onSignedOut = fn; }

/* Role sets of docs/server.md "Roles": the interface shows only what the role may use (the
 * server checks it anyway). */
const SETS = {
    care: ['admin', 'clinician', 'coordinator', 'viewer'],
    clinical: ['admin', 'clinician'],
    screening: ['admin', 'clinician', 'coordinator'],
    portfolio: ['admin', 'coordinator'],
    research: ['admin', 'researcher'],
    admin: ['admin'],
    any: ['admin', 'clinician', 'coordinator', 'researcher', 'viewer'],
};
export const ROLES = SETS.any;

export function can(set) {
    return !!session.user && (SETS[set] || []).includes(session.user.role);
}

/* api('GET', '/patients?q=x'); api('POST', '/trials', text, {type: 'application/yaml'});
 * resolves with the parsed JSON (or text for non-JSON answers), rejects with an ApiError. */
export async function api(method, path, body, opts = {}) {
    const headers = { Accept: 'application/json' };
    let payload;
    if (body !== undefined) {
        headers['Content-Type'] = opts.type || 'application/json';
        payload = opts.type ? body : JSON.stringify(body);
    }
    if (method !== 'GET' && method !== 'HEAD' && session.csrf) headers['X-CSRF-Token'] = session.csrf;
    let res;
    try {
        res = await fetch(`/api/v1${path}`, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
    } catch (e) {
        throw new ApiError(0, 'network', e.message);
    }
    const text = await res.text();
    let data = text;
    if ((res.headers.get('Content-Type') || '').includes('json')) {
        try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    }
    if (!res.ok) {
        const err = (data && typeof data === 'object' && data.error) || { code: `http_${res.status}`, message: '' };
        const e = new ApiError(res.status, err.code, err.message);
        if (res.status === 401 && err.code === 'unauthenticated' && !opts.quiet401 && session.user) {
            session.user = null;
            session.csrf = null;
            onSignedOut(e);
        }
        throw e;
    }
    return data;
}

/* GET /api/v1/session: true when signed in. */
export async function loadSession() {
    try {
        const s = await api('GET', '/session', undefined, { quiet401: true });
        session.user = s.user;
        session.csrf = s.csrf;
        session.idleTimeout = s.idle_timeout_seconds ?? null;
        return true;
    } catch (e) {
        if (e.status === 401) return false;
        throw e;
    }
}

export async function signIn(login, password) {
    const s = await api('POST', '/session', { login, password }, { quiet401: true });
    session.user = s.user;
    session.csrf = s.csrf;
    return s;
}

export async function signOut() {
    try {
        await api('DELETE', '/session', undefined, { quiet401: true });
    } finally {
        session.user = null;
        session.csrf = null;
    }
}

/* Encodes a path parameter (patient id, trial key). */
export const enc = encodeURIComponent;
