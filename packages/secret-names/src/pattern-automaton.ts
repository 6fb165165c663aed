// Fenced performance code: an Aho-Corasick automaton, so that masking a program's output
// takes time linear in its length whatever the secrets are. The previous masker found the
// tail to hold back by trying every prefix of every value: with a 4 KiB value and output
// ending in a near miss, 51 ms per 64 KiB chunk; with this, 1.4 ms, and 0.8 to 1.6 ms on any
// text (apps/cli/README.md, "exec: environment and masking", has the table).

/** A state machine that reads text one UTF-16 unit at a time and reports the patterns ending there. */
export interface PatternAutomaton {
  readonly root: number;
  /**
   * Reads `text` from `state` and returns the state after it, calling `onMatch` with the
   * offset just past each pattern's end in `text` and the pattern's index.
   */
  run(text: string, state: number, onMatch: (end: number, pattern: number) => void): number;
  /** Length of the longest suffix read so far that is the beginning of some pattern. */
  depth(state: number): number;
}

const NONE: readonly number[] = Object.freeze([]);

/**
 * Builds the automaton of a set of non-empty patterns (Aho-Corasick: a trie with failure
 * links, each state's matches including those of its failure chain).
 *
 * @example
 * const found: number[] = [];
 * buildAutomaton(['he', 'she']).run('ushe', 0, (end, pattern) => found.push(pattern)); // found: [1, 0]
 */
export function buildAutomaton(patterns: readonly string[]): PatternAutomaton {
  const children: Map<number, number>[] = [new Map()];
  const depth: number[] = [0];
  const fail: number[] = [0];
  const out: (readonly number[])[] = [NONE];
  // Most characters of ordinary output begin no pattern: the root's moves are a table.
  const fromRoot = new Int32Array(0x10000);

  patterns.forEach((pattern, index) => {
    let state = 0;
    for (let i = 0; i < pattern.length; i += 1) {
      const code = pattern.charCodeAt(i);
      let next = children[state]!.get(code);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        depth.push(depth[state]! + 1);
        fail.push(0);
        out.push(NONE);
        children[state]!.set(code, next);
        if (state === 0) fromRoot[code] = next;
      }
      state = next;
    }
    out[state] = [...out[state]!, index];
  });

  // Breadth first, so a state's failure target is complete before the state is.
  const queue: number[] = [...children[0]!.values()];
  for (let head = 0; head < queue.length; head += 1) {
    const state = queue[head]!;
    for (const [code, child] of children[state]!) {
      let target = fail[state]!;
      while (target !== 0 && !children[target]!.has(code)) target = fail[target]!;
      const found = children[target]!.get(code);
      fail[child] = found !== undefined && found !== child ? found : 0;
      const inherited = out[fail[child]!]!;
      if (inherited.length > 0) out[child] = [...out[child]!, ...inherited];
      queue.push(child);
    }
  }

  return {
    root: 0,
    run(text, start, onMatch) {
      let state = start;
      for (let i = 0; i < text.length; i += 1) {
        const code = text.charCodeAt(i);
        for (;;) {
          if (state === 0) {
            state = fromRoot[code]!;
            break;
          }
          const next = children[state]!.get(code);
          if (next !== undefined) {
            state = next;
            break;
          }
          state = fail[state]!;
        }
        const ending = out[state]!;
        for (let k = 0; k < ending.length; k += 1) onMatch(i + 1, ending[k]!);
      }
      return state;
    },
    depth: (state) => depth[state]!,
  };
}
