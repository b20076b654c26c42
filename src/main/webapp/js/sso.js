// Sign-in through the identity provider: the OpenID Connect authorization-code flow with PKCE, for a public client
// (ordercast.auth.browser.client-id). Tokens stay in memory; the pages of this browser that are open share them over
// a BroadcastChannel, and a page opened when no other holds them signs in again silently (prompt=none), since the
// provider remembers the browser. Only a marker that this browser signed in is stored.
const CHANNEL = "ordercast.sign-in";
const SIGNED_IN = "ordercast.sso";
const PENDING = "ordercast.sso.pending";

const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const random = () => b64url(crypto.getRandomValues(new Uint8Array(32)));
const challenge = async (verifier) => b64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
const here = () => location.origin + location.pathname;

async function discover(issuer) {
  const response = await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`the identity provider's configuration: HTTP ${response.status}`);
  return response.json();
}

async function tokenRequest(endpoint, form) {
  const response = await fetch(endpoint, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form) });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`token endpoint: ${body.error_description ?? body.error ?? response.status}`);
  return body;
}

export class SingleSignOn {
  constructor(settings) {
    this.settings = settings; // { issuer, clientId, scope }
    this.tokens = null;       // { access_token, refresh_token, expiresAt }
    this.listeners = [];
    this.channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
    this.channel?.addEventListener("message", ({ data }) => {
      if (data.type === "ask" && this.tokens) this.channel.postMessage({ type: "tokens", tokens: this.tokens });
      if (data.type === "tokens") this.adopt(data.tokens, false);
      if (data.type === "signed-out") { this.tokens = null; this.listeners.forEach((l) => l(null)); }
    });
  }

  /** The server's sign-in settings, or null where browser sign-in is not configured. */
  static async settings(base) {
    const response = await fetch(new URL("api/v1/auth/sign-in", base));
    const settings = response.ok ? await response.json() : { enabled: false };
    return settings.enabled ? settings : null;
  }

  onTokens(listener) {
    this.listeners.push(listener);
  }

  adopt(tokens, announce = true) {
    this.tokens = tokens;
    if (announce) this.channel?.postMessage({ type: "tokens", tokens });
    this.listeners.forEach((l) => l(tokens));
  }

  /** Tokens from the provider's answer on this page's URL, from another open page, or by a silent sign-in. */
  async restore() {
    const answer = new URLSearchParams(location.search);
    const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? "null");
    if (pending && (answer.has("code") || answer.has("error"))) {
      sessionStorage.removeItem(PENDING);
      history.replaceState(null, "", pending.back);
      if (answer.get("state") !== pending.state) throw new Error("the sign-in answer is not for this page (state)");
      if (answer.has("error")) {
        localStorage.removeItem(SIGNED_IN);
        if (pending.silent) return false;
        throw new Error(`sign-in refused: ${answer.get("error_description") ?? answer.get("error")}`);
      }
      const provider = await discover(this.settings.issuer);
      const body = await tokenRequest(provider.token_endpoint, { grant_type: "authorization_code", code: answer.get("code"),
        redirect_uri: here(), client_id: this.settings.clientId, code_verifier: pending.verifier });
      localStorage.setItem(SIGNED_IN, "1");
      this.adopt(this.fromAnswer(body));
      return true;
    }
    if (await this.askOpenPages()) return true;
    if (localStorage.getItem(SIGNED_IN)) await this.signIn({ silent: true });
    return false;
  }

  async askOpenPages() {
    if (!this.channel) return false;
    const got = new Promise((resolve) => { this.listeners.push(resolve); setTimeout(() => resolve(null), 300); });
    this.channel.postMessage({ type: "ask" });
    return Boolean(await got);
  }

  /** Leaves for the provider's authorization endpoint; the answer comes back to this page. */
  async signIn({ silent = false } = {}) {
    const provider = await discover(this.settings.issuer);
    const verifier = random();
    const state = random();
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, silent, back: location.href }));
    const url = new URL(provider.authorization_endpoint);
    url.search = new URLSearchParams({ response_type: "code", client_id: this.settings.clientId, redirect_uri: here(),
      scope: this.settings.scope, state, code_challenge: await challenge(verifier), code_challenge_method: "S256",
      ...(silent ? { prompt: "none" } : {}) });
    location.assign(url);
    return new Promise(() => {}); // the page is leaving
  }

  /** New tokens with the refresh token, shared with the other pages. */
  async refresh() {
    if (!this.tokens?.refresh_token) return false;
    const provider = await discover(this.settings.issuer);
    const body = await tokenRequest(provider.token_endpoint, { grant_type: "refresh_token",
      refresh_token: this.tokens.refresh_token, client_id: this.settings.clientId });
    this.adopt(this.fromAnswer({ refresh_token: this.tokens.refresh_token, ...body }));
    return true;
  }

  fromAnswer(body) {
    return { access_token: body.access_token, refresh_token: body.refresh_token,
      expiresAt: Date.now() + Number(body.expires_in ?? 300) * 1000 };
  }

  signOut() {
    this.tokens = null;
    localStorage.removeItem(SIGNED_IN);
    this.channel?.postMessage({ type: "signed-out" });
  }
}
