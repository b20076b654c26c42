// ordercast browser client: protocol v1 over WebSocket, with the same channels and cursors over Server-Sent Events
// and long-polling when WebSocket is not available. Dependency-free ES module.

export const Status = Object.freeze({
  CONNECTING: "CONNECTING", CONNECTED: "CONNECTED", DISCONNECTED: "DISCONNECTED", ERROR: "ERROR",
});

const STOP_CODES = new Set([4001, 1008, 1009]);      // do not reconnect on our own
const AT_ONCE_CODES = new Set([4000, 4008, 1001]);   // reconnect without waiting, then recover

/** Exponential backoff with full jitter: a random delay up to min(max, initial * 2^attempt). */
export function backoffDelay(attempt, initial = 500, max = 15000, random = Math.random) {
  return Math.floor(random() * Math.min(max, initial * 2 ** attempt));
}

/** What to do after a WebSocket close code: "stop", "now" or "backoff". */
export function afterClose(code) {
  if (STOP_CODES.has(code)) return "stop";
  if (AT_ONCE_CODES.has(code)) return "now";
  return "backoff";
}

/** The SSE cursor the server understands: channel~epoch~offset, comma-separated. */
export function cursorString(subscriptions) {
  return [...subscriptions.entries()].filter(([, s]) => s.cursor)
    .map(([channel, s]) => `${channel}~${s.cursor.epoch}~${s.cursor.offset}`).join(",");
}

/** True if a publication is new for this cursor (not replayed twice, not older). */
export function isNew(cursor, publication) {
  return !cursor || cursor.epoch !== publication.epoch || publication.offset > cursor.offset;
}

export function connect(options) {
  const client = new OrdercastClient(options);
  client.start();
  return client;
}

export class OrdercastClient {
  constructor({ url = location.href, getToken = async () => null, reconnect = {}, transports = ["websocket", "sse", "polling"],
                requestTimeout = 10000, failuresBeforeFallback = 2, pollWait = 25, WebSocketImpl = globalThis.WebSocket,
                EventSourceImpl = globalThis.EventSource, fetchImpl = (...a) => globalThis.fetch(...a) } = {}) {
    this.base = new URL(".", url);
    this.getToken = getToken;
    this.reconnect = { initialDelay: 500, maxDelay: 15000, maxAttempts: Infinity, ...reconnect };
    this.transports = transports;
    this.requestTimeout = requestTimeout;
    this.failuresBeforeFallback = failuresBeforeFallback;
    this.pollWait = pollWait;
    this.WebSocketImpl = WebSocketImpl;
    this.EventSourceImpl = EventSourceImpl;
    this.fetch = fetchImpl;
    this.status = Status.DISCONNECTED;
    this.transport = null;
    this.rtt = null;
    this.subscriptions = new Map();
    this.handlers = new Map();
    this.statusListeners = new Set();
    this.pending = new Map();
    this.nextId = 1;
    this.attempt = 0;
    this.failures = 0;
    this.transportIndex = 0;
    this.stopped = false;
  }

  start() {
    this.stopped = false;
    this.open();
  }

  onStatus(listener) {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  on(eventType, handler) {
    if (!this.handlers.has(eventType)) this.handlers.set(eventType, new Set());
    this.handlers.get(eventType).add(handler);
    return () => this.handlers.get(eventType).delete(handler);
  }

  /**
   * Follows a channel; resumes it from its cursor after every reconnect, on whichever transport. onSubscribed runs
   * each time the subscription is in place (after any replay or resync): from then on every publication reaches
   * onEvent, so a page that shows a REST snapshot of the channel's state loads it there, not before subscribing.
   */
  subscribe(channel, { events, onEvent, onResync, onSubscribed } = {}) {
    const existing = this.subscriptions.get(channel);
    this.subscriptions.set(channel, { events, onEvent, onResync, onSubscribed, cursor: existing?.cursor ?? null });
    if (this.transport === "websocket" && this.status === Status.CONNECTED) return this.sendSubscribe(channel);
    if (this.transport === "sse") this.restartStream();
    if (this.transport === "polling") this.poll(channel);
    return Promise.resolve({ channel });
  }

  unsubscribe(channel) {
    this.subscriptions.delete(channel);
    if (this.transport === "websocket" && this.status === Status.CONNECTED) {
      return this.request({ type: "unsubscribe", channel });
    }
    if (this.transport === "sse") this.restartStream();
    return Promise.resolve({ channel });
  }

  command(name, args = {}) {
    if (this.transport !== "websocket") return Promise.reject(new Error("commands need the WebSocket transport"));
    return this.request({ type: "command", name, args });
  }

  /**
   * Publishes over the WebSocket, for a connection signed in as a publisher (or admin): the checks and result of
   * POST /api/v1/publish. Resolves to {channel, offset, epoch}; rejects with the error's code (forbidden, conflict...).
   */
  publish(channel, event, data, { idempotencyKey } = {}) {
    if (this.transport !== "websocket") return Promise.reject(new Error("publishing needs the WebSocket transport"));
    return this.request({ type: "publish", channel, event, data, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) });
  }

