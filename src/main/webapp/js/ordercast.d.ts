// Type declarations for ordercast.js, the ordercast browser client.

export type ConnectionStatus = "CONNECTING" | "CONNECTED" | "DISCONNECTED" | "ERROR";
export type TransportName = "websocket" | "sse" | "polling";

export declare const Status: Readonly<Record<ConnectionStatus, ConnectionStatus>>;

export interface Publication<T = unknown> {
  type: "event";
  channel: string;
  event: string;
  offset: number;
  epoch: string;
  id: string;
  timestamp: string;
  data: T;
  userId?: string;
  storeId?: string;
}

export interface SubscribeResult {
  channel: string;
  epoch: string;
  offset: number;
  recovered: boolean;
  publications?: Publication[];
}

export interface SubscribeOptions<T = unknown> {
  /** Only these event types. */
  events?: string[];
  onEvent?: (publication: Publication<T>) => void;
  /** The missed publications could not be recovered: reload this channel's state over REST. */
  onResync?: (result: SubscribeResult) => void;
  /**
   * The subscription is in place (first time, and after every reconnect or transport switch, after any replay or
   * resync): every later publication reaches onEvent. Load a REST snapshot of the channel's state here.
   */
  onSubscribed?: (result: SubscribeResult) => void;
  /** Users came into or left the channel (namespaces with presence on); not a publication, never replayed. */
  onPresence?: (change: PresenceChange) => void;
}

export interface PresenceChange {
  type: "presence";
  channel: string;
  joined: string[];
  left: string[];
}

export interface ConnectOptions {
  /** The page or server URL ordercast is served under; defaults to the current page. */
  url?: string | URL;
  /** Called on connect and again before the token expires; return null to stay anonymous. */
  getToken?: (context?: { refresh: boolean }) => Promise<string | null> | string | null;
  reconnect?: { initialDelay?: number; maxDelay?: number; maxAttempts?: number };
  /** Transports in the order to try them. */
  transports?: TransportName[];
  /** Milliseconds before a request (subscribe, command, presence, publish) is rejected. */
  requestTimeout?: number;
  /** Failed connection attempts before falling back to the next transport. */
  failuresBeforeFallback?: number;
  /** Long-poll wait in seconds. */
  pollWait?: number;
}

export interface StatusChange {
  status: ConnectionStatus;
  transport: TransportName | null;
  rtt: number | null;
}

export declare class OrdercastClient {
  readonly status: ConnectionStatus;
  readonly transport: TransportName | null;
  readonly rtt: number | null;
  start(): void;
  close(): void;
  onStatus(listener: (change: StatusChange) => void): () => void;
  on<T = unknown>(eventType: string, handler: (publication: Publication<T>) => void): () => void;
  subscribe<T = unknown>(channel: string, options?: SubscribeOptions<T>): Promise<SubscribeResult | { channel: string }>;
  unsubscribe(channel: string): Promise<unknown>;
  command<R = unknown>(name: string, args?: Record<string, unknown>): Promise<R>;
  presence(channel: string): Promise<{ channel: string; users: string[]; clients: number }>;
  /** Over the WebSocket, signed in as a publisher or admin; rejects with an Error whose code is the server's. */
  publish(channel: string, event: string, data: unknown, options?: { idempotencyKey?: string }):
    Promise<{ channel: string; offset: number; epoch: string }>;
}

export declare function connect(options?: ConnectOptions): OrdercastClient;
export declare function backoffDelay(attempt: number, initial?: number, max?: number, random?: () => number): number;
export declare function afterClose(code: number): "stop" | "now" | "backoff";
export declare function cursorString(subscriptions: Map<string, { cursor: { epoch: string; offset: number } | null }>): string;
export declare function isNew(cursor: { epoch: string; offset: number } | null, publication: Publication): boolean;
