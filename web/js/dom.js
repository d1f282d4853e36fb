/* dom.js: building the page without HTML strings. Every element is made with h(), text goes in
 * as text nodes (never parsed as HTML, so nothing from the registry can become markup or script),
 * and the Content-Security-Policy (no inline script, no inline style from markup) holds by
 * construction. Also the message area (an aria-live region) and modal dialogs. */
import { t } from './i18n.js';

/* h('tag.class1.class2', {attr: value, on: {event: fn}}, ...children): children are nodes,
 * strings, numbers, arrays of them, or null/undefined/false (skipped). Attributes with the value
 * false, null or undefined are left out; true gives an empty attribute. */
export function h(spec, attrs, ...children) {
    const [tag, ...classes] = spec.split('.');
    const el = document.createElement(tag || 'div');
    if (classes.length) el.className = classes.join(' ');
    if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
        children.unshift(attrs);
        attrs = null;
    }
    for (const [k, v] of Object.entries(attrs || {})) {
        if (v === false || v === null || v === undefined) continue;
        if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
        else if (k === 'class') el.className = [el.className, v].filter(Boolean).join(' ');
        else if (k === 'text') el.textContent = v;
        else if (k === 'value' || k === 'checked' || k === 'selected') el[k] = v;
        else el.setAttribute(k, v === true ? '' : String(v));
    }
    append(el, children);
    return el;
}

export function append(el, children) {
    for (const c of children.flat(Infinity)) {
        if (c === null || c === undefined || c === false) continue;
        el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
}

/* el.append() without its habit of writing null as "null": add(el, a, cond ? b : null). */
export function add(el, ...children) {
    return append(el, children);
}

/* Replaces el's children (null and false skipped). */
export function put(el, ...children) {
    return append(clear(el), children);
}

export function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
}

let uid = 0;
/* A unique id for label/input pairs. */
export function newId(prefix) {
    uid += 1;
    return `${prefix || 'f'}-${uid}`;
}

/* A labelled form control: field(t('x'), h('input', {...})) gives <div class=field><label>..</label>
 * <input id=..></div>. hint: an optional line under the control, tied by aria-describedby. */
export function field(labelText, control, hint) {
    if (!control.id) control.id = newId('in');
    const parts = [h('label', { for: control.id }, labelText), control];
    if (hint) {
        const hid = newId('hint');
        control.setAttribute('aria-describedby', hid);
        parts.push(h('span.hint', { id: hid }, hint));
    }
    return h('div.field', null, parts);
}

/* A <select> of [value, text] pairs (or plain values). */
export function select(attrs, options, current) {
    const el = h('select', attrs);
    for (const o of options) {
        const [value, text] = Array.isArray(o) ? o : [o, o];
        el.appendChild(h('option', { value, selected: String(value) === String(current ?? '') }, text));
    }
    return el;
}

/* A table: headers are strings (or {text, class}, the class given to the column's cells too);
 * rows are arrays of cells (nodes or text). */
export function table(caption, headers, rows, cls) {
    const thead = h('thead', null, h('tr', null, headers.map((x) =>
        h('th', { scope: 'col', class: typeof x === 'object' ? x.class : null }, typeof x === 'object' ? x.text : x))));
    const colClass = headers.map((x) => (typeof x === 'object' ? x.class : null));
    const tbody = h('tbody', null, rows.map((r) => h('tr', null, r.map((c, i) => h('td', { class: colClass[i] }, c)))));
    return h('table', { class: cls || 'data' }, caption ? h('caption', null, caption) : null, thead, tbody);
}

/* ---- messages ---- */

/* An error in place of what could not be loaded; data-code keeps the API's stable code (the
 * browser test reports it). */
export function errorBox(e) {
    return h('p.error', { 'data-code': e && e.code ? e.code : null }, e && e.display ? e.display() : String((e && e.message) || e));
}

/* Shows a message in the aria-live region; kind: info | ok | error. Errors stay until closed or
 * until the next page; others go after a while. */
export function notify(text, kind = 'info', code = null) {
    const box = document.getElementById('messages');
    if (!box) return;
    const close = h('button.link', { type: 'button', 'aria-label': t('common.dismiss') }, '×');
    const msg = h('div', { class: `message message-${kind}`, role: kind === 'error' ? 'alert' : null, 'data-code': code },
        h('span', null, text), close);
    close.addEventListener('click', () => msg.remove());
    msg.dataset.at = String(Date.now());
    box.appendChild(msg);
    while (box.children.length > 4) box.firstChild.remove();
    if (kind !== 'error') setTimeout(() => msg.remove(), 8000);
}

export function clearMessages() {
    const box = document.getElementById('messages');
    if (box) clear(box);
}

/* At a page change: the messages of earlier pages go, those of the action that led here stay. */
export function pruneMessages(ms = 2000) {
    const box = document.getElementById('messages');
    for (const m of box ? [...box.children] : []) if (Date.now() - Number(m.dataset.at || 0) > ms) m.remove();
}

/* ---- dialogs ---- */

/* A modal <dialog>: Escape and the Cancel button close it, focus stays inside while open, and
 * returns to where it was. build(form, close) fills the form; onSubmit(form) may throw to keep
 * the dialog open (its message is shown inside the dialog). Resolves with onSubmit's result or
 * null when cancelled. */
export function dialog(title, build, onSubmit, submitText) {
    return new Promise((resolve) => {
        const before = document.activeElement;
        const titleId = newId('dlg');
        const err = h('p.dialog-error', { role: 'alert' });
        const form = h('form', { method: 'dialog' });
        const dlg = h('dialog', { 'aria-labelledby': titleId }, h('h2', { id: titleId }, title), form);
        let result = null;
        const done = () => {
            dlg.close();
        };
        build(form);
        const submit = h('button.primary', { type: 'submit' }, submitText || t('common.ok'));
        const cancel = h('button', { type: 'button', on: { click: done } }, t('common.cancel'));
        form.append(err, h('div.actions', null, submit, cancel));
        form.addEventListener('submit', async (ev) => {
            ev.preventDefault();
            err.textContent = '';
            submit.disabled = true;
            try {
                result = await onSubmit(form);
                done();
            } catch (e) {
                err.textContent = e.display ? e.display() : String(e.message || e);
            } finally {
                submit.disabled = false;
            }
        });
        dlg.addEventListener('close', () => {
            dlg.remove();
            if (before && before.focus) before.focus();
            resolve(result);
        });
        document.body.appendChild(dlg);
        dlg.showModal();
    });
}

/* Runs an async action from a button: disables it meanwhile, shows errors as messages. */
export async function busy(button, fn) {
    if (button) button.disabled = true;
    try {
        return await fn();
    } catch (e) {
        notify(e.display ? e.display() : String(e.message || e), 'error', e.code || null);
        return undefined;
    } finally {
        if (button) button.disabled = false;
    }
}
