/**
 * sandbox-globals-shim.ts — removes Node's network and web-platform extras from the Node sandbox
 * process's global object, as a side effect of being imported. child.ts imports it first,
 * before core/lockdown-shim.ts.
 *
 * Why before lockdown: Node defines these globals lazily — the first read of the property
 * loads its implementation (undici for fetch, FormData, WebSocket…: measured 55 ms; web
 * streams 3 ms; WebCrypto 2 ms) — and hardening the realm reads every global, so a sandbox
 * paid for all of them at each spawn. Nothing in the sandbox uses them, and a Run's code could
 * not name them anyway (its Compartment's globals are the sandbox's, core/learner-globals.ts).
 * Removing the network ones is also one more wall: Node 24's permission model does not cover
 * the network.
 */

/** NODE_EXTRAS are the globals removed: Node's network (undici), web streams, WebCrypto, and the navigator. */
const NODE_EXTRAS = [
  "fetch", "FormData", "Headers", "Request", "Response", "WebSocket", "EventSource", "MessageEvent", "CloseEvent", "WebSocketStream",
  "BroadcastChannel", "navigator", "Navigator",
  "ReadableStream", "ReadableStreamDefaultReader", "ReadableStreamBYOBReader", "ReadableStreamBYOBRequest", "ReadableByteStreamController",
  "ReadableStreamDefaultController", "TransformStream", "TransformStreamDefaultController", "WritableStream", "WritableStreamDefaultWriter",
  "WritableStreamDefaultController", "ByteLengthQueuingStrategy", "CountQueuingStrategy", "TextEncoderStream", "TextDecoderStream",
  "CompressionStream", "DecompressionStream",
  "crypto", "Crypto", "CryptoKey", "SubtleCrypto",
] as const;

const g = globalThis as Record<string, unknown>;
for (const name of NODE_EXTRAS) {
  try {
    delete g[name];
  } catch {
    // A global Node made non-configurable stays; the Compartment still keeps it from a Run's code.
  }
}
