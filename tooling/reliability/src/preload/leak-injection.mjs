// Test harness only: an intentional leak, to prove the soak's leak check catches one.
// Loaded with `node --import <this file>` into the sidecar; every HTTP request the process
// serves retains about 1 KB of V8 heap forever. It listens on node:http's built-in
// diagnostics channel, so nothing in the sidecar changes.
import { subscribe } from 'node:diagnostics_channel';

// 126 eight-byte slots plus the array's 16-byte header: 1,024 bytes of elements. A plain
// array rather than a string (V8 shares the filler of padEnd/repeat between strings) or a
// Buffer (its bytes live outside the V8 heap).
const SLOTS_PER_REQUEST = 126;
const retained = [];

subscribe('http.server.request.start', () => {
  retained.push(new Array(SLOTS_PER_REQUEST).fill(retained.length));
});
