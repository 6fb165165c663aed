import type { Command } from 'commander';

/** The shells `vaultline completion` writes scripts for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

interface Spec {
  path: string[];
  description: string;
  options: { flags: string[]; description: string }[];
  subcommands: Spec[];
}

function specOf(command: Command, path: string[]): Spec {
  return {
    path,
    description: command.description(),
    options: command.options
      .filter((option) => !option.hidden)
      .map((option) => ({
        flags: [option.short, option.long].filter((flag): flag is string => Boolean(flag)),
        description: option.description,
      })),
    subcommands: command.commands.map((sub) => specOf(sub, [...path, sub.name()])),
  };
}

const flat = (spec: Spec): Spec[] => [spec, ...spec.subcommands.flatMap(flat)];
const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

function bash(root: Spec): string {
  const cases = flat(root).map((spec) => {
    const words = [
      ...spec.subcommands.map((s) => s.path.at(-1)),
      ...spec.options.flatMap((o) => o.flags),
    ];
    return `    ${quote(spec.path.slice(1).join(' ') || '_root')}) words=${quote(words.join(' '))} ;;`;
  });
  return `# vaultline completion for bash: eval "$(vaultline completion bash)"
_vaultline() {
  local cur path word words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  path=""
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$word" in -*) ;; *) if [ -z "$path" ]; then path="$word"; else path="$path $word"; fi ;; esac
  done
  case "\${path:-_root}" in
${cases.join('\n')}
    *) words="" ;;
  esac
  if [[ -z "$words" ]]; then COMPREPLY=( $(compgen -f -- "$cur") ); return; fi
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -o default -F _vaultline vaultline
`;
}

function zsh(root: Spec): string {
  const cases = flat(root).map((spec) => {
    const entries = [
      ...spec.subcommands.map((s) => `${s.path.at(-1)}:${s.description.replace(/[:']/g, ' ')}`),
      ...spec.options.flatMap((o) =>
        o.flags.map(
          (flag) => `${flag.replace(/:/g, '\\:')}:${o.description.replace(/[:']/g, ' ')}`,
        ),
      ),
    ];
    return `    ${quote(spec.path.slice(1).join(' ') || '_root')}) entries=(${entries.map(quote).join(' ')}) ;;`;
  });
  return `#compdef vaultline
# vaultline completion for zsh: vaultline completion zsh > "\${fpath[1]}/_vaultline"
_vaultline() {
  local -a entries
  local path="" word
  for word in "\${(@)words[2,CURRENT-1]}"; do
    [[ "$word" == -* ]] || path="\${path:+$path }$word"
  done
  case "\${path:-_root}" in
${cases.join('\n')}
    *) entries=() ;;
  esac
  if (( \${#entries} )); then _describe 'vaultline' entries; else _files; fi
}
compdef _vaultline vaultline
`;
}

function fish(root: Spec): string {
  const lines = [
    '# vaultline completion for fish: vaultline completion fish > ~/.config/fish/completions/vaultline.fish',
    'complete -c vaultline -f',
  ];
  for (const spec of flat(root)) {
    const parents = spec.path.slice(1);
    const condition =
      parents.length === 0
        ? `__fish_use_subcommand`
        : `__fish_seen_subcommand_from ${parents.at(-1)}`;
    for (const sub of spec.subcommands) {
      lines.push(
        `complete -c vaultline -n ${quote(condition)} -a ${quote(sub.path.at(-1) ?? '')} -d ${quote(sub.description)}`,
      );
    }
    for (const option of spec.options) {
      const long = option.flags.find((flag) => flag.startsWith('--'))?.slice(2);
      const short = option.flags.find((flag) => !flag.startsWith('--'))?.slice(1);
      if (!long) continue;
      lines.push(
        `complete -c vaultline${parents.length ? ` -n ${quote(condition)}` : ''} -l ${long}${short ? ` -s ${short}` : ''} -d ${quote(option.description)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The completion script of a shell for the whole program (commands, subcommands, options).
 *
 * @example
 * completionScript(program, 'bash'); // "# vaultline completion for bash ..."
 */
export function completionScript(program: Command, shell: Shell): string {
  const root = specOf(program, ['vaultline']);
  return shell === 'bash' ? bash(root) : shell === 'zsh' ? zsh(root) : fish(root);
}
