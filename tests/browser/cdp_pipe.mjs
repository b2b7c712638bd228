// A minimal Chrome DevTools Protocol client over --remote-debugging-pipe:
// Chromium reads commands from its fd 3 and writes answers and events to its
// fd 4, one JSON message per NUL-terminated frame. No WebSocket, no driver
// library: Debian's chromium and Node.js are all a browser test needs.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class Browser {
  // Starts headless Chromium with a throwaway profile.
  static launch(executable = process.env.CHROMIUM || 'chromium') {
    const profile = mkdtempSync(join(tmpdir(), 'vingt-chromium-'));
    const args = [
      '--headless=new', '--remote-debugging-pipe', `--user-data-dir=${profile}`,
      '--no-first-run', '--no-default-browser-check', '--disable-gpu',
      '--disable-extensions', '--disable-background-networking', '--disable-sync',
      '--disable-component-update', '--disable-default-apps', '--mute-audio',
      '--window-size=1400,1000', 'about:blank',
    ];
    // Chromium refuses to run its sandbox as root (CI runs as root).
    if (process.getuid && process.getuid() === 0) args.unshift('--no-sandbox');
    const child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    return new Browser(child, profile);
  }

  constructor(child, profile) {
    this.child = child;
    this.profile = profile;
    this.nextId = 1;
    this.pending = new Map();   // command id -> {resolve, reject, method}
    this.listeners = [];        // (method, params, sessionId) => void
    this.stderr = '';
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    this.exited.then(({ code, signal }) => {
      for (const { reject, method } of this.pending.values()) {
        reject(new Error(`chromium exited (${code ?? signal}) before answering ${method}\n${this.stderr}`));
      }
      this.pending.clear();
    });
    child.stderr.on('data', (chunk) => { this.stderr = (this.stderr + chunk).slice(-8192); });
    this.writer = child.stdio[3];
    let buffered = Buffer.alloc(0);
    child.stdio[4].on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      let end;
      while ((end = buffered.indexOf(0)) >= 0) {
        const message = JSON.parse(buffered.subarray(0, end).toString('utf8'));
        buffered = buffered.subarray(end + 1);
        this.dispatch(message);
      }
    });
  }

  dispatch(message) {
    if (message.id !== undefined) {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
      else waiter.resolve(message.result);
      return;
    }
    for (const listener of this.listeners) listener(message.method, message.params, message.sessionId);
  }

  send(method, params = {}, sessionId = undefined) {
    const id = this.nextId++;
    const message = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.writer.write(JSON.stringify(message) + '\0');
    });
  }

  on(listener) { this.listeners.push(listener); }

  // A new tab, attached in flat mode: its commands carry the session id.
  async newPage() {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    return new Page(this, sessionId);
  }

  async close() {
    try {
      await Promise.race([this.send('Browser.close'), new Promise((r) => setTimeout(r, 2000))]);
    } catch { /* already gone */ }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class Page {
  constructor(browser, sessionId) {
    this.browser = browser;
    this.sessionId = sessionId;
  }

  send(method, params = {}) { return this.browser.send(method, params, this.sessionId); }

  on(listener) {
    this.browser.on((method, params, sessionId) => {
      if (sessionId === this.sessionId) listener(method, params);
    });
  }

  // Evaluates an expression in the page and returns its value (awaited).
  async evaluate(expression) {
    const answer = await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (answer.exceptionDetails) {
      const details = answer.exceptionDetails;
      throw new Error(`in page: ${details.exception?.description ?? details.text}`);
    }
    return answer.result.value;
  }

  // Polls an expression until it is truthy; returns its value (true for
  // a DOM node, which cannot be returned by value).
  async waitFor(expression, what, timeoutMs = 20000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.evaluate(`(() => { const v = (${expression}); return v instanceof Node ? true : v; })()`);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  // A real click: mouse events at the centre of the element the selector
  // (CSS, evaluated in the page) finds, after scrolling it into view.
  async click(selectorExpression, what) {
    const box = await this.waitFor(`(() => {
      const e = ${selectorExpression};
      if (!e) return null;
      e.scrollIntoView({ block: 'center' });
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
    })()`, what);
    for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased']) {
      await this.send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
    }
  }

  // Typing: focuses the element, selects what it holds and inserts the text
  // as the keyboard would (React's controlled inputs see real input events).
  async type(selectorExpression, text, what) {
    await this.waitFor(`(() => { const e = ${selectorExpression}; if (!e) return false; e.focus(); e.select?.(); return true; })()`, what);
    await this.send('Input.insertText', { text });
  }
}