  async presence(channel) {
    if (this.transport === "websocket") return this.request({ type: "presence", channel });
    const response = await this.fetch(new URL(`api/v1/channels/${channel}/presence`, this.base), { headers: await this.headers() });
    if (!response.ok) throw new Error(`presence: HTTP ${response.status}`);
    return response.json();
  }

  // ---- transports ------------------------------------------------------------------------------------------

  open() {
    if (this.stopped) return;
    const transport = this.transports[Math.min(this.transportIndex, this.transports.length - 1)];
    this.setStatus(Status.CONNECTING, transport);
    if (transport === "websocket") this.openSocket();
    else if (transport === "sse") this.openStream();
    else this.openPolling();
  }

  async openSocket() {
    const url = new URL("ws", this.base);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    let opened = false;
    const ws = new this.WebSocketImpl(url);
    this.ws = ws;
    ws.onopen = async () => {
      opened = true;
      this.failures = 0;
      this.attempt = 0;
    };
    ws.onmessage = (message) => this.onFrame(JSON.parse(message.data));
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clearTimers();
      this.rejectPending(new Error(`connection closed (${event.code})`));
      if (!opened) this.failures++;
      this.afterDisconnect(event.code);
    };
  }

  async onFrame(frame) {
    this.lastHeard = Date.now();
    switch (frame.type) {
      case "connected": return this.onConnected(frame);
      case "event": return this.deliver(frame);
      case "ping": return this.send({ type: "pong" });
      case "reply":
      case "error": {
        const pending = this.pending.get(frame.id);
        if (!pending) return;
        this.pending.delete(frame.id);
        clearTimeout(pending.timer);
        return frame.type === "reply" ? pending.resolve(frame.result) : pending.reject(Object.assign(new Error(frame.message), { code: frame.code }));
      }
      case "presence": return this.presenceChanged(frame);
      case "unsubscribed": {
        const subscription = this.subscriptions.get(frame.channel);
        this.subscriptions.delete(frame.channel);
        subscription?.onUnsubscribed?.(frame.reason);
        return this.emit("unsubscribed", frame);
      }
      default: return undefined;
    }
  }

  async onConnected(frame) {
    this.heartbeat = frame.heartbeat;
    const token = await this.getToken();
    if (token) {
      try {
        const result = await this.request({ type: "authenticate", token });
        this.scheduleRefresh(result.expiresIn);
      } catch (error) {
        this.setStatus(Status.ERROR, "websocket");
        // "unavailable": the server could not check the token now (identity provider unreachable): try again later
        this.ws?.close(error.code === "unavailable" ? 4011 : 4001);
        return;
      }
    }
    this.setStatus(Status.CONNECTED, "websocket");
    this.transportIndex = 0;
    await Promise.allSettled([...this.subscriptions.keys()].map((channel) => this.sendSubscribe(channel)));
    this.watchdog = setInterval(() => this.checkLiveness(), Math.max(1000, this.heartbeat * 500));
  }

  async sendSubscribe(channel) {
    const s = this.subscriptions.get(channel);
    if (!s) return undefined;
    const frame = { type: "subscribe", channel };
    if (s.cursor) frame.since = s.cursor;
    if (s.events) frame.events = s.events;
    const result = await this.request(frame);
    this.resumeFrom(channel, s, result, result.publications);
    return result;
  }

  /**
   * Applies a subscribe result: replays what was recovered, or tells the page to reload that state. established:
   * the subscription has just been (re)made, as opposed to one more page of an ongoing poll.
   */
  resumeFrom(channel, s, result, publications, established = true) {
    const hadCursor = Boolean(s.cursor);
    if (hadCursor && !result.recovered) {
      s.cursor = { epoch: result.epoch, offset: result.offset };
      s.onResync?.(result);
      this.emit("resync", { channel });
    } else {
      for (const publication of publications ?? []) this.deliver(publication);
      if (!s.cursor || s.cursor.epoch !== result.epoch || s.cursor.offset < result.offset) {
        s.cursor = { epoch: result.epoch, offset: Math.max(result.offset, s.cursor?.offset ?? 0) };
      }
    }
    if (established) s.onSubscribed?.(result);
  }

  /** A presence frame ({channel, joined, left}): not a publication, it has no offset and is never replayed. */
  presenceChanged(frame) {
    this.subscriptions.get(frame.channel)?.onPresence?.(frame);
    this.emit("presence", frame);
  }

  deliver(publication) {
    const s = this.subscriptions.get(publication.channel);
    if (s && !isNew(s.cursor, publication)) return;
    if (s) s.cursor = { epoch: publication.epoch, offset: publication.offset };
    s?.onEvent?.(publication);
    this.emit(publication.event, publication);
    this.emit("*", publication);
  }

  openStream() {
    const url = new URL("api/v1/stream", this.base);
    for (const channel of this.subscriptions.keys()) url.searchParams.append("channel", channel);
    if (this.subscriptions.size === 0) url.searchParams.append("channel", "broadcast");
    const cursor = cursorString(this.subscriptions);
    if (cursor) url.searchParams.set("lastEventId", cursor);
    Promise.resolve(this.getToken()).then((token) => {
      if (token) url.searchParams.set("access_token", token);
      const source = new this.EventSourceImpl(url);
      this.source = source;
      let opened = false;
      source.onopen = () => {
        opened = true;
        this.failures = 0;
        this.attempt = 0;
        this.setStatus(Status.CONNECTED, "sse");
        this.scheduleUpgrade();
      };
      source.onmessage = (message) => {
        const frame = JSON.parse(message.data);
        if (frame.type === "subscribed") {
          const s = this.subscriptions.get(frame.channel);
          if (s) this.resumeFrom(frame.channel, s, frame, []);
        } else if (frame.type === "event") {
          this.deliver(frame);
        }
      };
      source.addEventListener("presence", (message) => this.presenceChanged(JSON.parse(message.data)));
      source.addEventListener("close", () => this.restartStream());
      source.onerror = () => {
        if (this.source !== source) return;
        source.close();
        this.source = null;
        if (!opened) this.failures++;
        this.afterDisconnect(1006);
      };
    });
  }

  restartStream() {
    if (this.source) {
      this.source.close();
      this.source = null;
      this.openStream();
    }
  }

  openPolling() {
    this.polling = true;
    this.setStatus(Status.CONNECTED, "polling");
    this.scheduleUpgrade();
    for (const channel of this.subscriptions.keys()) this.poll(channel);
  }

  async poll(channel) {
    let first = true;
    while (this.polling && this.subscriptions.has(channel) && !this.stopped) {
      const s = this.subscriptions.get(channel);
      const url = new URL(`api/v1/channels/${channel}/events`, this.base);
      if (s.cursor) {
        url.searchParams.set("since", s.cursor.offset);
        url.searchParams.set("epoch", s.cursor.epoch);
        url.searchParams.set("wait", this.pollWait);
      }
      try {
        const response = await this.fetch(url, { headers: await this.headers() });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const page = await response.json();
        this.resumeFrom(channel, s, page, page.publications, first);
        first = false;
        if (s.cursor && page.recovered) s.cursor = { epoch: page.epoch, offset: page.offset };
        this.attempt = 0;
      } catch (error) {
        if (!this.polling) return;
        this.setStatus(Status.DISCONNECTED, "polling");
        await new Promise((r) => setTimeout(r, backoffDelay(this.attempt++, this.reconnect.initialDelay, this.reconnect.maxDelay)));
        if (this.polling) this.setStatus(Status.CONNECTED, "polling");
      }
    }
  }

  /** While on a fallback, keeps trying WebSocket and switches back to it once it opens. */
  scheduleUpgrade() {
    if (!this.transports.includes("websocket") || this.upgradeTimer) return;
    this.upgradeTimer = setInterval(() => {
      const url = new URL("ws", this.base);
      url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
      const probe = new this.WebSocketImpl(url);
      probe.onopen = () => {
        probe.close(1000);
        clearInterval(this.upgradeTimer);
        this.upgradeTimer = null;
        this.teardown();
        this.transportIndex = 0;
        this.failures = 0;
        this.open();
      };
      probe.onerror = () => probe.close();
    }, 10000);
  }

  // ---- lifecycle ---------------------------------------------------------------------------------------------

  afterDisconnect(code) {
    if (this.stopped) return;
    const next = afterClose(code);
    if (next === "stop") {
      this.setStatus(Status.ERROR, this.transport);
      return;
    }
    this.setStatus(Status.DISCONNECTED, this.transport);
    if (this.failures >= this.failuresBeforeFallback && this.transportIndex < this.transports.length - 1) {
      this.transportIndex++;
      this.failures = 0;
      this.attempt = 0;
    }
    if (this.attempt >= this.reconnect.maxAttempts) {
      this.setStatus(Status.ERROR, this.transport);
      return;
    }
    const delay = next === "now" ? 0 : backoffDelay(this.attempt++, this.reconnect.initialDelay, this.reconnect.maxDelay);
    this.reconnectTimer = setTimeout(() => this.open(), delay);
  }

  checkLiveness() {
    const silence = Date.now() - (this.lastHeard ?? Date.now());
    if (this.heartbeat && silence > 2 * this.heartbeat * 1000 + 1000) {
      this.ws?.close(4000);
      return;
    }
    const started = Date.now();
    this.request({ type: "pong" }).then(() => { this.rtt = Date.now() - started; this.emitStatus(); }, () => {});
  }

  scheduleRefresh(expiresIn) {
    clearTimeout(this.refreshTimer);
    if (!(expiresIn > 0)) return;
    const lead = Math.min(30, expiresIn / 5);
    this.refreshTimer = setTimeout(async () => {
      try {
        const token = await this.getToken({ refresh: true });
        const result = await this.request({ type: "authenticate", token });
        this.emit("refreshed", result);
        this.scheduleRefresh(result.expiresIn);
      } catch (error) {
        this.emit("refresh-failed", error);
      }
    }, Math.max(0, (expiresIn - lead) * 1000));
  }

  teardown() {
    this.clearTimers();
    this.polling = false;
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.close(1000);
    }
    if (this.source) {
      this.source.close();
      this.source = null;
    }
  }

  clearTimers() {
    clearInterval(this.watchdog);
    clearTimeout(this.refreshTimer);
    clearTimeout(this.reconnectTimer);
  }

  close() {
    this.stopped = true;
    clearInterval(this.upgradeTimer);
    this.upgradeTimer = null;
    this.teardown();
    this.setStatus(Status.DISCONNECTED, null);
  }

  request(frame) {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer to ${frame.type} within ${this.requestTimeout} ms`));
      }, this.requestTimeout);
      this.pending.set(id, { resolve, reject, timer });
      if (!this.send({ ...frame, id })) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new Error("not connected"));
      }
    });
  }

  send(frame) {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  rejectPending(error) {
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.pending.clear();
  }

  async headers() {
    const token = await this.getToken();
    return token ? { Authorization: `Bearer ${token}` } : {};
  }

  setStatus(status, transport) {
    this.status = status;
    this.transport = transport;
    this.emitStatus();
  }

  emitStatus() {
    for (const listener of this.statusListeners) listener({ status: this.status, transport: this.transport, rtt: this.rtt });
  }

  emit(type, payload) {
    for (const handler of this.handlers.get(type) ?? []) {
      try { handler(payload); } catch (error) { console.error(error); }
    }
  }
}
