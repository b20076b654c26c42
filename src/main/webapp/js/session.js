// Sign-in for the ordercast pages: through the identity provider where the server names one (sso.js), demo users while
// the development token issuer is on, else a pasted token. A demo or pasted token is kept in localStorage, so every
// page and tab of this origin shares it; the provider's tokens stay in memory and are shared by the open pages.
import { SingleSignOn } from "./sso.js";

const DEMO_USERS = [
  { user: "kim", label: "Kim · kitchen", groups: ["kitchen"], stores: ["7"] },
  { user: "sam", label: "Sam · staff, store 7", groups: ["staff"], stores: ["7"] },
  { user: "olga", label: "Olga · operator", groups: ["operator"], stores: [] },
  { user: "max", label: "Max · manager", groups: ["manager"], stores: ["7"] },
  { user: "ada", label: "Ada · admin", groups: ["admin", "staff", "operator", "manager", "publisher"], stores: ["7"] },
];

const params = new URLSearchParams(location.search);
const lifetime = Number(params.get("tokenSeconds") ?? 3600);

export class Session {
  constructor(base = new URL(".", location.href)) {
    this.base = base;
    this.user = JSON.parse(localStorage.getItem("ordercast.user") ?? "null");
    this.token = localStorage.getItem("ordercast.token");
    this.expiresAt = Number(localStorage.getItem("ordercast.expiresAt") ?? 0);
  }

  /** Browser sign-in through the provider, if the server offers it: tokens from its answer or another page. */
  async startSingleSignOn() {
    if (this.ssoStarted) return;
    this.ssoStarted = true;
    const settings = await SingleSignOn.settings(this.base).catch(() => null);
    if (!settings) return;
    this.sso = new SingleSignOn(settings);
    this.sso.onTokens((tokens) => { if (tokens && this.user?.sso) this.token = tokens.access_token; });
    if (this.user) return; // a demo or pasted token was chosen
    if (await this.sso.restore()) await this.adoptSingleSignOn();
  }

  /** Takes the provider's access token, and the name and roles the server gives it. */
  async adoptSingleSignOn() {
    this.token = this.sso.tokens.access_token;
    this.expiresAt = this.sso.tokens.expiresAt;
    const response = await fetch(new URL("api/v1/auth/me", this.base), { headers: { Authorization: `Bearer ${this.token}` } });
    if (!response.ok) throw new Error(`the server refused the provider's token: HTTP ${response.status}`);
    const me = await response.json();
    this.user = { user: me.user, groups: me.roles, stores: me.stores, sso: true };
  }

  /** Whether the server issues development tokens ({"enabled": true|false}, 200 either way). */
  async demoAvailable() {
    const response = await fetch(new URL("api/v1/dev/tokens", this.base));
    return response.ok && (await response.json()).enabled === true;
  }

  demoUsers() {
    return DEMO_USERS;
  }

  async signIn(user) {
    const response = await fetch(new URL("api/v1/dev/tokens", this.base), {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ user: user.user, groups: user.groups, stores: user.stores, expiresIn: lifetime }),
    });
    if (!response.ok) throw new Error(`sign-in failed: HTTP ${response.status}`);
    const { token, expiresIn } = await response.json();
    this.remember(user, token, expiresIn);
  }

  useToken(token) {
    const claims = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    // the user id the server uses: upn, else preferred_username, else sub
    this.remember({ user: claims.upn ?? claims.preferred_username ?? claims.sub, groups: claims.groups ?? [], stores: claims.stores ?? [], pasted: true },
      token, claims.exp - Math.floor(Date.now() / 1000));
  }

  remember(user, token, expiresIn) {
    this.user = user;
    this.token = token;
    this.expiresAt = Date.now() + expiresIn * 1000;
    localStorage.setItem("ordercast.user", JSON.stringify(user));
    localStorage.setItem("ordercast.token", token);
    localStorage.setItem("ordercast.expiresAt", String(this.expiresAt));
  }

  signOut() {
    if (this.user?.sso) this.sso.signOut();
    this.user = null;
    this.token = null;
    ["ordercast.user", "ordercast.token", "ordercast.expiresAt"].forEach((key) => localStorage.removeItem(key));
  }

  has(role) {
    return Boolean(this.user?.groups?.includes(role));
  }

  /** The token for the client library: a demo user's is renewed when asked to refresh or close to expiry. */
  async getToken({ refresh = false } = {}) {
    if (!this.token) return null;
    if (this.user?.sso) {
      if (refresh || this.sso.tokens.expiresAt - Date.now() < 10_000) {
        await this.sso.refresh();
        this.refreshes = (this.refreshes ?? 0) + 1;
      }
      this.token = this.sso.tokens.access_token;
      this.expiresAt = this.sso.tokens.expiresAt;
      return this.token;
    }
    const closeToExpiry = this.expiresAt - Date.now() < 10_000;
    if ((refresh || closeToExpiry) && this.user && !this.user.pasted) {
      await this.signIn(this.user);
      this.refreshes = (this.refreshes ?? 0) + 1;
    }
    return this.token;
  }

  authHeaders() {
    return this.token ? { Authorization: `Bearer ${this.token}`, "Content-Type": "application/json" } : { "Content-Type": "application/json" };
  }

  /** Renders the sign-in control into an element; calls onChange after signing in or out. */
  async render(element, onChange) {
    element.textContent = "";
    try {
      await this.startSingleSignOn();
    } catch (error) {
      element.append(`${error.message} `);
    }
    if (this.user) {
      const who = document.createElement("span");
      who.textContent = `${this.user.user} (${(this.user.groups ?? []).join(", ") || "no roles"})`;
      const out = button("Sign out", () => { this.signOut(); onChange(); });
      element.append(who, " ", out);
      return;
    }
    if (this.sso) {
      // a failure before leaving for the provider (its configuration out of reach) is shown, not dropped
      const signIn = button("Sign in", () => this.sso.signIn().catch((error) => {
        signIn.before(`sign-in failed: ${error.message} `);
      }));
      signIn.id = "sso-sign-in";
      element.append(signIn, " ");
    }
    if (await this.demoAvailable()) {
      const select = document.createElement("select");
      select.id = "demo-user";
      select.setAttribute("aria-label", "demo user");
      select.append(new Option("Sign in as…", ""));
      DEMO_USERS.forEach((u, i) => select.append(new Option(u.label, String(i))));
      select.onchange = async () => {
        if (select.value === "") return;
        await this.signIn(DEMO_USERS[Number(select.value)]);
        onChange();
      };
      element.append(select);
    } else if (!this.sso) {
      const input = document.createElement("input");
      input.placeholder = "paste a bearer token";
      element.append(input, button("Use token", () => { this.useToken(input.value.trim()); onChange(); }));
    }
  }
}

function button(text, onclick) {
  const b = document.createElement("button");
  b.textContent = text;
  b.onclick = onclick;
  return b;
}
